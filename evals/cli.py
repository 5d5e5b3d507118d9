"""`msra bench`: benchmarks that print figures."""

from __future__ import annotations

from typing import Annotated

import typer

from knowledge.settings import Settings

bench_app = typer.Typer(no_args_is_help=True, help="Benchmarks that print figures (no pass/fail).")


@bench_app.command("answer")
def bench_answer(
    sizes: Annotated[
        list[int] | None, typer.Option("--size", help="Synthetic library sizes.")
    ] = None,
    questions: Annotated[int, typer.Option(help="At least this many questions.")] = 200,
) -> None:
    """p50/p95 of the whole offline answer, the numpy floor and a naive LangChain baseline."""
    from assistant.api import build_engine
    from evals.bench import format_rows, run_answer_bench
    from knowledge.embeddings import make_embeddings
    from knowledge.ingest import run_ingest
    from knowledge.library import load_library
    from knowledge.store import ChunkIndex

    settings = Settings()
    engine = build_engine(settings, use_configured_llm=False)
    report = run_ingest(
        load_library(settings.library.directory),
        ChunkIndex.open(settings),
        make_embeddings(settings.embeddings),
    )
    typer.echo(f"bundled library indexed: {report.lines()[0]}")
    typer.echo(
        format_rows(run_answer_bench(engine, sizes if sizes is not None else [10_000], questions))
    )


def register(root: typer.Typer) -> None:
    """Add `bench` to the root CLI."""
    root.add_typer(bench_app, name="bench")
