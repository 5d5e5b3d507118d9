"""What a word means, in the library's own words ("whats a lesion?")."""

from __future__ import annotations

import pytest

from assistant.definitions import asked_term, definition_of
from assistant.engine import AnswerEngine


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("whats a lesion", "lesion"),
        ("what's a lesion?", "lesion"),
        ("wat is myelin", "myelin"),
        ("what are b cells?", "b cells"),
        ("what does edss mean?", "edss"),
        ("what does DMT stand for", "dmt"),
        ("so what is the jc virus?", "jc virus"),
    ],
)
def test_a_question_asking_what_a_word_means_names_the_word(question: str, term: str) -> None:
    assert asked_term(question) == term


@pytest.mark.parametrize(
    "question",
    [
        "what is it?",
        "what was the result",
        "what is the latest research on ocrevus",
        "what is the best drug for ms and does it have side effects",
        "is a lesion dangerous?",
    ],
)
def test_a_question_asking_anything_else_names_no_word(question: str) -> None:
    assert asked_term(question) is None


def test_the_definition_is_the_sentence_saying_what_it_is(bundled_engine: AnswerEngine) -> None:
    corpus = bundled_engine.retriever.corpus
    lesion = definition_of("lesion", corpus)
    assert lesion is not None
    # The sentence five summaries say, not "Active lesions are ..." or a longer variant.
    assert lesion.sentence == "Lesions are areas of damage in the brain or spinal cord."
    assert len(lesion.summary_ids) >= 5
    for summary_id in lesion.summary_ids:
        text = " ".join(c.text for c in corpus.summaries[summary_id].chunks)
        assert lesion.sentence in text
    pml = definition_of("pml", corpus)
    assert pml is not None and pml.sentence.startswith("PML is a rare, serious brain infection")


def test_a_sentence_about_a_thing_is_no_definition_of_it(bundled_engine: AnswerEngine) -> None:
    """ "Optic neuritis is not always caused by MS." and "MS is more common in women, ..."
    say something about the thing, not what it is."""
    corpus = bundled_engine.retriever.corpus
    optic = definition_of("optic neuritis", corpus)
    assert optic is not None and optic.sentence == "Optic neuritis is swelling of the optic nerve."
    ms = definition_of("ms", corpus)
    assert ms is None or "more common" not in ms.sentence
    assert definition_of("schwann cell", corpus) is None


def test_a_question_on_what_a_word_means_leads_with_its_definition(
    bundled_engine: AnswerEngine,
) -> None:
    """ "whats a lesion" abstained: no single study is about lesions (best 0.37)."""
    answer = bundled_engine.answer("whats a lesion")
    assert not answer.abstained
    assert answer.body.startswith("Lesions are areas of damage in the brain or spinal cord. [1]")
    lead = answer.citations[0].summary_id
    assert lead in answer.retrieved
    step = next(s for s in answer.trace if s.rule == "definition")
    assert step.verdict == "lead" and step.reason.startswith(lead)
    # A word the library never defines still gets the plain "no summary" answer.
    assert bundled_engine.answer("what is a schwann cell").abstained


def test_a_follow_up_asking_a_detail_of_the_trial_just_cited_is_no_definition_question(
    bundled_engine: AnswerEngine,
) -> None:
    """ "whats the dose" after a D-Lay MS answer asks the trial's dose; read as "what does
    dose mean" it led with "The dose was a supervised trial dose. It is not a guide ..."."""
    first = bundled_engine.answer("the D-Lay MS trial - high dose vit d after a first attack?")
    answer = bundled_engine.answer("whats the dose", [first.as_turn()])
    assert not any(s.rule == "definition" for s in answer.trace)
    assert "100,000 IU" in answer.answer
