"""The library's words as the question analysis reads them: subject gaps and names."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus import Corpus
from assistant.question import QuestionFacts, analyse, named_summaries
from assistant.vocabulary import vocabulary_of
from knowledge.chunking import chunk_summary
from knowledge.library import load_library
from knowledge.models import Summary

LIBRARY = Path(__file__).parent / "data" / "engine-library"
COFFEE = "coffee-consumption-ms-risk-hedstrom-2016"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    summaries = load_library(LIBRARY).summaries.values()
    return Corpus(c for s in summaries for c in chunk_summary(s))


def facts(question: str, corpus: Corpus) -> QuestionFacts:
    return analyse(question, vocabulary_of(corpus), corpus)


def corpus_of(summary: Summary) -> Corpus:
    return Corpus(chunk_summary(summary))


def test_a_misspelt_library_word_is_no_gap(corpus: Corpus) -> None:
    assert facts("does a mindfullness course help?", corpus).gaps == ()
    assert facts("does online therapy ease depresion?", corpus).gaps == ()


def test_a_word_the_library_never_uses_is_a_gap(corpus: Corpus) -> None:
    assert facts("does acupuncture help MS fatigue?", corpus).gaps == ("acupuncture",)


def test_known_names_are_not_gaps() -> None:
    coffee = load_library(LIBRARY).summaries[COFFEE]
    corpus = corpus_of(coffee.model_copy(update={"aliases": ["acupuncture"]}))
    found = facts("is acupuncture ok?", corpus)
    assert found.gaps == ()
    assert named_summaries(found) == [COFFEE]  # an alias points at its summary


def test_names_in_titles_point_at_their_summaries(corpus: Corpus) -> None:
    found = facts("what did the siponimod trial find?", corpus)
    assert named_summaries(found) == ["expand-siponimod-spms"]
    assert named_summaries(facts("what did the trial find?", corpus)) == []


def test_a_name_in_the_key_takeaway_points_at_its_summary() -> None:
    coffee = load_library(LIBRARY).summaries[COFFEE]
    named = coffee.model_copy(
        update={"key_takeaway": f"In the Quixotry study: {coffee.key_takeaway}"}
    )
    corpus = corpus_of(named)
    assert named_summaries(facts("what did Quixotry show?", corpus)) == [coffee.id]
    # A name deeper in the text (What They Found) is not the summary's subject.
    assert named_summaries(facts("what did Permanente show?", corpus)) == []


def test_how_long_and_how_many_name_no_subject(corpus: Corpus) -> None:
    coffee = "coffee-consumption-ms-risk-hedstrom-2016"  # its text says "how much", "long"
    question = "how long and how many, how much, how often?"
    assert corpus.specific_overlap(question, coffee) == set()
    assert corpus.specific_overlap("how much coffee?", coffee) == {"coffe"}


def test_only_the_librarys_own_words_are_remembered_for_which_summaries_use_them(
    corpus: Corpus,
) -> None:
    """Which summaries use a word is remembered per word for the library's words, a
    bounded set; the askers' words the library lacks are without bound, and answered
    without being kept (a long-running server would otherwise grow with every typo)."""
    relapse = set(corpus.terms("relapses"))
    assert corpus.uses_together([relapse])
    for i in range(50):
        assert not corpus.uses_together([{f"zzqx{i}"}])
    assert corpus._users.keys() <= set(corpus.idf)


def test_an_indefinite_pronoun_is_no_word_shared_with_a_summary() -> None:
    """ "Can anyone get MS?" shares no subject with a coffee study whose text says that
    "anyone" may drink coffee; "coffee" is shared."""
    summary = load_library(LIBRARY).summaries["coffee-consumption-ms-risk-hedstrom-2016"]
    said = summary.model_copy(
        update={"key_takeaway": f"{summary.key_takeaway} Anyone and everyone drinks coffee."}
    )
    corpus = corpus_of(said)
    assert corpus.specific_overlap("can anyone or everyone get ms?", said.id) == set()
    assert corpus.specific_overlap("does coffee help anyone?", said.id) == {"coffe"}


def test_how_a_figure_is_given_names_no_subject() -> None:
    """ "average age?", "percent women" or "the relapse rate" name the thing measured, never
    the measure: a summary whose text gives averages, shares and rates shares no subject
    with "interest rates going up again?", and still shares "relapse" with the rate of it."""
    summary = load_library(LIBRARY).summaries["coffee-consumption-ms-risk-hedstrom-2016"]
    said = summary.model_copy(
        update={
            "key_takeaway": f"{summary.key_takeaway} The average rate, share and percentage "
            "of relapses were a typical proportion of the number."
        }
    )
    corpus = corpus_of(said)
    question = "average, median or typical? the percentage, share, proportion, rate or number?"
    assert corpus.specific_overlap(question, said.id) == set()
    assert corpus.specific_overlap("interest rates going up again?", said.id) == set()
    assert corpus.specific_overlap("what is the relapse rate?", said.id) == {"relaps"}
