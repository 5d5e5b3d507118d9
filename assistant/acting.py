"""What a question asks to act: the thing in front of an effect.

"Do fish oil supplements reduce MS relapses?", "is a vegan diet good for fatigue?", "I
read that red meat makes MS worse": the question is about fish oil supplements, a vegan
diet, red meat. Its outcome words ("relapses", "fatigue") are what most of the library's
studies measure, so studies of something else look close to it. When no summary uses the
thing's words together, the library has not studied it, and citing the studies that share
the outcome answers another question (``missing_subject``).

Pure grammar over the question's words: the thing is the noun phrase between an opener
(an auxiliary such as "does" or "would", or "that", "whether", "if") and the effect ("help",
"cause", "raise", "good for", ...), in the same clause. A phrase that starts with a person
("can they ...", "should i ...") asks what someone does, not what a thing does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from bm25s.stopwords import STOPWORDS_EN_PLUS
from wordfreq import zipf_frequency

from assistant.shorthand import is_contraction
from assistant.synonyms import expand_query
from assistant.vocabulary import TOKEN, UNCOMMON_ZIPF
from assistant.word_class import is_pronoun, lemmas, word_classes

Terms = Callable[[str], list[str]]
#: Whether one summary uses, for every word, one of its stems.
Together = Callable[[Sequence[Collection[str]]], bool]

#: What a thing may be asked to do to MS or to the body: its benefit or its harm.
EFFECTS = (
    r"help(s|ed|ing)?|work(s|ed)?\s+for|improv(e|es|ed|ing)|eas(e|es|ed|ing)|"
    r"reduc(e|es|ed|ing)|lower(s|ed|ing)?|cut(s|ting)?|slow(s|ed|ing)?|stop(s|ped|ping)?|"
    r"prevent(s|ed|ing)?|protect(s|ed|ing)?|boost(s|ed|ing)?|fix(es|ed|ing)?|"
    r"sort(s|ed)?\s+out|treat(s|ed|ing)?|caus(e|es|ed|ing)|affect(s|ed|ing)?|mak(e|es|ing)|"
    r"rais(e|es|ed|ing)|increas(e|es|ed|ing)|trigger(s|ed|ing)?|worsen(s|ed|ing)?|feed(s|ing)?|"
    r"(bring|brings|bringing)\s+on|(set|sets|setting)\s+off|speed(s|ing)?\s+up|"
    r"damag(e|es|ed|ing)|harm(s|ed|ing)?|hurt(s|ing)?|(linked|link|lead|leads|tied)\s+to|"
    r"(good|bad|safe|helpful|harmful|worth|effective|useful|dangerous)\b"
)
_EFFECT = re.compile(rf"\b({EFFECTS})\b", re.IGNORECASE)
#: Where the thing's phrase starts: after an auxiliary, or after "that", "whether", "if".
_OPENER = frozenset(
    "does do did can could would will might may is are was were should that whether if".split()
)
#: A phrase opening with a person asks what someone does ("can they reboot the immune
#: system?", "did those folks need ..."), and one opening with "there" or "it" asks
#: nothing of a thing.
_PERSONS = frozenset(
    "i you we they he she it there someone anyone people me us them folks scientists "
    "researchers doctors experts neurologists nurses".split()
)
#: Words of amount or kind, which name no thing: "tons of coffee", "meditation-type",
#: "weed-based".
_AMOUNTS = frozenset(
    "lot lots alot tons loads plenty bit bits couple amount amounts kind kinds sort sorts "
    "type types form forms based style like related thing things stuff".split()
)
_CLAUSE = re.compile(r"[.?!;:]+")
#: At most this many words between an opener and the effect make one phrase, and at most
#: this many of them name one thing ("fish oil supplements").
_PHRASE_WORDS = 9
_THING_WORDS = 4


def acting_things(text: str) -> tuple[tuple[str, ...], ...]:
    """The things the question asks to act, each as the words that name it (lowercase), one
    tuple per alternative ("ivf or fertility treatment": two): ``(("fish", "oil",
    "supplements"),)`` for "Do fish oil supplements reduce MS relapses?". Empty when no
    effect has a thing in front of it."""
    found: list[tuple[str, ...]] = []
    for clause in _CLAUSE.split(text):
        for effect in _EFFECT.finditer(clause):
            phrase = _phrase(clause[: effect.start()])
            if _EFFECT.search(" ".join(phrase)):
                continue  # "a virus that causes fever make ...": whose effect is unclear
            for thing in _alternatives(phrase):
                if thing not in found:
                    found.append(thing)
    return tuple(found)


def _phrase(before: str) -> list[str]:
    """The words after the last opener in ``before``; none without an opener, across a
    comma (the effect may belong to another clause: "how does ms mess with your emotions,
    and what's been shown to help?"), when the phrase is long (no one noun phrase) or when
    it opens with a person."""
    openers = [m for m in TOKEN.finditer(before) if m.group().lower() in _OPENER]
    if not openers or "," in before[openers[-1].end() :]:
        return []
    phrase = [t.lower() for t in TOKEN.findall(before[openers[-1].end() :])]
    # Its first word past grammar words ("those folks"), or a pronoun ("they").
    head = next((t for t in phrase if t in _PERSONS or t not in STOPWORDS_EN_PLUS), "")
    if not phrase or len(phrase) > _PHRASE_WORDS or head in _PERSONS:
        return []
    return phrase


def _alternatives(phrase: list[str]) -> list[tuple[str, ...]]:
    """The naming words of each alternative in the phrase ("ivf or fertility treatment"),
    up to a word that ends it ("the aspartame in diet drinks": "aspartame")."""
    alternatives: list[list[str]] = [[]]
    for i, word in enumerate(phrase):
        if word in ("or", "and"):
            alternatives.append([])
            continue
        current = alternatives[-1]
        # A grammar word after a naming word ends the thing: what follows says where, when
        # or for whom ("the aspartame in diet drinks", "the hpv jab they give girls").
        # Before one it does not: "lots of coffee" names coffee, amounts name nothing.
        if (word in STOPWORDS_EN_PLUS or word in _PERSONS) and current:
            break
        # The doing before the thing: "eating eggs", "wearing a cooling vest", "learning to
        # play the piano".
        infinitive = i > 0 and phrase[i - 1] == "to"
        opens = not current and i < len(phrase) - 1
        doing = opens and ((i == 0 and word.endswith("ing")) or infinitive)
        current.extend(part for part in word.split("-") if _names_thing(part, doing))
    # More naming words than one noun phrase has are a clause, not a thing.
    return [tuple(words) for words in alternatives if 0 < len(words) <= _THING_WORDS]


def _names_thing(word: str, doing: bool) -> bool:
    """A word that may name the thing: not a grammar word, an amount, a person or a word
    that only describes ("fizzy"), nor the ``doing`` before the thing, a verb ("eating
    eggs", "learning to play the piano"; "knitting" alone is the thing). The lexicon's
    classes do not tell nouns apart: it files "jab" and "cooling" only as verbs,
    "aspartame" not at all."""
    if len(word) < 3 or word in STOPWORDS_EN_PLUS or word in _AMOUNTS or word in _PERSONS:
        return False
    if is_pronoun(word) or is_contraction(word):
        return False
    if any(ch.isdigit() for ch in word):
        return True
    classes = word_classes(word)
    if doing and "VERB" in classes:
        return False
    return not classes or not classes <= {"ADJ", "ADV"}


def unstudied(
    things: Sequence[tuple[str, ...]], terms: Terms, together: Together
) -> list[tuple[str, ...]]:
    """The things, when no summary uses the words of any of them together (each word in
    any of its forms, or a library word the lay-word table gives for it); empty when a
    summary does for one of them ("ivf or fertility treatment": either)."""
    if not things or any(_studied(thing, terms, together) for thing in things):
        return []
    return list(things)


def as_asked(text: str, thing: tuple[str, ...]) -> str:
    """The thing as the question writes it, from its first word to its last ("omega-3 fish
    oil capsules", "a TENS machine" -> "TENS machine"); its words joined when not found."""
    tokens = list(TOKEN.finditer(text))
    start = next((t for t in tokens if _is(t.group(), thing[0])), None)
    if start is None:
        return " ".join(thing)
    end = next((t for t in tokens[tokens.index(start) :] if _is(t.group(), thing[-1])), start)
    return text[start.start() : end.end()]


def _is(token: str, word: str) -> bool:
    return word in token.lower().split("-")


def _studied(thing: tuple[str, ...], terms: Terms, together: Together) -> bool:
    words = [forms for forms in (_forms(word, terms) for word in thing) if forms]
    if len(words) > 1 and _lay_kind(thing[-1], words[-1], together):
        words = words[:-1]
    if not words or together(words):
        return True  # nothing the search would read is no thing to look for
    # A lay phrase of several words ("vit d tablets": vitamin D) counts as its library words.
    phrase = " ".join(thing)
    added = expand_query(phrase)[len(phrase) :]
    library_words = [_forms(word, terms) for word in TOKEN.findall(added.lower())]
    return bool(added) and together([forms for forms in library_words if forms])


def _lay_kind(word: str, forms: set[str], together: Together) -> bool:
    """Whether the last word of a thing, the kind it names, is the asker's everyday word
    for a kind the library words otherwise: no summary uses it ("memory trick", "cooling
    jacket"); the words before it say which thing. A rare one names the thing itself
    ("breast implants")."""
    return zipf_frequency(word, "en") >= UNCOMMON_ZIPF and not together([forms])


def _forms(word: str, terms: Terms) -> set[str]:
    """The stems a summary may use for the word: its own forms, a brand's generic name and
    the lay-word table's library words ("jab": vaccine)."""
    written = {word, *lemmas(word), *TOKEN.findall(expand_query(word).lower())}
    return {stem for form in written for stem in terms(form)}
