"""The words of a question that can name a thing asked of a treatment, read token by token.

The closed classes that come between a treatment and a thing ("the risk of", "your"),
the effects a treatment is asked to have ("cause", "make you", "bad for"), and the small
readings over a clause's tokens that ``assistant.asked_things`` builds on: whether a word
can name a thing, the run of words that names it, the noun a phrase names past "risk
of", a verb and its particle passed, a thing set beside a drug with "and". Pure functions
over lowercased tokens.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bm25s.stopwords import STOPWORDS_EN_PLUS

from assistant.vocabulary import TOKEN
from assistant.word_class import is_pronoun, only_describes, only_verb, word_classes

#: What a question asks a treatment does to the body: the thing follows ("does it cause
#: weight gain?", "can ampyra affect your kidneys", "is gilenya linked to skin cancer?",
#: "does it raise the risk of infections?"), after words such as "your", "you",
#: "people", "the risk of", "a lot of", "problems with" (``BETWEEN``).
BETWEEN = frozenset(
    "the your my his her their its our you me him them people any some all more less a an "
    "of this that these those lot lots bit risk risks chance chances "
    # A harm in general names no thing: "cause problems with your eyes" asks of the eyes.
    "problems problem issues issue trouble effects side with to thing things concern "
    "concerns worry worries catch catches downside downsides drawback drawbacks".split()
)
EFFECT = re.compile(
    # "make" and "give" only with whom they act on: "make you gain weight", "give people
    # headaches"; not "make sense", "make a difference".
    r"\b(caus\w*|affect\w*|(mak(e|es|ing)|giv(e|es|ing))(?=\s+(you|your|people|them|him|"
    r"her|me|my|us|anyone|someone)\b)|rais\w*|increas\w*|trigger\w*|"
    r"upset\w*|damag\w*|harm\w*|hurt\w*|worsen\w*|(linked|link|lead|leads)\s+to|"
    r"interact\w*\s+with|mess\w*\s+with|bad\s+for|help\w*\s+with)\b",
    re.IGNORECASE,
)
#: Words that point at or count things, which the lexicon files as nouns ("another
#: trial", "each arm"): they name nothing themselves.
DETERMINERS = frozenset(
    "another other others each every either neither both several such same".split()
)
#: At most this many words name the thing after the effect ("kidney stones"), and at
#: most one more come between ("the risk of", "problems with your").
THING_WORDS = 3
#: What leads the thing a treatment is asked to act on ("slow your heart", "hard on the
#: liver").
OWNER = frozenset("your my his her their our the".split())


def names_something(word: str, asking: Collection[str]) -> bool:
    """A word that may name the thing asked: a content word, not one of the ``asking``
    words (the drug's name, the words that told the aspect), not one that only describes
    or only acts, not an indefinite pronoun ("anybody")."""
    if word in asking or len(word) < 3:
        return False
    if any(ch.isdigit() for ch in word):
        return False
    if word in STOPWORDS_EN_PLUS or is_pronoun(word) or word in DETERMINERS:  # "out", "up"
        return False
    if word.split("'")[0] in STOPWORDS_EN_PLUS:  # "i'm", "it's": grammar words joined
        return False
    classes = word_classes(word)
    # A word the lexicon lacks ("tattoo", "chemo") is a thing the library does not know.
    return not classes or "NOUN" in classes


def thing_run(tokens: list[str], start: int, asking: Collection[str]) -> list[str]:
    """The naming word at ``start`` and the naming words right after it ("kidney stones",
    "injection reactions")."""
    run = [tokens[start]]
    for i in range(start + 1, min(start + THING_WORDS, len(tokens))):
        word = tokens[i]
        if word in BETWEEN or not names_something(word, asking) or starts_effect(tokens, i):
            break
        if word.endswith("ing") and "VERB" in word_classes(word):
            break  # what the thing does: "stop the contraceptive pill working"
        run.append(word)
    return run


def head_after(tokens: list[str], start: int) -> int | None:
    """The index of the noun a phrase from ``start`` names, past "risk of" and the like; a
    noun before "of" is a part of what follows ("the back of the eye": the eye; "off
    the back of that": nothing)."""
    for i in range(start, len(tokens)):
        if tokens[i] in BETWEEN:
            continue
        if i + 1 < len(tokens) and tokens[i + 1] == "of":
            return head_after(tokens, i + 2)
        return i
    return None


def describes(tokens: list[str], i: int) -> bool:
    """Whether the token at ``i`` (past an adverb such as "too") can describe."""
    while i < len(tokens) and word_classes(tokens[i]) == {"ADV"}:  # "too", "really"
        i += 1
    # Not a participle ("is it given by drip?", "is it linked to ..."): what is done to it.
    word = tokens[i] if i < len(tokens) else ""
    return "ADJ" in word_classes(word) and not word.endswith(("ed", "en"))


def starts_effect(tokens: list[str], i: int) -> bool:
    """Whether an effect begins at token ``i`` ("raises", "mess with"): it ends a thing."""
    return bool(EFFECT.fullmatch(tokens[i]) or EFFECT.fullmatch(" ".join(tokens[i : i + 2])))


def joins_verb(word: str, verb_only: bool = True) -> bool:
    """Whether a word may follow a verb that acts before the thing: "your", "more", or,
    after a word only ever a verb, a particle ("put on weight"; "swelling at the back of
    the eye" names the swelling)."""
    particle = verb_only and word in STOPWORDS_EN_PLUS and not is_pronoun(word)
    return word in BETWEEN or particle


def names_after(tokens: list[str], start: int, asking: Collection[str]) -> bool:
    """Whether a naming word comes next, past joining words and particles: a verb before
    one acts on it ("put on weight"); one before none is the thing ("help with sleep too")."""
    for word in tokens[start:]:
        if joins_verb(word) or only_describes(word):
            continue
        return names_something(word, asking)
    return False


def beside(
    tokens: list[str], clause: str, asking: Collection[str], drugs: re.Pattern[str] | None
) -> set[int]:
    """The indexes of the things a named drug is set beside with "and" ("natalizumab and
    breastfeeding?", "aubagio and my liver?", "cannabis gummies and ozanimod, ok
    together?"): the terse way to ask what one has to do with the other."""
    found: set[int] = set()
    for match in drugs.finditer(clause) if drugs is not None else ():
        before = len(TOKEN.findall(clause[: match.start()]))
        after = len(TOKEN.findall(clause[: match.end()]))
        if after < len(tokens) and tokens[after] == "and":
            thing = head_after(tokens, after + 1)
            if thing is not None and not _starts_clause(tokens, thing, clause, asking):
                found.add(thing)
        if before >= 2 and tokens[before - 1] == "and":
            start = before - 2  # back over the words that name the thing ("cannabis gummies")
            while start > before - 1 - THING_WORDS and names_something(tokens[start - 1], asking):
                start -= 1
            found.add(start)
    return found


def _starts_clause(tokens: list[str], thing: int, clause: str, asking: Collection[str]) -> bool:
    """Whether the words from ``thing`` are the subject of a clause of their own, a verb
    after them ("Dad's on Ocrevus and his neighbour has just had shingles", "the nurse
    keeps going on"), or a verb of the clause before ("she is on gilenya and uses
    sunbeds"), not a thing set beside the drug ("tecfidera and shingles - is there a
    link?")."""
    first, after = tokens[thing], tokens[thing + 1 : thing + 2]
    if _present_verb(first) and after and names_something(after[0], asking):
        return True  # a verb of the same subject, and its object: "and uses sunbeds"
    ends = {thing + 1, thing + len(thing_run(tokens, thing, asking))}
    return any(_verb_after(tokens, end, clause) for end in ends if end < len(tokens))


def _present_verb(word: str) -> bool:
    """A verb's present form after a subject ("keeps", "uses", "says")."""
    return word.endswith("s") and "VERB" in word_classes(word)


def _verb_after(tokens: list[str], end: int, clause: str) -> bool:
    """Whether the word at ``end`` is a verb whose subject ends before it, with no dash
    between ("shingles - is there a link" asks on)."""
    follows = word_classes(tokens[end])
    verb = "AUX" in follows or only_verb(tokens[end]) or _present_verb(tokens[end])
    dash = re.search(rf"\b{re.escape(tokens[end - 1])}\s*[-\u2013\u2014]", clause)
    return verb and not dash
