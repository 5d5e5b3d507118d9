"""The chain's compose step: a branch over one composer per kind of answer.

Fixed safety text, an abstention, a topic overview, the chat model, or the offline
composer. The chat model composer falls back to the offline one (``with_fallbacks``)
when the model fails before its first word; after that, or when its answer cites no
retrieved summary, it composes offline itself. Model text is shown a sentence at a time;
a sentence advising to start, stop or change a treatment is never shown, and the offline
answer replaces the model's, under the care-team notice. Decision and urgent notices are
yielded before any composer runs, so a reader sees them first.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from langchain_core.runnables import Runnable, RunnableBranch, RunnableConfig, RunnableGenerator

from assistant.answer_sentence import Detail, SentenceNearness
from assistant.asked_detail import asked_words
from assistant.compose import compose_extractive
from assistant.corpus import Corpus
from assistant.evidence import evidence_table, passage_of
from assistant.llm import (
    answer_messages,
    checked_text,
    rewrite_with_model,
    stream_answer,
    treatment_advice,
    validate_citations,
    with_resilience,
)
from assistant.missing_subject import unstudied_things
from assistant.models import Mode, Turn
from assistant.next_step import SUGGESTION_TOPICS, abstain_body, next_step, suggested_questions
from assistant.notices import route_notice
from assistant.overview_route import (
    OverviewMatch,
    PhrasingIndex,
    as_implied,
    asked_points_first,
    clearly_nearest,
    overview_body,
    pick_overview,
    points_for,
)
from assistant.question import asked_about
from assistant.retrieval import RetrievedSummary, as_retrieved
from assistant.safety_answers import DECISION_NOTICE, crisis_answer, emergency_answer
from assistant.small_talk import LIBRARY_QUESTIONS, REPLIES, library_reply
from assistant.steps import Draft, Piece, async_twin, citation, word_pieces
from assistant.unmentioned import answered_aspect, unmentioned_lead
from assistant.vocabulary import vocabulary_of
from knowledge.embeddings import model_id
from knowledge.topics import STARTER_QUESTIONS

if TYPE_CHECKING:
    from assistant.engine import AnswerEngine

log = logging.getLogger(__name__)


class Composers:
    """The composers of one engine, as Runnables, and the compose step over them."""

    def __init__(self, engine: AnswerEngine) -> None:
        self.engine = engine
        # A follow-up's detail is found among its summaries' sentences by meaning.
        embeddings = engine.retriever.embeddings
        cache = engine.settings.safety.cache_dir / f"sentences-{model_id(embeddings)}.npz"
        self.nearness = SentenceNearness(embeddings, cache=cache)
        self.embeddings = embeddings
        library_cache = engine.settings.safety.cache_dir / f"library-{model_id(embeddings)}.npz"
        self.library_questions = PhrasingIndex(LIBRARY_QUESTIONS, embeddings, library_cache)
        self.detail_floor = engine.settings.retrieval.lean_nearness
        # What a suggested question would cite, per library snapshot: worked out once.
        self._cited: weakref.WeakKeyDictionary[Corpus, dict[str, frozenset[str] | None]] = (
            weakref.WeakKeyDictionary()
        )
        self._cited_lock = threading.Lock()
        offline_fallback = RunnableGenerator(self._offline_fallback, name="offline_fallback")
        self.branch: Runnable[Draft, Piece] = RunnableBranch(
            (lambda d: not d.route.retrieves, RunnableGenerator(self._fixed, name="fixed")),
            (lambda d: d.small_talk is not None, RunnableGenerator(self._chat, name="small_talk")),
            (lambda d: d.abstains, RunnableGenerator(self._abstain, name="abstain")),
            (lambda d: d.overview is not None, RunnableGenerator(self._overview, name="overview")),
            (
                lambda d: engine.llm is not None,
                RunnableGenerator(self._model, name="chat_model").with_fallbacks(
                    [offline_fallback], exceptions_to_handle=(Exception,)
                ),
            ),
            RunnableGenerator(self._offline, name="offline"),
        )
        # LangChain passes ``config`` to a transform that takes it (its stubs omit that).
        self.step: Runnable[Draft, Piece] = RunnableGenerator(
            self._compose,  # type: ignore[arg-type]
            async_twin(self._compose, takes_config=True),
            name="compose",
        )

    def _compose(self, drafts: Iterator[Draft], config: RunnableConfig) -> Iterator[Piece]:
        for draft in drafts:
            if draft.route.retrieves:
                first = route_notice(draft.route, self.engine.settings.safety.locale)
                if first:
                    yield Piece(first, notice=True)
            draft.composed_at = time.perf_counter()
            yield from self.branch.stream(draft, config)

    # --- composers --------------------------------------------------------------------

    def _fixed(self, drafts: Iterator[Draft]) -> Iterator[Piece]:
        locale = self.engine.settings.safety.locale
        for draft in drafts:
            if draft.route.route == "crisis":
                # A crisis heard in one sentence is quoted back, and what else the message
                # asked is one click away; with nothing else said, the crisis answer stands.
                heard = draft.route.heard if draft.route.beside else ""
                draft.body = crisis_answer(locale, draft.route.person, heard)
                draft.follow_ups = [draft.route.beside] if draft.route.beside else []
            else:
                draft.body = emergency_answer(locale)
            draft.mode = "fixed"
            yield Piece(draft.body)
            yield Piece(draft=draft)

    def _chat(self, drafts: Iterator[Draft]) -> Iterator[Piece]:
        """The ``small_talk`` rule: a short fixed reply to a greeting, thanks or goodbye,
        and what the library holds to "what can I ask?"; those two also offer starter
        questions the library answers (as "no summary" does)."""
        for draft in drafts:
            assert draft.small_talk is not None
            draft.note("small_talk", draft.small_talk, "it asks nothing of the research")
            draft.mode = "fixed"
            draft.body = (
                library_reply(draft.corpus.summaries.values())
                if draft.small_talk == "library"
                else REPLIES[draft.small_talk]
            )
            if draft.small_talk in ("greeting", "library"):
                draft.suggested_questions = suggested_questions(
                    list(STARTER_QUESTIONS), self.cited_topics
                )
            yield Piece(draft.body)
            yield Piece(draft=draft)

    def _abstain(self, drafts: Iterator[Draft]) -> Iterator[Piece]:
        """The kind sentence and the next step: the closest topics, questions the
        library answers, and "did you mean" (see ``assistant.next_step``)."""
        for draft in drafts:
            ranked = self.engine.closest_topics(draft, SUGGESTION_TOPICS)
            step = next_step(draft.facts, vocabulary_of(draft.corpus), ranked, self.cited_topics)
            draft.body = abstain_body(step.topics, draft.unstudied, draft.none_left)
            draft.closest_topics = step.topics
            draft.suggested_questions = step.suggested_questions
            draft.did_you_mean = step.did_you_mean
            if step.did_you_mean:
                draft.note("did_you_mean", "offer", "a likely misspelling, answered as rewritten")
            yield Piece(draft.body)
            yield Piece(draft=draft)

    def _overview(self, drafts: Iterator[Draft]) -> Iterator[Piece]:
        for draft in drafts:
            corpus = draft.corpus
            match = draft.overview
            assert match is not None
            points = points_for(match.overview, draft.question, corpus.summaries)
            if len(points) < len(match.overview.points):
                left = len(match.overview.points) - len(points)
                draft.note("broad_route", "narrowed", f"{left} points on the other kind of MS")
            points, moved = asked_points_first(
                match.overview, points, draft.question, corpus, self.nearness
            )
            if moved:
                draft.note("broad_route", "ordered", f"nearest what is asked first: {moved}")
            cited = dict.fromkeys(i for p in points for i in p.cites if i in corpus.summaries)
            ids = draft.reached = list(cited)
            items = [as_retrieved(corpus.summaries[i], match.similarity) for i in ids]
            numbers = {s: n for n, s in enumerate(ids, 1)}
            draft.body = overview_body(points, match.overview.opening, numbers)
            yield from word_pieces(draft.body)
            draft.citations = [citation(n, it, passage_of(it)) for n, it in enumerate(items, 1)]
            draft.quoted_now = [p.text for p in points]
            draft.follow_ups = self.follow_ups(items, corpus)
            yield Piece(draft=draft)

    def _model(self, drafts: Iterator[Draft]) -> Iterator[Piece]:
        llm = self.engine.llm
        assert llm is not None
        for draft in drafts:
            messages = answer_messages(draft.standalone, draft.chosen, draft.audience)
            received: list[str] = []
            shown = False
            try:
                for text in checked_text(stream_answer(llm, messages), received):
                    shown = True
                    yield Piece(text)
            except Exception as exc:
                if not shown:
                    raise  # nothing shown yet: with_fallbacks composes offline
                log.warning("chat model failed mid-answer, answering offline: %s", exc)
            advice = treatment_advice("".join(received))
            if advice:
                yield from self._replace_advice(draft, advice[0])
                continue
            checked = validate_citations("".join(received), len(draft.chosen))
            if not checked.cited:
                draft.note("compose", "offline-fallback", "the model's answer cited no source")
                yield from self._offline_pieces(draft, "offline-fallback", stream=False)
                continue
            draft.mode, draft.body, draft.unsupported = "llm", checked.text, checked.unsupported
            draft.citations = [
                citation(n, draft.chosen[n - 1], draft.chosen[n - 1].passage.text)
                for n in checked.cited
            ]
            self._finish(draft, checked.cited)
            draft.note("compose", "llm", f"cited {checked.cited}")
            yield Piece(draft=draft)

    def _replace_advice(self, draft: Draft, phrase: str) -> Iterator[Piece]:
        """The ``answer_check`` rule: a model answer that advises starting, stopping or
        changing a treatment is replaced by the offline answer, under the care-team notice
        (the one a "should I stop my drug?" question gets)."""
        draft.note("answer_check", "offline-fallback", f"the model advised {phrase!r}")
        routes = (draft.route.route, *draft.route.also)
        if "medical_decision" not in routes:  # else the notice was shown before the answer
            draft.route = replace(draft.route, also=(*draft.route.also, "medical_decision"))
            yield Piece(DECISION_NOTICE, notice=True)
        yield from self._offline_pieces(draft, "offline-fallback", stream=False)

    def _offline_fallback(self, drafts: Iterator[Draft]) -> Iterator[Piece]:
        for draft in drafts:
            draft.note("compose", "offline-fallback", "the chat model failed")
            yield from self._offline_pieces(draft, "offline-fallback", stream=False)

    def _offline(self, drafts: Iterator[Draft]) -> Iterator[Piece]:
        for draft in drafts:
            yield from self._offline_pieces(draft, "offline", stream=True)

    def _offline_pieces(self, draft: Draft, mode: Mode, stream: bool) -> Iterator[Piece]:
        corpus = draft.corpus
        assert draft.facts is not None
        leaned_on = frozenset(draft.history[-1].cited_ids) if draft.history else frozenset()
        lead = draft.pick_lead if draft.pick_lead[0] else unmentioned_lead(
            draft.facts, draft.chosen, leaned_on, bool(draft.focus), corpus.terms,
            draft.audience, draft.asked_of_drug, corpus.share_using, self.nearness,
        )  # fmt: skip
        composed = compose_extractive(
            draft.chosen, draft.standalone, corpus.terms, corpus.idf, draft.audience,
            answered_aspect(draft.facts, lead[0]), draft.focus, draft.quoted,
            Detail(self.nearness, leaned_on, draft.facts.parts, self.detail_floor),
            draft.facts.aspects, asked_about(draft.facts), lead, asked_words(draft.facts),
        )  # fmt: skip
        draft.mode = mode
        draft.body, draft.quoted_now = composed.body, composed.quoted
        draft.trace += composed.steps
        draft.citations = [
            citation(n, draft.chosen[n - 1], composed.passages[n])
            for n in sorted(composed.passages)
        ]
        if draft.mode == "offline":
            draft.note("compose", "offline", f"aspect {draft.facts.aspect}")
        if stream:
            yield from word_pieces(draft.body)
        self._finish(draft, sorted(composed.passages))
        yield Piece(draft=draft)

    def _finish(self, draft: Draft, numbers: Sequence[int]) -> None:
        """Follow-up suggestions and the evidence table, from what is cited."""
        draft.follow_ups = self.follow_ups(draft.chosen, draft.corpus) if draft.chosen else []
        compares = draft.search_facts is not None and draft.search_facts.compares
        draft.evidence_table = evidence_table([(n, draft.chosen[n - 1]) for n in numbers], compares)

    # --- helpers ----------------------------------------------------------------------

    def question_vectors(self, draft: Draft) -> list[list[float]]:
        """The question's vectors for matching topic-wide answers: as searched, and as
        meant when that differs. "just diagnosed and scared, is there a cure?" asks about a
        cure, and on this site "is there a cure?" about a cure for MS (``as_implied``).
        Embedded once per turn."""
        assert draft.retrieval is not None and draft.facts is not None
        if draft.meant_vectors is None:
            facts = draft.facts
            meant = as_implied(facts.unframed, self.engine.settings.retrieval.implied_subject)
            extra = [] if meant == facts.corrected else [self.embeddings.embed_query(meant)]
            draft.meant_vectors = [list(draft.retrieval.query_vector), *extra]
        return draft.meant_vectors

    def asks_about_library(self, draft: Draft) -> bool:
        """The ``library_question`` rule: a question naming no drug or study that is
        clearly nearer one of the reviewed questions about the library ("which topics are
        covered?", "what research do you have?") than any study, as a broad question must
        be to get an overview, is answered with what the library holds (``small_talk``).
        A subject makes it less near: a study on it is nearer ("what research do you have
        on fatigue?"), or, when the library lacks it, the question is not near enough
        ("what do you know about acupuncture?")."""
        facts, retrieval = draft.facts, draft.retrieval
        if facts is None or retrieval is None or draft.focus or facts.names:
            return False
        found = self.library_questions.nearest(self.question_vectors(draft))
        if found is None:
            return False
        best = retrieval.best_similarity
        if not clearly_nearest(found[1], best, self.engine.settings.retrieval):
            return False
        said = self.library_questions.phrasings[found[0]]
        draft.note("library_question", "library", f"near “{said}” at {found[1]:.2f}; " \
            f"the best study is at {best:.2f}")  # fmt: skip
        draft.small_talk = "library"
        return True

    def broad_match(self, draft: Draft) -> OverviewMatch | None:
        """The ``broad_route`` rule: the overview for a broad question (one naming no
        drug or study); never for a follow-up or a filtered search, which ask about
        something narrower than the topic, nor when one study is nearer the question
        than the overview (that study answers it)."""
        overviews, facts, retrieval = self.engine.overviews, draft.facts, draft.retrieval
        if overviews is None or facts is None or retrieval is None or draft.focus:
            return None
        if draft.filters is not None and not draft.filters.is_empty():
            return None
        if not facts.broad:
            draft.note("broad_route", "no", f"it names {', '.join(facts.names)}")
            return None
        config = self.engine.settings.retrieval
        confident = retrieval.best_similarity >= config.confident_above  # as missing_subject
        if not confident and (things := unstudied_things(facts, draft.corpus)):
            # "does acupuncture help?" is near the exercise overview, which is not about it.
            named = " or ".join(" ".join(thing) for thing in things)
            draft.note("broad_route", "no", f"no summary names {named}, the thing it asks to act")
            return None
        threshold, best = config.overview_near_similarity, retrieval.best_similarity
        candidates = overviews.near(self.question_vectors(draft), draft.corpus, threshold)
        if not candidates:
            draft.note("broad_route", "no", f"no overview at {threshold}")
            return None
        # Only an overview clearly nearer than every study may answer (that study would).
        clear = [m for m in candidates if clearly_nearest(m.similarity, best, config)]
        if not clear:
            first = f"{candidates[0].overview.id} at {candidates[0].similarity:.2f}"
            why = f"{first}, not clearly nearer than a study ({best:.2f})"
            draft.note("broad_route", "no", why)
            return None
        found, why = pick_overview(clear, facts, retrieval, overviews, draft.corpus)
        if found is None:
            draft.note("broad_route", "no", why)
            return None
        near = f"{found.overview.id} at {found.similarity:.2f}"
        draft.note("broad_route", "overview", f"{near}; the best study is at {best:.2f}")
        return found

    def cited_topics(self, question: str) -> frozenset[str] | None:
        """The topics of the summaries ``question`` would cite (a dry run, no answer
        composed), or None when it would abstain or take a fixed safety route;
        remembered per library snapshot."""
        corpus = self.engine.retriever.corpus
        with self._cited_lock:
            known = self._cited.setdefault(corpus, {})
            if question in known:
                return known[question]
        draft = self.engine.dry_run(question)
        if not draft.route.retrieves or draft.abstains:
            found = None
        else:
            ids = [i.view.id for i in draft.chosen]
            if draft.overview is not None:
                ids += draft.overview.overview.cited_ids()
            views = draft.corpus.summaries
            found = frozenset(t for i in ids if i in views for t in views[i].topics)
        with self._cited_lock:
            known[question] = found
        return found

    def model_rewrite(self, question: str, history: Sequence[Turn]) -> str:
        """The chat model's standalone question for a follow-up, or "" when it fails."""
        llm = self.engine.llm
        assert llm is not None
        try:
            retried = with_resilience(llm, self.engine.settings.llm.max_retries)
            return rewrite_with_model(retried, question, history)
        except Exception as exc:  # any backend failure: the offline rewrite still works
            log.warning("model rewrite failed, using the offline rewrite: %s", exc)
            return ""

    def follow_ups(self, chosen: list[RetrievedSummary], corpus: Corpus) -> list[str]:
        """Suggested next questions: related studies in the answer's snapshot, then the
        top summary's topics."""
        top = chosen[0].view
        cited = {item.view.id for item in chosen}
        questions = [
            f"What did the study behind “{corpus.summaries[sid].title}” find?"
            for sid in self.engine.related_ids(top.id, top.topics, corpus)
            if sid not in cited and sid in corpus.summaries
        ][:2]
        questions += [f"What else does the research say about {t}?" for t in top.topics[:2]]
        return questions[:4]
