"""A number asked of one named thing, and whether a summary gives it.

"how many centres was it run at?" asks a count of centres. Its answer type (a place,
``assistant.answer_type``) is mentioned whenever a summary says where the study was run
("in Europe"), so the summary was taken to answer it, and its card's line on who took part
was given as if it did. What answers a count is a number counting that thing ("at 152
centers", "20 countries", "a single hospital"); what answers "how long was each session?"
a length said of the sessions ("60-minute sessions"); what answers "how old were they on
average?" an age given in years ("aged 18 to 55", "a mean age of 38"); what answers "what
percent were women?" a share beside the women ("62% were women", "28 of the 33"). When no
sentence of the summary gives one, it is said plainly ("The summary “…” does not give the
number of centres."), in the asker's word for the thing, before what the summary does say;
when one does, the composer leads with it (``assistant.asked_detail.measure_first``).

Pure functions over the question's text and the summary's texts. The thing is read off
the question's grammar (the noun a count or a length is asked of), never from a list of
things; the people a study counts go by many names ("patients", "adults", "volunteers"),
which count as one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from bm25s.stopwords import STOPWORDS_EN_PLUS

from assistant.answer_type import answer_type
from assistant.synonyms import expand_query
from assistant.vocabulary import TOKEN, other_spelling
from assistant.word_class import lemmas, word_classes
from knowledge.chunking import split_sentences

Measure = Literal["count", "length", "age", "share"]

#: A number, in digits or words ("152", "1,346", "two", "a single").
_NUMBER = re.compile(
    r"^(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|hundreds?|thousands?|dozens?|single|both)$"
)
#: The words a study counts its people by: asked with any, a count with any answers.
_PEOPLE = frozenset(
    "people ppl patients participants volunteers adults children kids women men persons "
    "individuals subjects mothers teenagers adolescents".split()
)
#: The answer types a measure refines: the others read their own numbers (a dose in mg,
#: a schedule's "twice a week", a share of women).
_MEASURED_TYPES = frozenset({"none", "people", "count", "place", "age"})
_CLAUSE_END = re.compile(r"[,;?!]|\s(?:and|but|or)\s", re.IGNORECASE)
#: The places a study runs at go by several names, any of which counts them.
_SITES = frozenset(
    "centre centres center centers clinic clinics site sites hospital hospitals".split()
)
#: A count is asked of the noun after these; a length of the noun after "how long".
_HOW_MANY = re.compile(r"\b(how many|what number of|the number of)\s+", re.IGNORECASE)
_HOW_LONG = re.compile(
    r"\bhow long (was|were|did|does|do|is|are)\s+(each|every|one|a|the|their)\s+([a-z]+)",
    re.IGNORECASE,
)
#: The study itself: its length is the card's own line, never a missing one.
_THE_STUDY = frozenset(
    "study studies trial trials research follow followup program programme".split()
)
_DURATION = re.compile(
    r"\b(\d[\d,.]*|one|two|three|four|five|six|eight|ten|twelve|half an?)[\s-]*"
    r"(minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
#: Numbers that count nothing: shares ("25% of people") and years ("the 2017 rules").
_NOT_COUNTS = re.compile(r"\d[\d,.]*\s*(%|percent\b)|\b(19|20)\d\d\b")
_UNIT = re.compile(r"^(minute|min|hour|hr|day|week|month|year|time|percent|point)s?$")
_AGE_ASKED = re.compile(r"\b(how old|what age|average age|mean age|ages?\b)", re.IGNORECASE)
#: An age in years: "aged 18 to 55", "a mean age of 38", "40-year-olds", "over 50".
_AGE_GIVEN = re.compile(
    r"\b(aged?|ages)\b[^.;]{0,25}\d|\d+[\s-]*(years?[\s-]*old|year-olds?)|"
    r"\b(average|mean|median|typical) age\b|"
    # "over 50", not "over 96 weeks" or "under 10%".
    r"\b(over|under|older than|younger than) \d+\b(?![.,%]|\s*(weeks?|months?|days?|hours?|"
    r"minutes?|percent|points?|mg|ml)\b)",
    re.IGNORECASE,
)
#: The ages of everyone in a study, not of a group within it ("aged 10 to 17", "a median
#: age of 34"; not "very few aged 12 or under").
_AGES_OF_ALL = re.compile(
    r"\b(aged?|ages)\s+(of\s+|from\s+|between\s+)?\d+\s*(to|-|–|and)\s*\d+|"
    r"\b(average|mean|median|typical)\)?\s+age\b|\bage\s+(was|of)\s+\d+",
    re.IGNORECASE,
)
#: A share asked ("what percentage were women?", "how many of them were children?"): of
#: those who were, the words after the verb.
_SHARE_ASKED = re.compile(
    r"\b(what|which)\s+(share|percent(age)?|proportion|fraction)\b|\bhow many of\b",
    re.IGNORECASE,
)
#: Only who people were ("were women", "were children"): what they had or got ("got the
#: drug", "had side effects") a summary words in its own way ("627 on natalizumab").
_SHARE_VERB = re.compile(r"\b(were|was|are|is)\s+", re.IGNORECASE)
#: A share given: a percentage, "28 of the 33", or in words ("most were women").
_SHARE_GIVEN = re.compile(
    r"\d\s*(%|percent\b)|\b\d[\d,]*\s+(of|out of)\s+(the\s+)?\d|"
    r"\b(most|majority|half|third|thirds|quarter|all|none|few|fewer|more)\b",
    re.IGNORECASE,
)
#: Words of a question between "how many" and the thing counted are at most this many
#: ("how many people's samples"); a question word or verb ends them.
_COUNT_WORDS = 3


@dataclass(frozen=True)
class AskedMeasure:
    """A number asked of one thing: ``kind`` of ``thing`` (as the asker words it)."""

    kind: Measure
    thing: str
    #: A count of what may be people by a name no list holds ("swedes", "service
    #: members"); not of places (centres, countries) or of units of time (hours).
    may_be_people: bool = False
    #: For a share, the verb that asked it ("were" in "what share were women?").
    verb: str = ""
    #: Whether a summary that gives no such number is said to lack it. Not for the length
    #: of one thing named with "the" ("how long was the stay?"): it may be a result ("the
    #: benefit"), which the other rules answer when no sentence gives its length.
    said_missing: bool = True

    def given_in(self, texts: Sequence[str]) -> bool:
        """Whether the summary whose texts these are gives the number asked: whether a
        sentence of them does, or, for a share, whether none names the thing (it may be
        there in other words, "RRMS"; a sex never named has its own line)."""
        sentences = [sentence for text in texts for sentence in split_sentences(text)]
        if self.kind == "share" and not any(self._names(s) for s in sentences):
            return True
        return any(self.gives(sentence) for sentence in sentences)

    def gives(self, text: str, loose: bool = True) -> bool:
        """Whether ``text`` itself gives the number asked; not ``loose``, only by counting
        the thing in its own words (for a thing that may be people, a count of anyone
        gives it loosely: "1,620 people" for "swedes"), and for ages only those of
        everyone in the study ("aged 10 to 17", not "very few aged 12 or under")."""
        if self.kind == "age":
            return bool((_AGE_GIVEN if loose else _AGES_OF_ALL).search(text))
        sentences = split_sentences(text)
        forms = self.forms
        if self.kind == "share":
            return any(_shares(s, forms) for s in sentences if self._names(s))
        if self.kind == "length":
            return any(_lasts(sentence, forms) for sentence in sentences)
        if not (self.may_be_people and loose):
            return any(_counts(_count_words(s), forms, loose=False) for s in sentences)
        # A count of people, or of any plural thing, may count them.
        counted = forms | _PEOPLE
        return any(_counts(_count_words(s), counted, loose=True) for s in sentences)

    @cached_property
    def forms(self) -> frozenset[str]:
        """The words a summary may name the thing by (made once: a summary is read
        sentence by sentence)."""
        return _share_forms(self.thing) if self.kind == "share" else _forms(self.thing)

    def _names(self, sentence: str) -> bool:
        return bool(self.forms & set(TOKEN.findall(sentence.lower())))

    def missing(self) -> str:
        """What a summary lacks, said plainly ("does not give the number of centres")."""
        if self.kind == "age":
            return "does not give the ages of the people in it"
        if self.kind == "count":
            return f"does not give the number of {self.thing}"
        if self.kind == "share":
            return f"does not give how many {self.verb} {self.thing}"
        return f"does not say how long each {_singular(self.thing)} lasted"

    def lack(self, title: str) -> str:
        """'The summary “…” does not give the number of centres.'"""
        return f"The summary “{title}” {self.missing()}."


def asked_measure(question: str) -> AskedMeasure | None:
    """The number ``question`` asks of one thing, or None: "how many countries took part?"
    (a count of countries), "how long was each class?" (the length of a class), "what was
    the average age?" (ages), "what percent were women?" (a share of those who were
    women). A length of the study itself is not one (its card says it), nor a count
    naming no thing ("how many were there?")."""
    if (match := _SHARE_ASKED.search(question)) and _measured(question, match, share=True):
        return _share(question[match.end() :])
    if (match := _HOW_MANY.search(question)) and (kind := _measured(question, match)):
        thing = _counted(TOKEN.findall(question[match.end() :].lower()))
        people = kind != "place" and not _UNIT.match(thing)
        return AskedMeasure("count", thing, people) if thing else None
    match = _HOW_LONG.search(question)
    if match and _measured(question, match) and _is_thing(match, match.group(3).lower()):
        noun = match.group(3).lower()
        return AskedMeasure("length", noun, said_missing=_is_thing(match, noun, counted=True))
    if (match := _AGE_ASKED.search(question)) and _measured(question, match):
        return AskedMeasure("age", "age")
    return None


def _share(rest: str) -> AskedMeasure | None:
    """The share asked after "what percentage of them": of those who "were women", who
    "had relapsing-remitting MS" (its first word is what a summary must give a share of)."""
    verb = _SHARE_VERB.search(rest)
    if verb is None:
        return None
    words = TOKEN.findall(_CLAUSE_END.split(rest[verb.end() :])[0].lower())
    start = next((i for i, w in enumerate(words[:3]) if w not in STOPWORDS_EN_PLUS), None)
    if start is None:
        return None
    # "relapsing-remitting ms", "aquaporin-4 antibodies": the words up to a grammar word.
    phrase = [words[start]]
    for word in words[start + 1 : start + 2]:
        if word in STOPWORDS_EN_PLUS:
            break
        phrase.append(word)
    return AskedMeasure("share", " ".join(phrase), verb=verb.group(1).lower())


def _share_forms(phrase: str) -> frozenset[str]:
    """The forms of a share's first word, and the library's words for it ("kids":
    children, pediatric)."""
    first = phrase.split()[0]
    words = TOKEN.findall(expand_query(first).lower())
    return frozenset(form for word in words for form in _spellings(word))


def _shares(sentence: str, forms: frozenset[str]) -> bool:
    """A sentence naming the thing gives a share of it ("Women made up 70.2%", "28 of the
    33 were women", "Most were women", "38 children")."""
    return bool(_SHARE_GIVEN.search(sentence)) or _counts(_count_words(sentence), forms, False)


def _measured(question: str, match: re.Match[str], share: bool = False) -> str:
    """The answer type of the clause asking at ``match`` ("none" for none) when it asks a
    measure, else "": another type reads its number better ("how many times a week?"
    asks a schedule; "how long were the sessions and how often?" a length first)."""
    clause = _CLAUSE_END.split(question[match.start() :])[0]
    kind = answer_type(clause)
    name = kind.name if kind is not None else "none"
    # A share of women or men is a number, whichever type the words "women" read as.
    return name if name in _MEASURED_TYPES or (share and name == "sex") else ""


def _counted(words: list[str]) -> str:
    """The last noun of the words right after "how many", before a grammar word or a verb
    ("centres" in "centres was it run at", "samples" in "people's samples did they")."""
    thing = ""
    for word in words[:_COUNT_WORDS]:
        if word in STOPWORDS_EN_PLUS:
            break
        classes = word_classes(word)
        if classes and "NOUN" not in classes:
            break
        thing = word
    return thing


def _is_thing(match: re.Match[str], noun: str, counted: bool = False) -> bool:
    """A thing of the study, not the study: "each session", "the sessions", "the stay";
    not "each one" (a number naming no thing: "how long was each one taken?" of three
    drugs). ``counted``: one of several ("each session", "the sessions"), not "the stay"
    or "the benefit" (one result, whose length may be a finding)."""
    if noun in _THE_STUDY or _NUMBER.match(noun) or "NOUN" not in word_classes(noun):
        return False
    plural = noun.endswith("s") and not noun.endswith("ss")
    return not counted or match.group(2).lower() != "the" or plural


def _forms(thing: str) -> frozenset[str]:
    """The thing's forms a summary may use: its lemmas and plurals, British and American
    spellings ("centres", "centers"), for people every word a study counts them by, and
    for the places a study ran at every word for them ("clinics" of "19 MS centers")."""
    if thing in _PEOPLE or thing.rstrip("'s") in _PEOPLE:
        return _PEOPLE
    forms = _spellings(thing)
    return forms | _SITES if forms & _SITES else forms


def _spellings(thing: str) -> frozenset[str]:
    """The thing's lemmas and plurals, in British and American spelling (the vocabulary's
    tables of dual spellings: "centres", "centers")."""
    bases = {thing, *lemmas(thing)}
    spelled = {other_spelling(b) for b in bases}
    return frozenset({*bases, *spelled, *(f"{b}s" for b in bases | spelled)})


def _counts(tokens: list[str], forms: frozenset[str], loose: bool) -> bool:
    """A number followed, within three words that are no grammar words, by a form of the
    thing ("at 152 centers", "89 MS centers", "a single hospital", "45 adult volunteers";
    not "one source of studies"); when ``loose``, by any plural noun but a unit too ("a
    panel of 30 experts", "65 studies": people go by more names than any list holds).
    Every summary says who took part, often with a number that counts no one ("people
    aged 16 or older")."""
    for i, word in enumerate(tokens):
        if not _NUMBER.match(word):
            continue
        any_plural = loose and word[0].isdigit()
        for after in tokens[i + 1 : i + 4]:
            if _counts_as(after, forms, any_plural):
                return True
            if after in STOPWORDS_EN_PLUS:
                break
    return False


def _count_words(sentence: str) -> list[str]:
    """The sentence's words without numbers that count nothing ("25% of people", "the
    2017 McDonald rules")."""
    return TOKEN.findall(_NOT_COUNTS.sub(" ", sentence.lower()))


def _counts_as(word: str, forms: frozenset[str], any_plural: bool) -> bool:
    """A form of the thing, or with ``any_plural`` (after a figure: not "one day help
    doctors") a plural noun but a unit."""
    if word in forms:
        return True
    plural = any_plural and word.endswith("s") and any(len(lem) < len(word) for lem in lemmas(word))
    return plural and "NOUN" in word_classes(word) and not _UNIT.match(word)


def _lasts(sentence: str, forms: frozenset[str]) -> bool:
    """A sentence naming the thing and giving a length ("sessions of 90 minutes")."""
    words = set(TOKEN.findall(sentence.lower()))
    return bool(words & forms) and bool(_DURATION.search(sentence))


def _singular(noun: str) -> str:
    return min(lemmas(noun), key=len, default=noun) if noun.endswith("s") else noun


def lacks_measure(title: str, texts: Sequence[str], measure: AskedMeasure | None) -> str:
    """'The summary “…” does not give the number of centres.' when ``measure`` (a number
    asked of one thing) is given by no text of the summary, else ""."""
    if measure is None or measure.given_in(texts):
        return ""
    return measure.lack(title)
