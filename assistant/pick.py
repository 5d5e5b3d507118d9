"""A follow-up that picks among the studies just cited: "which one was the biggest?",
"which of those is the most recent?", "which trial had more infections?".

Its "which" points back as "it" does: at the studies the last answer cited. When it asks
which of them has the most or least of something the summaries record for every study
(its size, its date, its credibility rating: a ``Ranking``), the study that has it is
cited alone, under one lead sentence made from those records (``ranked``); anything else
("which one failed?", "which ran the longest?") the studies just cited answer together.
Pure functions over the question's text and the cited summaries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.corpus import SummaryView
from assistant.models import Turn
from assistant.vocabulary import words_of
from assistant.word_class import word_classes

RankedField = Literal["size", "date", "rating", "length"]

#: "which" then a word pointing at studies ("which one", "which of those", "which trial").
_POINTING = frozenset({"one", "ones", "of", "trial", "trials", "study", "studies", "paper"})
_WHICH = re.compile(r"^\s*(?:(?:and|so|ok|okay|but|then)\b[\s,]*)?which\s+([a-z']+)", re.I)
#: What follows a ranking word when it ranks the studies themselves ("the biggest one?"),
#: not one of their results ("the biggest drop in relapses").
_END = r"(?:\s+(?:one|trial|study|paper|sample|group))?\s*[?.!]*\s*$"
_PEOPLE = r"(?:people|participants|patients|volunteers|subjects|women|men)"
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
             "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}  # fmt: skip
#: A study named by its place: "the first one", "the 2nd study", "the last trial", or a
#: number that can only be a citation's ("study 2", "number 3", "#2", "[2]").
_PLACE = re.compile(
    rf"\bthe (?P<ordinal>{'|'.join(_ORDINALS)}|last) (?:one|study|trial|paper|summary|article)\b"
    r"|(?:\b(?:study|trial|paper|summary|article|number|no\.?)\s*|#|\[)(?P<number>[1-9])\b\]?",
    re.IGNORECASE,
)
_RANKINGS: tuple[tuple[re.Pattern[str], RankedField, bool], ...] = (
    (re.compile(rf"\b(?:biggest|bigger|largest|larger){_END}|\b(?:most|more) {_PEOPLE}\b", re.I),
     "size", True),
    (re.compile(rf"\b(?:smallest|smaller){_END}|\b(?:fewest|fewer|least|less) {_PEOPLE}\b", re.I),
     "size", False),
    (re.compile(rf"\b(?:newest|newer|latest|(?:most|more) recent(?:ly)?){_END}", re.I),
     "date", True),
    (re.compile(rf"\b(?:oldest|older|earliest|earlier){_END}", re.I), "date", False),
    (re.compile(r"\b(?:most|more) (?:reliable|trustworthy|credible|convincing|rigorous)\b"
                r"|\b(?:strongest|stronger|best|better) evidence\b|\b(?:highest|best) rated\b",
                re.I), "rating", True),
    (re.compile(r"\b(?:least|less) (?:reliable|trustworthy|credible|convincing|rigorous)\b"
                r"|\b(?:weakest|weaker) evidence\b|\blowest rated\b", re.I), "rating", False),
    (re.compile(rf"\b(?:longest|longer|shortest|shorter){_END}", re.I), "length", True),
)  # fmt: skip


@dataclass(frozen=True)
class Ranking:
    """What a pick ranks the studies by, and whether it asks for the most of it."""

    field: RankedField
    most: bool


@dataclass(frozen=True)
class Pick:
    """A turn asking which of the studies just cited: ``pointing`` when "which" is
    followed by a word that points at them ("which one", "which of those", "which
    trial"), else "which" is followed by a verb ("which ran the longest?"); or one of
    them by its place in the answer ("the first one", "study 2": ``place``)."""

    pointing: bool
    ranking: Ranking | None
    #: The words that make it a pick (the verb, the ranking's words): no subject of its own.
    words: frozenset[str]
    #: The place in the last answer's citations it names: 1 for "the first one" or
    #: "[1]", -1 for "the last one"; None when it names none.
    place: int | None = None


def pick_of(text: str) -> Pick | None:
    """The pick a turn makes, or None: it opens with "which" followed by a word pointing
    at studies or by a verb ("which had more infections?"); not "which diets help
    fatigue?" (a noun of its own) nor "which is better, yoga or cbt?" (its own
    alternatives). Or it names a study by its place in the answer (``_placed``)."""
    placed = _placed(text)
    if placed is not None:
        return placed
    opening = _WHICH.match(text)
    if opening is None or re.search(r"\bor\b", text, re.I):
        return None
    after = opening.group(1).lower()
    pointing = after in _POINTING
    classes = word_classes(after)
    if not pointing and not ({"VERB", "AUX"} & classes and "NOUN" not in classes):
        return None
    ranking, words = _ranking(text)
    return Pick(pointing, ranking, frozenset({after, *words}))


def _placed(text: str) -> Pick | None:
    """A study named by its place among the citations: "the first one", "the second
    study", "the last trial", "study 2", "number 3", "[2]"."""
    found = _PLACE.search(text)
    if found is None:
        return None
    said = found.group("ordinal") or found.group("number")
    place = -1 if said.lower() == "last" else _ORDINALS.get(said.lower()) or int(said)
    # Not pointing: "as bad as the last one, i hope it kills me" names things of its own.
    return Pick(False, None, frozenset(words_of(found.group())), place)


def _ranking(text: str) -> tuple[Ranking | None, set[str]]:
    for pattern, field, most in _RANKINGS:
        found = pattern.search(text)
        if found:
            return Ranking(field, most), words_of(found.group())
    return None, set()


def picked_from(history: Sequence[Turn]) -> Turn:
    """The turn whose studies a pick picks among: the last one that was not a pick itself
    ("which one was the biggest?" then "and which was the oldest?" both pick among the
    trials the question before them found)."""
    for turn in reversed(history[1:]):
        if pick_of(turn.question) is None:
            return turn
    return history[0]


def ranked(
    views: Sequence[SummaryView], ranking: Ranking, answer: str = "the last answer"
) -> tuple[list[str], str]:
    """The ids of the studies among ``views`` with the most (or least) of what
    ``ranking`` asks, and a sentence saying so from their records, naming the ``answer``
    that cited them; ([], "") when none records it (a study's length is written in words,
    so it is never ranked)."""
    known = [(value, view) for view in views if (value := _value(view, ranking.field)) is not None]
    if not known:
        return [], ""
    pick = max if ranking.most else min
    best = pick(value for value, _ in known)
    chosen = [view for value, view in known if value == best]
    said = _sentence(chosen, len(views), len(known), ranking, best, answer)
    return [view.id for view in chosen], said


def _value(view: SummaryView, field: RankedField) -> int | float | None:
    if field == "size":
        return view.source.sample_size if view.source is not None else None
    if field == "date":
        return view.published.toordinal()
    if field == "rating":
        return view.credibility
    return None


_SUPERLATIVE = {
    ("size", True): "largest", ("size", False): "smallest",
    ("date", True): "most recent", ("date", False): "oldest",
    ("rating", True): "highest credibility rating", ("rating", False): "lowest credibility rating",
}  # fmt: skip
_RECORDS = {"size": "a study size", "date": "a date", "rating": "a credibility rating"}


def _sentence(
    chosen: list[SummaryView], cited: int, known: int, ranking: Ranking, best: float, answer: str
) -> str:
    """ "Of the 3 studies in the last answer, the largest was “...”, with a study size of
    1,882." The studies it names are the ones the answer then cites."""
    titles = " and ".join(f"“{view.title}”" for view in chosen)
    value = _value_phrase(chosen[0], ranking.field)
    if cited == 1:
        return f"{answer[0].upper()}{answer[1:]} cited one study, {titles}, {value}."
    among = f"Of the {known} studies in {answer}"
    if known < cited:
        among += f" that give {_RECORDS[ranking.field]}"
    most = superlative(ranking)
    if ranking.field == "rating":
        verb = "has" if len(chosen) == 1 else "share"
        return f"{among}, {titles} {verb} the {most}, {int(best)} of 5."
    if len(chosen) > 1:
        return f"{among}, {titles} tie as the {most}, {value}."
    return f"{among}, the {most} was {titles}, {value}."


def superlative(ranking: Ranking) -> str:
    """What the pick asks for, as the answer says it ("largest", "most recent")."""
    if ranking.field == "length":
        return "longest" if ranking.most else "shortest"
    return _SUPERLATIVE[(ranking.field, ranking.most)]


def _value_phrase(view: SummaryView, field: RankedField) -> str:
    if field == "size" and view.source is not None and view.source.sample_size is not None:
        return f"with a study size of {view.source.sample_size:,}"
    if field == "rating":
        return f"with a credibility rating of {view.credibility} of 5"
    return f"dated {view.published.day} {view.published:%B %Y}"
