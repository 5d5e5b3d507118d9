"""The corpus snapshot's word rules: subject gaps and names."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus import Corpus
from knowledge.chunking import chunk_summary
from knowledge.library import load_library

LIBRARY = Path(__file__).parent / "data" / "engine-library"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    summaries = load_library(LIBRARY).summaries.values()
    return Corpus(c for s in summaries for c in chunk_summary(s))


def test_a_misspelt_library_word_is_no_gap(corpus: Corpus) -> None:
    assert corpus.subject_gaps("does a mindfullness course help?") == set()
    assert corpus.subject_gaps("does online therapy ease depresion?") == set()


def test_a_word_the_library_never_uses_is_a_gap(corpus: Corpus) -> None:
    assert corpus.subject_gaps("does acupuncture help MS fatigue?") == {"acupuncture"}


def test_known_names_are_not_gaps(corpus: Corpus) -> None:
    assert corpus.subject_gaps("is acupuncture ok?", ignore={"acupuncture"}) == set()


def test_names_in_titles_point_at_their_summaries(corpus: Corpus) -> None:
    assert corpus.named_summaries("what did the siponimod trial find?") == {"expand-siponimod-spms"}
    assert corpus.named_summaries("what did the trial find?") == set()


def test_a_name_in_the_key_takeaway_points_at_its_summary() -> None:
    coffee = load_library(LIBRARY).summaries["coffee-consumption-ms-risk-hedstrom-2016"]
    named = coffee.model_copy(
        update={"key_takeaway": f"In the Quixotry study: {coffee.key_takeaway}"}
    )
    corpus = Corpus(chunk_summary(named))
    assert corpus.named_summaries("what did Quixotry show?") == {coffee.id}
    # A name deeper in the text (What They Found) is not the summary's subject.
    assert corpus.named_summaries("what did Permanente show?") == set()


def test_how_long_and_how_many_name_no_subject(corpus: Corpus) -> None:
    coffee = "coffee-consumption-ms-risk-hedstrom-2016"  # its text says "how much", "long"
    question = "how long and how many, how much, how often?"
    assert corpus.specific_overlap(question, coffee) == set()
    assert corpus.specific_overlap("how much coffee?", coffee) == {"coffe"}
