"""A follow-up picking one of the studies just cited ("which one was the biggest?")."""

from __future__ import annotations

import datetime as dt

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.corpus import SummaryView
from assistant.engine import AnswerEngine
from assistant.pick import Ranking, pick_of, ranked
from evals.absence import true_record
from knowledge.models import Source


def view(summary_id: str, size: int | None, published: str, credibility: int) -> SummaryView:
    source = Source(
        title=f"Paper {summary_id}",
        url=f"https://example.org/{summary_id}",
        study_type="cohort study",
        sample_size=size,
    )
    return SummaryView(
        id=summary_id,
        title=f"Study {summary_id.upper()}",
        published=dt.date.fromisoformat(published),
        credibility=credibility,
        interest=3,
        topics=[],
        study_type=None,
        given_source=source,
    )


A = view("a", 1088, "2011-10-06", 5)
B = view("b", 1882, "2020-08-06", 4)
C = view("c", None, "2024-01-01", 4)


@pytest.mark.parametrize(
    ("question", "pointing", "ranking"),
    [
        ("which one was the biggest", True, Ranking("size", True)),
        ("which of those is the most recent?", True, Ranking("date", True)),
        ("and which trial had fewer people?", True, Ranking("size", False)),
        ("which is the oldest", False, Ranking("date", False)),
        ("which one is the most reliable", True, Ranking("rating", True)),
        ("which ran the longest", False, Ranking("length", True)),
        ("which had more infections?", False, None),
        # A ranking word about a result, not about the studies, ranks nothing.
        ("which one had the biggest drop in relapses?", True, None),
        ("which one had older people in it?", True, None),
    ],
)
def test_a_pick_is_read_with_what_it_ranks_by(
    question: str, pointing: bool, ranking: Ranking | None
) -> None:
    pick = pick_of(question)
    assert pick is not None
    assert (pick.pointing, pick.ranking) == (pointing, ranking)


@pytest.mark.parametrize(
    "question",
    [
        "which diets help ms fatigue",  # a noun of its own after "which"
        "which ms drugs raise the risk of shingles?",
        "which is better for fatigue, yoga or cbt?",  # its own alternatives
        "is the bigger trial more reliable?",  # no "which"
    ],
)
def test_a_question_of_its_own_is_no_pick(question: str) -> None:
    assert pick_of(question) is None


def test_the_study_with_the_most_is_named_with_its_own_record() -> None:
    ids, sentence = ranked([A, B], Ranking("size", True))
    assert ids == ["b"]
    assert sentence == (
        "Of the 2 studies in the last answer, the largest was “Study B”, with a study size "
        "of 1,882."
    )
    assert ranked([A, B], Ranking("date", False)) == (
        ["a"],
        "Of the 2 studies in the last answer, the oldest was “Study A”, dated 6 October 2011.",
    )


def test_studies_without_the_record_are_left_out_and_said_to_be() -> None:
    ids, sentence = ranked([A, B, C], Ranking("size", False))
    assert ids == ["a"]
    assert sentence.startswith("Of the 2 studies in the last answer that give a study size,")
    assert ranked([C], Ranking("size", True)) == ([], "")


def test_ties_name_every_study_that_shares_the_most() -> None:
    ids, sentence = ranked([A, B, C], Ranking("rating", False))
    assert ids == ["b", "c"]
    assert sentence == (
        "Of the 3 studies in the last answer, “Study B” and “Study C” share the lowest "
        "credibility rating, 4 of 5."
    )


def test_length_is_never_ranked_and_one_study_is_described_alone() -> None:
    assert ranked([A, B], Ranking("length", True)) == ([], "")
    assert ranked([A], Ranking("date", True))[1] == (
        "The last answer cited one study, “Study A”, dated 6 October 2011."
    )


def test_the_grader_checks_the_record_against_the_summary_it_names() -> None:
    _, sentence = ranked([A, B], Ranking("size", True))
    assert true_record(sentence, [B])
    assert true_record(sentence.replace("the last answer", "the earlier answer"), [B])
    assert not true_record(sentence.replace("1,882", "1,883"), [B])
    assert not true_record(sentence, [A])  # "Study B" is not cited
    _, rating = ranked([A, B, C], Ranking("rating", False))
    assert true_record(rating, [B, C]) and not true_record(rating.replace("4 of", "5 of"), [B, C])


def test_a_pick_cites_the_study_it_names_from_the_last_answer(
    bundled_engine: AnswerEngine,
) -> None:
    """ "which one was the biggest" after three trials were cited once read as a new
    topic and abstained; it names and cites the largest of them, with its size."""
    first = bundled_engine.answer("what trials compared ms pills with teriflunomide")
    sizes = {c.summary_id: c.sample_size for c in first.citations}
    assert len(sizes) >= 2
    pick = bundled_engine.answer("which one was the biggest", [first.as_turn()])
    biggest = max(sizes, key=lambda i: sizes[i] or 0)
    assert [c.summary_id for c in pick.citations] == [biggest]
    assert pick.body.startswith(f"Of the {len(sizes)} studies in the last answer, the largest")
    assert f"{sizes[biggest]:,}" in pick.body.split("[1]")[0]
    assert pick.carried.startswith("Taken as a follow-up to")
    # Read as a follow-up (its topic carried into the standalone question a chat model
    # reads), and picked by the pick rule.
    rules = {(step.rule, step.verdict) for step in pick.trace}
    assert {("follow_up", "carry topic"), ("pick", "cite")} <= rules


def test_a_pick_by_a_result_is_answered_by_every_study_just_cited(
    bundled_engine: AnswerEngine,
) -> None:
    first = bundled_engine.answer("tell me about the tolebrutinib trials")
    asked = bundled_engine.answer("which one failed", [first.as_turn()])
    assert not asked.abstained
    assert {c.summary_id for c in asked.citations} == {c.summary_id for c in first.citations}


def test_a_which_question_of_its_own_starts_a_new_topic(bundled_engine: AnswerEngine) -> None:
    first = bundled_engine.answer("tell me about the tolebrutinib trials")
    shingles = bundled_engine.answer("which ms drugs raise the risk of shingles", [first.as_turn()])
    assert not {c.summary_id for c in shingles.citations} & {c.summary_id for c in first.citations}
    assert not any(step.rule == "pick" for step in shingles.trace)


def test_with_a_chat_model_the_pick_cites_the_study_it_picked(
    bundled_engine: AnswerEngine,
) -> None:
    """The model writes the answer from the one study picked (it gets no other)."""
    reply = "The ASCLEPIOS trials were the largest [1]."
    rewrite = "Which of the trials against teriflunomide was the biggest?"  # its first call
    model = GenericFakeChatModel(messages=iter([AIMessage(rewrite), AIMessage(reply)]))
    engine = AnswerEngine(bundled_engine.settings, bundled_engine.retriever, llm=model)
    first = bundled_engine.answer("what trials compared ms pills with teriflunomide")
    pick = engine.answer("which one was the biggest", [first.as_turn()])
    assert pick.mode == "llm" and pick.body == reply
    assert [c.summary_id for c in pick.citations] == ["asclepios-ofatumumab-vs-teriflunomide"]


def test_a_second_pick_picks_among_the_same_studies(bundled_engine: AnswerEngine) -> None:
    """ "and which was the oldest?" after "which one was the biggest" once picked among
    the one study the pick cited; it picks among the trials the question before found."""
    first = bundled_engine.answer("what trials compared ms pills with teriflunomide")
    biggest = bundled_engine.answer("which one was the biggest", [first.as_turn()])
    turns = [first.as_turn(), biggest.as_turn()]
    oldest = bundled_engine.answer("and which was the oldest?", turns)
    dates = {c.summary_id: c.published for c in first.citations}
    assert [c.summary_id for c in oldest.citations] == [min(dates, key=lambda i: dates[i])]
    assert oldest.body.startswith(f"Of the {len(dates)} studies in the earlier answer, the oldest")


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("tell me more about the first one", 1),
        ("what did the second study find?", 2),
        ("and the last trial?", -1),
        ("more on study 3 please", 3),
        ("what about [2]", 2),
    ],
)
def test_a_study_named_by_its_place_in_the_answer_is_a_pick(question: str, place: int) -> None:
    pick = pick_of(question)
    assert pick is not None and pick.place == place


@pytest.mark.parametrize(
    "question", ["my first relapse was in 2019", "is the second dose worse?", "i walk 2 miles"]
)
def test_a_place_that_is_not_a_citations_is_no_pick(question: str) -> None:
    assert pick_of(question) is None


def test_the_study_named_by_its_place_is_cited_alone(bundled_engine: AnswerEngine) -> None:
    """ "tell me more about the first one" after five exercise studies once searched again
    and cited a fatigue-drug trial the answer had not shown."""
    first = bundled_engine.answer("does exercise help ms fatigue")
    cited = [c.summary_id for c in first.citations]
    assert len(cited) >= 3
    for question, expected in (("tell me more about the first one", cited[0]),
                               ("what did the last one find?", cited[-1])):  # fmt: skip
        answer = bundled_engine.answer(question, [first.as_turn()])
        assert [c.summary_id for c in answer.citations] == [expected], question
        assert ("pick", "cite") in {(s.rule, s.verdict) for s in answer.trace}
    # A place past the end names no one study: those just cited answer together.
    beyond = bundled_engine.answer("and study 9?", [first.as_turn()])
    assert len(beyond.citations) > 1
