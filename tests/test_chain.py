"""The answer engine as a LangChain (LCEL) chain, and the trace of rules on every answer:
triage | rewrite | retrieve | select | compose | attach."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from typer.testing import CliRunner

from assistant.engine import AnswerEngine
from assistant.models import Answer
from assistant.steps import AnswerChunk
from knowledge.settings import Settings

COFFEE = "coffee-consumption-ms-risk-hedstrom-2016"
MINDFULNESS = "mindfulness-training-ms-quality-of-life-grossman-2010"
STEPS = ["triage", "rewrite", "retrieve", "select", "compose", "attach"]
ASKED = {"question": "Does coffee lower the risk of MS?"}
OCRELIZUMAB = "does ocrelizumab slow disability in primary progressive ms?"


# --- the chain as a Runnable ------------------------------------------------------------


def test_invoke_returns_one_chunk_with_the_whole_text_and_the_answer(
    engine: AnswerEngine,
) -> None:
    result = engine.chain.invoke(ASKED)
    assert isinstance(result, AnswerChunk) and isinstance(result.answer, Answer)
    assert [c.summary_id for c in result.answer.citations] == [COFFEE]
    assert result.text and result.text == result.answer.body
    streamed = list(engine.chain.stream(ASKED))
    assert result.text == "".join(chunk.text for chunk in streamed)


def test_stream_yields_text_then_one_chunk_with_the_answer(engine: AnswerEngine) -> None:
    chunks = list(engine.chain.stream(ASKED))
    assert all(isinstance(c, AnswerChunk) for c in chunks)
    *text, last = chunks
    assert len(text) > 3 and all(c.text and c.answer is None for c in text)
    assert last.answer is not None and last.text == ""
    assert last.answer.citations[0].summary_id == COFFEE


def test_the_plain_stream_matches_the_chain(engine: AnswerEngine) -> None:
    pieces = list(engine.stream(ASKED["question"]))
    *text, final = pieces
    assert isinstance(final, Answer) and all(isinstance(p, str) for p in text)
    assert "".join(str(p) for p in text) == engine.chain.invoke(ASKED).text


def test_batch_answers_each_question(engine: AnswerEngine) -> None:
    results = engine.chain.batch([ASKED, {"question": "does mindfulness training help?"}])
    assert len(results) == 2
    assert [r.answer.citations[0].summary_id for r in results if r.answer] == [
        COFFEE,
        MINDFULNESS,
    ]


def test_astream_events_reports_each_step(engine: AnswerEngine) -> None:
    async def names() -> list[tuple[str, str]]:
        return [
            (event["event"], event["name"])
            async for event in engine.chain.astream_events(ASKED, version="v2")
        ]

    events = asyncio.run(names())
    started = {name for kind, name in events if kind == "on_chain_start"}
    assert set(STEPS) <= started
    ended = [e for e in events if e[0] == "on_chain_end"]
    assert ended  # the chain ran to its end


class StepNames(BaseCallbackHandler):
    """A real callback handler: records the name of every chain that starts."""

    def __init__(self) -> None:
        self.started: list[str] = []

    def on_chain_start(
        self,
        serialized: dict[str, Any] | None,
        inputs: dict[str, Any] | Any,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        **kwargs: Any,
    ) -> None:
        self.started.append(kwargs.get("name") or (serialized or {}).get("name", ""))


def test_callbacks_see_each_step_in_order(engine: AnswerEngine) -> None:
    handler = StepNames()
    result = engine.chain.invoke(ASKED, config={"callbacks": [handler]})
    assert result.answer is not None and not result.answer.abstained
    steps = [name for name in handler.started if name in STEPS]
    assert steps == STEPS


# --- with a chat model ------------------------------------------------------------------


def fake(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=r) for r in replies]))


class DeadModel(GenericFakeChatModel):
    """A real chat model whose backend fails before its first token."""

    calls: int = 0

    def _stream(
        self, messages: list[BaseMessage], *args: Any, **kwargs: Any
    ) -> Iterator[ChatGenerationChunk]:
        self.calls += 1
        raise ConnectionError("backend unreachable")

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        self.calls += 1
        raise ConnectionError("backend unreachable")


def test_a_cited_model_answer_is_the_llm_mode(bundled_engine: AnswerEngine) -> None:
    model = fake("Ocrelizumab slowed disability [1].")
    engine = AnswerEngine(bundled_engine.settings, bundled_engine.retriever, llm=model)
    result = engine.chain.invoke({"question": OCRELIZUMAB})
    answer = result.answer
    assert answer is not None and answer.mode == "llm"
    assert answer.body == "Ocrelizumab slowed disability [1]."
    assert result.text == "Ocrelizumab slowed disability [1]."
    assert len(answer.citations) == 1 and "ocrelizumab" in answer.citations[0].summary_id
    assert ("compose", "llm") in [(s.rule, s.verdict) for s in answer.trace]


def test_a_model_failing_before_its_first_token_falls_back_offline(
    bundled_engine: AnswerEngine,
) -> None:
    model = DeadModel(messages=iter([]))
    engine = AnswerEngine(bundled_engine.settings, bundled_engine.retriever, llm=model)
    answer = engine.chain.invoke({"question": OCRELIZUMAB}).answer
    assert model.calls >= 1
    assert answer is not None and answer.mode == "offline-fallback"
    offline = bundled_engine.answer(OCRELIZUMAB)
    assert answer.body == offline.body
    assert [c.summary_id for c in answer.citations] == [c.summary_id for c in offline.citations]
    # The with_fallbacks path (nothing was shown), not the "cited no source" one.
    assert [s.reason for s in answer.trace if s.verdict == "offline-fallback"] == [
        "the chat model failed"
    ]


# --- the trace --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Does coffee lower the risk of MS?",
        "How do I bake sourdough bread?",
        "I want to end my life",
        "Should I stop my tysabri?",
    ],
)
def test_every_answer_has_a_trace_starting_with_triage(engine: AnswerEngine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.trace and answer.trace[0].rule == "triage"
    assert answer.trace[0].verdict == answer.safety
    assert all(step.reason for step in answer.trace)


def test_a_follow_up_carries_the_topic_on_its_trace(engine: AnswerEngine) -> None:
    first = engine.answer("Does coffee lower the risk of MS?")
    follow = engine.answer("did it help in both studies?", [first.as_turn()])
    steps = [(s.rule, s.verdict) for s in follow.trace]
    assert steps[0][0] == "triage" and ("follow_up", "carry topic") in steps
    assert "coffee" in follow.carried and follow.carried in follow.answer
    assert follow.citations[0].summary_id == COFFEE
    assert ("follow_up", "new topic") in [(s.rule, s.verdict) for s in first.trace]
    assert first.carried == ""


def test_a_new_topic_carries_nothing(engine: AnswerEngine) -> None:
    first = engine.answer("Does coffee lower the risk of MS?")
    new = engine.answer("does mindfulness training help?", [first.as_turn()])
    assert ("follow_up", "new topic") in [(s.rule, s.verdict) for s in new.trace]
    assert new.carried == "" and new.standalone_question == "does mindfulness training help?"
    assert COFFEE not in [c.summary_id for c in new.citations]


@pytest.mark.parametrize(
    "question",
    ["How do I bake sourdough bread?", "Who won the football world cup in 2018?"],
)
def test_an_abstention_trace_ends_with_abstain(engine: AnswerEngine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.abstained and answer.citations == []
    assert answer.trace[0].rule == "triage"
    assert answer.trace[-1].rule == "abstain" and answer.trace[-1].verdict == "abstain"


def test_a_spelling_correction_is_on_the_trace(engine: AnswerEngine) -> None:
    answer = engine.answer("does mindfullness help?")
    spelling = [s for s in answer.trace if s.rule == "spelling"]
    assert spelling and "mindfullness -> mindfulness" in spelling[0].reason
    assert answer.citations[0].summary_id == MINDFULNESS


# --- the CLI ----------------------------------------------------------------------------


def test_ask_explain_prints_why(engine_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from knowledge.cli import _load_plugins, app

    # Only the fixture library and its index (the session's triage cache stays).
    for key in [k for k in os.environ if k.startswith("MSRA_") and "SAFETY" not in k]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("MSRA_LIBRARY__DIRECTORY", str(engine_settings.library.directory))
    monkeypatch.setenv("MSRA_STORE__PATH", str(engine_settings.store.path))
    _load_plugins()
    result = CliRunner().invoke(app, ["ask", "Does coffee lower the risk of MS?", "--explain"])
    assert result.exit_code == 0, result.output
    answer, why = result.output.split("Why this answer:", 1)
    assert "[1]" in answer
    lines = [line.strip() for line in why.strip().splitlines()]
    assert lines[0].startswith("1. triage: ")
    assert any(line.split(". ", 1)[1].startswith("close_enough: cite") for line in lines)
    assert [int(line.split(".", 1)[0]) for line in lines] == list(range(1, len(lines) + 1))
    plain = CliRunner().invoke(app, ["ask", "Does coffee lower the risk of MS?"])
    assert plain.exit_code == 0 and "Why this answer:" not in plain.output
