"""How a question names drugs: as alternatives it compares, or as the asker's background.

Pure functions over the drug mentions of one question (``QuestionFacts`` holds what they
decide): "kesimpta vs aubagio" compares two drugs; "can vitamin d help if I'm on ocrevus?"
adds one to the other; in "I'm on tecfidera, does bladder botox work?" tecfidera is
the asker's background, and the question asks about botox.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from assistant.corpus import Corpus
from assistant.drugs import drug_class
from assistant.models import Filters
from assistant.vocabulary import Vocabulary

#: What may stand between two drugs named as alternatives: "ocrevus or kesimpta",
#: "kesimpta vs aubagio", "tysabri and ocrevus", "gilenya/mayzent", "fingolimod safer
#: than natalizumab"; not "with" or "if I'm on".
_ALTERNATIVES = re.compile(
    r"^[\s,/]*(?:(?:or|and|vs\.?|versus|against|over|compared (?:to|with)|rather than|"
    r"\w+er than|(?:more|less) \w+ than)(?:\s+the)?\s*)?[\s,/]*$"
)
#: Words before a drug that make it the asker's background, not the subject: "i'm on
#: tecfidera, does bladder botox work?", "my son is on tysabri", "while taking aubagio".
_BACKGROUND = re.compile(
    r"(?:^|\b(?:i'?m|im|i am|he'?s|she'?s|is|are|am|been|currently|still|while|whilst|when)"
    r")\s+(?:on|taking)\s+(?:the\s+)?$|^\W*(?:on|taking)\s+$"
)


@dataclass(frozen=True)
class Mention:
    """One drug name in the question: where, which drug, and whether the asker is on it."""

    start: int
    end: int
    drug: str
    background: bool


def drug_mentions(
    text: str, names: dict[str, frozenset[str]], vocabulary: Vocabulary
) -> list[Mention]:
    """Every mention of a drug name the question uses, in the order written."""
    lowered = text.lower()
    found = [
        Mention(m.start(), m.end(), vocabulary.drug_of[name], _on_it(lowered[: m.start()]))
        for name in names
        if name in vocabulary.drug_of
        for m in re.finditer(rf"\b{re.escape(name)}\b", lowered)
    ]
    return sorted(found, key=lambda m: (m.start, m.end))


def _on_it(before: str) -> bool:
    """Whether the words before a drug say the asker (or someone) is on it."""
    return bool(_BACKGROUND.search(before))


def named_as_alternatives(mentions: list[Mention], text: str) -> bool:
    """Whether two different drugs are named side by side as alternatives."""
    lowered = text.lower()
    return any(
        first.drug != second.drug and bool(_ALTERNATIVES.match(lowered[first.end : second.start]))
        for first, second in itertools.pairwise(mentions)
    )


def reported_by(
    mentions: list[Mention],
    drugs: dict[str, frozenset[str]],
    own_topic: tuple[str, ...],
    vocabulary: Vocabulary,
) -> frozenset[str]:
    """The summaries reporting on a drug the question asks about. A drug the asker is on
    is background when the question has a topic of its own ("i'm on tecfidera, does
    bladder botox work?" asks about botox); with none, it is the subject ("i'm on ocrevus,
    what are the side effects?")."""
    background = {m.drug for m in mentions if m.background}
    asked = [d for d in drugs if d not in background] if own_topic else list(drugs)
    return frozenset().union(
        *(drugs[d] for d in asked), *(vocabulary.drug_reports.get(d, frozenset()) for d in asked)
    )


def class_reports(text: str, vocabulary: Vocabulary, corpus: Corpus) -> frozenset[str]:
    """The summaries about the group of MS drugs a question asks about
    (``drugs.drug_class``: "the ms pills", "dmts"): those reporting on a drug of the group,
    and those whose topics are the group's (the trial of stopping MS drugs in older
    people names none). None when it names no group."""
    group = drug_class(text)
    if group is None:
        return frozenset()
    reports = vocabulary.drug_reports
    # The topic filter's ids are cached per library version: no pass over every summary.
    on_topic = corpus.allowed(Filters(topics=list(group.topics))) if group.topics else frozenset()
    return on_topic.union(*(reports.get(d, frozenset()) for d in group.drugs))
