"""`msra bench start`: how long a reader process (a UI replica) takes from its launch to
its first answer on a synthetic library, and its peak memory.

The library is built once per size in a folder that is kept (``--root``), through the
real ingest (snapshot and vocabulary included) with donor vectors (see evals.scale),
so reruns measure the start alone. Each start runs in a fresh interpreter, the way a
replica starts: imports, ``build_engine``, ``AnswerEngine.warm()`` (what the chat page
runs under its spinner; ``ready_s`` is the time from launch to its end) and one offline
answer (``total_s``: launch to that answer).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

QUESTION = "does vitamin d lower relapse risk?"
#: The steps of a start, in order, as the child process reports them.
STEPS = ["imports", "build_engine", "warm", "first_answer"]


def build_library(size: int, root: Path) -> Path:
    """The store of a synthetic library of ``size`` summaries under ``root`` (built
    once: a folder holding ``ready`` is reused)."""
    from evals.bench import all_vectors
    from evals.scale import DonorEmbeddings
    from evals.synthetic import synthetic_summaries
    from knowledge.embeddings import make_embeddings
    from knowledge.ingest import ingest_library
    from knowledge.library import load_library
    from knowledge.library_format import render_summary
    from knowledge.settings import Settings
    from knowledge.store import ChunkIndex

    folder = root / str(size)
    if (folder / "ready").is_file():
        return folder
    settings = Settings()
    bundled = ChunkIndex.open(settings)
    embeddings = make_embeddings(settings.embeddings)
    ingest_library(settings, bundled, embeddings)  # the donors' vectors
    chunks, vectors = all_vectors(bundled)
    donors = DonorEmbeddings({c.text: vectors[i] for i, c in enumerate(chunks)}, embeddings)
    library = folder / "library"
    library.mkdir(parents=True, exist_ok=True)
    real = list(load_library(settings.library.directory).summaries.values())
    for summary in synthetic_summaries(real, size):
        (library / f"{summary.id}.md").write_text(render_summary(summary), encoding="utf-8")
    scaled = _settings(folder)
    ingest_library(scaled, ChunkIndex.open(scaled), donors)
    (folder / "ready").write_text("built\n", encoding="utf-8")
    return folder


def _settings(folder: Path) -> Any:
    from knowledge.settings import Settings, StoreSettings

    base = Settings()
    return base.model_copy(
        update={
            "store": StoreSettings(path=folder / "chroma"),
            "library": base.library.model_copy(update={"directory": folder / "library"}),
        }
    )


def measure_start(folder: Path) -> dict[str, Any]:
    """One start in a fresh interpreter: the wall time from launch to the first answer,
    each step's seconds and the peak RSS."""
    result = subprocess.run(
        [sys.executable, "-m", "evals.start_bench", str(folder), repr(time.time())],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    row: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return row


def _child(folder: Path, launched: float) -> dict[str, Any]:
    """Run in the fresh interpreter: each step of a start, timed, and the wall time from
    the launch to the first answer (the process's exit is not part of a start)."""
    times: dict[str, float] = {}
    mark = time.perf_counter()

    def step(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        times[name] = round(now - mark, 2)
        mark = now

    from assistant.api import build_engine

    step("imports")
    engine = build_engine(_settings(folder), use_configured_llm=False)
    step("build_engine")
    engine.warm()  # what the chat page runs under its spinner: then it takes questions
    step("warm")
    ready = time.time() - launched
    answer = engine.answer(QUESTION)
    step("first_answer")
    total = time.time() - launched
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"summaries": len(engine.retriever.corpus.summaries), "cited": len(answer.citations),
            **times, "ready_s": round(ready, 2), "total_s": round(total, 2),
            "peak_rss_mb": round(rss)}  # fmt: skip


def format_starts(rows: list[dict[str, Any]]) -> str:
    """A Markdown table: one row per start."""
    columns = ["summaries", *STEPS, "ready_s", "total_s", "peak_rss_mb"]
    lines = ["| " + " | ".join(columns) + " |", "|" + " ---: |" * len(columns)]
    lines += ["| " + " | ".join(str(row.get(c, "")) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    print(json.dumps(_child(Path(sys.argv[1]), float(sys.argv[2]))))
