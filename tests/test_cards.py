"""Evidence cards and topic overviews: validated, checked against their sources, published
only after review."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.cli import draft_card
from assistant.engine import AnswerEngine
from knowledge.card_drafts import approve_draft, parse_draft, pending_drafts
from knowledge.cards import check_card, points_back
from knowledge.errors import LibraryError
from knowledge.factcheck import load_fact_sheets
from knowledge.library import load_library
from knowledge.library_format import parse_summary, read_summary_file
from knowledge.models import EvidenceCard, Finding, Summary
from knowledge.overviews import check_overview, load_overviews
from knowledge.render import render_page
from knowledge.settings import LibrarySettings, Settings

LIBRARY = Settings(_env_file=None).library  # type: ignore[call-arg]
SHEETS = load_fact_sheets(LIBRARY.fact_sheets)
SUMMARIES = load_library(LIBRARY.directory).summaries
ASCLEPIOS = "asclepios-ofatumumab-vs-teriflunomide"


def with_findings(summary: Summary, *findings: tuple[str, str]) -> Summary:
    """The summary with its card's findings replaced."""
    assert summary.card is not None
    card = summary.card.model_copy(
        update={"findings": [Finding(aspect=a, text=t) for a, t in findings]}  # type: ignore[arg-type]
    )
    return summary.model_copy(update={"card": card})


def sheet_of(summary: Summary) -> object:
    assert summary.source and summary.source.fact_sheet
    return SHEETS[summary.source.fact_sheet]


def test_every_summary_has_a_card_that_passes_its_checks() -> None:
    failing = {
        sid: check_card(s, SHEETS[s.source.fact_sheet])  # type: ignore[union-attr,index]
        for sid, s in SUMMARIES.items()
    }
    assert {sid: issues for sid, issues in failing.items() if issues} == {}
    assert len(SUMMARIES) == 109


def test_a_number_the_fact_sheet_does_not_give_is_refused() -> None:
    summary = with_findings(
        SUMMARIES[ASCLEPIOS],
        ("main", "In the ASCLEPIOS trials, ofatumumab cut relapses by 61% against teriflunomide."),
        ("harm", "Shot reactions hit 20.2% of people on ofatumumab."),
        ("no_difference", "Brain shrinkage was about the same with both drugs."),
    )
    issues = check_card(summary, SHEETS[ASCLEPIOS])  # type: ignore[arg-type]
    assert any("numbers not in the fact sheet: 61" in i for i in issues)


def test_a_finding_that_points_back_or_drops_the_main_result_is_refused() -> None:
    summary = with_findings(
        SUMMARIES[ASCLEPIOS],
        ("benefit", "On placebo shots, 15.0% had reactions."),
        ("no_difference", "They had about the same brain shrinkage."),
        ("benefit", "Ofatumumab cut active spots on MRI scans by 97.5% in one trial."),
    )
    issues = check_card(summary, SHEETS[ASCLEPIOS])  # type: ignore[arg-type]
    assert "card: no finding with aspect 'main'" in issues
    assert "card: the fact sheet reports harms but no finding has aspect 'harm'" in issues
    assert sum("opens by pointing back" in i for i in issues) == 2


@pytest.mark.parametrize(
    ("sentence", "leans"),
    [
        ("It cut relapses.", True),
        ("On placebo, 60.9% did.", True),
        ("Both groups did well.", True),
        ("Other types were less common.", True),
        ("Others got two sham treatments.", True),
        ("Otherwise healthy adults took part.", False),
        ("In the ORATORIO trial, ocrelizumab slowed worsening.", False),
        ("Infections were about as common in both groups.", False),
    ],
)
def test_points_back_reads_the_opening(sentence: str, leans: bool) -> None:
    assert points_back(sentence) is leans


def test_a_bad_card_field_names_its_own_line() -> None:
    text = (Path(LIBRARY.directory) / f"{ASCLEPIOS}.md").read_text(encoding="utf-8")
    lines = text.split("\n")
    aspect_line = next(i for i, line in enumerate(lines) if "aspect: harm" in line)
    lines[aspect_line] = lines[aspect_line].replace("aspect: harm", "aspect: scary")
    result = parse_summary("\n".join(lines), "asclepios.md")
    assert result.summary is None
    problem = result.problems[0]
    assert problem.line == aspect_line + 1
    assert problem.field.startswith("card.findings.") and problem.field.endswith(".aspect")


def test_the_page_shows_the_card_at_a_glance() -> None:
    page = render_page(SUMMARIES[ASCLEPIOS])
    assert "## At a glance" in page
    assert "**Harms and side effects:** Shot reactions" in page
    assert page.index("## At a glance") < page.index("## Key Takeaway")


def test_the_library_has_fifteen_overviews_that_pass_their_checks() -> None:
    loaded = load_overviews(LIBRARY.overviews)
    assert loaded.problems == []
    assert len(loaded.overviews) >= 15
    failing = {o.id: check_overview(o, SUMMARIES) for o in loaded.overviews.values()}
    assert {k: v for k, v in failing.items() if v} == {}


def test_an_overview_number_not_in_its_cited_summaries_is_refused(tmp_path: Path) -> None:
    overview = {
        "id": "overview-test",
        "title": "Does coffee matter?",
        "questions": ["is coffee ok", "coffee and ms", "does coffee help"],
        "opening": "One study here links coffee to MS risk.",
        "points": [
            {"text": "Coffee cut MS risk by 99%.", "cites": [ASCLEPIOS]},
            {"text": "Ofatumumab beat teriflunomide.", "cites": ["no-such-summary"]},
            {"text": "It was a good study.", "cites": [ASCLEPIOS]},
        ],
    }
    (tmp_path / "overview-test.yaml").write_text(yaml.safe_dump(overview), encoding="utf-8")
    loaded = load_overviews(tmp_path)
    issues = check_overview(loaded.overviews["overview-test"], SUMMARIES)
    assert "points.0: numbers not in the cited summaries: 99" in issues
    assert "points.1: cites summaries not in the library: no-such-summary" in issues
    assert any(i.startswith("points.2: opens by pointing back") for i in issues)


def test_an_invalid_overview_is_reported_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "overview-bad.yaml").write_text(
        "id: overview-bad\ntitle: Bad\nquestions: [a, b, c]\nopening: Fine.\npoints:\n"
        "- text: One.\n  cites: []\n",
        encoding="utf-8",
    )
    loaded = load_overviews(tmp_path)
    assert loaded.overviews == {}
    assert next((p.line, p.field) for p in loaded.problems) == (7, "points.0.cites")


CARD_YAML = """```yaml
card:
  population: 1,882 adults with relapsing MS
  compared: ofatumumab shots against teriflunomide pills
  length: up to 30 months
  findings:
  - aspect: main
    text: In the ASCLEPIOS trials, fewer people had relapses on shots than on pills.
  - aspect: harm
    text: Shot reactions hit 20.2% of people on ofatumumab and 15.0% on teriflunomide.
  - aspect: no_difference
    text: Brain shrinkage was about the same on the shots and on the pills.
```"""


def draft_settings(tmp_path: Path) -> Settings:
    """Settings over a writable copy of the library, with drafts in ``tmp_path``."""
    library = tmp_path / "library"
    shutil.copytree(LIBRARY.directory, library, ignore=shutil.ignore_patterns("overviews"))
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        library=LibrarySettings(directory=library, card_drafts=tmp_path / "drafts"),
    )


def test_a_model_drafts_a_card_that_is_published_only_when_approved(tmp_path: Path) -> None:
    config = draft_settings(tmp_path)
    summary_file = config.library.directory / f"{ASCLEPIOS}.md"
    before = summary_file.read_text(encoding="utf-8")
    path = draft_card(FakeListChatModel(responses=[CARD_YAML]), config, ASCLEPIOS)
    assert pending_drafts(config.library.card_drafts) == [ASCLEPIOS]
    assert summary_file.read_text(encoding="utf-8") == before  # a draft is not published
    assert path.exists()
    library = config.library
    approve_draft(library.directory, library.card_drafts, library.fact_sheets, ASCLEPIOS)
    published = read_summary_file(summary_file).summary
    assert published is not None and published.card is not None
    assert published.card.findings[1].text.startswith("Shot reactions hit 20.2%")
    assert published.key_takeaway == SUMMARIES[ASCLEPIOS].key_takeaway
    assert pending_drafts(library.card_drafts) == []


def test_a_draft_that_fails_its_checks_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    config = draft_settings(tmp_path)
    summary_file = config.library.directory / f"{ASCLEPIOS}.md"
    before = summary_file.read_text(encoding="utf-8")
    bad = CARD_YAML.replace("20.2%", "44.4%")
    draft_card(FakeListChatModel(responses=[bad]), config, ASCLEPIOS)
    library = config.library
    with pytest.raises(LibraryError, match=r"numbers not in the fact sheet: 44\.4"):
        approve_draft(library.directory, library.card_drafts, library.fact_sheets, ASCLEPIOS)
    assert summary_file.read_text(encoding="utf-8") == before
    assert pending_drafts(library.card_drafts) == [ASCLEPIOS]


def test_a_reply_that_is_not_a_card_is_a_clear_error() -> None:
    with pytest.raises(LibraryError, match="card"):
        parse_draft("Sure! Here is a card: it shows things.", "fake-model")
    card = parse_draft(CARD_YAML, "fake-model")
    assert isinstance(card, EvidenceCard) and len(card.findings) == 3


def test_a_citation_carries_its_summarys_card(bundled_engine: AnswerEngine) -> None:
    """The source card's "At a glance" reads the card from the citation, so a restored
    conversation shows it without the library at hand."""
    answer = bundled_engine.answer("Does drinking coffee change the risk of MS?")
    views = bundled_engine.retriever.corpus.summaries
    assert answer.citations
    for citation in answer.citations:
        assert citation.card == views[citation.summary_id].card
    assert any(c.card is not None for c in answer.citations)
    again = type(answer).model_validate_json(answer.model_dump_json())
    assert again.citations[0].card == answer.citations[0].card
