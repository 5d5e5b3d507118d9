"""The offline composer: an answer made only of sentences from cited summaries.

Pure functions. It picks the most relevant sentences of Key Takeaway and What
They Found (and Who Should Care for caregivers) from the top summaries, keeps
each summary's sentences in their own order, and marks each with [n].
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.models import Audience
from assistant.retrieval import RetrievedSummary
from knowledge.chunking import split_sentences
from knowledge.models import SectionName

_DIGIT = re.compile(r"\d")
_CAREGIVER = re.compile(r"\b(caregiver|carer|family|families|partner|loved one|support)", re.I)
#: Sentences taken from the first summary and from each further one, per audience.
BUDGET: dict[Audience, tuple[int, int]] = {
    "patient": (3, 1),
    "caregiver": (3, 2),
    "clinician": (4, 2),
}


@dataclass(frozen=True)
class Sentence:
    """A candidate sentence of one summary, with where it came from."""

    text: str
    section: SectionName
    position: int


def candidate_sentences(item: RetrievedSummary, audience: Audience) -> list[Sentence]:
    """The sentences an answer may quote from one summary."""
    sections: list[SectionName] = ["key_takeaway", "what_they_found"]
    if audience == "caregiver":
        sections.append("who_should_care")
    found = []
    for section in sections:
        for position, text in enumerate(split_sentences(item.view.section_text(section))):
            if section == "who_should_care" and not _CAREGIVER.search(text):
                continue
            found.append(Sentence(text, section, position))
    return found


def sentence_score(
    sentence: Sentence,
    query_terms: set[str],
    terms: Callable[[str], list[str]],
    idf: dict[str, float],
    audience: Audience,
) -> float:
    """Relevance of a sentence: shared rare words, a lead bonus, audience preferences."""
    words = terms(sentence.text)
    overlap = sum(idf.get(t, 1.0) for t in set(words) & query_terms)
    score = overlap / math.sqrt(max(len(words), 4))
    if sentence.section == "key_takeaway":
        score += 0.6 if sentence.position == 0 else 0.2
    if audience == "clinician" and _DIGIT.search(sentence.text):
        score += 0.5
    if sentence.section == "who_should_care":
        score += 0.3
    return score


def pick_sentences(
    item: RetrievedSummary,
    budget: int,
    query_terms: set[str],
    terms: Callable[[str], list[str]],
    idf: dict[str, float],
    audience: Audience,
) -> list[Sentence]:
    """The ``budget`` best sentences of a summary, back in reading order."""
    candidates = candidate_sentences(item, audience)
    ranked = sorted(candidates, key=lambda s: -sentence_score(s, query_terms, terms, idf, audience))
    chosen = ranked[:budget]
    return sorted(chosen, key=candidates.index)


def compose_extractive(
    items: Sequence[RetrievedSummary],
    question: str,
    terms: Callable[[str], list[str]],
    idf: dict[str, float],
    audience: Audience,
) -> tuple[str, dict[int, str]]:
    """An answer of quoted sentences with [n] markers, and each citation's passage."""
    query_terms = set(terms(question))
    first, rest = BUDGET[audience]
    paragraphs: list[str] = []
    passages: dict[int, str] = {}
    for n, item in enumerate(items, start=1):
        chosen = pick_sentences(item, first if n == 1 else rest, query_terms, terms, idf, audience)
        if not chosen:
            continue
        paragraphs.append(" ".join(f"{s.text} [{n}]" for s in chosen))
        passages[n] = " ".join(s.text for s in chosen)
    return "\n\n".join(paragraphs), passages
