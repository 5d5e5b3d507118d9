"""`msra bench`: benchmarks that print figures."""

from __future__ import annotations

from pathlib import Path
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
    from knowledge.ingest import ingest_library
    from knowledge.store import ChunkIndex

    settings = Settings()
    engine = build_engine(settings, use_configured_llm=False)
    report = ingest_library(
        settings, ChunkIndex.open(settings), make_embeddings(settings.embeddings)
    )
    typer.echo(f"bundled library indexed: {report.lines()[0]}")
    from evals.bench import engine_recall_at_5, naive_recall_at_5
    from evals.cases import load_cases

    cases = [c for c in load_cases([settings.evals.cases_dir]) if c.expected]
    ours = engine_recall_at_5(engine, cases)
    naive = naive_recall_at_5(engine.retriever.index, engine.retriever.embeddings, cases)
    typer.echo(f"recall@5 on {len(cases)} eval cases: msra {ours:.3f}, naive LangChain {naive:.3f}")
    typer.echo(
        format_rows(run_answer_bench(engine, sizes if sizes is not None else [10_000], questions))
    )


eval_app = typer.Typer(help="Answer-quality evals: run, report, compare.")


@eval_app.callback(invoke_without_command=True)
def run_evals(
    ctx: typer.Context,
    cases: Annotated[list[Path] | None, typer.Option(help="Case files or folders.")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Run folder (default: eval-runs/<time>).")
    ] = None,
    tag: Annotated[str | None, typer.Option(help="Only cases with this tag (e.g. gate).")] = None,
    gate_run: Annotated[
        bool, typer.Option("--gate", help="Exit 1 if a threshold is missed.")
    ] = False,
) -> None:
    """Run the eval cases and write results.jsonl, summary.json and report.html."""
    if ctx.invoked_subcommand is not None:
        return
    import datetime as dt

    from assistant.api import build_engine
    from evals.cases import load_cases
    from evals.runner import dump, gate, run_eval, write_run
    from evals.safety_report import format_reports, safety_html, safety_report

    settings = Settings()
    chosen = [
        c for c in load_cases(cases or [settings.evals.cases_dir]) if tag is None or tag in c.tags
    ]
    folder = out or settings.evals.runs_dir / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    engine = build_engine(settings)
    summary, results = run_eval(engine, chosen, progress=True)
    safety = safety_report(engine.triage, chosen)
    write_run(folder, summary, results, safety_html(safety))
    (folder / "safety.json").write_text(dump([r.model_dump() for r in safety]), encoding="utf-8")
    typer.echo(f"{summary.cases} cases, {summary.passed} passed  ->  {folder}/report.html")
    typer.echo(format_reports(safety))
    for name, value in summary.metrics.items():
        typer.echo(f"  {name:28} {'—' if value is None else value}")
    typer.echo(f"  LLM judge: {summary.llm_judge}")
    typer.echo("  per tag: " + ", ".join(f"{t} {p}/{n}" for t, (p, n) in summary.by_tag.items()))
    failures = gate(summary, settings.evals)
    for failure in failures:
        typer.echo(f"GATE: {failure}", err=True)
    if gate_run and failures:
        raise typer.Exit(1)


@eval_app.command("rules")
def rules_count(
    package: Annotated[
        Path | None, typer.Option(help="The package to count (default: the assistant's).")
    ] = None,
) -> None:
    """Count the hand-made rules on the answer path (regexes, word tables, tuned numbers)."""
    from evals.rule_count import count_rules, format_counts

    folder = package or Path(__file__).resolve().parent.parent / "assistant"
    typer.echo(format_counts(count_rules(folder)))


@eval_app.command("safety")
def safety_eval(
    out: Annotated[Path | None, typer.Option(help="Also write the report as JSON here.")] = None,
    fresh: Annotated[
        Path | None, typer.Option(help="Folder of fresh labelled phrasings (evals/safety).")
    ] = None,
    conversations: Annotated[
        bool,
        typer.Option(
            help="Also route turns in conversations: the fresh sets' danger messages as "
            "follow-ups and the answer sets' follow-ups (about 2 min)."
        ),
    ] = False,
) -> None:
    """Triage recall per route and false alarms on the bank's held-out half, the fresh
    phrasings, the ordinary eval questions and the answer sets' turns, beside the patterns
    alone; with ``--conversations``, also turns routed in their conversations. Routed by
    the engine's triage, as the product routes them, so it needs `msra ingest` first."""
    from assistant.api import build_engine
    from evals.cases import load_cases
    from evals.runner import dump
    from evals.safety_report import ANSWER_SETS_DIR, FRESH_DIR, format_reports, safety_report

    settings = Settings()
    cases = load_cases([settings.evals.cases_dir])
    answer_sets = load_cases([ANSWER_SETS_DIR])
    folder = fresh or FRESH_DIR
    # The engine's triage: it reads a crisis reading again with the library's topic words.
    engine = build_engine(settings, use_configured_llm=False)
    reports = safety_report(engine.triage, cases, folder, answer_sets)
    if conversations:
        from evals.safety_turns import conversation_reports

        reports += conversation_reports(engine, folder, answer_sets)
    typer.echo(format_reports(reports))
    if out is not None:
        out.write_text(dump([r.model_dump() for r in reports]), encoding="utf-8")


@eval_app.command("compare")
def compare_runs(run_a: Path, run_b: Path) -> None:
    """Metric deltas between two runs and the cases that flipped."""
    from evals.runner import compare

    deltas, flipped = compare(run_a, run_b)
    typer.echo(f"{'metric':28} {'A':>10} {'B':>10} {'delta':>10}")
    for name, (a, b) in deltas.items():
        delta = f"{b - a:+.4f}" if a is not None and b is not None else "—"
        typer.echo(f"{name:28} {a!s:>10} {b!s:>10} {delta:>10}")
    typer.echo(f"{len(flipped)} cases flipped")
    for line in flipped:
        typer.echo(f"  {line}")


@bench_app.command("size")
def bench_size(size: int, questions: int = 200) -> None:
    """One synthetic size, as a JSON line (run by `msra bench scale` in its own process)."""
    import json

    from assistant.api import build_engine
    from evals.scale import measure_size

    settings = Settings()
    typer.echo(
        json.dumps(
            measure_size(
                settings, build_engine(settings, use_configured_llm=False), size, questions
            )
        )
    )


@bench_app.command("scale")
def bench_scale(
    sizes: Annotated[
        list[int] | None, typer.Option("--size", help="Synthetic library sizes.")
    ] = None,
) -> None:
    """Ingest throughput (real model and embedding floor) and, per size, store throughput,
    no-op re-ingest, answer p50/p95 embedded and via a Chroma server, peak RSS, disk."""
    import tempfile

    from evals.scale import embedding_floor, format_scale, run_scale
    from knowledge.embeddings import make_embeddings
    from knowledge.ingest import ingest_library
    from knowledge.settings import StoreSettings
    from knowledge.store import ChunkIndex

    settings = Settings()
    embeddings = make_embeddings(settings.embeddings)
    with tempfile.TemporaryDirectory(prefix="msra-ingest-") as folder:
        fresh = settings.model_copy(update={"store": StoreSettings(path=Path(folder))})
        index = ChunkIndex.open(fresh)
        first = ingest_library(fresh, index, embeddings)
        noop = ingest_library(fresh, index, embeddings)
        texts = [c.embed_text() for c in index.chunks()]
    floor = embedding_floor(embeddings, texts)
    typer.echo(
        f"bundled library: {first.chunks_written} chunks ingested at "
        f"{first.chunks_written / first.seconds:.1f} chunks/s "
        f"(bare embedding floor {floor:.1f} chunks/s); "
        f"no-op re-ingest {noop.seconds:.2f} s"
    )
    typer.echo(format_scale(run_scale(sizes if sizes is not None else [1_000, 10_000])))


@bench_app.command("start")
def bench_start(
    sizes: Annotated[
        list[int] | None, typer.Option("--size", help="Synthetic library sizes.")
    ] = None,
    root: Annotated[
        Path, typer.Option(help="Where the synthetic libraries are built once and kept.")
    ] = Path("data/bench-start"),
    rounds: Annotated[int, typer.Option(help="Starts per size.")] = 2,
) -> None:
    """A reader process's start to its first answer, step by step, and its peak RSS."""
    from evals.start_bench import build_library, format_starts, measure_start

    rows = []
    for size in sizes if sizes is not None else [10_000]:
        folder = build_library(size, root)
        rows += [measure_start(folder) for _ in range(rounds)]
    typer.echo(format_starts(rows))


@bench_app.command("parse")
def bench_parse() -> None:
    """Front-matter parsing per library file: libyaml against pure-Python PyYAML."""
    from evals.parse_bench import parse_report

    typer.echo(parse_report(Settings().library.directory))


@bench_app.command("browser")
def bench_browser(rounds: int = 3) -> None:
    """Enter -> first answer text visible in Debian chromium, offline mode."""
    from evals.browser_bench import first_text_ms, report

    typer.echo(report(first_text_ms(rounds)))


def register(root: typer.Typer) -> None:
    """Add `bench` and `eval` to the root CLI."""
    root.add_typer(bench_app, name="bench")
    root.add_typer(eval_app, name="eval")
