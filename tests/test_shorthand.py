"""Shorthand written out, and apostrophes put back, before a question is analysed."""

from __future__ import annotations

import pytest

from assistant.shorthand import (
    bare_contractions,
    is_contraction,
    missing_apostrophes,
    written_out,
)


def test_texting_shorthand_is_written_out_or_dropped() -> None:
    assert written_out("how many ppl were in it lol") == "how many people were in it"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("shes convinced itll be worse", "she's convinced it'll be worse"),
        ("Im scared and dont know", "i'm scared and don't know"),
        ("theyre not sure", "they're not sure"),
    ],
)
def test_contractions_get_their_apostrophe_back(typed: str, meant: str) -> None:
    assert written_out(typed) == meant


@pytest.mark.parametrize("text", ["I feel ill", "we were told", "it went well", "its dose"])
def test_words_of_their_own_are_left_alone(text: str) -> None:
    """ "ill", "were", "well" and "its" are English words as often as they are
    contractions missing an apostrophe: nothing is put back."""
    assert written_out(text) == text


def test_the_table_comes_from_the_word_list() -> None:
    table = missing_apostrophes()
    assert table["dont"] == "don't" and table["wouldve"] == "would've"
    assert not {"ill", "were", "well", "id", "its", "hell", "shell"} & set(table)


def test_contractions_of_grammar_words_are_told_from_possessives() -> None:
    assert is_contraction("it'll") and is_contraction("Doesn't") and is_contraction("they'd")
    assert not is_contraction("baby's") and not is_contraction("relapse")


def test_a_contraction_typed_bare_is_a_grammar_word_for_the_search() -> None:
    """BM25 reads the question as typed: "dont", "ive", "theyre" name nothing, while a
    possessive typed bare ("babys") and a word of its own ("ill") are left to the search."""
    dropped = bare_contractions()
    assert {"dont", "cant", "im", "ive", "theyre", "wouldnt"} <= dropped
    assert not {"babys", "alzheimers", "ill", "were", "well"} & dropped
