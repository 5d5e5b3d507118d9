"""The answer engine's data: questions, filters, citations and answers."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from knowledge.models import EvidenceCard

Audience = Literal["patient", "caregiver", "clinician"]
SafetyRoute = Literal["none", "emergency", "crisis", "urgent", "medical_decision", "injection"]
Mode = Literal["offline", "llm", "offline-fallback", "fixed"]


class Notice(str):
    """A stream piece of fixed safety text (decision or urgent notice), yielded before the
    answer's own text so a reader sees it first; it is a ``str``, so joining pieces works."""

    __slots__ = ()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Filters(_Model):
    """Optional limits on which summaries may be used."""

    topics: list[str] = Field(default_factory=list, description="Any of these topics.")
    published_from: dt.date | None = Field(None, description="Earliest summary date.")
    published_to: dt.date | None = Field(None, description="Latest summary date.")
    min_credibility: int | None = Field(None, ge=1, le=5, description="Lowest credibility.")
    study_types: list[str] = Field(default_factory=list, description="Any of these designs.")

    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return not (
            self.topics
            or self.published_from
            or self.published_to
            or self.min_credibility
            or self.study_types
        )


class Turn(_Model):
    """One earlier turn of the conversation, as the engine needs it for follow-ups."""

    question: str = Field(description="What the person asked.")
    standalone: str = Field("", description="The question rewritten to stand alone.")
    cited_ids: list[str] = Field(default_factory=list, description="Summaries cited in reply.")
    quoted: list[str] = Field(
        default_factory=list, description="Findings and sentences the reply quoted."
    )
    topic_question: str = Field(
        "",
        description="The question whose subject the turn was about: its own, or for a "
        "follow-up the one the conversation's topic came from (empty: its own).",
    )

    @property
    def asked_about(self) -> str:
        """The question whose subject the turn was about (``topic_question``, else its own)."""
        return self.topic_question or self.question


class Citation(_Model):
    """One cited summary with everything a reader needs to weigh it."""

    n: int = Field(description="Citation number used as [n] in the answer.")
    summary_id: str = Field(description="Library id of the summary.")
    title: str = Field(description="The summary's title.")
    url: str | None = Field(description="Link to the original paper.")
    doi: str | None = Field(description="DOI of the paper, if known.")
    pmid: str | None = Field(description="PubMed id of the paper, if known.")
    source_title: str | None = Field(description="The paper's own title.")
    fact_sheet: str | None = Field(description="Provenance fact sheet id.")
    published: dt.date = Field(description="The summary's date.")
    credibility: int | None = Field(description="1-5 credibility rating.")
    interest: int | None = Field(description="1-5 interest rating.")
    study_type: str | None = Field(description="Design of the study.")
    sample_size: int | None = Field(description="Participants, if given.")
    passage: str = Field(description="The passage of the summary that supports the answer.")
    caveats: str = Field(description="The summary's Important Considerations, attached by code.")
    card: EvidenceCard | None = Field(
        None,
        description="The summary's evidence card, if it has one (the source card's 'At a glance').",
    )


class EvidenceRow(_Model):
    """One study in an evidence table: what a reader needs to compare studies side by side."""

    n: int = Field(description="The study's citation number.")
    study: str = Field(description="The summary's title.")
    design: str = Field(description="Study design, e.g. randomized controlled trial.")
    people: str = Field(description="Who was studied.")
    compared: str = Field(description="What against what.")
    main_result: str = Field(description="The card's main finding.")
    length: str = Field(description="How long people were followed.")


class Step(_Model):
    """One named rule's verdict on a question, with its reason: the answer's trace."""

    rule: str = Field(description="The rule's name, e.g. missing_subject or follow_up.")
    verdict: str = Field(description="What it decided, e.g. abstain, cite, skip, carry.")
    reason: str = Field(description="Why, in a few words a staff member can check.")

    def line(self) -> str:
        """The step as one line of text."""
        return f"{self.rule}: {self.verdict} ({self.reason})"


class Answer(_Model):
    """One turn's answer: text with [n] markers, citations, and how it was made."""

    question: str = Field(description="The question as asked.")
    standalone_question: str = Field(description="The question as used for retrieval.")
    answer: str = Field(
        description="Markdown answer with [n] markers: notice, body and disclaimer together."
    )
    body: str = Field("", description="The composed part alone (no notice or disclaimer).")
    citations: list[Citation] = Field(default_factory=list, description="Cited summaries.")
    abstained: bool = Field(False, description="True when the library had nothing on this.")
    safety: SafetyRoute = Field("none", description="Which safety route handled the question.")
    follow_ups: list[str] = Field(default_factory=list, description="Suggested next questions.")
    retrieved: list[str] = Field(
        default_factory=list, description="Summary ids retrieved, best first (top 10)."
    )
    closest_topics: list[str] = Field(default_factory=list, description="Offered on abstention.")
    suggested_questions: list[str] = Field(
        default_factory=list,
        description="Offered on abstention: reviewed questions on the closest topics, each "
        "checked to be answered from a summary of its topic.",
    )
    did_you_mean: str | None = Field(
        None,
        description="Offered on abstention: the question with a likely misspelling written as "
        "the library's word, when that question is answered; else None.",
    )
    unsupported_sentences: list[str] = Field(
        default_factory=list, description="Model sentences without a valid citation (flagged)."
    )
    audience: Audience = Field("patient", description="Who the answer was written for.")
    mode: Mode = Field("offline", description="offline, llm, offline-fallback or fixed.")
    notice: str = Field("", description="Fixed safety text shown before the answer, if any.")
    safety_reason: str = Field(
        "", description="Why the safety route was taken: the pattern or the classifier's reason."
    )
    disclaimer: str = Field(description="One-line reminder shown after every answer.")
    timings_ms: dict[str, float] = Field(
        default_factory=dict, description="retrieve, compose, total."
    )
    settings_hash: str = Field("", description="Hash of the settings that shaped the answer.")
    quoted: list[str] = Field(
        default_factory=list,
        description="Findings and sentences quoted offline, so later turns do not repeat them.",
    )
    overview_id: str | None = Field(
        None, description="The topic overview that answered a broad question, if any."
    )
    evidence_table: list[EvidenceRow] = Field(
        default_factory=list, description="One row per cited study, when studies are compared."
    )
    trace: list[Step] = Field(
        default_factory=list, description="The rules that decided this answer, in order."
    )
    carried: str = Field(
        "",
        description="When earlier turns shaped this answer, what was carried from them "
        "(shown as 'Taken as a follow-up about ...'); empty for a new topic.",
    )
    topic_question: str = Field(
        "",
        description="The question whose subject this answer is about: its own, or for a "
        "follow-up that carried the last turn's topic, the question that topic came from "
        "(what 'Taken as a follow-up to ...' quotes).",
    )
    brand_line: str = Field(
        "",
        description="When the question named a drug by a brand and the answer uses its generic "
        "name, the line that ties them ('The studies use the generic name: Kesimpta is "
        "ofatumumab.'); else empty.",
    )

    def follow_ups_heading(self) -> str:
        """What introduces the suggested questions. After a crisis answer the question the
        reader also asked waits for them; nothing urges them on to the research."""
        if self.safety == "crisis":
            return "When you feel ready, you can still ask:"
        return "You could also ask:"

    def as_turn(self) -> Turn:
        """This answer as history for the next turn."""
        return Turn(
            question=self.question,
            standalone=self.standalone_question,
            cited_ids=[c.summary_id for c in self.citations],
            quoted=list(self.quoted),
            topic_question=self.topic_question or self.question,
        )
