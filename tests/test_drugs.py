"""The one drug vocabulary: retrieval and safety triage read the same names."""

from __future__ import annotations

import pytest

from assistant.drugs import BRAND_QUERIES, DRUGS, brand_note, generic_names
from assistant.safety import triage
from assistant.synonyms import BRAND_NAMES, expand_query

NAMES = sorted({name for drug in DRUGS for name in drug.names})


def test_retrieval_asks_for_a_brand_by_its_generic_name() -> None:
    assert BRAND_NAMES is BRAND_QUERIES
    assert expand_query("Is Tysabri better than Aubagio?") == (
        "Is natalizumab better than teriflunomide?"
    )
    assert BRAND_QUERIES["vumerity"] == "fumarate"  # as the library words it


@pytest.mark.parametrize("name", NAMES)
def test_every_name_is_a_treatment_to_the_safety_patterns(name: str) -> None:
    assert triage(f"Should I stop my {name}?").route == "medical_decision"


def test_generic_names_reads_brands_and_aliases_as_the_generic() -> None:
    text = "coming off Tysabri for LDN and vit d, not Ocrevus"
    assert generic_names(text) == (
        "coming off natalizumab for naltrexone and vitamin d, not ocrelizumab"
    )
    assert generic_names("a rebuild of my tysabrix plan") == "a rebuild of my tysabrix plan"


def test_no_name_belongs_to_two_drugs() -> None:
    owners: dict[str, str] = {}
    for drug in DRUGS:
        for name in drug.names:
            assert owners.setdefault(name, drug.generic) == drug.generic, name


def test_a_brand_the_question_used_is_tied_to_the_generic_name_the_answer_uses() -> None:
    body = "People on ofatumumab had fewer relapses than people on teriflunomide."
    assert brand_note("does kesimpta beat Aubagio?", body) == (
        "The studies use the generic names: Kesimpta is ofatumumab, Aubagio is teriflunomide."
    )
    assert brand_note("solu-medrol for a relapse?", "methylprednisolone drips") == (
        "The studies use the generic name: Solu-Medrol is methylprednisolone."
    )
    # Another name of the drug in the answer ties it too; the line gives the generic one.
    assert brand_note("zeposia vs avonex?", "ozanimod against weekly interferon shots") == (
        "The studies use the generic names: Zeposia is ozanimod, Avonex is interferon beta."
    )


@pytest.mark.parametrize(
    ("question", "body"),
    [
        ("is tysabri safe?", "In OPERA, ocrelizumab cut relapses."),  # not the drug answered
        ("is kesimpta safe?", "Kesimpta (ofatumumab) shot reactions"),  # the brand is there
        ("does ofatumumab work?", "ofatumumab cut relapses"),  # asked by its generic name
        ("does cbd help spasms?", "nabiximols spray eased spasms"),  # an alias, not a brand
    ],
)
def test_no_line_when_there_is_no_brand_to_tie(question: str, body: str) -> None:
    assert brand_note(question, body) == ""
