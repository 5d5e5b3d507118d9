"""A crisis reading that rests on the library's topic words is read again without them."""

from __future__ import annotations

import pytest

from assistant.crisis_reread import route_words, without_topics
from assistant.exemplars import Exemplar
from assistant.triage import SafetyTriage
from knowledge.settings import Settings


def _exemplar(text: str, route: str) -> Exemplar:
    return Exemplar(text=text, route=route, group="g")  # type: ignore[arg-type]


def test_crisis_words_are_those_a_larger_share_of_crisis_phrasings_use() -> None:
    bank = [
        _exemplar("saving up my pills", "crisis"),
        _exemplar("hoping the relapse takes me", "crisis"),
        _exemplar("what dose of pills did they use", "none"),
        _exemplar("did the relapse rate fall", "none"),
        _exemplar("how many relapses a year", "none"),
        _exemplar("relapse after the infusion", "urgent"),
    ]
    words = route_words(bank, "crisis")
    # "pills": 1 of 2 crisis phrasings, 1 of 4 others; "relapse": 1 of 2 against 2 of 4.
    assert {"pills", "hoping", "takes", "saving"} <= words
    assert "relapse" not in words and "dose" not in words


def test_topic_words_are_written_as_ms_but_crisis_words_are_kept() -> None:
    text = "Hoping the PML gets me, and the infusion pills too"
    again = without_topics(text, ["pml", "infusion", "pills"], keep=frozenset({"pills"}))
    assert again == "Hoping the MS gets me, and the MS pills too"


@pytest.fixture(scope="module")
def real_model_triage() -> SafetyTriage:
    from knowledge.embeddings import OnnxMiniLMEmbeddings

    return SafetyTriage(Settings(_env_file=None).safety, OnnxMiniLMEmbeddings())  # type: ignore[call-arg]


def _with_topics(triage: SafetyTriage, topics: list[str]) -> SafetyTriage:
    return SafetyTriage(triage.config, triage.embeddings, triage.model(), lambda _: topics)


def test_a_crisis_reading_resting_on_the_topics_takes_the_next_route(
    real_model_triage: SafetyTriage,
) -> None:
    question = "which one is safer for the heart?"
    # Alone, the model reads it as a crisis (the bank's method phrasings ask what stops a
    # heart); written with its topic words as "MS", it is near no crisis phrasing.
    assert real_model_triage.triage(question).route == "crisis"
    reread = _with_topics(real_model_triage, ["safer", "heart"]).triage(question)
    assert reread.route == "none"
    assert reread.resources  # recall first: the crisis lines stay beside the answer


def test_a_crisis_that_talks_about_ms_treatments_stays_a_crisis(
    real_model_triage: SafetyTriage,
) -> None:
    question = "every time i get my infusion i secretly hope the PML gets me and it's over"
    reread = _with_topics(real_model_triage, ["infusion", "pml"]).triage(question)
    assert reread.route == "crisis"


def test_the_engine_reads_a_question_without_the_library_topics(bundled_engine) -> None:  # type: ignore[no-untyped-def]
    topics = bundled_engine.triage.topic_words
    assert topics is not None
    assert "dose" in topics("whats the highest dose they took")
    assert "tattoo" not in topics("can a tattoo set off a relapse?")  # no summary uses it
    route = bundled_engine.route("whats the highest dose they took", [])
    assert route.route == "none" and route.resources
