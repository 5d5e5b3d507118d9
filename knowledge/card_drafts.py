"""Evidence-card drafts: written by a model, published only when staff approve them.

A draft is a YAML file in the drafts folder, never in the library, so nothing a
model wrote reaches an answer unreviewed. Approving validates the draft, runs the
card checks against the summary's fact sheet and writes the summary file with its
card; any problem refuses the approval and leaves the library file as it was.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.cards import check_card
from knowledge.errors import LibraryError, Problem
from knowledge.factcheck import load_fact_sheets
from knowledge.files import write_atomically
from knowledge.library_format import read_summary_file, render_summary
from knowledge.models import FINDING_ASPECTS, EvidenceCard, FactSheet, Summary
from knowledge.yaml_files import validate_yaml

DRAFT_PROMPT = """Write an evidence card for one summary of an MS research paper, as YAML only.
Use ONLY facts from the fact sheet below; never add a number it does not give.
Fields: population (who was studied, plain words), compared (what against what, or
"no comparison group"), length (how long people were followed, or "not reported"),
findings: 3-8 items, each with `aspect` (one of: {aspects}) and `text`. The first
finding has aspect main. Each text is one plain sentence (at most 32 words) that names
its subject, gives both groups' figures when there are two, keeps its "but", and never
opens with It/They/This/These/Both/"On placebo".

Fact sheet:
{sheet}

Summary title: {title}
Key Takeaway: {takeaway}"""


def draft_prompt(summary: Summary, sheet: FactSheet) -> str:
    """The prompt a model gets to draft a card for ``summary``."""
    return DRAFT_PROMPT.format(
        aspects=", ".join(FINDING_ASPECTS),
        sheet=sheet.model_dump_json(indent=1, exclude={"checked"}),
        title=summary.title,
        takeaway=summary.key_takeaway,
    )


def parse_draft(reply: str, origin: str) -> EvidenceCard:
    """A model's reply (YAML, optionally fenced, optionally under ``card:``) as a card."""
    text = reply.strip().removeprefix("```yaml").removeprefix("```").removesuffix("```")
    try:
        data = yaml.safe_load(text)
        if isinstance(data, dict) and set(data) == {"card"}:
            data = data["card"]
        return EvidenceCard.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise LibraryError(
            [Problem(origin, 1, "card", str(exc).splitlines()[0])],
            hint="The model's draft was not a valid card; run draft-card again or write it.",
        ) from exc


def write_draft(drafts: Path, summary_id: str, card: EvidenceCard) -> Path:
    """Save a draft card for staff review; returns its path."""
    path = drafts / f"{summary_id}.yaml"
    text = yaml.safe_dump(card.model_dump(mode="json"), sort_keys=False, allow_unicode=True)
    write_atomically(path, lambda partial: partial.write_text(text, encoding="utf-8"))
    return path


def pending_drafts(drafts: Path) -> list[str]:
    """Ids of the summaries with a draft card waiting for review."""
    return sorted(p.stem for p in drafts.glob("*.yaml")) if drafts.is_dir() else []


def approve_draft(library: Path, drafts: Path, fact_sheets: Path, summary_id: str) -> Summary:
    """Publish a reviewed draft into its summary file, or raise with every problem."""
    draft_path = drafts / f"{summary_id}.yaml"
    card, problems = validate_yaml(draft_path, EvidenceCard)
    summary_path = library / f"{summary_id}.md"
    parsed = read_summary_file(summary_path)
    problems += parsed.problems
    if card is None or parsed.summary is None:
        raise LibraryError(problems or [Problem(str(draft_path), 1, "card", "no draft")])
    summary = parsed.summary.model_copy(update={"card": card})
    sheet_id = summary.source.fact_sheet if summary.source else None
    sheet = load_fact_sheets(fact_sheets).get(sheet_id or "")
    if sheet is None:
        raise LibraryError([Problem(str(summary_path), 1, "source.fact_sheet", "no fact sheet")])
    issues = check_card(summary, sheet)
    if issues:
        raise LibraryError([Problem(str(draft_path), 1, "card", issue) for issue in issues])
    page = render_summary(summary)
    write_atomically(summary_path, lambda partial: partial.write_text(page, encoding="utf-8"))
    draft_path.unlink()
    return summary
