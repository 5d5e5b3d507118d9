"""What a question asks of a treatment besides its name: the thing it asks about.

Read from the question's grammar: the words naming what the treatment is asked to do to the
body ("cause hair loss", "affect your kidneys", "raise the risk of infections", "help with
sleep", "make you tired"), what the treatment is asked to act on, led by a possessive or
"the" ("does gilenya slow your heart?", "is it hard on the liver?"), the things a
yes-or-no question asks with the treatment as its object, pointed at or named ("is hair
loss a problem with it?", "any shingles on that drug?", "is wine ok while taking
tecfidera?"), and the words no summary uses that the selection read as asked of a drug the
question names ("is mavenclad a type of chemo?"); never its framing ("my bladder is a
nightmare"). Pure functions over the question's analysis (``assistant.unmentioned`` says
which of these things the cited summaries never mention).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass

from bm25s.stopwords import STOPWORDS_EN_PLUS

from assistant.aspects import asks
from assistant.drugs import generic_names
from assistant.pointers import ASKS_WHETHER
from assistant.question import QuestionFacts
from assistant.question_words import words_of_names
from assistant.thing_words import (
    BETWEEN,
    EFFECT,
    OWNER,
    THING_WORDS,
    beside,
    describes,
    head_after,
    joins_verb,
    names_after,
    names_something,
    starts_effect,
    thing_run,
)
from assistant.vocabulary import TOKEN
from assistant.word_class import only_describes, only_names, only_verb, word_classes

#: The treatment as the object a thing is asked with ("is hair loss a problem with it?",
#: "any shingles on that drug?", "is acne a side effect of it?"): the things come before it.
_POINTER_OBJECT = (
    r"\b(with|on|from|of|while\s+(on|taking)|when\s+(on|taking))\s+(it|this|that|them)\b"
)
#: The same with the treatment named, where a few words may come between ("is wine ok
#: while taking tecfidera?", "grapefruit with the high dose simvastatin", "weight gain
#: since starting ocrevus"), but never another joining word: in "put on weight from
#: briumvi" the object joins at "from", so "weight" comes before it.
#: Not "of": after a named drug it ends a noun phrase ("is there evidence that big doses
#: of vitamin D help?" asks nothing with vitamin D as its object).
_JOINS = r"with|on|from|while|whilst|when|after|before|since"
_NAMED_OBJECT = (
    rf"\b({_JOINS})\s+((taking|using|starting|going\s+on|on)\s+)?"
    rf"((?!({_JOINS})\b)[\w-]+\s+){{0,3}}?({{names}})\b"
)
#: Who does something: the word after one is a verb ("can you drive on it?", "did people
#: stick with it?"), not a thing asked.
_DOERS = frozenset("i you u we they people ppl anyone someone he she".split())
#: A question word asks for a value ("what were the percentages who got worse on it?"):
#: the words before the pointer are what is measured, not a thing asked whether.
_ASKS_VALUE = re.compile(r"\b(what|how|which|who|whom|when|where|why)\b", re.IGNORECASE)
#: A thing is named within a clause: "cause flushing? a friend said ..." ends at "?".
_CLAUSE = re.compile(r"[.?!;,]+")
#: The treatment as the one that acts, the thing after what it does to it, led by a
#: possessive or "the" ("does gilenya slow your heart?", "will aubagio thin my hair?",
#: "is it hard on the liver?"): at most ``THING_WORDS`` words come between.
_ACTOR = r"\b(does|do|did|is|are|can|could|will|would|might|may)\s+({names})\b"


def asked_things(facts: QuestionFacts, unused: Collection[str] = ()) -> list[str]:
    """The things a question asks about a treatment besides its name, as it words them:
    what it asks the treatment does ("weight gain", "your kidneys" -> "kidneys", "make
    you catch more infections" -> "infections", "help with sleep"), what it asks with
    the treatment as the object ("is hair loss a problem with it?", "any shingles on
    that drug?"), what a turn asks happened in the trial just cited ("any liver
    problems?", "did anyone get shingles?": ``QuestionFacts.asks_whether``), and the
    ``unused`` words, which no summary of the library uses and
    which it asks of the drug ("alcohol", "chemo", "tattoo": ``missing_subject``). Other
    words of the question (its framing, "evidence", "my neurologist") are not asked of
    the drug."""
    # The drug's name and the words that told the aspect ("cause") are never the thing.
    asking = words_of_names(facts.names) | set(facts.aspect_words)
    things: list[str] = []
    for clause in _CLAUSE.split(facts.corrected):
        reading = _read_clause(facts, clause, asking, unused)
        for i in sorted(reading.done_to | reading.other):
            thing = " ".join(thing_run(reading.tokens, i, asking))
            if not any(thing in t or t in thing for t in things):
                things.append(thing)
    return things


def asks_what_it_does(facts: QuestionFacts) -> bool:
    """Whether the question asks what a treatment does to something, other than help with
    it ("does ocrevus make you lose your hair?", "is it hard on the liver?", not "does it
    help with sleep?"): its answer is what the summaries report of harms."""
    asking = words_of_names(facts.names) | set(facts.aspect_words)
    return any(
        _read_clause(facts, clause, asking, ()).done_to for clause in _CLAUSE.split(facts.corrected)
    )


@dataclass(frozen=True)
class _Reading:
    """One clause's tokens and the indexes of the things it asks: what the treatment is
    asked to do to them (``done_to``), and the others (what it helps with, what is asked
    with it as the object, words no summary uses, what happened in the trial)."""

    tokens: list[str]
    done_to: set[int]
    other: set[int]


def _read_clause(
    facts: QuestionFacts, clause: str, asking: Collection[str], unused: Collection[str]
) -> _Reading:
    tokens = [t.lower() for t in TOKEN.findall(clause)]
    effects = list(EFFECT.finditer(clause))
    # What an effect makes the person ("make you tired") is a thing though it describes.
    found = (_state_after(tokens, asking, clause, m.end()) for m in effects if _makes(m))
    states = {i for i in found if i is not None}
    done = {_after_effect(tokens, asking, clause, m.end()) for m in effects if not _helps(m)}
    helped = {_after_effect(tokens, asking, clause, m.end()) for m in effects if _helps(m)}
    if not effects:  # an effect names what is acted on itself
        acted = _acted_on(tokens, clause, asking, _actor_of(facts))
        # "do anything for the nerve pain" asks what it does for it: a benefit.
        for_it = {i for i in acted if "for" in tokens[max(i - THING_WORDS, 0) : i]}
        done |= acted - for_it
        helped |= for_it
    other = helped | {i for i, word in enumerate(tokens) if word in unused}
    other |= beside(tokens, clause, asking, _named_drugs(facts))
    other |= _before_object(tokens, clause, facts.topic, _object_of(facts))
    if facts.asks_whether and (opener := ASKS_WHETHER.search(clause)):
        other.add(_after_opener(tokens, asking, clause, opener.end()))

    def named(starts: set[int | None]) -> set[int]:
        return {i for i in starts if i is not None and names_something(tokens[i], asking)}

    return _Reading(tokens, named(done) | states, named(other) - states)


def _helps(effect: re.Match[str]) -> bool:
    """Whether an effect is help with something ("does it help with sleep?")."""
    return effect.group().lower().startswith("help")


def _makes(effect: re.Match[str]) -> bool:
    """Whether an effect makes the person something ("make you tired")."""
    return effect.group().lower().startswith("mak")


def _state_after(tokens: list[str], asking: Collection[str], clause: str, at: int) -> int | None:
    """The index of the word that describes what an effect ending at ``at`` makes the
    person, right after whom it acts on ("tired" in "does it make you tired?")."""
    i = len(TOKEN.findall(clause[:at])) + 1  # past whom it acts on
    if i < len(tokens) and tokens[i] not in asking and "ADJ" in word_classes(tokens[i]):
        return i
    return None


def _drug_names(facts: QuestionFacts) -> tuple[str, ...]:
    """The drugs the question names, as it writes them ("tysabri" or "natalizumab"),
    longest first (so an alternation matches the whole name)."""
    named = (n for n in facts.names if generic_names(n).lower() in facts.drugs)
    return tuple(sorted(named, key=len, reverse=True))


def _named_drugs(facts: QuestionFacts) -> re.Pattern[str] | None:
    """The drugs the question names, as a pattern (None when it names none)."""
    names = _drug_names(facts)
    return _names_pattern(names) if names else None


@functools.lru_cache(maxsize=256)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b({'|'.join(map(re.escape, names))})\b", re.IGNORECASE)


def _actor_of(facts: QuestionFacts) -> re.Pattern[str]:
    """The treatment as the one that acts in this question: a drug it names, as it
    writes it, or a pointer ("does it ...", "is that ...")."""
    return _actor_pattern(_drug_names(facts))


@functools.lru_cache(maxsize=256)
def _actor_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    pointed = ["it", "this", "that", "they", *map(re.escape, names)]
    return re.compile(_ACTOR.replace("{names}", "|".join(pointed)), re.IGNORECASE)


def _acted_on(
    tokens: list[str], clause: str, asking: Collection[str], actor: re.Pattern[str]
) -> set[int]:
    """The index of the thing the treatment is asked to act on, led by a possessive or
    "the" a few words after it ("heart" in "does gilenya slow your heart?", "liver" in
    "is it hard on the liver?"); none when a naming word comes first ("does it work for
    fatigue?" asks of fatigue through the other readings)."""
    found = actor.search(clause)
    # A question word before it asks for a value ("when did they do the study?").
    if found is None or _ASKS_VALUE.search(clause, 0, found.start()):
        return set()
    first = len(TOKEN.findall(clause[: found.end()]))
    state = found.group(1).lower() in ("is", "are")
    # "is it hard on ...": a state of the treatment, not what was done to it ("is it
    # given by drip?"); "they" is the treatment only in a state ("are they hard on your
    # liver?"), else often the researchers.
    researchers = found.group(2).lower() == "they" and not state
    if researchers or (state and not describes(tokens, first)):
        return set()
    for i in range(first, min(first + THING_WORDS + 1, len(tokens) - 1)):
        if tokens[i] in OWNER:
            thing = head_after(tokens, i + 1)
            if thing is None or not names_something(tokens[thing], asking):
                return set()
            return {thing}
        if tokens[i] not in BETWEEN and only_names(tokens[i]):
            return set()
    return set()


def _object_of(facts: QuestionFacts) -> re.Pattern[str]:
    """What joins a thing to the treatment as its object in this question: a pointer, or
    a drug the question names, as it writes it."""
    return _object_pattern(_drug_names(facts))


@functools.lru_cache(maxsize=256)
def _object_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """The pointer, or one of ``names`` (longest first) after what joins it."""
    alternatives = [_POINTER_OBJECT]
    if names:
        alternatives.append(_NAMED_OBJECT.replace("{names}", "|".join(map(re.escape, names))))
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _before_object(
    tokens: list[str], clause: str, topic: Collection[str], treatment: re.Pattern[str]
) -> set[int]:
    """The indexes of the topic words a yes-or-no clause asks with the treatment as its
    object ("hair" in "is hair loss a problem with it?", "wine" in "is wine ok while
    taking tecfidera?"): those before it, but not a verb after who does it ("drive" in
    "can you drive on it?") nor a word that may describe ("normal")."""
    found = treatment.search(clause)
    # A clause that tells ("Dad's on Ocrevus and his neighbour had shingles") asks nothing
    # of the treatment; one with a question word before it asks for a value.
    if found is None or not asks(clause) or _ASKS_VALUE.search(clause, 0, found.start()):
        return set()
    end = len(TOKEN.findall(clause[: found.start()]))
    return {
        i
        for i in range(end)
        if tokens[i] in topic
        and tokens[i] not in BETWEEN
        and "ADJ" not in word_classes(tokens[i])  # "is that normal on this drug?"
        and (i == 0 or tokens[i - 1] not in _DOERS)
        and not starts_effect(tokens, i)  # "mess" in "does caffeine mess with it?"
    }


def _after_effect(tokens: list[str], asking: Collection[str], clause: str, at: int) -> int | None:
    """The index of the token naming what the effect ending at ``at`` is on: after words
    such as "your" and "the risk of", and after a verb that acts ("make you catch more
    infections", "make you lose your hair"); None when no naming word follows in the
    clause."""
    verb_skipped = False
    first = len(TOKEN.findall(clause[:at]))
    for i in range(first, min(first + THING_WORDS + 1, len(tokens))):
        word = tokens[i]
        if word in BETWEEN or only_describes(word):  # "give people achy joints"
            continue
        follows = tokens[i + 1] if i + 1 < len(tokens) else ""
        verb = "VERB" in word_classes(word) and joins_verb(follows, only_verb(word))
        if not verb_skipped and verb and names_after(tokens, i + 1, asking):
            verb_skipped = True  # "catch" in "make you catch more infections"
            continue
        if verb_skipped and word in STOPWORDS_EN_PLUS:
            continue  # the verb's particle: "make you put on weight"
        return i if names_something(word, asking) else None
    return None


def _after_opener(tokens: list[str], asking: Collection[str], clause: str, at: int) -> int | None:
    """The index of the token naming what a turn asks happened, after its opener ending at
    ``at`` ("liver" in "any liver problems?", "infections" in "were there any serious
    infections?"), past words such as "any" and words that only describe."""
    first = len(TOKEN.findall(clause[:at]))
    for i in range(first, min(first + THING_WORDS + 1, len(tokens))):
        if tokens[i] in BETWEEN or only_describes(tokens[i]):
            continue
        return i if names_something(tokens[i], asking) else None
    return None
