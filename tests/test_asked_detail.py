"""A detail asked of a study, found by meaning in anything its summary says."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer_sentence import nearest_answer
from assistant.asked_detail import asked_beyond
from assistant.corpus import Corpus
from assistant.engine import AnswerEngine
from assistant.models import Answer
from assistant.summary_sentences import (
    Sentence,
    numbers_said_by,
    quoted_with_context,
    stands_alone,
)
from evals.metrics import evidence_text


def _follow_up(engine: AnswerEngine, first: str, study: str, second: str) -> Answer:
    answer = engine.answer(first)
    assert [c.summary_id for c in answer.citations][:1] == [study]
    return engine.answer(second, history=[answer.as_turn()])


def test_a_leaning_sentence_is_quoted_with_the_sentences_it_leans_on() -> None:
    """Back to one that stands alone, or to its section's opening, whose "This" is the
    study and which is quoted alone too; never across sections (a section's opening is
    only context), and not when that takes more than three sentences."""
    found = [
        Sentence("This was a randomized trial.", "what_they_found", 0),
        Sentence("It included 1,346 adults at 152 centers.", "what_they_found", 1),
        Sentence("Relapses fell by half on the drug.", "what_they_found", 2),
        Sentence("They were rarer in the second year.", "what_they_found", 3),
        Sentence("It was seen in both trials.", "key_takeaway", 0),
    ]
    assert quoted_with_context(found) == [
        "This was a randomized trial.",
        "This was a randomized trial. It included 1,346 adults at 152 centers.",
        "Relapses fell by half on the drug. They were rarer in the second year.",
        "It was seen in both trials.",
    ]
    chain = [
        Sentence("Some took a pill.", "what_they_found", 1),
        Sentence("They did so daily.", "what_they_found", 2),
        Sentence("It was at night.", "what_they_found", 3),
        Sentence("They slept well on it.", "what_they_found", 4),
    ]
    assert quoted_with_context(chain) == [
        "Some took a pill. They did so daily.",
        "Some took a pill. They did so daily. It was at night.",
    ]


def test_only_asked_words_no_chosen_sentence_carries_count(bundled_engine: AnswerEngine) -> None:
    terms = bundled_engine.retriever.corpus.terms
    chosen = ["People studied: 1,346 adults with relapsing MS in 20 countries."]
    assert asked_beyond(["centres", "countries"], chosen, terms) == set(terms("centres"))
    assert asked_beyond(["people"], chosen, terms) == set()


def test_a_sentence_below_the_floor_answers_nothing() -> None:
    """Nearer than the card's sentences is not enough when it is near nothing."""

    def nearness(question: str, texts: Sequence[str]) -> list[float]:
        return [
            {"treatment choices are for your team": 0.28, "fatigue fell": 0.1}[t] for t in texts
        ]

    candidates = ["treatment choices are for your team"]
    assert nearest_answer("infections?", candidates, ["fatigue fell"], nearness) == candidates[0]
    assert nearest_answer("infections?", candidates, ["fatigue fell"], nearness, floor=0.35) is None


def test_a_follow_up_asking_words_the_card_lacks_gets_the_sentence_of_the_text(
    bundled_engine: AnswerEngine,
) -> None:
    """SUNBEAM's card gives who took part and in how many countries; the number of centres
    is only in "It included ... at 152 centers ...", which leans on the section's opening
    sentence and comes with it. "centres" is not even the summary's spelling."""
    answer = _follow_up(
        bundled_engine,
        "ozanimod versus weekly interferon shots, which cut relapses more",
        "sunbeam-ozanimod-vs-interferon",
        "how many centres",
    )
    assert "152 centers" in answer.body
    assert answer.body.startswith("This was a randomized trial")


def test_a_detail_said_only_in_the_considerations_is_quoted_from_them(
    bundled_engine: AnswerEngine,
) -> None:
    """N-MOmentum's funder is named only in its Important Considerations."""
    answer = _follow_up(
        bundled_engine,
        "did inebilizumab keep people with nmosd attack free over the long run",
        "n-momentum-inebilizumab-end-of-study",
        "who paid for it",
    )
    assert answer.body.startswith("The trial was paid for by the drug's developer, MedImmune")


def test_the_text_answers_before_the_considerations_general_words(
    bundled_engine: AnswerEngine,
) -> None:
    """The considerations say "The trial was done at one hospital in Switzerland."; the text
    names the hospital, and answers first."""
    answer = _follow_up(
        bundled_engine,
        "did the mindfulness course trial help people with ms who feel low?",
        "mindfulness-training-ms-quality-of-life-grossman-2010",
        "where was it run?",
    )
    lead = answer.body.split("[1]")[0]
    assert "University Hospital Basel" in lead and "one hospital in Switzerland" not in lead


def test_a_count_of_people_is_given_by_the_people_line_not_the_length_line(
    bundled_engine: AnswerEngine,
) -> None:
    """The Rotterdam infections study's length line also counts its people ("6,466 weeks
    of follow-up in total, across all 73 people"): it answers how long, and the people line
    answers how many."""
    answer = _follow_up(
        bundled_engine,
        "do infections trigger ms relapses?",
        "infections-trigger-ms-exacerbations-buljevac-2002",
        "how many people were in that study?",
    )
    assert answer.body.startswith("People studied: 73 people")


def test_the_considerations_and_comparison_may_be_said_in_the_answer(
    bundled_engine: AnswerEngine,
) -> None:
    """What an answer quotes from them counts as grounded in the summary it cites."""
    corpus: Corpus = bundled_engine.retriever.corpus
    view = corpus.summaries["n-momentum-inebilizumab-end-of-study"]
    assert view.card is not None
    text = evidence_text(view)
    assert "MedImmune" in text and f"What was compared: {view.card.compared}." in text


def test_a_sentence_giving_the_same_numbers_is_said_already() -> None:
    """The card's people line says nothing the age sentence chosen for "how old were
    they?" does not, so it is not added after it; a sentence with other numbers is."""
    best = "They had 1,882 people aged 18 to 55 with relapsing MS."
    assert numbers_said_by("People studied: 1,882 adults aged 18 to 55, in two trials.", best)
    assert not numbers_said_by("People studied: 946 adults aged 18 to 55.", best)
    assert not numbers_said_by("Length of the study: 30 months.", best)  # one number


def test_an_opening_that_ends_on_this_or_that_leans_on_the_sentence_before() -> None:
    """ "Because of that, ..." or "Even so, ..." is quoted with what "that" or "so" is,
    never alone; "That trial was large." names its own subject."""
    found = [
        Sentence("The main goal, fewer relapses, was not met.", "what_they_found", 1),
        Sentence("Because of that, the disability result is unconfirmed.", "what_they_found", 2),
        Sentence("Even so, the drug may slow disability.", "what_they_found", 3),
    ]
    assert not stands_alone(found[1]) and not stands_alone(found[2])
    assert quoted_with_context(found) == [
        " ".join(s.text for s in found[:2]),
        " ".join(s.text for s in found),
    ]
    assert stands_alone(Sentence("Fewer relapses, that was the goal.", "what_they_found", 1))


def test_a_run_describing_the_study_starts_where_its_it_or_this_is_the_study() -> None:
    """A summary describes who took part in a run of sentences that lean ("It included 243
    people ... Of them, ... Their median age was 55.5"). Its context starts at the one
    whose "It" or "This" can only be the study, as at a paragraph's start; an "It" that is
    something just named ("It included the EDSS, ...") starts nothing."""
    run = [
        Sentence("NfL is a blood marker of nerve damage.", "what_they_found", 4),
        Sentence("This was a cohort study, meaning people were followed.", "what_they_found", 5),
        Sentence("It included 243 people from a German study.", "what_they_found", 6),
        Sentence("Of them, 135 had primary progressive MS.", "what_they_found", 7),
        Sentence("Their median age was 55.5, and 135 were women.", "what_they_found", 8),
    ]
    assert " ".join(s.text for s in run[2:]) in quoted_with_context(run)
    score = [
        Sentence("They used a combined score.", "what_they_found", 1),
        Sentence("It included the EDSS, a standard disability scale.", "what_they_found", 2),
        Sentence("They weighed it the most.", "what_they_found", 3),
    ]
    assert quoted_with_context(score) == []


def test_the_age_of_the_people_in_a_study_is_given_without_its_people_line_again(
    bundled_engine: AnswerEngine,
) -> None:
    """The GFAP study gives the median age only in a run that leans on the study three
    sentences back; the answer quotes the run, and the card's people line, whose numbers it
    all gives, is not said after it."""
    answer = _follow_up(
        bundled_engine,
        "can a blood marker called GFAP predict worsening in progressive ms? the embioproms study",
        "serum-gfap-progressive-ms-embioproms-abdelhak-2024",
        "how old were the people in it?",
    )
    assert "Their median age was 55.5" in answer.body
    assert "People studied:" not in answer.body


def test_what_the_other_group_got_is_the_cards_comparison(bundled_engine: AnswerEngine) -> None:
    """VELOCE's text says its vaccine "protects against a type of pneumonia germ", which
    carries a comparison's words; what the other group got is the card's comparison line."""
    answer = _follow_up(
        bundled_engine,
        "does the VELOCE study show vaccines work on ocrelizumab?",
        "veloce-ocrelizumab-vaccine-responses-bar-or-2020",
        "what did the other group get",
    )
    assert answer.body.startswith("What was compared: ocrelizumab")
    assert "interferon" in answer.body.split("[1]")[0]


def test_asking_the_comparison_group_of_a_study_whose_text_never_says_against_leans_on_it(
    bundled_engine: AnswerEngine,
) -> None:
    """TELE-MS's text never writes "compared" or "against"; its card's comparison line does,
    so "what was the comparison group?" asks it of TELE-MS rather than a new topic."""
    answer = _follow_up(
        bundled_engine,
        "are video visits as good as clinic visits for ms?",
        "tele-ms-remote-visits-rct-altmann-2022",
        "what was the comparison group?",
    )
    assert [c.summary_id for c in answer.citations] == ["tele-ms-remote-visits-rct-altmann-2022"]
    assert answer.body.startswith("What was compared: follow-up visits by phone or video chat")
