"""The answer engine, as a LangChain (LCEL) chain:
triage | rewrite | retrieve | select | compose | attach.

Collaborators (retriever, chat model) are passed in. ``engine.chain`` is a real
Runnable: ``.invoke``, ``.stream``, ``.batch``, ``astream_events`` and callbacks work
for apps that embed the assistant in LangChain. ``answer`` and ``stream`` are the
plain Python surface over it. Caveats and citations are attached by code from what
was retrieved, never left to a model; every rule that decided leaves a step on the
answer's trace.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableGenerator, RunnableLambda

from assistant.composers import Composers
from assistant.corpus import Corpus
from assistant.drugs import brand_note
from assistant.models import Answer, Audience, Filters, Notice, Turn
from assistant.notices import notice_for
from assistant.overview_route import OverviewIndex
from assistant.question import analyse, named_summaries
from assistant.retrieval import HybridRetriever
from assistant.rewrite import Carry, in_conversation, rewrite_offline
from assistant.safety import Triage, without_injection
from assistant.safety_answers import DISCLAIMER
from assistant.select_step import SelectStep
from assistant.shorthand import missing_apostrophes
from assistant.steps import AnswerChunk, Draft, Piece, async_twin, follow_up_line
from assistant.synonyms import expand_query, strip_markup
from assistant.triage import SafetyTriage, bundled
from assistant.triage_step import LastAnalysis, TriageStep, library_topics
from assistant.vocabulary import vocabulary_of
from assistant.word_class import word_classes
from knowledge.factcheck import reading_grade
from knowledge.related import related_articles
from knowledge.settings import Settings
from knowledge.topics import TOPICS

log = logging.getLogger(__name__)


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
        analyses = LastAnalysis()  # a turn read by the crisis re-read and the route alike
        self.triage = triage or SafetyTriage(
            settings.safety,
            bundled(retriever.embeddings),
            topic_words=library_topics(retriever, analyses),
        )
        self.triage_step = TriageStep(settings.limits, self.triage, retriever, analyses)
        self._topic_vectors: np.ndarray | None = None
        self._related: dict[tuple[int, str], list[str]] = {}
        self.composers = Composers(self)
        self.selection = SelectStep(settings, self.composers, self._retrieve)
        self.chain = self._build_chain()

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
        """Yield the answer's text as it is made (a :class:`Notice` first, if any), then
        the finished :class:`Answer`."""
        inputs = {"question": question, "history": history, "audience": audience}
        for chunk in self.chain.stream(inputs | {"filters": filters}):
            if chunk.answer is not None:
                yield chunk.answer
            elif chunk.text:
                yield Notice(chunk.text) if chunk.notice else chunk.text

    def warm(self) -> None:
        """Load now what the first answer would otherwise wait for: the library snapshot
        and its vocabulary, the vector store's index, the triage models, the word-class
        lexicon and the contractions typed without apostrophes, and start loading the
        pronouncing dictionary behind reading grades.

        The store's index and the triage model load on other threads while this one
        reads the snapshot (both spend most of their time outside Python's lock, and
        the machines this runs on have two cores or more). The dictionary loads in the
        background after this returns: a first answer needs it only to order equally
        relevant findings, and waits for it then (docs/performance.md)."""
        threading.Thread(target=_load_pronunciations, name="msra-warm-grades", daemon=True).start()
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="msra-warm") as pool:
            side: list[Future[Any]] = [
                pool.submit(self.triage.prepare),
                pool.submit(self._warm_store),
            ]
            vocabulary_of(self.retriever.corpus)
            word_classes("warm")  # the lexicon loads on first use (0.5 s)
            missing_apostrophes()  # read from wordfreq's word list on first use (0.2 s)
            for loaded in side:
                loaded.result()  # their errors are raised here, as if loaded in turn
        self.retriever.retrieve("multiple sclerosis")

    def route(self, question: str, history: Sequence[Turn] = ()) -> Triage:
        """The safety route of a turn in its conversation: the triage of the message,
        then, for a follow-up the classifier alone routed, the conversation's reading
        (``turn_triage``)."""
        return self.triage_step.route(question, history)

    def _warm_store(self) -> None:
        """The vector store loads its index on its first query (2.9 s at 100,000
        summaries)."""
        self.retriever.index.query(self.retriever.embeddings.embed_query("multiple sclerosis"), 1)

    def dry_run(self, question: str) -> Draft:
        """``question`` taken up to the citation rules, with no answer composed: what it
        would cite (``chosen``, ``overview``), or that it abstains (``abstains``)."""
        draft = self.triage_step.draft({"question": question})
        return self.selection.select(self._retrieve(self._rewrite(draft)))

    # --- the chain ------------------------------------------------------------------

    def _build_chain(self) -> Runnable[dict[str, Any], AnswerChunk]:
        return (
            RunnableLambda(self.triage_step.draft, name="triage")
            | RunnableLambda(self._rewrite, name="rewrite")
            | RunnableLambda(self._retrieve, name="retrieve")
            | RunnableLambda(self.selection.select, name="select")
            | self.composers.step
            | RunnableGenerator(self._attach, async_twin(self._attach), name="attach")
        )

    def _rewrite(self, draft: Draft) -> Draft:
        """The question's analysis, spelling, and the follow_up rule."""
        if not draft.route.retrieves or draft.small_talk:
            return draft
        corpus = draft.corpus
        vocabulary = vocabulary_of(corpus)
        asked = draft.question
        if draft.route.route == "injection":  # the instruction is not the subject
            asked = without_injection(strip_markup(asked)) or asked
        if draft.facts is None or asked != draft.question:
            facts = analyse(asked, vocabulary, corpus)
            draft.facts = in_conversation(facts, draft.history, corpus)
        facts = draft.facts  # made once per turn: by the triage step when its route needed it
        if facts.corrections:
            fixed = ", ".join(f"{a} -> {b}" for a, b in facts.corrections.items())
            draft.note("spelling", "corrected", fixed)
        carry = rewrite_offline(facts, draft.history, lambda t: analyse(t, vocabulary, corpus))
        standalone = carry.standalone
        if carry.carried and self.llm is not None:
            standalone = self.composers.model_rewrite(facts.corrected, draft.history) or standalone
        draft.trace.append(carry.step)
        draft.boost = carry.whole and bool(carry.carried) and not carry.leads
        draft.leads = carry.leads and bool(carry.carried)
        draft.leans_on = carry.leans_on
        draft.new_topic = carry.step.verdict == "new topic"
        draft.standalone = expand_query(standalone)
        # The rules read the question as searched: carried words and the library's words
        # for everyday ones ("mono" -> Epstein-Barr virus) included. Most questions are
        # searched as asked, and are not analysed twice.
        searched_as_asked = draft.standalone == facts.corrected
        draft.search_facts = (
            facts if searched_as_asked else analyse(draft.standalone, vocabulary, corpus)
        )
        if carry.carried:
            draft.focus = expand_query(facts.corrected)
            draft.carried = _carried_line(carry, draft.history)
            if carry.whole:
                draft.topic_question = draft.history[-1].asked_about
        asked_again = any(t.question.lower() == draft.question.lower() for t in draft.history)
        draft.quoted = [] if asked_again else [q for t in draft.history for q in t.quoted]
        return draft

    def _retrieve(self, draft: Draft) -> Draft:
        if not draft.route.retrieves or draft.small_talk:
            return draft
        boost = list(draft.history[-1].cited_ids[:1]) if draft.boost else []
        named = named_summaries(draft.search_facts) if draft.search_facts else []
        if named:
            # The embedding model barely knows trial and drug names ("tell me about the MIST
            # trial"): the summaries carrying a name the question uses get a vote.
            draft.note("by_name", "search", f"{', '.join(named)} carry a name it uses")
        draft.retrieval = self.retriever.retrieve(
            draft.standalone, draft.filters, list(dict.fromkeys([*boost, *named])), draft.corpus
        )
        return draft

    def _attach(self, pieces: Iterator[Piece]) -> Iterator[AnswerChunk]:
        """Pass the text through; turn the composed draft into the Answer, attaching the
        notices, the disclaimer and the trace by code."""
        for piece in pieces:
            if piece.text:
                yield AnswerChunk(piece.text, piece.notice)
            if piece.draft is not None:
                yield AnswerChunk(answer=self._build(piece.draft))

    def _build(self, draft: Draft) -> Answer:
        now = time.perf_counter()
        retrieval = draft.retrieval
        searched = [s.view.id for s in retrieval.summaries] if retrieval else []
        fixed = not draft.route.retrieves
        notice = draft.body if fixed else notice_for(
            draft.route, draft.question, draft.body, draft.compared_apart,
            self.settings.safety.locale,
        )  # fmt: skip
        body = "" if fixed else draft.body
        context = f"*{draft.carried}*" if draft.carried and not fixed else ""
        asked = draft.facts.corrected if draft.facts else draft.question
        brands = brand_note(asked, body)
        lines = (notice, context, f"*{brands}*" if brands else "", body, f"*{DISCLAIMER}*")
        text = "\n\n".join(p for p in lines if p)
        composed = draft.composed_at
        return Answer(
            question=draft.question,
            standalone_question=draft.standalone,
            answer=text,
            body=body,
            citations=draft.citations,
            retrieved=list(dict.fromkeys([*draft.reached, *searched])),
            abstained=draft.abstains,
            safety=draft.route.route,
            audience=draft.audience,
            mode=draft.mode,
            notice=notice,
            disclaimer=DISCLAIMER,
            safety_reason=draft.route.matched,
            timings_ms={
                "retrieve": round(retrieval.milliseconds, 2) if retrieval else 0.0,
                "compose": round((now - composed) * 1000, 2) if composed else 0.0,
                "total": round((now - draft.started) * 1000, 2),
            },
            settings_hash=self.settings.settings_hash(),
            unsupported_sentences=draft.unsupported,
            quoted=draft.quoted_now,
            trace=draft.trace,
            carried=draft.carried,
            topic_question=draft.topic_question or draft.question,
            brand_line=brands,
            follow_ups=draft.follow_ups,
            closest_topics=draft.closest_topics,
            suggested_questions=draft.suggested_questions,
            did_you_mean=draft.did_you_mean,
            overview_id=draft.overview.overview.id if draft.overview else None,
            evidence_table=draft.evidence_table,
        )

    # --- extras ---------------------------------------------------------------------

    def closest_topics(self, draft: Draft, k: int = 3) -> list[str]:
        """The library topics (of those the draft's snapshot has) nearest what it searched,
        offered when the engine abstains: nearest the topic words (a follow-up's carried
        subject included), else the whole question. The whole question's vector is mostly
        "MS", which every topic shares ("hyperbaric oxygen for MS?" was nearest the drug
        topics; 8 of 20 such questions got a useful topic, 12 by their words)."""
        retrieval = draft.retrieval
        if retrieval is None:
            return []
        facts = draft.search_facts or draft.facts
        words = facts.topic if facts else ()
        views = draft.corpus.summaries.values()
        present = {t for view in views for t in view.topics}
        names = [t for t in TOPICS if t in present]
        if not names:
            return []
        if self._topic_vectors is None or len(self._topic_vectors) != len(TOPICS):
            texts = [f"{name}: {TOPICS[name]}" for name in TOPICS]
            self._topic_vectors = np.asarray(
                self.retriever.embeddings.embed_documents(texts), dtype=np.float32
            )
        vector = self.retriever.embeddings.embed_query(" ".join(words)) if words else None
        asked = np.asarray(vector or retrieval.query_vector, dtype=np.float32)
        similarities = self._topic_vectors @ asked
        ranked = sorted(zip(TOPICS, similarities, strict=True), key=lambda pair: -pair[1])
        return [name for name, _ in ranked if name in present][:k]

    def related_ids(
        self, summary_id: str, topics: Sequence[str], corpus: Corpus | None = None
    ) -> list[str]:
        """Related summaries ("You May Also Like") within ``corpus`` (the snapshot an
        answer reads; the current one if None), cached per snapshot."""
        corpus = corpus or self.retriever.corpus
        view = corpus.summaries.get(summary_id)
        key = (id(corpus), summary_id)
        if self._related and next(iter(self._related))[0] != id(corpus):
            self._related.clear()  # a new version: the old snapshot's ids mean nothing now
        if view is not None and key not in self._related:
            found = related_articles(
                self.retriever.index, view.lead, topics, k=6,
                keep=lambda hit: hit.chunk.id in corpus.chunk_index,
            )  # fmt: skip
            self._related[key] = [r.summary_id for r in found]
        return self._related.get(key, [])


def _load_pronunciations() -> None:
    reading_grade("Multiple sclerosis affects the brain and spinal cord.")


def _carried_line(carry: Carry, history: Sequence[Turn]) -> str:
    """The one line that says earlier turns shaped the answer: about the names carried
    (drugs, trials), or else to the question the carried topic came from ("what did the
    ORATORIO trial find?", not the "who paid?" asked of it in between)."""
    if carry.step.verdict == "carry names":
        return f"Taken as a follow-up about {carry.carried}"
    return follow_up_line(history[-1])
