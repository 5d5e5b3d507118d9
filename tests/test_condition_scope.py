"""A study of another condition (NMOSD, MOGAD) answers only a conversation that names it."""

from __future__ import annotations

import pytest

from assistant.condition_scope import conditions_named, conditions_of, other_condition
from assistant.corpus import Corpus, complete_summaries
from assistant.engine import AnswerEngine
from assistant.missing_subject import Decision
from assistant.models import Turn
from assistant.question import analyse
from assistant.retrieval import RetrievedSummary
from assistant.vocabulary import vocabulary_of
from knowledge.chunking import chunk_summary
from knowledge.library import load_library
from knowledge.settings import Settings

MOGAD_TAPER = "mogad-oral-steroid-taper-first-relapse-trewin-2024"
NMOSD_SATRALIZUMAB = "sakurastar-satralizumab-monotherapy"
NMOSD_ECULIZUMAB = "prevent-eculizumab-nmosd-long-term"
OPTIC_NEURITIS_POOLED = "aqp4-mog-optic-neuritis-oct-meta-analysis-filippatou-2020"
MS_CLADRIBINE = "clarity-cladribine-tablets"
IDS = [MOGAD_TAPER, NMOSD_SATRALIZUMAB, NMOSD_ECULIZUMAB, OPTIC_NEURITIS_POOLED, MS_CLADRIBINE]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    """The bundled summaries of two other conditions, a pooled optic neuritis study and
    an MS trial."""
    library = load_library(Settings(_env_file=None).library.directory).summaries  # type: ignore[call-arg]
    return Corpus([c for sid in IDS for c in chunk_summary(library[sid])])


def kept(question: str, corpus: Corpus, history: list[Turn] | None = None) -> list[str]:
    """The ids left of all five when the conversation asks ``question``."""
    views = complete_summaries(corpus.chunks)
    found = [RetrievedSummary(views[sid], 0.6, 0.6, views[sid].chunks[0]) for sid in IDS]
    facts = analyse(question, vocabulary_of(corpus), corpus)
    named = conditions_named(facts, history or [], corpus)
    return [item.view.id for item in other_condition(found, named, Decision())]


def test_a_study_of_another_condition_is_read_from_who_was_studied(corpus: Corpus) -> None:
    """The card's population says which condition was studied: a pooled study of people
    with optic neuritis, tagged NMOSD and MOGAD too, studies MS's optic neuritis as well."""
    views = corpus.summaries
    assert conditions_of(views[MOGAD_TAPER]) == {"mogad"}
    assert conditions_of(views[NMOSD_SATRALIZUMAB]) == {"nmosd"}
    assert conditions_of(views[OPTIC_NEURITIS_POOLED]) == frozenset()
    assert conditions_of(views[MS_CLADRIBINE]) == frozenset()


def test_a_question_about_ms_cites_no_study_of_another_condition(corpus: Corpus) -> None:
    question = "after my last ms relapse they gave me a steroid taper. is a longer one better?"
    assert kept(question, corpus) == [OPTIC_NEURITIS_POOLED, MS_CLADRIBINE]


@pytest.mark.parametrize(
    ("question", "condition_study"),
    [
        ("my sister has nmo. what keeps the attacks away?", NMOSD_SATRALIZUMAB),
        ("does satralizumab work on its own?", NMOSD_SATRALIZUMAB),
        ("does soliris raise the chance of serious infections?", NMOSD_ECULIZUMAB),
        ("after a first MOGAD attack, do higher steroid doses help?", MOGAD_TAPER),
    ],
)
def test_naming_the_condition_its_drug_or_trial_keeps_its_studies(
    corpus: Corpus, question: str, condition_study: str
) -> None:
    """By its words, or by a name (brand names too) that only its studies' titles carry."""
    assert condition_study in kept(question, corpus)
    assert MS_CLADRIBINE in kept(question, corpus)


def test_a_word_one_finding_reports_does_not_name_the_condition(corpus: Corpus) -> None:
    """Meningitis is a finding of the eculizumab study, not the name of what it studied."""
    assert NMOSD_ECULIZUMAB not in kept("is meningitis a risk with ms treatments?", corpus)


def test_the_conversation_names_the_condition_for_a_follow_up(corpus: Corpus) -> None:
    """A follow-up asks about the condition an earlier question named, or whose study the
    last answer cited."""
    asked = Turn(question="my cousin has nmo, what drugs are there?")
    assert NMOSD_SATRALIZUMAB in kept("any serious infections?", corpus, [asked])
    cited = Turn(question="what did that trial find?", cited_ids=[NMOSD_ECULIZUMAB])
    assert NMOSD_ECULIZUMAB in kept("any serious infections?", corpus, [cited])
    other = Turn(question="do cladribine tablets cut relapses?", cited_ids=[MS_CLADRIBINE])
    assert kept("any serious infections?", corpus, [other]) == [
        OPTIC_NEURITIS_POOLED,
        MS_CLADRIBINE,
    ]


def test_the_engine_drops_another_conditions_study_and_says_why(
    bundled_engine: AnswerEngine,
) -> None:
    """End to end: the MOGAD taper study no longer answers an MS taper question, and the
    trace says which rule dropped it; named, MOGAD gets it."""
    ms = bundled_engine.answer(
        "after my last ms relapse they gave me a steroid taper. is a longer taper better?"
    )
    assert MOGAD_TAPER not in [c.summary_id for c in ms.citations]
    assert any(s.rule == "other_condition" and MOGAD_TAPER in s.reason for s in ms.trace)
    mogad = bundled_engine.answer("after a first MOGAD attack, do higher steroid doses help?")
    assert MOGAD_TAPER in [c.summary_id for c in mogad.citations]
