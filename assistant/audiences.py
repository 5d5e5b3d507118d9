"""Who an answer is written for, as one table: :data:`PROFILES`.

Everything that differs by audience lives here (how much each cited summary may
contribute, which sections are quoted, how plain the sentences must be, what the
chat model is told about the reader, which missing words count), so a new audience
or a changed budget is one edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.models import Audience
from knowledge.models import SectionName


@dataclass(frozen=True)
class AudienceProfile:
    """How answers are shaped for one audience."""

    #: Sentences quoted from the first summary, and from each further one (no card).
    sentences: tuple[int, int]
    #: Card findings taken from the first summary, and from each further one: the main
    #: result and its balancing finding at least, so a "but" is never dropped.
    findings: tuple[int, int]
    #: Sections an answer may quote from a summary without a card.
    sections: tuple[SectionName, ...]
    #: Long sentences must earn their place (plain reading); clinicians read them fine.
    plain: bool
    #: Sentences with numbers rank higher (clinicians want the figures).
    prefers_numbers: bool
    #: Only words written in capitals (a trial or test name) count as a missing subject:
    #: clinicians' technical words are often absent from plain summaries.
    capitals_gaps_only: bool
    #: The reading grade answers aim at (None: no target).
    max_grade: float | None
    #: How the chat model is told who is reading.
    reader: str


PROFILES: dict[Audience, AudienceProfile] = {
    "patient": AudienceProfile(
        sentences=(3, 1),
        findings=(3, 2),
        sections=("key_takeaway", "what_they_found"),
        plain=True,
        prefers_numbers=False,
        capitals_gaps_only=False,
        max_grade=8.0,
        reader="a person with MS; use plain words a 13-year-old understands, short sentences",
    ),
    "caregiver": AudienceProfile(
        sentences=(3, 2),
        findings=(3, 2),
        sections=("key_takeaway", "what_they_found", "who_should_care"),
        plain=True,
        prefers_numbers=False,
        capitals_gaps_only=False,
        max_grade=None,
        reader="a family member or caregiver of a person with MS; plain words, practical",
    ),
    "clinician": AudienceProfile(
        sentences=(4, 2),
        findings=(5, 3),
        sections=("key_takeaway", "what_they_found"),
        plain=False,
        prefers_numbers=True,
        capitals_gaps_only=True,
        max_grade=None,
        reader="a clinician; include the key numbers and study designs from the sources",
    ),
}


def audience_named(value: object) -> Audience:
    """The audience a caller named; an unknown one is a clear error, not a KeyError."""
    from knowledge.errors import InputError

    for audience in PROFILES:
        if value == audience:
            return audience
    raise InputError(f"unknown audience {value!r}", hint=f"Use one of: {', '.join(PROFILES)}.")
