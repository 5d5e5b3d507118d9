"""Redaction of typed emails and phone numbers, and research text left alone."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import REPO

from ui.redaction import personal_details, redact, scrub

TYPED = [
    ("call (555) 123-4567 please", "call [phone removed] please"),
    ("ring 555-1234.", "ring [phone removed]."),
    ("mobile 07700 900123", "mobile [phone removed]"),
    ("UK +44 20 7946 0958 or 020 7946 0958", "UK [phone removed] or [phone removed]"),
    ("+1 555 123 4567", "[phone removed]"),
    ("tel:555.123.4567", "tel:[phone removed]"),
    ("jo.smith@example.co.uk", "[email removed]"),
    ("john at example dot com", "[email removed]"),
    ("john(at)example.com", "[email removed]"),
    ("write to john [at] example [dot] com", "write to [email removed]"),
    ("JOHN AT EXAMPLE DOT CO DOT UK", "[email removed]"),
    ("john dot smith {at} nhs [dot] net", "[email removed]"),
]

RESEARCH = [
    "1950-2021",
    "2016-03-03",
    "CI 0.40-0.70",
    "p=0.001",
    "2 relapses in 2021",
    "between 2001 and 2010 (n = 12345)",
    "6,739 people, 942 randomised, 1105/546 per arm",
    "HR 0.52 (95% CI 0.40-0.70); pages 1390-1401",
    "doi 10.1136/jnnp-2012-303816, PMID 9266735, NCT01234567",
    "prevalence 309.2/100,000; EDSS 3.5-6.0; aged 18-55; 1000-2000 IU",
    "I read it at nationalmssociety.org and met them at work.",
]


@pytest.mark.parametrize(("typed", "stored"), TYPED)
def test_typed_details_are_removed(typed: str, stored: str) -> None:
    assert redact(typed) == stored


@pytest.mark.parametrize("text", RESEARCH)
def test_research_text_is_left_alone(text: str) -> None:
    assert redact(text) == text and personal_details(text) == {}


def test_a_mixed_sentence() -> None:
    text = redact(
        "Email jo.smith@example.co.uk or call (555) 123-4567 / +44 20 7946 0958 "
        "about 2 relapses in 2021 (CI 0.40-0.70)"
    )
    assert text == (
        "Email [email removed] or call [phone removed] / [phone removed] "
        "about 2 relapses in 2021 (CI 0.40-0.70)"
    )


def test_scrub_removes_only_what_was_typed() -> None:
    typed = personal_details("my number is 555-1234, jo@example.com")
    echoed = "We cannot call 555-1234 or write to jo@example.com; deaths fell 1950-2021."
    assert scrub(echoed, typed) == (
        "We cannot call [phone removed] or write to [email removed]; deaths fell 1950-2021."
    )


def _library_lines() -> list[str]:
    files = [*(REPO / "knowledge" / "library").rglob("*.md")]
    files += (REPO / "knowledge" / "library" / "overviews").glob("*.yaml")
    files += (REPO / "knowledge" / "sources").glob("*")
    return [line for path in files for line in path.read_text(encoding="utf-8").splitlines()]


def _questions() -> list[str]:
    """Every question of the eval sets and the triage bank: how people really type."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"question", "text", "turns", "phrasings"} and isinstance(value, str):
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            found.extend(item for item in node if isinstance(item, str))
            for item in node:
                walk(item)

    for folder in ("evals", "assistant/triage_bank"):
        for path in (REPO / folder).rglob("*.yaml"):
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def test_the_bundled_library_and_every_eval_question_survive_redaction() -> None:
    lines, questions = _library_lines(), _questions()
    assert len(lines) > 5000 and len(questions) > 2000
    changed = [text for text in lines + questions if redact(text) != text]
    assert changed == []
    # The old digit pattern removed some of these as phone numbers.
    assert any(re.search(r"\d{4}-\d{4}", line) for line in lines)
