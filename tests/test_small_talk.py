"""Greetings, thanks and goodbyes get a short reply and carry nothing."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

from assistant.engine import AnswerEngine
from assistant.small_talk import REPLIES, SmallTalk, small_talk


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("hi", "greeting"),
        ("Hello!", "greeting"),
        ("what can you do?", "greeting"),
        ("ok thanks", "thanks"),
        ("thanks so much for your help!", "thanks"),
        ("Thank you 🙏", "thanks"),
        ("cheers, that helps", "thanks"),
        ("no thanks", "thanks"),
        ("bye", "goodbye"),
        ("ok", "acknowledgement"),
        ("got it, makes sense", "acknowledgement"),
    ],
)
def test_pleasantries_are_read_as_such(message: str, kind: SmallTalk) -> None:
    assert small_talk(message) == kind


@pytest.mark.parametrize(
    "message",
    [
        "thanks, and what about side effects?",  # it asks something too
        "help",  # may be a person in trouble: for triage and the research answer
        "goodbye everyone",
        "I want to say goodbye",
        "hi, does coffee lower the risk of ms?",
        "what do you know about ocrevus?",  # a question about a drug, not the library
    ],
)
def test_a_message_asking_or_telling_anything_else_is_not_small_talk(message: str) -> None:
    assert small_talk(message) is None


def test_thanks_gets_a_short_reply_and_the_next_turn_leans_on_the_answer_before(
    bundled_engine: AnswerEngine,
) -> None:
    """ "ok thanks" once got the last answer again; and "what about side effects?" after
    it leans on the answer before the thanks."""
    first = bundled_engine.answer("is fampridine any good")
    thanks = bundled_engine.answer("ok thanks", [first.as_turn()])
    assert thanks.body == REPLIES["thanks"] and not thanks.citations
    assert not thanks.abstained and not thanks.carried and not thanks.retrieved
    assert [(s.rule, s.verdict) for s in thanks.trace][-1] == ("small_talk", "thanks")
    harms = bundled_engine.answer("what about side effects?", [first.as_turn(), thanks.as_turn()])
    assert [c.summary_id for c in harms.citations] == [c.summary_id for c in first.citations]
    assert harms.carried == "Taken as a follow-up to “is fampridine any good”"


def test_a_greeting_says_what_the_assistant_does_and_offers_questions(
    bundled_engine: AnswerEngine,
) -> None:
    hello = bundled_engine.answer("hi")
    assert hello.body == REPLIES["greeting"] and not hello.abstained
    assert "can't give personal medical advice" in hello.body
    assert len(hello.suggested_questions) == 3


def test_a_farewell_that_triage_routes_is_not_small_talk(bundled_engine: AnswerEngine) -> None:
    """Small talk is read only when triage found no route at all."""
    farewell = bundled_engine.answer("goodbye everyone, I won't be around much longer")
    assert farewell.safety == "crisis"
    assert not any(step.rule == "small_talk" for step in farewell.trace)


def test_small_talk_never_reaches_the_chat_model(bundled_engine: AnswerEngine) -> None:
    model = GenericFakeChatModel(messages=iter([]))  # no reply to give: a call would fail
    engine = AnswerEngine(bundled_engine.settings, bundled_engine.retriever, llm=model)
    answer = engine.answer("thanks so much!")
    assert answer.body == REPLIES["thanks"] and answer.mode == "fixed"


def test_asking_what_the_library_covers_is_told_its_size_and_commonest_topics(
    bundled_engine: AnswerEngine,
) -> None:
    """ "what topics do you cover?" once got "The library has no summary on this yet"."""
    covers = bundled_engine.answer("what topics do you cover?")
    summaries = bundled_engine.retriever.corpus.summaries
    assert f"It holds {len(summaries)} summaries on " in covers.body
    assert "relapses" in covers.body and not covers.abstained and covers.suggested_questions


@pytest.mark.parametrize(
    "question",
    [
        "which topics are covered?",
        "what research do you have?",
        "hello! what can i ask about?",
        "what kind of studies are in here?",
    ],
)
def test_a_question_about_the_library_is_told_what_it_holds_by_meaning(
    bundled_engine: AnswerEngine, question: str
) -> None:
    """Questions about the library are told apart by meaning, not a phrase list: clearly
    nearer a reviewed question about the library than any study, as a broad question must
    be to get an overview. "which topics are covered?" once got "no summary on this"."""
    answer = bundled_engine.answer(question)
    assert "summaries on" in answer.body and not answer.citations
    assert [s.rule for s in answer.trace][-2:] == ["library_question", "small_talk"]


@pytest.mark.parametrize(
    "question",
    [
        "what research do you have on fatigue?",  # a study on fatigue is nearer
        "what do you know about acupuncture?",  # a subject the library lacks
    ],
)
def test_a_question_about_a_subject_is_not_a_question_about_the_library(
    bundled_engine: AnswerEngine, question: str
) -> None:
    answer = bundled_engine.answer(question)
    assert "library_question" not in [s.rule for s in answer.trace]
    assert "summaries on" not in answer.body
