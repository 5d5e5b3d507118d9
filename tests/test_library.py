"""The bundled library stays true to its fact sheets (run in CI on every change)."""

from __future__ import annotations

import pytest

from knowledge.chunking import split_sentences
from knowledge.factcheck import MAX_GRADE, check_library, load_fact_sheets, summary_grade
from knowledge.library import load_library
from knowledge.settings import LibrarySettings

CONFIG = LibrarySettings()
LIBRARY = load_library(CONFIG.directory)
SHEETS = load_fact_sheets(CONFIG.fact_sheets)


def test_every_file_validates() -> None:
    assert [str(p) for p in LIBRARY.problems] == []


def test_every_fact_sheet_has_exactly_one_summary() -> None:
    by_sheet: dict[str, list[str]] = {}
    for summary in LIBRARY.summaries.values():
        assert summary.source is not None, summary.id
        by_sheet.setdefault(summary.source.fact_sheet or "", []).append(summary.id)
    assert sorted(by_sheet) == sorted(SHEETS)
    assert {k: v for k, v in by_sheet.items() if len(v) != 1} == {}


def test_summaries_are_true_to_their_fact_sheets() -> None:
    report = check_library(LIBRARY.summaries.values(), SHEETS)
    # Reading grade is checked library-wide below (95% rule), not per summary here.
    strict = {
        sid: [i for i in issues if not i.startswith("reading grade")]
        for sid, issues in report.items()
    }
    assert {k: v for k, v in strict.items() if v} == {}


def test_reading_grade_at_most_9_for_95_percent() -> None:
    grades = sorted(((summary_grade(s), s.id) for s in LIBRARY.summaries.values()), reverse=True)
    over = [g for g in grades if g[0] > MAX_GRADE]
    worst = ", ".join(f"{sid} ({grade:.1f})" for grade, sid in grades[:5])
    assert len(over) <= 0.05 * len(grades), f"worst five: {worst}"


@pytest.mark.parametrize("summary_id", sorted(LIBRARY.summaries))
def test_sections_and_topics(summary_id: str) -> None:
    summary = LIBRARY.summaries[summary_id]
    assert summary.topics
    for text in (
        summary.key_takeaway,
        summary.what_they_found,
        summary.who_should_care,
        summary.important_considerations,
    ):
        assert len(text.split()) >= 5
    assert len(split_sentences(summary.key_takeaway)) <= 2, "Key Takeaway is one or two sentences"
