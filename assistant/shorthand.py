"""Texting shorthand, written out before a question is read.

"any side effects tho" after an answer asks about its study, but "tho" read as a rare
word made it a topic of its own. Shorthand is written out as plain English; discourse
markers and laughter ("tho", "tbh", "lol") are dropped, since written out, "though" or
"opinion" would match summary text that says nothing asked. The question analysis reads
it; triage reads the question as typed (the classifier reading it written out lost real
crises on the blind safety sets, docs/safety.md).

Contractions typed without their apostrophe ("shes", "itll", "theyre") get it back: bare,
they read as rare words, and rare words are what a question's subject is made of.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wordfreq import top_n_list, zipf_frequency

from assistant.vocabulary import TOKEN

#: Each shorthand word and what it stands for ("" : dropped).
CHAT_SHORTHAND: dict[str, str] = {
    "ppl": "people", "u": "you", "ur": "your", "pls": "please", "plz": "please",
    "thx": "thanks", "rn": "now", "b4": "before", "cuz": "because", "coz": "because",
    "abt": "about", "wat": "what", "gonna": "going to", "wanna": "want to",
    "smth": "something", "sth": "something", "yrs": "years", "hrs": "hours",
    "tho": "", "tbh": "", "ngl": "", "imo": "", "idk": "", "lol": "", "lmao": "", "omg": "",
}  # fmt: skip
_SHORTHAND = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in CHAT_SHORTHAND) + r")\b",
    re.IGNORECASE,
)

_CONTRACTION = re.compile(r"[a-z]+(?:n't|'re|'ll|'ve|'d|'m|'s)")
#: How much commoner (Zipf) English writes a contraction than the same letters without
#: the apostrophe before the bare form is read as it: "dont" (1.5), not "ill" ("i'll",
#: 0.7) or "were" ("we're", below 0), which are words of their own.
MISSING_APOSTROPHE_ZIPF = 1.0


@lru_cache(maxsize=1)
def missing_apostrophes() -> dict[str, str]:
    """Each contraction as typed without its apostrophe, and the contraction, from
    wordfreq's 30,000 commonest English words (nothing is listed by hand)."""
    table: dict[str, str] = {}
    for word in top_n_list("en", 30_000):
        if _CONTRACTION.fullmatch(word):
            bare = word.replace("'", "")
            margin = zipf_frequency(word, "en") - zipf_frequency(bare, "en")
            if margin >= MISSING_APOSTROPHE_ZIPF:
                table[bare] = word
    return table


def bare_contractions() -> frozenset[str]:
    """Contractions of grammar words as typed without the apostrophe ("dont", "ive"),
    never a possessive ("babys")."""
    return frozenset(bare for bare, word in missing_apostrophes().items() if is_contraction(word))


def is_contraction(word: str) -> bool:
    """True for a contraction of grammar words ("it'll", "doesn't"), which names nothing
    however rare; not for a possessive ("baby's")."""
    word = word.lower()
    return bool(_CONTRACTION.fullmatch(word)) and not word.endswith("'s")


def written_out(text: str) -> str:
    """``text`` with its shorthand written out and lost apostrophes put back (spaces
    evened out where shorthand changed)."""
    apostrophes = missing_apostrophes()
    text = TOKEN.sub(lambda m: apostrophes.get(m.group().lower(), m.group()), text)
    if not _SHORTHAND.search(text):
        return text
    return " ".join(_SHORTHAND.sub(lambda m: CHAT_SHORTHAND[m.group().lower()], text).split())
