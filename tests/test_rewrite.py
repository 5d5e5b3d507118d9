"""The offline follow-up rewrite: what carries over from the previous turn."""

from __future__ import annotations

import pytest

from assistant.models import Turn
from assistant.rewrite import rewrite_offline, shifts_topic

OCREVUS = Turn(
    question="my neurologist wants me on ocrevus instead of my interferon shots?",
    standalone="my neurologist wants me on ocrelizumab instead of my interferon shots?",
)


def test_a_standalone_question_is_left_alone() -> None:
    question = "Does coffee lower the risk of MS?"
    assert rewrite_offline(question, [OCREVUS]) == question
    assert rewrite_offline("did it help?", []) == "did it help?"


def test_a_leaning_follow_up_carries_the_previous_topic() -> None:
    rewritten = rewrite_offline("did it reduce relapses?", [OCREVUS])
    assert (
        rewritten
        == "neurologist wants ocrelizumab instead interferon shots: did it reduce relapses?"
    )


def test_a_new_subject_carries_only_the_names() -> None:
    rewritten = rewrite_offline("and what about people with primary progressive?", [OCREVUS])
    assert rewritten == "ocrelizumab interferon: and what about people with primary progressive?"


def test_a_new_subject_without_names_keeps_the_whole_topic() -> None:
    previous = Turn(question="Do men get worse faster than women?")
    rewritten = rewrite_offline("what about primary progressive?", [previous])
    assert rewritten == "men get worse faster women: what about primary progressive?"


@pytest.mark.parametrize(
    ("question", "shifts"),
    [
        ("and what about people with primary progressive?", True),
        ("what about children under ten?", True),
        ("what about it?", False),
        ("did it help relapses?", False),
    ],
)
def test_shifts_topic(question: str, shifts: bool) -> None:
    assert shifts_topic(question) is shifts


def test_what_about_carries_the_topic_not_the_last_aspect() -> None:
    exercise = Turn(
        question="does exercise help?", standalone="helps MS fatigue: does exercise help?"
    )
    assert rewrite_offline("what about medication?", [exercise]) == (
        "helps MS fatigue: what about medication?"
    )
    # A pronoun still means the last aspect.
    assert rewrite_offline("did it help walking?", [exercise]) == (
        "helps MS fatigue exercise help: did it help walking?"
    )


def test_my_infusions_means_the_drug_already_named() -> None:
    tysabri = Turn(question="I'm on Tysabri", standalone="I'm on natalizumab")
    assert rewrite_offline("can I space out my infusions?", [tysabri]) == (
        "I'm natalizumab: can I space out my infusions?"
    )
