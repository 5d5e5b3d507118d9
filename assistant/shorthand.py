"""Texting shorthand, written out before a question is read.

"any side effects tho" after an answer asks about its study, but "tho" read as a rare
word made it a topic of its own. Shorthand is written out as plain English; discourse
markers and laughter ("tho", "tbh", "lol") are dropped, since written out, "though" or
"opinion" would match summary text that says nothing asked. The question analysis reads
it; triage reads the question as typed (the classifier reading it written out lost real
crises on the blind safety sets, docs/safety.md).
"""

from __future__ import annotations

import re

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


def written_out(text: str) -> str:
    """``text`` with its shorthand written out (and spaces evened out where it changed)."""
    if not _SHORTHAND.search(text):
        return text
    return " ".join(_SHORTHAND.sub(lambda m: CHAT_SHORTHAND[m.group().lower()], text).split())
