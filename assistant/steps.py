"""What flows through the answer chain: the working draft and the streamed chunks.

Chunks add up (``a + b``) the way LangChain's message chunks do, so ``.invoke`` on
the chain returns one :class:`AnswerChunk` holding the whole text and the finished
:class:`Answer`, and ``.stream`` yields the text as it is made.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.runnables import RunnableConfig
from langchain_core.runnables.config import run_in_executor

from assistant import safety
from assistant.corpus import Corpus
from assistant.models import (
    Answer,
    Audience,
    Citation,
    EvidenceRow,
    Filters,
    Mode,
    Step,
    Turn,
)
from assistant.overview_route import OverviewMatch
from assistant.question import QuestionFacts
from assistant.retrieval import Retrieval, RetrievedSummary
from assistant.small_talk import SmallTalk


@dataclass
class Draft:
    """The engine's working state for one question, filled in step by step."""

    question: str
    history: Sequence[Turn]
    audience: Audience
    filters: Filters | None
    started: float
    route: safety.Triage
    #: The library snapshot this answer reads, taken once when it starts, so the whole
    #: answer reads one published version even when an ingest publishes the next.
    corpus: Corpus
    standalone: str = ""
    #: The turn's analysis in its conversation: made by the triage step when a follow-up's
    #: route needed it, else by the rewrite step; once per turn either way.
    facts: QuestionFacts | None = None
    #: Facts of the standalone question (the turn with anything carried from the last).
    search_facts: QuestionFacts | None = None
    #: "Taken as a follow-up about ..." when earlier turns shaped the answer, else "".
    carried: str = ""
    #: The question the carried topic came from (empty: this turn's own question).
    topic_question: str = ""
    #: A message that only greets, thanks or says goodbye (``assistant.small_talk``): it
    #: gets a short fixed reply, and nothing is searched.
    small_talk: SmallTalk | None = None
    #: The question's vectors for matching topic-wide answers (``Composers.question_vectors``).
    meant_vectors: list[list[float]] | None = None
    #: Whether the last answer's first summary gets an extra vote in the search.
    boost: bool = False
    #: A turn with words carried whose own subject leads: it cites only studies about it.
    leads: bool = False
    #: How many earlier turns' citations a leaning turn takes first (see ``Carry``).
    leans_on: int = 1
    #: The ``follow_up`` rule found the turn starts a new topic: it never leans on the last
    #: answer's summaries, even when its own search finds nothing.
    new_topic: bool = False
    retrieval: Retrieval | None = None
    #: A follow-up's own words when earlier turns were carried into ``standalone``, else "".
    focus: str = ""
    chosen: list[RetrievedSummary] = field(default_factory=list)
    #: Words no summary uses that the question asks of a drug it names (``selection``).
    asked_of_drug: tuple[str, ...] = ()
    #: The things it asks to act that no summary names, when that is why it abstains.
    unstudied: tuple[str, ...] = ()
    overview: OverviewMatch | None = None
    #: For a turn picking one of the studies just cited by a record of theirs ("which one
    #: was the biggest?"): the sentence saying which, and the ids it names (``pick``).
    pick_lead: tuple[str, frozenset[str]] = ("", frozenset())
    #: For a turn asking for other studies on the last answer's subject when the library
    #: has none: the sentence saying so (``assistant.more_studies``), which it answers with.
    none_left: str = ""
    #: Drugs the question compares that no cited summary studied together.
    compared_apart: list[str] = field(default_factory=list)
    #: What earlier turns quoted, left out of this answer (empty when asked again).
    quoted: list[str] = field(default_factory=list)
    #: Summaries reached other than by the search: a topic overview's citations, or those
    #: of the turn a subject-less follow-up leans on. They count as retrieved, first.
    reached: list[str] = field(default_factory=list)
    trace: list[Step] = field(default_factory=list)
    # Filled by the composer:
    body: str = ""
    citations: list[Citation] = field(default_factory=list)
    mode: Mode = "offline"
    unsupported: list[str] = field(default_factory=list)
    quoted_now: list[str] = field(default_factory=list)
    composed_at: float | None = None
    follow_ups: list[str] = field(default_factory=list)
    closest_topics: list[str] = field(default_factory=list)
    suggested_questions: list[str] = field(default_factory=list)
    did_you_mean: str | None = None
    evidence_table: list[EvidenceRow] = field(default_factory=list)

    def note(self, rule: str, verdict: str, reason: str) -> None:
        """Record one rule's verdict on the trace."""
        self.trace.append(Step(rule=rule, verdict=verdict, reason=reason))

    @property
    def abstains(self) -> bool:
        """Retrieval ran and nothing (no summary, no overview) is to be cited."""
        return (
            self.route.retrieves
            and not self.chosen
            and self.overview is None
            and self.small_talk is None
        )


@dataclass
class Piece:
    """A composer's output: text as it is made, a notice, or (last) the composed draft."""

    text: str = ""
    notice: bool = False
    draft: Draft | None = None

    def __add__(self, other: Piece) -> Piece:
        return Piece(
            self.text + other.text, self.notice and other.notice, other.draft or self.draft
        )


@dataclass
class AnswerChunk:
    """What the chain streams: answer text (a notice first, if any), then the Answer."""

    text: str = ""
    notice: bool = False
    answer: Answer | None = None

    def __add__(self, other: AnswerChunk) -> AnswerChunk:
        return AnswerChunk(
            self.text + other.text, self.notice and other.notice, other.answer or self.answer
        )


def follow_up_line(turn: Turn) -> str:
    """The line saying the answer leaned on the conversation: on the question whose subject
    ``turn`` was about ("what did the ORATORIO trial find?", not the "who paid?" asked of
    it in between)."""
    return f"Taken as a follow-up to “{turn.asked_about}”"


def citation(n: int, item: RetrievedSummary, passage: str) -> Citation:
    """A cited summary with everything a reader needs to weigh it; caveats by code."""
    view, source = item.view, item.view.source
    return Citation(
        n=n,
        summary_id=view.id,
        title=view.title,
        url=source.url if source else None,
        doi=source.doi if source else None,
        pmid=source.pmid if source else None,
        source_title=source.title if source else None,
        fact_sheet=source.fact_sheet if source else None,
        published=view.published,
        credibility=view.credibility,
        interest=view.interest,
        study_type=view.study_type,
        sample_size=source.sample_size if source else None,
        passage=passage,
        caveats=view.caveats,
        card=view.card,
    )


def word_pieces(text: str, size: int = 6) -> Iterator[Piece]:
    """Offline answers stream too, a few words at a time, so the UI behaves the same."""
    words = text.split(" ")
    for start in range(0, len(words), size):
        yield Piece(
            " ".join(words[start : start + size]) + (" " if start + size < len(words) else "")
        )


def async_twin(
    transform: Callable[..., Iterator[Any]], takes_config: bool = False
) -> Callable[..., AsyncIterator[Any]]:
    """An async version of a sync transform, so ``astream`` and ``astream_events`` work:
    each next item is computed in a worker thread (the event loop never blocks), and the
    text still streams piece by piece."""

    async def items_of(inputs: AsyncIterator[Any], config: RunnableConfig) -> AsyncIterator[Any]:
        collected = [item async for item in inputs]
        produced = (
            transform(iter(collected), config) if takes_config else transform(iter(collected))
        )
        done = object()
        while (item := await run_in_executor(config, next, produced, done)) is not done:
            yield item

    return items_of
