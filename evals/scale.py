"""`msra bench scale`: ingest, re-ingest, answer latency, memory and disk at 1k-100k summaries.

Each size runs in its own process (`msra bench size N`) so peak RSS is per size.
Synthetic chunks reuse real chunk vectors (see evals.synthetic), so the embedding
floor is measured separately and shown beside the store's own throughput.
"""

from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.engine import AnswerEngine
from assistant.retrieval import HybridRetriever
from evals.bench import all_vectors, bench_questions, timed
from evals.synthetic import synthetic_summaries
from knowledge.ingest import run_ingest
from knowledge.library import load_library
from knowledge.library_format import render_summary
from knowledge.models import SECTION_TITLES
from knowledge.settings import Settings, StoreSettings
from knowledge.store import ChunkIndex

_MARKERS = [f". {title}: " for title in SECTION_TITLES.values()]


class DonorEmbeddings(Embeddings):
    """Looks up the vector of the real chunk a synthetic chunk copies (plus the real model
    for queries), so scale runs measure the pipeline, not hours of embedding."""

    def __init__(self, donors: dict[str, np.ndarray], real: Embeddings) -> None:
        self.donors = donors
        self.real = real

    def _text(self, embed_text: str) -> str:
        for marker in _MARKERS:
            at = embed_text.find(marker)
            if at >= 0:
                return embed_text[at + len(marker) :]
        return embed_text

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [self._text(t) for t in texts]
        missing = [t for t, k in zip(texts, keys, strict=True) if k not in self.donors]
        fresh = iter(self.real.embed_documents(missing) if missing else [])
        return [self.donors[k].tolist() if k in self.donors else next(fresh) for k in keys]

    def embed_query(self, text: str) -> list[float]:
        return self.real.embed_query(text)


def embedding_floor(embeddings: Embeddings, texts: Sequence[str]) -> float:
    """Bare embedding throughput (chunks/s) on real chunk texts."""
    started = time.perf_counter()
    embeddings.embed_documents(list(texts))
    return len(texts) / (time.perf_counter() - started)


def folder_bytes(folder: Path) -> int:
    """Total size of the files under a folder."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure_size(
    settings: Settings, engine: AnswerEngine, size: int, questions: int = 200
) -> dict[str, Any]:
    """Every figure for one synthetic library size (run in its own process)."""
    real_library = list(load_library(settings.library.directory).summaries.values())
    chunks, vectors = all_vectors(engine.retriever.index)
    donors = {c.text: vectors[i] for i, c in enumerate(chunks)}
    asked = bench_questions(real_library, questions)
    with tempfile.TemporaryDirectory(prefix=f"msra-scale-{size}-") as tmp:
        root = Path(tmp)
        (root / "library").mkdir()
        for summary in synthetic_summaries(real_library, size):
            (root / "library" / f"{summary.id}.md").write_text(
                render_summary(summary), encoding="utf-8"
            )
        config = settings.model_copy(update={"store": StoreSettings(path=root / "chroma")})
        index = ChunkIndex.open(config)
        donor_model = DonorEmbeddings(donors, engine.retriever.embeddings)
        library = load_library(root / "library")
        first = run_ingest(
            library, index, donor_model, settings.chunking.max_chars, batch_summaries=64
        )
        again = run_ingest(
            load_library(root / "library"), index, donor_model, settings.chunking.max_chars
        )
        scaled = AnswerEngine(config, HybridRetriever(index, donor_model, config.retrieval))
        started = time.perf_counter()
        scaled.retriever.refresh()
        snapshot_s = time.perf_counter() - started
        embedded = timed(scaled.answer, asked)
        row = {
            "summaries": size,
            "chunks": first.chunks_total,
            "store_chunks_per_s": round(first.chunks_written / first.seconds, 1),
            "noop_reingest_s": round(again.seconds, 2),
            "snapshot_load_s": round(snapshot_s, 2),
            "answer_p50_ms": round(float(np.percentile(embedded, 50)), 1),
            "answer_p95_ms": round(float(np.percentile(embedded, 95)), 1),
            "index_mb": round(folder_bytes(root / "chroma") / 1e6, 1),
        }
        row |= _via_server(config, scaled, asked, root)
    row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return row


def _via_server(
    config: Settings, engine: AnswerEngine, asked: Sequence[str], root: Path
) -> dict[str, Any]:
    """Answer latency with the same index served by `chroma run` on 127.0.0.1."""
    from chromadb.api.shared_system_client import SharedSystemClient

    from evals.bench import free_port, wait_for_port

    engine.retriever.index = None  # type: ignore[assignment]
    gc.collect()
    # Release the embedded store's handle before a server opens the same folder.
    SharedSystemClient.clear_system_cache()
    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    command = [str(chroma), "run", "--path", str(root / "chroma"), "--host", "127.0.0.1"]
    server = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_port(port, 60)
        remote = config.model_copy(update={"store": StoreSettings(host="127.0.0.1", port=port)})
        engine.retriever.index = ChunkIndex.open(remote)
        times = timed(engine.answer, asked)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "server_p50_ms": round(float(np.percentile(times, 50)), 1),
        "server_p95_ms": round(float(np.percentile(times, 95)), 1),
    }


def run_scale(sizes: Sequence[int]) -> list[dict[str, Any]]:
    """Each size in a fresh `msra bench size N` process; the rows it printed."""
    msra = str(Path(sys.executable).parent / "msra")
    rows = []
    for size in sizes:
        result = subprocess.run(
            [msra, "bench", "size", str(size)], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(result.stdout.strip().splitlines()[-1]))
    return rows


SCALE_COLUMNS = [
    "summaries",
    "chunks",
    "store_chunks_per_s",
    "noop_reingest_s",
    "snapshot_load_s",
    "answer_p50_ms",
    "answer_p95_ms",
    "server_p50_ms",
    "server_p95_ms",
    "peak_rss_mb",
    "index_mb",
]


def format_scale(rows: Sequence[dict[str, Any]]) -> str:
    """A Markdown table of scale rows."""
    lines = ["| " + " | ".join(SCALE_COLUMNS) + " |", "|" + " ---: |" * len(SCALE_COLUMNS)]
    lines += ["| " + " | ".join(str(row.get(c, "")) for c in SCALE_COLUMNS) + " |" for row in rows]
    return "\n".join(lines)
