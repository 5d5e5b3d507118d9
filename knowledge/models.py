"""Validated models of the library: fact sheets, summaries and chunks."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from knowledge.topics import TOPICS

#: Safe slug: also a file name, so no path tricks ("../", "/", dots) get through.
SummaryId = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,118}[a-z0-9]$", max_length=120)
]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Rating = Annotated[int, Field(ge=1, le=5)]

SectionName = Literal[
    "key_takeaway", "what_they_found", "who_should_care", "important_considerations"
]
SECTION_TITLES: dict[SectionName, str] = {
    "key_takeaway": "Key Takeaway",
    "what_they_found": "What They Found",
    "who_should_care": "Who Should Care and Why",
    "important_considerations": "Important Considerations",
}
STUDY_TYPES = (
    "meta-analysis",
    "randomized controlled trial",
    "trial extension",
    "cohort study",
    "registry study",
    "case-control study",
    "cross-sectional study",
    "diagnostic accuracy study",
    "genetic association study",
    "case series",
    "laboratory or animal study",
    "narrative review",
)
StudyType = Literal[
    "meta-analysis",
    "randomized controlled trial",
    "trial extension",
    "cohort study",
    "registry study",
    "case-control study",
    "cross-sectional study",
    "diagnostic accuracy study",
    "genetic association study",
    "case series",
    "laboratory or animal study",
    "narrative review",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FactSheet(_Strict):
    """One real, published study as checked against its public page."""

    id: str = Field(description="Stable slug of the fact sheet.")
    title: str = Field(description="The paper's own title.")
    journal: str | None = Field(description="Journal name.")
    year: int | None = Field(description="Publication year.")
    date: str | None = Field(description="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
    authors: str | None = Field(description="Authors as given on the public page.")
    doi: str | None = Field(description="DOI, if the page showed one.")
    pmid: str | None = Field(description="PubMed id, if the page showed one.")
    url: str = Field(description="The public page the facts were checked against.")
    study_type: StudyType = Field(description="Design of the study.")
    population: str | None = Field(description="Who was studied.")
    sample_size: int | None = Field(description="Number of participants, if given.")
    intervention_or_exposure: str | None = Field(description="What was tested or measured.")
    comparator: str | None = Field(description="What it was compared with.")
    key_findings: list[str] = Field(description="The results, paraphrased.")
    limitations: list[str] = Field(description="The limitations, paraphrased.")
    topics: list[str] = Field(description="Free-text topics of the sheet.")
    patient_relevance: str | None = Field(description="Why it matters to patients.")
    checked: str = Field(description="What was verified on the public page.")

    def canonical_url(self) -> str:
        """PubMed link where a PMID exists, else the DOI link, else the sheet's url."""
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url


class Source(_Strict):
    """The original paper a summary was written from."""

    title: NonEmpty = Field(description="The paper's own title.")
    journal: str | None = Field(None, description="Journal name.")
    year: int | None = Field(None, ge=1900, le=2100, description="Publication year.")
    doi: str | None = Field(None, pattern=r"^10\.\d{4,9}/\S+$", description="DOI, if known.")
    pmid: str | None = Field(None, pattern=r"^\d{1,9}$", description="PubMed id, if known.")
    url: str = Field(pattern=r"^https?://\S+$", description="Link to the original paper.")
    study_type: StudyType = Field(description="Design of the study.")
    sample_size: int | None = Field(None, ge=1, description="Participants, if given.")
    fact_sheet: str | None = Field(
        None, description="Id of the fact sheet in the provenance record this was written from."
    )


FindingAspect = Literal[
    "main",
    "result",
    "benefit",
    "harm",
    "no_difference",
    "who",
    "design",
    "limitation",
    "practical",
]
FINDING_ASPECTS: dict[str, str] = {
    "main": "the study's main result",
    "result": "a further result (a figure, a link, a group that differed)",
    "benefit": "a further benefit of a treatment",
    "harm": "harms or side effects",
    "no_difference": "what did not differ or did not help",
    "who": "who was studied",
    "design": "how the study was done",
    "limitation": "what limits the result",
    "practical": "what it means in daily life",
}


class Finding(_Strict):
    """One self-contained sentence of an evidence card, tagged with what it tells."""

    aspect: FindingAspect = Field(description="What the sentence tells; see FINDING_ASPECTS.")
    text: NonEmpty = Field(
        description="One sentence that stands alone: it names its subject, carries its own "
        "comparison and keeps its qualifier."
    )


class EvidenceCard(_Strict):
    """A summary "at a glance": who, what against what, how long, and standalone findings."""

    population: NonEmpty = Field(description="Who was studied, in plain words.")
    compared: NonEmpty = Field(description="What against what, or 'no comparison group'.")
    length: NonEmpty = Field(description="How long people were followed.")
    findings: list[Finding] = Field(
        min_length=3, max_length=8, description="3-8 standalone findings, main result first."
    )

    def of_aspect(self, *aspects: str) -> list[Finding]:
        """The findings that tell any of ``aspects``, in card order."""
        return [f for f in self.findings if f.aspect in aspects]


class Summary(_Strict):
    """One plain-language summary: the unit of the library."""

    id: SummaryId = Field(description="Stable slug; also the file name without .md.")
    title: NonEmpty = Field(description="Plain-language headline.")
    published: dt.date = Field(description="Date of the summary (the paper's date where known).")
    credibility: Rating | None = Field(
        None, description="1-5 from the rubric in knowledge.rubric; None = not yet rated."
    )
    credibility_reason: str | None = Field(
        None, description="Editor's reason, required when credibility differs from the rubric."
    )
    interest: Rating | None = Field(
        None, description="1-5: how directly the result bears on patients' decisions."
    )
    topics: list[str] = Field(default_factory=list, description="Names from knowledge.topics.")
    aliases: list[NonEmpty] = Field(
        default_factory=list,
        description="Other names people use for the study (a trial acronym the text never "
        "spells out, e.g. MIST); questions using them find this summary.",
    )
    source: Source | None = Field(None, description="The original paper; None = not yet known.")
    review: list[str] = Field(
        default_factory=list,
        description="Open editor flags (e.g. rating missing on import); a summary with any "
        "is held: never indexed or quoted until they are resolved and removed.",
    )
    cleared_flags: list[NonEmpty] = Field(
        default_factory=list,
        description="Phrases an editor read and cleared among those `msra library check` "
        "flags as instruction-like (ignore previous instructions, role play, links, markup, "
        "advice to stop a treatment), quoted exactly; any other flagged phrase holds the "
        "summary out of the index.",
    )
    card: EvidenceCard | None = Field(
        None, description="The evidence card; None = needs one (answers fall back to quoting)."
    )
    key_takeaway: NonEmpty = Field(description="One or two sentences: the main point.")
    what_they_found: NonEmpty = Field(description="Design, participants and results.")
    who_should_care: NonEmpty = Field(description="Why patients, caregivers, clinicians care.")
    important_considerations: NonEmpty = Field(description="The caveats, in plain words.")

    @field_validator("topics")
    @classmethod
    def _topics_in_vocabulary(cls, topics: list[str]) -> list[str]:
        unknown = [t for t in topics if t not in TOPICS]
        if unknown:
            raise ValueError(f"not in the topic vocabulary: {', '.join(unknown)}")
        if len(set(topics)) != len(topics):
            raise ValueError("a topic is listed twice")
        return topics

    @model_validator(mode="after")
    def _drafts_are_flagged(self) -> Summary:
        missing = [
            name
            for name, value in (
                ("credibility", self.credibility),
                ("interest", self.interest),
                ("source", self.source),
            )
            if value is None
        ] + (["topics"] if not self.topics else [])
        if missing and not self.review:
            raise ValueError(
                f"{', '.join(missing)} missing: fill them in or add a `review` flag for the editor"
            )
        return self

    def section(self, name: SectionName) -> str:
        """The text of one body section."""
        return str(getattr(self, name))

    def content_hash(self) -> str:
        """Hash of everything indexed, so unchanged summaries are never re-embedded."""
        # Cleared flags change nothing indexed, so clearing one re-embeds nothing.
        dumped = self.model_dump_json(exclude={"cleared_flags"})
        return hashlib.sha256(dumped.encode()).hexdigest()[:16]

    @property
    def study_type(self) -> str | None:
        """The source's study type, if the source is known."""
        return self.source.study_type if self.source else None


class Chunk(_Strict):
    """One indexed piece of one section of one summary."""

    id: str = Field(description="Deterministic id: <summary_id>#<section>-<n>.")
    summary_id: str = Field(description="Id of the summary this chunk belongs to.")
    section: SectionName = Field(description="Which body section the text comes from.")
    n: int = Field(ge=0, description="Position of the chunk within its section.")
    of: int = Field(
        ge=1, description="How many chunks the whole summary has (to spot half-written ones)."
    )
    text: str = Field(description="The chunk's text, verbatim from the section.")
    title: str = Field(description="The summary's title.")
    published: dt.date = Field(description="The summary's date.")
    credibility: int | None = Field(description="The summary's credibility.")
    interest: int | None = Field(description="The summary's interest.")
    topics: list[str] = Field(description="The summary's topics.")
    study_type: str | None = Field(description="The source's study type.")
    source: Source | None = Field(description="The summary's source paper, for citations.")
    content_hash: str = Field(description="The summary's content hash when chunked.")
    card: EvidenceCard | None = Field(None, description="The summary's evidence card, if any.")
    aliases: list[str] = Field(default_factory=list, description="The summary's other names.")

    def embed_text(self) -> str:
        """What is embedded: the title gives each chunk its context."""
        return f"{self.title}. {SECTION_TITLES[self.section]}: {self.text}"


def chunk_id(summary_id: str, section: str, n: int, version: str) -> str:
    """The deterministic id of chunk ``n`` of a section of one version of a summary. The
    version is in the id, so an ingest writes a changed summary beside the old one and
    readers of the old version keep finding it until they move on."""
    return f"{summary_id}#{section}-{n}@{version}"


ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,118}[a-z0-9]$")
