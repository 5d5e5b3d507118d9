"""The `msra` command line.

The root app lives here, in the lowest layer; each layer registers its own
sub-commands through the ``msra.commands`` entry-point group, so the layers
above (assistant, ui, evals) plug in without being imported from below.
"""

from __future__ import annotations

import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated

import typer

from knowledge.errors import MSRAError
from knowledge.models import Summary
from knowledge.settings import Settings

app = typer.Typer(no_args_is_help=True, help="MS Research Assistant: summaries, answers, evals.")
library_app = typer.Typer(no_args_is_help=True, help="List, show and check library summaries.")


def settings() -> Settings:
    """The settings for this command run."""
    return Settings()


@library_app.command("check")
def library_check(
    only: Annotated[
        list[str] | None, typer.Option(help="Check only these summary (or overview) ids.")
    ] = None,
    directory: Annotated[Path | None, typer.Option(help="Library folder.")] = None,
) -> None:
    """Check summaries against their fact sheets (numbers, source block, rubric, reading
    grade) and list the files held for review (open flags, instruction-like text)."""
    from knowledge.factcheck import check_library, load_fact_sheets, summary_grade
    from knowledge.library import load_library

    config = settings()
    loaded = load_library(directory or config.library.directory, config.library.max_file_bytes)
    sheets = load_fact_sheets(config.library.fact_sheets)
    chosen = [s for s in loaded.summaries.values() if not only or s.id in only]
    report = check_library(chosen, sheets)
    for problem in loaded.problems:
        typer.echo(str(problem))
    for path in loaded.held_files:
        typer.echo(f"HELD {path}: not indexed or quoted until the flags above are resolved")
    for summary in chosen:
        status = "FAIL" if summary.id in report else "ok"
        typer.echo(f"{status:4} grade {summary_grade(summary):4.1f}  {summary.id}")
        for issue in report.get(summary.id, []):
            typer.echo(f"      - {issue}")
    overviews_failed = _check_overviews(config, loaded.summaries, only or [])
    if report or loaded.problems or overviews_failed:
        raise typer.Exit(1)


def _check_overviews(config: Settings, summaries: dict[str, Summary], only: list[str]) -> bool:
    """Print each overview's check (only those in ``only``, if given); True when any failed."""
    from knowledge.overviews import check_overview, load_overviews

    loaded = load_overviews(config.library.overviews)
    for problem in loaded.problems:
        typer.echo(str(problem))
    failed = bool(loaded.problems)
    for overview in loaded.overviews.values():
        if only and overview.id not in only:
            continue
        issues = check_overview(overview, summaries)
        typer.echo(f"{'FAIL' if issues else 'ok':4} overview  {overview.id}")
        for issue in issues:
            typer.echo(f"      - {issue}")
        failed = failed or bool(issues)
    return failed


@library_app.command("sync-links")
def library_sync_links(
    dry_run: Annotated[bool, typer.Option(help="Print the changes; write nothing.")] = False,
    directory: Annotated[Path | None, typer.Option(help="Library folder.")] = None,
) -> None:
    """Set each summary's source DOI, PMID and link from its fact sheet (PubMed or
    doi.org whenever the sheet has an identifier); run after the fact sheets change."""
    from knowledge.factcheck import load_fact_sheets
    from knowledge.source_links import sync_library_links

    config = settings()
    sheets = load_fact_sheets(config.library.fact_sheets)
    changes = sync_library_links(
        directory or config.library.directory, sheets, not dry_run, config.library.max_file_bytes
    )
    for summary_id, fields in changes.items():
        typer.echo(summary_id)
        for name, (old, new) in fields.items():
            typer.echo(f"      {name}: {old} -> {new}")
    verb = "would update" if dry_run else "updated"
    typer.echo(f"{verb} {len(changes)} summaries; then run `msra library check` and `msra ingest`")


@library_app.command("approve-card")
def library_approve_card(
    summary_id: Annotated[str, typer.Argument(help="The summary whose draft card to publish.")],
) -> None:
    """Publish a reviewed draft evidence card into its summary (checked first)."""
    from knowledge.card_drafts import approve_draft

    library = settings().library
    approve_draft(library.directory, library.card_drafts, library.fact_sheets, summary_id)
    typer.echo(f"published the card of {summary_id}; run `msra ingest` to use it in answers")


@library_app.command("list")
def library_list(
    topic: Annotated[str | None, typer.Option(help="Only summaries with this topic.")] = None,
) -> None:
    """List the library's summaries: id, date, ratings, title."""
    from knowledge.library import load_library
    from knowledge.render import rating_text

    config = settings()
    loaded = load_library(config.library.directory, config.library.max_file_bytes)
    for summary in sorted(loaded.summaries.values(), key=lambda s: s.published, reverse=True):
        if topic is None or topic in summary.topics:
            typer.echo(
                f"{summary.published}  C {rating_text(summary.credibility):>5}  "
                f"I {rating_text(summary.interest):>5}  {summary.id}  {summary.title}"
            )
    for problem in loaded.problems:
        typer.echo(f"invalid: {problem}", err=True)


@library_app.command("stats")
def library_stats() -> None:
    """Library statistics: summaries, topics, study types, reading grades, index size."""
    from collections import Counter
    from statistics import median, quantiles

    from knowledge.factcheck import summary_grade
    from knowledge.library import load_library
    from knowledge.store import ChunkIndex

    config = settings()
    loaded = load_library(config.library.directory, config.library.max_file_bytes)
    summaries = list(loaded.summaries.values())
    typer.echo(f"{len(summaries)} summaries ({len(loaded.invalid_files)} invalid files)")
    typer.echo(f"{ChunkIndex.open(config).count()} chunks indexed")
    grades = sorted(summary_grade(s) for s in summaries)
    if len(grades) >= 2:
        p95 = quantiles(grades, n=20)[-1]
        typer.echo(
            f"reading grade: min {grades[0]:.1f}, median {median(grades):.1f}, "
            f"p95 {p95:.1f}, max {grades[-1]:.1f}"
        )
    studies = Counter(s.study_type or "unknown" for s in summaries)
    typer.echo("study types: " + ", ".join(f"{k} {v}" for k, v in studies.most_common()))
    topics = Counter(t for s in summaries for t in s.topics)
    typer.echo("topics: " + ", ".join(f"{k} {v}" for k, v in topics.most_common()))


@library_app.command("show")
def library_show(summary_id: str) -> None:
    """Show one summary rendered like the site's page, with computed related articles."""
    from knowledge.library import load_library
    from knowledge.related import related_articles
    from knowledge.render import render_page
    from knowledge.store import ChunkIndex

    config = settings()
    loaded = load_library(config.library.directory, config.library.max_file_bytes)
    summary = loaded.summaries.get(summary_id)
    if summary is None:
        raise MSRAError(f"no valid summary with id {summary_id!r}", hint="See `msra library list`.")
    from knowledge.chunking import chunk_summary

    anchor = chunk_summary(summary, config.chunking.max_chars)[0]  # the Key Takeaway
    related = related_articles(ChunkIndex.open(config), anchor, summary.topics)
    typer.echo(
        render_page(
            summary,
            [loaded.summaries[r.summary_id] for r in related if r.summary_id in loaded.summaries],
        )
    )


@app.command("ingest")
def ingest(
    strict: Annotated[bool, typer.Option(help="Write nothing if any file is invalid.")] = False,
    directory: Annotated[Path | None, typer.Option(help="Library folder.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Index the library incrementally: only new or changed summaries are embedded."""
    from knowledge.embeddings import make_embeddings
    from knowledge.ingest import ingest_library
    from knowledge.store import ChunkIndex

    config = settings()
    index = ChunkIndex.open(config)
    report = ingest_library(
        config, index, make_embeddings(config.embeddings), directory, strict, progress
    )
    for problem in report.problems:
        typer.echo(problem, err=True)
    for line in report.lines():
        typer.echo(line)
    if report.problems:
        raise typer.Exit(1)


@app.command("import-pages")
def import_pages(
    pages: Annotated[list[Path], typer.Argument(help="Page text (.txt) or HTML (.html) files.")],
    out: Annotated[Path | None, typer.Option(help="Folder to write drafts to.")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace existing library files.")] = False,
) -> None:
    """Turn the site's pages into draft library files (missing ratings are flagged).
    Exits 1 if any page was not imported; the others are still written."""
    import datetime as dt

    from knowledge.importer import PageError, import_page

    config = settings()
    target = out or config.library.directory
    failed = 0
    for page in pages:
        try:
            imported = import_page(
                page, target, dt.date.today(), config.library.max_file_bytes, overwrite
            )
        except PageError as exc:
            failed += 1
            typer.echo(f"{page}:1: page: cannot import: {exc.message}", err=True)
            continue
        typer.echo(f"wrote {imported.path} ({len(imported.summary.review)} review flags)")
    typer.echo(f"imported {len(pages) - failed} of {len(pages)} pages")
    if failed:
        raise typer.Exit(1)


app.add_typer(library_app, name="library")


def register(root: typer.Typer) -> None:
    """Entry point: the knowledge layer's commands are defined on the root app itself."""


def _load_plugins() -> None:
    for entry in entry_points(group="msra.commands"):
        entry.load()(app)


def main() -> None:
    """Run the CLI, turning deliberate errors into a message and exit code 2."""
    _load_plugins()
    try:
        # Outside standalone mode click returns an Exit's code instead of exiting.
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except MSRAError as exc:
        typer.echo(exc.user_message(), err=True)
        sys.exit(2)
    except Exception as exc:  # click errors (usage) arrive here in non-standalone mode
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
