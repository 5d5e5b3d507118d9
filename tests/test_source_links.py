"""Original-paper links follow the fact sheets: `msra library sync-links` (issue #15, item 5)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from knowledge.cli import app
from knowledge.factcheck import load_fact_sheets, source_mismatches
from knowledge.library import load_library
from knowledge.library_format import parse_summary
from knowledge.models import FactSheet
from knowledge.settings import Settings
from knowledge.source_links import sync_library_links, sync_source_links

BUNDLED = Settings(_env_file=None)  # type: ignore[call-arg]
SHEETS = load_fact_sheets(BUNDLED.library.fact_sheets)
OCT = "oct-retinal-thickness-disability-worsening-martinez-lapiscina-2016"
OCT_SHEET = SHEETS[OCT]
#: The file as it was before the fact sheet gave its DOI and PMID (a publisher mirror link).
STALE_FRONT = """\
---
id: x-study
title: "A title: with a colon"
published: 2016-03-20
source:
  title: "Retinal thickness measured with optical coherence tomography and risk of
    disability worsening in multiple sclerosis: a cohort study"
  journal: The Lancet Neurology
  year: 2016
  url: https://www.thelancet.com/journals/laneur/article/PIIS1474-4422(16)00068-5/fulltext
  study_type: cohort study
  fact_sheet: oct-retinal-thickness-disability-worsening-martinez-lapiscina-2016
card:
  population: people
---

## Key Takeaway
"""


def test_links_are_set_from_the_sheet_and_nothing_else_changes() -> None:
    text = sync_source_links(STALE_FRONT, OCT_SHEET)
    old, new = STALE_FRONT.split("\n"), text.split("\n")
    removed = [line for line in old if line not in new]
    added = [line for line in new if line not in old]
    assert removed == [
        "  url: https://www.thelancet.com/journals/laneur/article/PIIS1474-4422(16)00068-5/fulltext"
    ]
    assert added == [
        "  doi: 10.1016/S1474-4422(16)00068-5",
        "  pmid: '27011339'",  # quoted: a PMID is text, not a number
        "  url: https://pubmed.ncbi.nlm.nih.gov/27011339/",
    ]
    # Written where render_summary writes them: after year, before study_type.
    assert new.index("  year: 2016") + 1 == new.index("  doi: 10.1016/S1474-4422(16)00068-5")
    assert new.index(added[-1]) + 1 == new.index("  study_type: cohort study")


def test_a_field_the_sheet_leaves_null_is_removed_not_kept() -> None:
    sheet = OCT_SHEET.model_copy(update={"pmid": None})
    stale = STALE_FRONT.replace("  year: 2016\n", "  year: 2016\n  pmid: '123'\n")
    text = sync_source_links(stale, sheet)
    assert "pmid" not in text
    assert "  url: https://doi.org/10.1016/S1474-4422(16)00068-5" in text


def test_a_sheet_without_identifiers_keeps_its_own_page() -> None:
    sheet = FactSheet.model_validate(
        {**OCT_SHEET.model_dump(), "doi": None, "pmid": None, "url": "https://example.org/p"}
    )
    assert "  url: https://example.org/p\n" in sync_source_links(STALE_FRONT, sheet)


def test_a_file_without_a_source_block_is_refused() -> None:
    with pytest.raises(ValueError, match="source"):
        sync_source_links("---\nid: x\n---\n", OCT_SHEET)


def _stale_library(tmp_path: Path) -> Path:
    """A copy of three bundled summaries, one with its links as they were before."""
    folder = tmp_path / "library"
    folder.mkdir()
    for name in (OCT, "oratorio-ocrelizumab-ppms", "affirm-natalizumab-mri-outcomes"):
        shutil.copy(BUNDLED.library.directory / f"{name}.md", folder)
    path = folder / f"{OCT}.md"
    text = path.read_text(encoding="utf-8")
    stale = "  url: https://www.thelancet.com/journals/laneur/article/x/fulltext"
    text = text.replace("  doi: 10.1016/S1474-4422(16)00068-5\n  pmid: '27011339'\n", "")
    path.write_text(text.replace("  url: https://pubmed.ncbi.nlm.nih.gov/27011339/", stale))
    return folder


def test_the_library_sync_rewrites_only_stale_files_and_is_idempotent(tmp_path: Path) -> None:
    folder = _stale_library(tmp_path)
    untouched = (folder / "oratorio-ocrelizumab-ppms.md").read_bytes()
    assert set(sync_library_links(folder, SHEETS, write=False)) == {OCT}
    assert "thelancet.com" in (folder / f"{OCT}.md").read_text()  # a dry run writes nothing
    changes = sync_library_links(folder, SHEETS)
    assert changes[OCT]["url"][1] == "https://pubmed.ncbi.nlm.nih.gov/27011339/"
    assert changes[OCT]["pmid"] == (None, "27011339")
    summary = parse_summary((folder / f"{OCT}.md").read_text()).summary
    assert summary is not None and source_mismatches(summary, SHEETS[OCT]) == []
    assert (folder / "oratorio-ocrelizumab-ppms.md").read_bytes() == untouched
    assert sync_library_links(folder, SHEETS) == {}


def test_the_command_prints_each_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _stale_library(tmp_path)
    monkeypatch.setenv("MSRA_LIBRARY__DIRECTORY", str(folder))
    result = CliRunner().invoke(app, ["library", "sync-links", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"{OCT}\n" in result.output
    assert "pmid: None -> 27011339" in result.output
    assert "would update 1 summaries" in result.output
    assert "thelancet.com" in (folder / f"{OCT}.md").read_text()


def test_every_bundled_summary_with_an_identifier_links_to_doi_org_or_pubmed() -> None:
    loaded = load_library(BUNDLED.library.directory, BUNDLED.library.max_file_bytes)
    checked = 0
    for summary in loaded.summaries.values():
        assert summary.source is not None and summary.source.fact_sheet
        sheet = SHEETS[summary.source.fact_sheet]
        assert source_mismatches(summary, sheet) == [], summary.id
        if sheet.doi or sheet.pmid:
            checked += 1
            assert summary.source.url.startswith(
                ("https://doi.org/10.", "https://pubmed.ncbi.nlm.nih.gov/")
            ), summary.id
    assert checked >= 97  # the 11 identifiers verified in the last fact-sheet update count
