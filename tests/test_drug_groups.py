"""MS drugs asked about as a group, and broad questions that ask something specific.

"do the ms pills mess with your liver?" names no drug: its answer comes from the studies of
the MS pills that mention the liver, not from a fatigue-pill trial that shares "pills".
"which ms drug has the fewest side effects?" asks harms, which the overview on whether
treatments work does not answer.
"""

from __future__ import annotations

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.compose import summary_texts
from assistant.drugs import DRUGS, drug_class
from assistant.engine import AnswerEngine
from assistant.overview_route import OverviewIndex, answers_aspect
from knowledge.overviews import load_overviews
from knowledge.settings import Settings

_GIVEN = {drug.generic: drug.given for drug in DRUGS}


@pytest.mark.parametrize(
    ("question", "given"),
    [
        ("do the ms pills mess with your liver", "pill"),
        ("are ms tablets safe in pregnancy?", "pill"),
        ("do people react badly during the ms drips?", "infusion"),
        ("how often are the ms infusions?", "infusion"),
        ("do ms injections hurt?", "injection"),
    ],
)
def test_a_group_named_by_how_it_is_given_holds_only_drugs_given_so(
    question: str, given: str
) -> None:
    group = drug_class(question)
    assert group is not None and group.drugs
    assert {_GIVEN[d] for d in group.drugs} == {given}


def test_a_group_named_as_ms_drugs_holds_every_drug_for_the_course_of_ms() -> None:
    for question in (
        "can ms drugs give you cancer",
        "do dmts cause infections?",
        "ms meds and hair",
    ):
        group = drug_class(question)
        assert group is not None
        assert {"ocrelizumab", "teriflunomide", "natalizumab", "tolebrutinib"} <= set(group.drugs)
        # Symptom, NMOSD and steroid treatments are not "ms drugs" in this sense.
        assert not {"fampridine", "eculizumab", "methylprednisolone"} & set(group.drugs)
        assert "disease-modifying therapy" in group.topics


def test_the_b_cell_drugs_are_the_anti_cd20_drugs() -> None:
    group = drug_class("the b cell drugs, do they leave you open to infections?")
    assert group is not None
    assert set(group.drugs) == {"ocrelizumab", "ofatumumab", "ublituximab", "rituximab"}


@pytest.mark.parametrize(
    "question",
    ["what helps ms fatigue?", "does ocrevus cause cancer?", "are pills better than diet?"],
)
def test_a_question_naming_no_group_of_ms_drugs_has_none(question: str) -> None:
    assert drug_class(question) is None


def test_an_overview_answers_a_finding_its_phrasings_ask_and_any_way_to_ask_a_topic() -> None:
    overviews = list(load_overviews(Settings(_env_file=None).library.overviews).overviews.values())
    index = OverviewIndex(overviews, DeterministicFakeEmbedding(size=8))
    assert "harm" in index.aspects["overview-treatment-harms"]
    assert "harm" not in index.aspects["overview-cure"]
    # Harms, costs and the studies' sizes are findings another overview does not give.
    assert not answers_aspect(index.aspects["overview-cure"], "harm")
    assert not answers_aspect(index.aspects["overview-cure"], "cost")
    # "compared to everyone else" asks about the topic, which its overview answers.
    assert answers_aspect(index.aspects["overview-life-expectancy"], "comparison")


def test_a_broad_question_on_harms_gets_the_harms_overview_not_the_benefits_one(
    bundled_engine: AnswerEngine,
) -> None:
    answer = bundled_engine.answer("which ms drug has the fewest side effects")
    assert answer.overview_id == "overview-treatment-harms"
    assert answer.body.startswith("Each MS drug in this library's trials had its own side")
    assert bundled_engine.answer("do ms drugs actually work").overview_id == (
        "overview-treatments-work"
    )


def test_of_two_overviews_near_a_question_the_one_on_its_rarer_words_answers(
    bundled_engine: AnswerEngine,
) -> None:
    """ "is it true covid vaccine causes relapses" came nearest the relapse overview, which
    says none of its studies looks at stress or heat; the vaccine overview speaks of
    covid and vaccines, which few summaries use, as well as of relapses."""
    answer = bundled_engine.answer("is it true covid vaccine causes relapses")
    assert answer.overview_id == "overview-vaccines"
    assert "stress or heat" not in answer.answer


def test_a_question_about_a_group_of_ms_drugs_cites_only_studies_of_the_group_on_the_thing(
    bundled_engine: AnswerEngine,
) -> None:
    answer = bundled_engine.answer("do the ms pills mess with your liver")
    cited = [c.summary_id for c in answer.citations]
    assert "triumphant-ms-fatigue-drugs" not in cited
    assert {"temso-teriflunomide", "hercules-tolebrutinib-nrspms"} <= set(cited)
    views = bundled_engine.retriever.corpus.summaries
    for summary_id in cited:
        assert "liver" in " ".join(summary_texts(views[summary_id])).lower()
    rules = {s.rule for s in answer.trace}
    assert {"drug_class", "asked_thing"} <= rules


def test_the_group_studies_the_search_ranked_lower_are_found_when_they_mention_the_thing(
    bundled_engine: AnswerEngine,
) -> None:
    """The search put a statin trial and shingles reports first for "can ms medication
    affect your heart?"; the fingolimod trial, which reports a slow heartbeat at the first
    dose, ranked below the cut."""
    answer = bundled_engine.answer("can ms medication affect your heart? i have a dodgy ticker")
    assert "freedoms-fingolimod-placebo" in [c.summary_id for c in answer.citations]
    step = next(s for s in answer.trace if s.rule == "asked_thing" and s.verdict == "search")
    assert "freedoms-fingolimod-placebo" in step.reason


def test_a_question_naming_no_group_keeps_its_citations(bundled_engine: AnswerEngine) -> None:
    """Tried on every question, a rule on the rarer words cut the survival studies from
    "how long do people with ms usually live these days compared to everyone else?" for
    the word "usual"."""
    answer = bundled_engine.answer(
        "how long do people with ms usually live these days compared to everyone else?"
    )
    cited = {c.summary_id for c in answer.citations}
    assert "survival-cause-of-death-ms-norway-lunde-2017" in cited
    assert not {"drug_class", "asked_thing"} & {s.rule for s in answer.trace}


def test_an_overview_leads_with_its_point_on_what_the_question_asks(
    bundled_engine: AnswerEngine,
) -> None:
    """ "does salt make ms worse?" is one of the diet overview's phrasings; its salt point
    was fourth of eight, after the WAVES diets and a fasting study."""
    answer = bundled_engine.answer("does salt make ms worse")
    assert answer.overview_id == "overview-diet"
    first_point = answer.body.split("\n\n")[1]
    assert first_point.startswith("In 465 people followed for 5 years, more salt")
    assert answer.citations[0].summary_id == "sodium-intake-ms-activity-benefit-fitzgerald-2017"
    step = next(s for s in answer.trace if s.rule == "broad_route" and s.verdict == "ordered")
    assert step.reason.startswith("nearest what is asked first: In 465 people")
    # A word the overview's opening speaks of is its own topic: nothing is moved.
    stress = bundled_engine.answer("can stress bring on a relapse")
    assert not any(s.verdict == "ordered" for s in stress.trace)


def test_comparing_the_study_just_cited_with_a_drug_cites_both_sides(
    bundled_engine: AnswerEngine,
) -> None:
    """ "how does that compare to fingolimod?" after a DEFINE answer cited only the
    fingolimod trials: the turn names a drug of its own, so nothing was carried."""
    first = bundled_engine.answer("what did the define trial find")
    answer = bundled_engine.answer("how does that compare to fingolimod", [first.as_turn()])
    cited = [c.summary_id for c in answer.citations]
    assert cited[0] == "define-dimethyl-fumarate"
    assert "freedoms-fingolimod-placebo" in cited
    step = next(s for s in answer.trace if s.rule == "lean_on")
    assert "compared with what it names" in step.reason
