"""Hostile input for the parser and importer: clear errors, never a crash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.importer import html_to_text, parse_page_text
from knowledge.library import load_library
from knowledge.library_format import parse_summary, read_summary_file

VALID = (
    Path(__file__).parent
    / "data"
    / "library"
    / "adolescent-obesity-ms-risk-nurses-health-munger-2009.md"
).read_text()


@given(st.text(max_size=3000))
@settings(max_examples=300, deadline=None)
def test_parser_never_crashes_on_any_text(text: str) -> None:
    result = parse_summary(text, "fuzz.md")
    assert (result.summary is None) == bool(result.problems)
    assert all(p.path == "fuzz.md" and p.line >= 1 for p in result.problems)


@given(st.integers(min_value=0, max_value=len(VALID)), st.text(max_size=50))
@settings(max_examples=300, deadline=None)
def test_parser_on_mutilated_valid_files(cut: int, insert: str) -> None:
    result = parse_summary(VALID[:cut] + insert + VALID[cut + len(insert) :], "fuzz.md")
    assert (result.summary is None) == bool(result.problems)


@given(st.binary(max_size=2000))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_bytes_on_disk(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("fuzz") / "x-file.md"
    path.write_bytes(data)
    result = read_summary_file(path)
    assert result.summary is None and result.problems


def test_truncated_huge_and_wrong_encoding_files(tmp_path: Path) -> None:
    (tmp_path / "truncated-file.md").write_text(VALID[: len(VALID) // 3])
    (tmp_path / "huge-file.md").write_text(VALID + "x" * 300_000)
    (tmp_path / "latin-file.md").write_bytes(VALID.encode("utf-16"))
    (tmp_path / "adolescent-obesity-ms-risk-nurses-health-munger-2009.md").write_text(VALID)
    loaded = load_library(tmp_path)
    assert list(loaded.summaries) == ["adolescent-obesity-ms-risk-nurses-health-munger-2009"]
    messages = "\n".join(str(p) for p in loaded.problems)
    assert "huge-file.md:1: file:" in messages and "byte limit" in messages
    assert "latin-file.md" in messages and "truncated-file.md" in messages


@given(st.text(max_size=3000))
@settings(max_examples=200, deadline=None)
def test_importer_gives_a_draft_or_a_value_error(text: str) -> None:
    try:
        summary = parse_page_text(text, dt.date(2026, 1, 1))
    except ValueError:
        return
    assert summary.review, "a draft always carries review flags"


@given(st.text(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_html_extraction_never_crashes(markup: str) -> None:
    text, links = html_to_text(f"<html><body>{markup}</body></html>")
    assert isinstance(text, str) and isinstance(links, list)
