"""The kind of phrase that answers a question about a study, and the sentences that
carry one."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.answer_sentence import nearest_answer
from assistant.answer_type import ANSWER_TYPES, answer_type, carries

KIND = {kind.name: kind for kind in ANSWER_TYPES}


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("where was it run?", "place"),
        ("how many countries", "place"),
        ("country?", "place"),
        ("how many took part?", "people"),
        ("how many ppl tested it", "people"),
        ("group sizes?", "people"),
        ("what dose did they give?", "dose"),
        ("how often did people take it?", "schedule"),
        ("who paid for that trial?", "funder"),
        ("was the drug company involved in it", "funder"),
        ("how old were people when they got diagnosed?", "age"),  # not a date
        ("when did they sign people up for it?", "date"),
        ("what years did the trial run?", "study_date"),
        ("when were they run", "study_date"),
        ("when did they feel better?", "date"),  # a time in the results
        # The study named or described before what it did, or its people joining.
        ("When did the Dutch study on CBT for MS tiredness run?", "study_date"),
        ("when was the FACETS fatigue course trial run?", "study_date"),
        ("When did people start joining the FACETS fatigue trial?", "study_date"),
        ("when did the women join the PRIMS pregnancy study?", "study_date"),
        ("when did the side effects start?", "date"),  # a time in the results
        ("when was the study published?", "date"),
        # "where" asks for a place, unless it joins a clause to a noun.
        ("and where was that trial run", "place"),
        ("in the study with a us part, where did the americans come from?", "place"),
        ("where in the uk was it done", "place"),
        ("the stem cell thing where they wipe out your immune system, did it work?", None),
        ("men or women mostly?", "sex"),
        ("how many finished it", "dropout"),
        ("what did the control group get", "comparator"),
        ("what were they compared to?", "comparator"),
        ("versus what?", "comparator"),
        ("what was it tested against?", "comparator"),
        ("did it beat placebo?", "comparison"),  # a result against the placebo
        ("how many were in the control group?", "people"),  # a count of a group
        ("how many ppl got the dummy drips", "comparison"),
        ("what do they protect against?", None),
        ("how much did fatigue fall?", "count"),
        ("has it been approved yet?", "approval"),
        ("is it available on the nhs", "approval"),
        ("can my neuro prescribe it", "approval"),
        ("did it help walking?", None),
        ("what are the side effects?", None),
    ],
)
def test_a_question_form_says_what_kind_of_phrase_answers_it(
    question: str, kind: str | None
) -> None:
    found = answer_type(question)
    assert (found.name if found else None) == kind


def test_a_cards_label_is_not_read_as_the_detail_a_sentence_gives() -> None:
    place = KIND["place"]
    assert not carries("In the Swiss mindfulness trial, usual care had no group sessions.", place)
    assert carries("This randomized trial took place at University Hospital Basel.", place)
    assert carries("People studied: 84 people with MS at several US centres.", place)


def test_a_count_of_people_is_a_whole_number_of_people_not_a_rate() -> None:
    people = KIND["people"]
    assert carries("People studied: 942 people (627 on natalizumab, 315 on placebo).", people)
    assert carries("In all, 31 of 36 people finished the study.", people)
    assert not carries("People had a mean of 0.2 active lesions, versus 2.4 on placebo.", people)
    assert not carries("Natalizumab cut the relapse rate by 68%.", people)


def test_only_sentences_of_the_kind_asked_compete_on_both_sides() -> None:
    """MiniLM finds the trial's design nearer "how many took part?" than its size, and a
    result with a percentage nearer "where was it run?" than the place: the kind decides."""
    closeness = {
        "Each person had one hour of strong cooling and one of weak cooling.": 0.5,
        "The trial had 84 people with MS at several US centres.": 0.3,
        "Gains on walking tests were small, about 10%.": 0.4,
    }

    def nearness(question: str, texts: Sequence[str]) -> list[float]:
        return [closeness[t] for t in texts]

    design, size, result = closeness
    chosen = [result]
    assert nearest_answer("how many took part?", [design, size], chosen, nearness) == design
    typed = nearest_answer("how many took part?", [design, size], chosen, nearness, KIND["people"])
    assert typed == size
    # A chosen sentence that already gives that kind of detail, and is nearer, answers it.
    chosen = ["In all, 90 people took part."]
    closeness[chosen[0]] = 0.35
    assert nearest_answer("x", [design, size], chosen, nearness, KIND["people"]) is None
