"""A number asked of one thing, and the plain line when the summary does not give it."""

from __future__ import annotations

import pytest

from assistant.asked_measure import AskedMeasure, asked_measure, lacks_measure
from assistant.compose import summary_texts
from assistant.engine import AnswerEngine
from assistant.models import Answer
from evals.absence import true_unmeasured


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("how many centres was it run at?", AskedMeasure("count", "centres")),
        ("how many people's samples did they test?", AskedMeasure("count", "samples", True)),
        ("how many swedes with ms were in it?", AskedMeasure("count", "swedes", True)),
        ("how many hours of therapy a day?", AskedMeasure("count", "hours")),
        ("how long was each class?", AskedMeasure("length", "class")),
        ("how long were the sessions and how often?", AskedMeasure("length", "sessions")),
        ("what was the average age of people in it?", AskedMeasure("age", "age")),
        ("what percent of them were women?", AskedMeasure("share", "women", verb="were")),
        (
            "what share of the patients were children?",
            AskedMeasure("share", "children", verb="were"),
        ),
        # What people got or had is worded by each summary its own way ("627 on natalizumab").
        ("how many of them actually got the drug?", None),
        # The study's own length is its card's line; a count naming nothing names no thing;
        # "how many times a week" asks a schedule, which its own answer type reads.
        ("how long did the study last?", None),
        # The length of one thing named with "the" may be a result's: asked, never said
        # missing (the other rules answer when no sentence gives it).
        ("how long did the benefit last?", AskedMeasure("length", "benefit", said_missing=False)),
        ("how long was the stay?", AskedMeasure("length", "stay", said_missing=False)),
        ("how long was each one taken?", None),
        ("how many were there?", None),
        ("how many of the participants were women?", AskedMeasure("share", "women", verb="were")),
        ("how many times a week did they train?", None),
    ],
)
def test_the_thing_a_number_is_asked_of_is_read_off_the_question(
    question: str, measure: AskedMeasure | None
) -> None:
    assert asked_measure(question) == measure


def test_a_count_is_given_only_by_a_number_counting_the_thing() -> None:
    centres = AskedMeasure("count", "centres")
    assert centres.given_in(["It took place at 89 MS centers in 11 countries."])
    assert not centres.given_in(["Adults at centres in Europe, Canada and the USA."])
    assert not centres.given_in(["1,346 adults took part."])
    # The places a study ran at go by several names.
    assert AskedMeasure("count", "clinics").given_in(["A trial at 19 MS centers in the US."])
    people = AskedMeasure("count", "patients", True)
    # A number that counts no one, or a share, is not a count of people.
    assert not people.given_in(["People aged 16 or older, about 25% of people with MS."])
    assert people.given_in(["A panel of 30 experts wrote the rules."])
    assert AskedMeasure("count", "swedes", True).given_in(["The Swedish study had 1,620 people."])
    assert not people.given_in(["The 2017 McDonald rules fit people with typical symptoms."])


def test_a_share_is_given_by_a_figure_or_words_for_one_beside_the_thing() -> None:
    women = AskedMeasure("share", "women", verb="were")
    assert women.given_in(["Women made up 70.2% of them."])
    assert women.given_in(["Their mean age was 48.1, and 28 of the 33 were women."])
    assert women.given_in(["Most were women."])  # vague, but not to be denied
    assert not women.given_in(["The trial enrolled adults. Women and men alike improved."])
    # A thing the summary never names may be there in other words: no claim either way.
    assert women.given_in(["In all, 45 adults volunteered."])
    assert not women.gives("In all, 45 adults volunteered.")
    line = lacks_measure("T", ["Women and men alike improved."], women)
    assert line == "The summary “T” does not give how many were women."


def test_a_length_is_given_only_in_a_sentence_about_the_thing() -> None:
    sessions = AskedMeasure("length", "session")
    assert sessions.given_in(["Each of the 60-minute sessions was led by a nurse."])
    assert not sessions.given_in(["A six-session course.", "Length of the study: 4 months."])


def test_ages_are_given_in_years() -> None:
    ages = AskedMeasure("age", "age")
    assert ages.given_in(["Adults aged 18 to 55 took part."])
    assert ages.given_in(["Their mean age was 48.1."])
    assert not ages.given_in(["In all, 45 adults volunteered."])


def test_the_ages_of_everyone_count_before_those_of_a_group() -> None:
    """ "how old were the kids" is answered by the ages of everyone in the study ("aged 10
    to 17", a median age) before those of a group within it ("very few aged 12 or
    under"), which still gives an age (the summary is not said to lack one)."""
    ages = AskedMeasure("age", "age")
    group = "Very few children aged 12 or under took part in the PARADIGMS trial."
    assert ages.gives(group) and not ages.gives(group, loose=False)
    for everyone in (
        "It included 215 young people aged 10 to 17.",
        "The typical (median) age was 34.",
    ):
        assert ages.gives(everyone, loose=False), everyone


def test_the_line_names_the_summary_and_the_thing_in_the_askers_word() -> None:
    texts = ["People studied: 84 people with MS at several US centres."]
    line = lacks_measure("Cooling Vests", texts, asked_measure("how many centres took part?"))
    assert line == "The summary “Cooling Vests” does not give the number of centres."
    assert lacks_measure("Cooling Vests", texts, asked_measure("how many people took part?")) == ""


def _follow_up(engine: AnswerEngine, first: str, study: str, second: str) -> Answer:
    answer = engine.answer(first)
    assert [c.summary_id for c in answer.citations][:1] == [study]
    return engine.answer(second, history=[answer.as_turn()])


def test_a_follow_up_asking_a_number_the_summary_lacks_is_told_so_first(
    bundled_engine: AnswerEngine,
) -> None:
    """The IMSVISUAL summary says who took part and where, never how many: the answer says
    so, then gives who took part; the grader checks the claim itself."""
    study = "oct-retinal-thickness-disability-worsening-martinez-lapiscina-2016"
    answer = _follow_up(
        bundled_engine,
        "does a thinner retina on an OCT eye scan predict ms disability getting worse?",
        study,
        "how many people were in that study?",
    )
    first = answer.body.split(" [1]")[0]
    assert "does not give the number of people" in first
    assert "People studied:" in answer.body
    view = bundled_engine.retriever.corpus.summaries[study]
    assert true_unmeasured(first, [view])


def test_the_length_of_one_thing_is_quoted_when_given_and_never_said_missing(
    bundled_engine: AnswerEngine,
) -> None:
    """ "how long was the stay?" of the rehab trial asks the hospital stay's 25 days, not
    the study's 6 weeks; of CBT, "how long did the benefit last?" is no missing number."""
    stay = _follow_up(
        bundled_engine,
        "does a short stay in hospital for rehab help people with progressive ms",
        "inpatient-rehabilitation-progressive-ms-ann-neurol-1997",
        "how long was the stay",
    )
    assert "25 days" in stay.body.split(" [1]")[0]
    benefit = _follow_up(
        bundled_engine,
        "does cbt help ms fatigue?",
        "trefams-cbt-fatigue-van-den-akker-2017",
        "how long did the benefit last",
    )
    assert "does not say how long" not in benefit.body


def test_a_number_the_summary_gives_is_never_said_to_be_missing(
    bundled_engine: AnswerEngine,
) -> None:
    """SUNBEAM gives its centres in its text: the count is quoted, not denied, and the
    grader would not take the denial as true."""
    view = bundled_engine.retriever.corpus.summaries["sunbeam-ozanimod-vs-interferon"]
    assert lacks_measure(view.title, summary_texts(view), asked_measure("how many centres?")) == ""
    denial = f"The summary “{view.title}” does not give the number of centres."
    assert not true_unmeasured(denial, [view])
    answer = _follow_up(
        bundled_engine,
        "ozanimod versus weekly interferon shots, which cut relapses more",
        "sunbeam-ozanimod-vs-interferon",
        "how many centres",
    )
    assert "152 centers" in answer.body and "does not give" not in answer.body


def test_a_question_of_its_own_asking_a_number_gets_the_sentence_that_gives_it_first(
    bundled_engine: AnswerEngine,
) -> None:
    """NOVA's centres are only in its text; AFFIRM, cited beside it for natalizumab, is not
    what was asked about, and nothing is said to be missing from it."""
    answer = bundled_engine.answer(
        "how many centres were in the NOVA trial of natalizumab every 6 weeks?"
    )
    assert answer.citations[0].summary_id == "nova-natalizumab-extended-interval-dosing"
    assert "89 MS cent" in answer.body.split("[1]")[0]  # centres or centers
    assert "does not give" not in answer.body


def test_a_number_said_in_a_sections_opening_leads_the_answer(
    bundled_engine: AnswerEngine,
) -> None:
    """DISCOMS gives its centres only in "This was a randomized trial at 19 MS centers in
    the US.", whose "This" is the study; asked in other words ("clinics"), it still leads."""
    answer = _follow_up(
        bundled_engine,
        "what did discoms find about people over 55 coming off their ms drug",
        "discoms-stopping-dmt-older-adults",
        "how many clinics took part?",
    )
    assert answer.body.startswith("This was a randomized trial at 19 MS centers")
    assert "does not give" not in answer.body.split("[1]")[0]
