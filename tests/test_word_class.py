"""Word classes from the lexicon: what can name a subject, what only describes."""

from __future__ import annotations

import pytest

from assistant.word_class import (
    compound_parts,
    lemmas,
    only_describes,
    only_names,
    word_classes,
)


@pytest.mark.parametrize("word", ["wobbly", "lifelong", "terribly", "skeptical", "Permanently"])
def test_adjectives_and_adverbs_only_describe(word: str) -> None:
    assert only_describes(word)
    assert not only_names(word)


@pytest.mark.parametrize("word", ["alcohol", "dairy", "pollution", "cheese"])
def test_things_are_only_nouns(word: str) -> None:
    assert only_names(word)
    assert not only_describes(word)


def test_words_of_several_classes_and_unknown_words_are_neither() -> None:
    assert {"NOUN", "VERB"} <= word_classes("tricks")  # "tricks" names or does
    assert not only_names("tricks") and not only_describes("tricks")
    assert word_classes("tattoo") == frozenset()  # the lexicon lacks it: the Zipf rule decides
    assert not only_names("tattoo") and not only_describes("tattoo")


@pytest.mark.parametrize("word", ["anybody", "someone", "everything", "nothing"])
def test_indefinite_pronouns_name_no_subject(word: str) -> None:
    assert not only_names(word)


def test_lemmas_are_every_dictionary_form() -> None:
    assert "safe" in lemmas("safer")
    assert {"relapse"} <= lemmas("relapsing")
    assert lemmas("ocrelizumab") == frozenset()


def test_a_closed_compound_splits_into_two_nouns() -> None:
    assert compound_parts("eyesight") == ("eye", "sight")
    assert compound_parts("Heartbeat") == ("heart", "beat")
    # Not into a verb and a fragment, nor a word of no two nouns.
    assert compound_parts("infections") == ()
    assert compound_parts("kidneys") == ()
