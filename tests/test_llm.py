"""The chat-model path: fake chat models and a fake OpenAI-compatible server, never a live one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import openai
import pytest
from fake_openai import Script, fake_openai_server
from langchain.chat_models import init_chat_model
from langchain_anthropic import ChatAnthropic
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGenerationChunk
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from assistant.engine import AnswerEngine
from assistant.llm import make_chat_model, validate_citations, with_resilience
from assistant.models import Answer
from knowledge.errors import ConfigError
from knowledge.settings import LLMSettings, Settings

COFFEE = "coffee-consumption-ms-risk-hedstrom-2016"


def with_model(engine: AnswerEngine, model: Any) -> AnswerEngine:
    return AnswerEngine(engine.settings, engine.retriever, model)


def fake(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=r) for r in replies]))


def test_validate_citations_drops_unretrieved_and_flags_uncited() -> None:
    checked = validate_citations(
        "Coffee helps [1]. Tea cures MS [7]. Another claim with no source here.", 2
    )
    assert checked.text == "Coffee helps [1]. Tea cures MS. Another claim with no source here."
    assert checked.cited == [1]
    assert checked.unsupported == ["Tea cures MS.", "Another claim with no source here."]


def test_model_answer_keeps_only_retrieved_citations(engine: AnswerEngine) -> None:
    model = fake(
        "People who drank more coffee had lower odds of MS [1]. A made-up study says so too [9]."
    )
    answer = with_model(engine, model).answer("Does coffee lower MS risk?")
    assert answer.mode == "llm"
    assert "[9]" not in answer.answer
    assert [c.summary_id for c in answer.citations] == [COFFEE]
    assert answer.citations[0].caveats.startswith("People had to remember")
    assert answer.unsupported_sentences == ["A made-up study says so too."]


def test_streaming_pieces_come_from_the_model(engine: AnswerEngine) -> None:
    model = fake("Heavy coffee drinkers had lower odds of MS [1].")
    pieces = list(with_model(engine, model).stream("Does coffee lower MS risk?"))
    assert len([p for p in pieces if isinstance(p, str)]) > 3
    assert isinstance(pieces[-1], Answer) and pieces[-1].mode == "llm"


def test_answer_with_no_valid_citation_falls_back_to_offline(engine: AnswerEngine) -> None:
    answer = with_model(engine, fake("Coffee is great [5].")).answer("Does coffee lower MS risk?")
    assert answer.mode == "offline-fallback"
    assert answer.citations and answer.citations[0].summary_id == COFFEE


class BrokenModel(GenericFakeChatModel):
    """A real chat-model subclass whose backend always fails."""

    def _stream(
        self, messages: list[BaseMessage], *args: Any, **kwargs: Any
    ) -> Iterator[ChatGenerationChunk]:
        raise TimeoutError("backend timed out")


def test_backend_failure_falls_back_and_says_so(engine: AnswerEngine) -> None:
    answer = with_model(engine, BrokenModel(messages=iter([]))).answer("Does coffee lower MS risk?")
    assert answer.mode == "offline-fallback"
    assert answer.citations[0].summary_id == COFFEE


def test_safety_routes_never_reach_the_model(engine: AnswerEngine) -> None:
    answer = with_model(engine, BrokenModel(messages=iter([]))).answer("I want to kill myself")
    assert answer.safety == "crisis" and answer.mode == "fixed"


def openai_settings(base: Settings, url: str, retries: int = 0) -> LLMSettings:
    return LLMSettings(
        provider="openai-compatible",
        model="fake-llama",
        base_url=url,
        max_retries=retries,
        timeout_s=5,
    )


def test_openai_compatible_server_streams_a_cited_answer(engine: AnswerEngine) -> None:
    script = Script(reply="Heavy coffee drinkers had lower odds of MS [1].")
    with fake_openai_server(script) as url:
        model = make_chat_model(openai_settings(engine.settings, url))
        answer = with_model(engine, model).answer("Does coffee lower MS risk?")
    assert answer.mode == "llm" and answer.answer.startswith(
        "Heavy coffee drinkers had lower odds of MS [1]."
    )
    request = script.requests[-1]
    assert request["model"] == "fake-llama" and request["stream"] is True
    prompt = " ".join(m["content"] for m in request["messages"])
    assert "[1]" in prompt and "<question>" in prompt


def test_rate_limits_are_retried_then_answered(engine: AnswerEngine) -> None:
    script = Script(reply="Coffee drinkers had lower odds [1].", fail_first=1)
    with fake_openai_server(script) as url:
        model = make_chat_model(openai_settings(engine.settings, url, retries=2))
        answer = with_model(engine, model).answer("Does coffee lower MS risk?")
    assert len(script.requests) == 2 and answer.mode == "llm"


def test_server_errors_fall_back_to_offline(engine: AnswerEngine) -> None:
    script = Script(fail_first=99, fail_status=500)
    with fake_openai_server(script) as url:
        model = make_chat_model(openai_settings(engine.settings, url, retries=1))
        answer = with_model(engine, model).answer("Does coffee lower MS risk?")
    assert answer.mode == "offline-fallback" and len(script.requests) == 2
    assert answer.citations[0].summary_id == COFFEE


def test_history_aware_rewrite_uses_the_model(engine: AnswerEngine) -> None:
    first = engine.answer("Does coffee lower MS risk?")
    model = fake(
        "Did coffee drinking lower MS risk in both studies?",
        "Yes, in both studies heavy coffee drinkers had lower odds [1].",
    )
    answer = with_model(engine, model).answer("in both studies?", [first.as_turn()])
    assert answer.standalone_question == "Did coffee drinking lower MS risk in both studies?"
    assert answer.mode == "llm"


def test_backend_choice_and_config_errors() -> None:
    assert make_chat_model(LLMSettings()) is None
    with pytest.raises(ConfigError, match="MODEL"):
        make_chat_model(LLMSettings(provider="openai"))
    with pytest.raises(ConfigError, match="BASE_URL"):
        make_chat_model(LLMSettings(provider="openai-compatible", model="m"))
    anthropic = make_chat_model(
        LLMSettings(provider="anthropic", model="claude-x", api_key=SecretStr("k"), timeout_s=9)
    )
    assert isinstance(anthropic, ChatAnthropic)
    assert anthropic.model == "claude-x" and anthropic.default_request_timeout == 9
    assert anthropic.anthropic_api_key.get_secret_value() == "k"


def key_of(model: ChatOpenAI) -> str:
    """The API key the client will send."""
    assert isinstance(model.openai_api_key, SecretStr)
    return model.openai_api_key.get_secret_value()


def test_models_are_built_by_init_chat_model(monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.llm as llm

    calls: list[dict[str, Any]] = []

    def recording(*args: Any, **kwargs: Any) -> Any:
        calls.append({"args": args, **kwargs})
        return init_chat_model(*args, **kwargs)

    monkeypatch.setattr(llm, "init_chat_model", recording)
    model = make_chat_model(
        LLMSettings(provider="openai", model="gpt-4o-mini", api_key=SecretStr("sk"), max_retries=4)
    )
    assert isinstance(model, ChatOpenAI) and calls[-1]["model_provider"] == "openai"
    assert model.model_name == "gpt-4o-mini" and model.openai_api_base is None
    assert model.max_retries == 4 and model.streaming is True
    assert key_of(model) == "sk"
    # An Ollama-style name with a colon stays the model name, not a provider prefix.
    local = make_chat_model(
        LLMSettings(
            provider="openai-compatible",
            model="llama3.1:8b",
            base_url="http://127.0.0.1:11434/v1",
            temperature=0.5,
            timeout_s=12,
        )
    )
    assert isinstance(local, ChatOpenAI) and calls[-1]["args"] == ("llama3.1:8b",)
    assert local.model_name == "llama3.1:8b"
    assert local.openai_api_base == "http://127.0.0.1:11434/v1"
    assert local.temperature == 0.5 and local.request_timeout == 12
    assert key_of(local) == "not-needed"


def test_resilience_retries_a_failed_call(engine: AnswerEngine) -> None:
    script = Script(reply="Coffee drinkers had lower odds [1].", fail_first=1, fail_status=500)
    messages = [HumanMessage("Does coffee lower MS risk?")]
    with fake_openai_server(script) as url:
        model = make_chat_model(openai_settings(engine.settings, url, retries=0))
        assert model is not None
        reply = with_resilience(model, retries=1).invoke(messages)
    assert reply.text == "Coffee drinkers had lower odds [1]." and len(script.requests) == 2


def test_resilience_does_not_retry_a_stream(engine: AnswerEngine) -> None:
    script = Script(reply="Coffee drinkers had lower odds [1].", fail_first=1, fail_status=500)
    messages = [HumanMessage("Does coffee lower MS risk?")]
    with fake_openai_server(script) as url:
        model = make_chat_model(openai_settings(engine.settings, url, retries=0))
        assert model is not None
        resilient = with_resilience(model, retries=3)
        with pytest.raises(openai.InternalServerError):
            list(resilient.stream(messages))
        assert len(script.requests) == 1
        pieces = [chunk.text for chunk in resilient.stream(messages)]
    assert "".join(pieces) == "Coffee drinkers had lower odds [1]." and len(pieces) > 3
