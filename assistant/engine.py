"""The answer engine: triage -> rewrite -> retrieve -> abstain or compose -> attach.

Collaborators (retriever, chat model) are passed in; ``answer`` and
``stream`` are the whole public surface. Caveats and citations are attached by
code from what was retrieved, never left to a model.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from langchain_core.language_models import BaseChatModel

from assistant import safety
from assistant.compose import compose_extractive
from assistant.evidence import evidence_table, is_comparison, passage_of
from assistant.llm import answer_messages, rewrite_with_model, stream_answer, validate_citations
from assistant.models import Answer, Audience, Citation, Filters, Mode, Notice, Turn
from assistant.notices import notice_for, route_notice
from assistant.overview_route import OverviewIndex, OverviewMatch, overview_body
from assistant.retrieval import HybridRetriever, Retrieval, RetrievedSummary, as_retrieved
from assistant.rewrite import rewrite_offline, shifts_topic
from assistant.safety_answers import DISCLAIMER, Locale, crisis_answer, emergency_answer
from assistant.selection import compared_apart, select_summaries
from assistant.synonyms import expand_query, strip_markup
from assistant.triage import SafetyTriage, bundled
from knowledge.errors import InputError
from knowledge.related import related_articles
from knowledge.settings import Settings
from knowledge.topics import TOPICS

log = logging.getLogger(__name__)
ABSTAIN_TEXT = (
    "The library has no summary on this yet, so I can't answer it from the research here. "
    "Your MS care team is the best place to ask."
)


@dataclass
class Draft:
    """The engine's working state for one question."""

    question: str
    standalone: str
    audience: Audience
    route: safety.Triage
    started: float
    retrieval: Retrieval | None = None
    #: A follow-up's own words when earlier turns were carried into ``standalone``, else "".
    focus: str = ""
    #: Drugs the question compares that no cited summary studied together.
    compared_apart: list[str] = field(default_factory=list)
    #: What earlier turns quoted, left out of this answer (empty when asked again).
    quoted: list[str] = field(default_factory=list)
    #: Summaries reached other than by the search: a topic overview's citations, or those
    #: of the turn a subject-less follow-up leans on. They count as retrieved, first.
    reached: list[str] = field(default_factory=list)


class AnswerEngine:
    """Answers questions from the indexed library, with citations and caveats."""

    def __init__(
        self,
        settings: Settings,
        retriever: HybridRetriever,
        llm: BaseChatModel | None = None,
        triage: SafetyTriage | None = None,
        overviews: OverviewIndex | None = None,
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.llm = llm
        self.overviews = overviews
        self.triage = triage or SafetyTriage(settings.safety, bundled(retriever.embeddings))
        self._topic_vectors: np.ndarray | None = None
        self._related: dict[tuple[int, str], list[str]] = {}

    # --- public surface -------------------------------------------------------------

    def answer(
        self,
        question: str,
        history: Sequence[Turn] = (),
        audience: Audience = "patient",
        filters: Filters | None = None,
    ) -> Answer:
        """Answer one turn of a conversation."""
        final: Answer | None = None
        for piece in self.stream(question, history, audience, filters):
            if isinstance(piece, Answer):
                final = piece
        assert final is not None
        return final

    def stream(
        self,
        question: str,
        history: Sequence[Turn] = (),
        audience: Audience = "patient",
        filters: Filters | None = None,
    ) -> Iterator[str | Answer]:
        """Yield the answer's text as it is made, then the finished :class:`Answer`."""
        draft = self._start(question, history, audience)
        if not draft.route.retrieves:
            answer = self._fixed(draft)
            yield answer.answer
            yield answer
            return
        first = route_notice(draft.route, self.settings.safety.locale)
        if first:
            yield Notice(first)  # decision and urgent notices come before any research
        boost = self._boost(history, draft.question)
        draft.retrieval = self.retriever.retrieve(draft.standalone, filters, boost)
        broad = self._broad(draft, filters)
        if broad is not None:
            yield from self._overview_answer(draft, broad)
            return
        chosen = select_summaries(
            draft.retrieval,
            draft.standalone,
            draft.audience,
            self.retriever.corpus,
            self.settings.retrieval,
        )
        if not chosen:
            chosen = self._leaned_on(draft, history)
        draft.compared_apart = compared_apart(chosen, draft.standalone, self.retriever.corpus)
        if not chosen:
            answer = self._abstain(draft)
            yield answer.answer
            yield answer
            return
        yield from self._compose(draft, chosen)

    # --- steps ----------------------------------------------------------------------

    def _start(self, question: str, history: Sequence[Turn], audience: Audience) -> Draft:
        limits = self.settings.limits
        text = " ".join(question.split())
        if not text:
            raise InputError("the question is empty", hint="Type a question about MS research.")
        if len(text) > limits.max_question_chars:
            raise InputError(
                f"the question is {len(text)} characters; the limit is {limits.max_question_chars}"
            )
        if len(history) >= limits.max_turns:
            raise InputError(
                f"this conversation has reached {limits.max_turns} turns",
                hint="Start a new conversation to keep answers focused.",
            )
        route = self.triage.triage(text)
        question = strip_markup(text)
        if not route.retrieves:
            return Draft(text, text, audience, route, time.perf_counter())
        rewritten = self._rewrite(question, history)
        focus = expand_query(question) if rewritten != question else ""
        asked_again = any(turn.question.lower() == text.lower() for turn in history)
        quoted = [] if asked_again else [q for turn in history for q in turn.quoted]
        return Draft(
            text,
            expand_query(rewritten),
            audience,
            route,
            time.perf_counter(),
            focus=focus,
            quoted=quoted,
        )

    def _rewrite(self, question: str, history: Sequence[Turn]) -> str:
        if self.llm is not None and history:
            try:
                return rewrite_with_model(self.llm, question, history)
            except Exception as exc:  # any backend failure: the offline rewrite still works
                log.warning("model rewrite failed, using the offline rewrite: %s", exc)
        return rewrite_offline(question, history)

    @staticmethod
    def _boost(history: Sequence[Turn], question: str) -> list[str]:
        """The last answer's first summary gets an extra vote, unless the subject moves on."""
        if not history or shifts_topic(question):
            return []
        return list(history[-1].cited_ids[:1])

    def _compose(self, draft: Draft, chosen: list[RetrievedSummary]) -> Iterator[str | Answer]:
        composed = time.perf_counter()
        mode: Mode = "offline"
        unsupported: list[str] = []
        body, passages = "", {}
        if self.llm is not None:
            try:
                pieces = []
                for piece in stream_answer(
                    self.llm, answer_messages(draft.standalone, chosen, draft.audience)
                ):
                    pieces.append(piece)
                    yield piece
                checked = validate_citations("".join(pieces), len(chosen))
                if checked.cited:
                    mode, body, unsupported = "llm", checked.text, checked.unsupported
                    passages = {n: chosen[n - 1].passage.text for n in checked.cited}
                else:
                    mode = "offline-fallback"
            except Exception as exc:  # retries are inside the client; after them, fall back
                log.warning("chat model failed, answering offline: %s", exc)
                mode = "offline-fallback"
        quoted: list[str] = []
        if not body:
            corpus = self.retriever.corpus
            offline = compose_extractive(
                chosen,
                draft.standalone,
                corpus.terms,
                corpus.idf,
                draft.audience,
                draft.focus,
                draft.quoted,
            )
            body, passages, quoted = offline.body, offline.passages, offline.quoted
            if self.llm is None:
                yield from _word_pieces(body)
        citations = [_citation(n, chosen[n - 1], passages[n]) for n in sorted(passages)]
        answer = self._finish(draft, body, citations, mode, composed)
        answer.unsupported_sentences = unsupported
        answer.follow_ups = self._follow_ups(chosen)
        answer.quoted = quoted
        comparison = is_comparison(draft.standalone, self.retriever.corpus)
        answer.evidence_table = evidence_table(
            [(n, chosen[n - 1]) for n in sorted(passages)], comparison
        )
        yield answer

    def _leaned_on(self, draft: Draft, history: Sequence[Turn]) -> list[RetrievedSummary]:
        """For a follow-up with no subject of its own ("what are the side effects?") that
        the search could not place: the summaries the last turn cited, so the follow-up's
        aspect is answered from them (or said to be missing) instead of "no summary"."""
        corpus = self.retriever.corpus
        if not history or corpus.subject_words(draft.question):
            return []
        ids = [i for i in history[-1].cited_ids if i in corpus.summaries]
        ids = ids[: self.settings.retrieval.max_summaries]
        draft.reached = ids
        # Its own words are what it asks of those summaries (see compose_extractive).
        draft.focus = draft.focus or expand_query(strip_markup(draft.question))
        return [as_retrieved(corpus.summaries[i], 0.0) for i in ids]

    def _broad(self, draft: Draft, filters: Filters | None) -> OverviewMatch | None:
        """The overview for a broad question; never for a follow-up or a filtered search,
        which ask about something narrower than the topic."""
        if self.overviews is None or draft.focus or draft.retrieval is None:
            return None
        if filters is not None and not filters.is_empty():
            return None
        return self.overviews.match(
            draft.standalone,
            draft.retrieval.query_vector,
            self.retriever.corpus,
            self.settings.retrieval.overview_min_similarity,
        )

    def _overview_answer(self, draft: Draft, match: OverviewMatch) -> Iterator[str | Answer]:
        composed = time.perf_counter()
        corpus = self.retriever.corpus
        ids = [i for i in match.overview.cited_ids() if i in corpus.summaries]
        draft.reached = ids
        items = [as_retrieved(corpus.summaries[i], match.similarity) for i in ids]
        body = overview_body(match.overview, {sid: n for n, sid in enumerate(ids, start=1)})
        yield from _word_pieces(body)
        citations = [_citation(n, item, passage_of(item)) for n, item in enumerate(items, 1)]
        answer = self._finish(draft, body, citations, "offline", composed)
        answer.overview_id = match.overview.id
        answer.quoted = [p.text for p in match.overview.points]
        answer.follow_ups = self._follow_ups(items)
        yield answer

    def _finish(
        self, draft: Draft, body: str, citations: list[Citation], mode: Mode, composed: float
    ) -> Answer:
        return self._build(
            draft,
            body,
            _notice(draft, body, self.settings.safety.locale),
            citations=citations,
            mode=mode,
            compose_started=composed,
        )

    def _fixed(self, draft: Draft) -> Answer:
        locale = self.settings.safety.locale
        if draft.route.route == "crisis":
            text = crisis_answer(locale, draft.route.person)
        else:
            text = emergency_answer(locale)
        return self._build(draft, "", text, mode="fixed")

    def _abstain(self, draft: Draft) -> Answer:
        topics = self.closest_topics(draft.retrieval)
        body = ABSTAIN_TEXT
        if topics:
            body += "\n\nClosest topics in the library: " + ", ".join(topics) + "."
        notice = _notice(draft, body, self.settings.safety.locale)
        answer = self._build(draft, body, notice, abstained=True)
        answer.closest_topics = topics
        return answer

    def _build(
        self,
        draft: Draft,
        body: str,
        notice: str,
        *,
        citations: Sequence[Citation] = (),
        mode: Mode = "offline",
        abstained: bool = False,
        compose_started: float | None = None,
    ) -> Answer:
        now = time.perf_counter()
        retrieve_ms = draft.retrieval.milliseconds if draft.retrieval else 0.0
        searched = [s.view.id for s in draft.retrieval.summaries] if draft.retrieval else []
        text = "\n\n".join(part for part in (notice, body, f"*{DISCLAIMER}*") if part)
        return Answer(
            question=draft.question,
            standalone_question=draft.standalone,
            answer=text,
            body=body,
            citations=list(citations),
            retrieved=list(dict.fromkeys([*draft.reached, *searched])),
            abstained=abstained,
            safety=draft.route.route,
            audience=draft.audience,
            mode=mode,
            notice=notice,
            disclaimer=DISCLAIMER,
            safety_reason=draft.route.matched,
            timings_ms={
                "retrieve": round(retrieve_ms, 2),
                "compose": round((now - compose_started) * 1000, 2) if compose_started else 0.0,
                "total": round((now - draft.started) * 1000, 2),
            },
            settings_hash=self.settings.settings_hash(),
        )

    # --- extras ---------------------------------------------------------------------

    def closest_topics(self, retrieval: Retrieval | None, k: int = 3) -> list[str]:
        """Library topics nearest the question, offered when the engine abstains."""
        if retrieval is None:
            return []
        present = {t for view in self.retriever.corpus.summaries.values() for t in view.topics}
        names = [t for t in TOPICS if t in present]
        if not names:
            return []
        if self._topic_vectors is None or len(self._topic_vectors) != len(TOPICS):
            texts = [f"{name}: {TOPICS[name]}" for name in TOPICS]
            self._topic_vectors = np.asarray(
                self.retriever.embeddings.embed_documents(texts), dtype=np.float32
            )
        similarities = self._topic_vectors @ np.asarray(retrieval.query_vector, dtype=np.float32)
        ranked = sorted(zip(TOPICS, similarities, strict=True), key=lambda pair: -pair[1])
        return [name for name, _ in ranked if name in present][:k]

    def related_ids(self, summary_id: str, topics: Sequence[str]) -> list[str]:
        """Related summaries ("You May Also Like"), cached per corpus snapshot."""
        key = (id(self.retriever.corpus), summary_id)
        if key not in self._related:
            found = related_articles(self.retriever.index, summary_id, topics, k=6)
            self._related[key] = [r.summary_id for r in found]
        return self._related[key]

    def _follow_ups(self, chosen: list[RetrievedSummary]) -> list[str]:
        top = chosen[0].view
        cited = {item.view.id for item in chosen}
        corpus = self.retriever.corpus
        questions = [
            f"What did the study behind “{corpus.summaries[sid].title}” find?"
            for sid in self.related_ids(top.id, top.topics)
            if sid not in cited and sid in corpus.summaries
        ][:2]
        questions += [f"What else does the research say about {t}?" for t in top.topics[:2]]
        return questions[:4]


def _notice(draft: Draft, body: str, locale: Locale) -> str:
    return notice_for(draft.route, draft.question, body, draft.compared_apart, locale)


def _citation(n: int, item: RetrievedSummary, passage: str) -> Citation:
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
    )


def _word_pieces(text: str, size: int = 6) -> Iterator[str]:
    """Offline answers stream too, a few words at a time, so the UI behaves the same."""
    words = text.split(" ")
    for start in range(0, len(words), size):
        yield " ".join(words[start : start + size]) + (" " if start + size < len(words) else "")
