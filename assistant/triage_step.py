"""The answer chain's first step: the question checked and read as text, then routed for
safety in its conversation (the message's triage, then, for a follow-up the classifier
alone routed, ``turn_triage``)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from assistant.audiences import audience_named
from assistant.corpus import Corpus
from assistant.models import Turn
from assistant.question import QuestionFacts, analyse
from assistant.retrieval import HybridRetriever
from assistant.rewrite import in_conversation
from assistant.safety import Triage
from assistant.small_talk import carrying, small_talk
from assistant.steps import Draft
from assistant.triage import SafetyTriage
from assistant.turn_triage import may_yield, route_in_conversation
from assistant.vocabulary import vocabulary_of
from knowledge.errors import InputError
from knowledge.settings import LimitSettings

#: Control characters (terminal escapes, NUL) are not part of a question.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def question_text(value: object) -> str:
    """The question as text: whitespace collapsed, control characters removed. Text that
    is not valid Unicode (a lone surrogate, undecodable bytes from a terminal) is an
    InputError with a hint, never a traceback from deeper down."""
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            "the question contains characters that are not valid text",
            hint="Retype the question, or paste it as plain text.",
        ) from exc
    return " ".join(CONTROL_CHARS.sub(" ", text).split())


class LastAnalysis:
    """The analysis of the text last analysed, on its library snapshot. The crisis re-read
    and the route in conversation read the same turn: it is analysed once."""

    def __init__(self) -> None:
        self._last: tuple[str, Corpus, QuestionFacts] | None = None

    def of(self, text: str, corpus: Corpus) -> QuestionFacts:
        """The text's analysis on ``corpus``, made unless it was the last one made."""
        last = self._last  # read once: another thread may replace it meanwhile
        if last is not None and last[0] == text and last[1] is corpus:
            return last[2]
        facts = analyse(text, vocabulary_of(corpus), corpus)
        self._last = (text, corpus, facts)
        return facts


def library_topics(
    retriever: HybridRetriever, analyses: LastAnalysis | None = None
) -> Callable[[str], list[str]]:
    """A question's topic words (from its analysis) that the library's summaries use, on
    the retriever's current snapshot: what ``SafetyTriage`` reads a crisis reading without."""
    made = analyses or LastAnalysis()

    def topics(question: str) -> list[str]:
        corpus = retriever.corpus
        facts = made.of(question, corpus)
        return [w for w in facts.topic if w in vocabulary_of(corpus).text_words]

    return topics


class TriageStep:
    """Checks a turn's input and routes it; the triage and retriever are passed in."""

    def __init__(
        self,
        limits: LimitSettings,
        triage: SafetyTriage,
        retriever: HybridRetriever,
        analyses: LastAnalysis | None = None,
    ) -> None:
        """``analyses`` is shared with the triage's crisis re-read (``library_topics``)."""
        self.limits = limits
        self.triage = triage
        self.retriever = retriever
        self.analyses = analyses or LastAnalysis()

    def route(self, question: str, history: Sequence[Turn] = ()) -> Triage:
        """The safety route of a turn in its conversation."""
        return self._routed(question, history, self.retriever.corpus)[0]

    def _routed(
        self, question: str, history: Sequence[Turn], corpus: Corpus
    ) -> tuple[Triage, QuestionFacts | None]:
        """The route, and the turn's analysis in its conversation when the route needed it
        (the rewrite step takes it up rather than analysing the turn again)."""
        route = self.triage.triage(question)
        if not history or not may_yield(route):
            return route, None  # nothing the conversation can change: no analysis needed
        facts = in_conversation(self.analyses.of(question, corpus), history, corpus)
        classify = lambda text: self.triage.classify([text])[0]  # noqa: E731
        return route_in_conversation(route, facts, history, classify), facts

    def draft(self, inputs: dict[str, Any]) -> Draft:
        """The draft of one turn ({"question", "history", "audience", "filters"}), routed;
        bad input is an InputError with a hint."""
        text = question_text(inputs["question"])
        history: Sequence[Turn] = inputs.get("history") or ()
        self._check(text, history)
        history = carrying(history)  # a "thanks" turn carries no topic
        audience = audience_named(inputs.get("audience") or "patient")
        corpus = self.retriever.corpus
        route, facts = self._routed(text, history, corpus)
        draft = Draft(
            text, history, audience, inputs.get("filters"),
            time.perf_counter(), route, corpus, standalone=text, facts=facts,
        )  # fmt: skip
        why = route.matched or "no safety pattern or exemplar near"
        # A matched pattern can be a long drug alternation; the full text is safety_reason.
        draft.note("triage", route.route, why if len(why) <= 160 else why[:157] + "...")
        # Only after triage, and only with no route at all: "goodbye" can be a farewell.
        if route.route == "none" and not route.resources:
            draft.small_talk = small_talk(text)
        return draft

    def _check(self, text: str, history: Sequence[Turn]) -> None:
        limits = self.limits
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
