"""A follow-up asking for the library's other studies on what was just answered."""

from __future__ import annotations

import pytest

from assistant.engine import AnswerEngine
from assistant.models import Answer
from assistant.more_studies import MoreAsked, more_asked, title_subject
from assistant.vocabulary import lead_text


@pytest.mark.parametrize(
    ("question", "newer", "drug"),
    [
        ("are there other studies on this", False, False),
        ("any other research on natalizumab?", False, False),
        ("are there any other pregnancy studies?", False, False),
        ("more research on this drug?", False, True),
        ("anything else on tolebrutinib?", False, False),
        ("anything newer?", True, False),
        ("is there anything more recent?", True, False),
        ("any newer research?", True, False),
        # The site's own words for its pages.
        ("are there related articles?", False, False),
        ("any other summaries on this?", False, False),
    ],
)
def test_asking_for_other_studies_is_read(question: str, newer: bool, drug: bool) -> None:
    asked = more_asked(question)
    assert isinstance(asked, MoreAsked)
    assert (asked.newer, asked.drug) == (newer, drug)


@pytest.mark.parametrize(
    "question",
    [
        "what did the study find?",
        # One trial like the last, asked with what it found: the last study's own text may
        # name it (SUNBEAM's names its companion trial), so it leans on that study.
        "was there another trial like that one, and did it find the same thing?",
        "any side effects?",
    ],
)
def test_other_questions_do_not_ask_for_more(question: str) -> None:
    assert more_asked(question) is None


def ids(answer: Answer) -> list[str]:
    return [c.summary_id for c in answer.citations]


def test_none_left_is_said_plainly(bundled_engine: AnswerEngine) -> None:
    """ "are there other studies on this" after the smoking study once gave the same study
    again; the library has no other on smoking, and the answer says so."""
    first = bundled_engine.answer("does smoking make ms worse")
    assert ids(first) == ["smoking-cessation-ms-progression-ramanujam-2015"]
    more = bundled_engine.answer("are there other studies on this", [first.as_turn()])
    assert more.abstained and not more.citations
    assert more.body.startswith(
        "The library has no other summary on this than the one in the last answer."
    )
    assert more.carried == "Taken as a follow-up to “does smoking make ms worse”"
    newer = bundled_engine.answer("anything newer?", [first.as_turn()])
    assert newer.body.startswith("The library has no summary on this newer than the one")


def test_other_studies_on_the_drug_leave_out_the_last_and_name_it_up_front(
    bundled_engine: AnswerEngine,
) -> None:
    first = bundled_engine.answer("what did the affirm trial find")
    assert ids(first) == ["affirm-natalizumab-mri-outcomes"]
    more = bundled_engine.answer("any other research on natalizumab?", [first.as_turn()])
    cited = ids(more)
    assert cited and "affirm-natalizumab-mri-outcomes" not in cited
    corpus = bundled_engine.retriever.corpus
    views = [corpus.summaries[i] for i in cited]
    assert all("natalizumab" in lead_text(v).lower() for v in views)
    assert [v.published for v in views] == sorted((v.published for v in views), reverse=True)
    assert any(step.rule == "more_studies" and step.verdict == "cite" for step in more.trace)


def test_a_study_named_only_by_its_trial_name_is_about_what_its_title_names(
    bundled_engine: AnswerEngine,
) -> None:
    """ "what did the PRIMS study find?" names only the trial: "anything more recent?"
    asks for newer studies on what PRIMS was about, pregnancy and birth."""
    first = bundled_engine.answer("what did the prims study find")
    assert ids(first) == ["prims-pregnancy-relapse-rate-confavreux-1998"]
    newer = bundled_engine.answer("is there anything more recent?", [first.as_turn()])
    assert ids(newer) == ["pregnancy-relapses-breastfeeding-kaiser-langer-gould-2020"]


def test_asking_for_research_on_a_subject_of_its_own_starts_a_new_topic(
    bundled_engine: AnswerEngine,
) -> None:
    first = bundled_engine.answer("what did the affirm trial find")
    yoga = bundled_engine.answer("any other research on yoga?", [first.as_turn()])
    assert "yoga-and-exercise-fatigue-ms-oken-2004" in ids(yoga)
    assert not any(step.rule == "more_studies" for step in yoga.trace)
    # A drug none of the last answer's studies names is a subject of its own too.
    other = bundled_engine.answer("any other research on ocrelizumab?", [first.as_turn()])
    assert not other.carried and "opera-ocrelizumab-relapsing-ms" in ids(other)
    assert not any(step.rule == "more_studies" for step in other.trace)


def test_what_a_title_names_is_its_unknown_words_else_its_nouns(
    bundled_engine: AnswerEngine,
) -> None:
    summaries = bundled_engine.retriever.corpus.summaries
    ebv = summaries["ebv-ms-risk-us-military-bjornevik-2022"]
    prims = summaries["prims-pregnancy-relapse-rate-confavreux-1998"]
    assert ebv.title == "Epstein-Barr Virus Infection Came Before MS in Nearly Every Case"
    assert title_subject(ebv) == ["epstein", "barr"]  # not "virus": the JC virus is another
    assert title_subject(prims) == ["pregnancy", "birth"]


def test_other_studies_are_other_than_any_the_conversation_has_shown(
    bundled_engine: AnswerEngine,
) -> None:
    first = bundled_engine.answer("what do we know about natalizumab")
    newest = bundled_engine.answer("which was the newest one", [first.as_turn()])
    more = bundled_engine.answer("any other studies?", [first.as_turn(), newest.as_turn()])
    assert ids(more) and not set(ids(more)) & set(ids(first))
