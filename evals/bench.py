"""`msra bench answer`: answer latency beside a brute-force floor and a naive baseline.

Figures, not assertions: every row is measured in the same process, on the same
questions, so the ratios between rows are what to read.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.engine import AnswerEngine
from assistant.models import Filters
from assistant.retrieval import HybridRetriever
from evals.cases import Case
from evals.synthetic import donor_vectors, synthetic_chunks, synthetic_summaries
from knowledge.embeddings import OnnxMiniLMEmbeddings
from knowledge.library import load_library
from knowledge.models import Chunk, Summary
from knowledge.settings import Settings, StoreSettings
from knowledge.store import ChunkIndex, connect, record_to_chunk
from knowledge.topics import TOPICS


@dataclass(frozen=True)
class LatencyRow:
    """p50/p95 of one method on one library size."""

    method: str
    summaries: int
    chunks: int
    p50_ms: float
    p95_ms: float
    questions: int


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    """Block until something accepts connections on 127.0.0.1:port."""
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port}")


def bench_questions(summaries: Sequence[Summary], minimum: int = 200) -> list[str]:
    """Questions a patient might ask, derived from the library (titles and topics)."""
    questions = [f"What does the research say about {name}?" for name in TOPICS]
    questions += [f"Tell me about: {s.title}" for s in summaries]
    questions += [
        f"What did the study on {s.title.lower()} find about {t}?"
        for s in summaries
        for t in s.topics[:1]
    ]
    while len(questions) < minimum:
        questions += questions[: minimum - len(questions)]
    return questions


def timed(
    run: Callable[[str], object],
    questions: Sequence[str],
    cold: Sequence[OnnxMiniLMEmbeddings] = (),
) -> list[float]:
    """Milliseconds per question (one warm-up call first, then a cold query cache, so no
    method is timed on vectors another one embedded)."""
    run(questions[0])
    for embeddings in cold:
        embeddings.clear_query_cache()
    times = []
    for question in questions:
        started = time.perf_counter()
        run(question)
        times.append((time.perf_counter() - started) * 1000)
    return times


def row(method: str, summaries: int, chunks: int, times: Sequence[float]) -> LatencyRow:
    """Summarise timings as a table row."""
    p50, p95 = np.percentile(times, [50, 95])
    return LatencyRow(method, summaries, chunks, float(p50), float(p95), len(times))


def all_vectors(index: ChunkIndex) -> tuple[list[Chunk], np.ndarray]:
    """Every chunk and its vector, fetched a page at a time."""
    chunks: list[Chunk] = []
    vectors: list[np.ndarray] = []
    offset, size = 0, 2000
    while True:
        page = index.collection.get(
            include=["documents", "metadatas", "embeddings"], limit=size, offset=offset
        )
        chunks += [
            record_to_chunk(i, d, m)
            for i, d, m in zip(page["ids"], page["documents"], page["metadatas"], strict=True)
        ]
        vectors.append(np.asarray(page["embeddings"], dtype=np.float32).reshape(-1, 384))
        if len(page["ids"]) < size:
            return chunks, np.concatenate(vectors)
        offset += size


def floor_runner(
    embeddings: Embeddings, matrix: np.ndarray, k: int = 30
) -> Callable[[str], object]:
    """The brute-force floor: embed the query, exact top-k by dot product in numpy."""

    def run(question: str) -> object:
        scores = matrix @ np.asarray(embeddings.embed_query(question), dtype=np.float32)
        return np.argpartition(-scores, min(k, len(scores) - 1))[:k]

    return run


def naive_runner(index: ChunkIndex, embeddings: Embeddings) -> Callable[[str], object]:
    """The naive LangChain baseline: Chroma retriever k=4, answer = top chunk text."""
    from langchain_chroma import Chroma

    store = Chroma(client=index.client, collection_name=index.name, embedding_function=embeddings)
    retriever = store.as_retriever(search_kwargs={"k": 4})
    return lambda question: retriever.invoke(question)[0].page_content


def naive_recall_at_5(index: ChunkIndex, embeddings: Embeddings, cases: Sequence[Case]) -> float:
    """recall@5 of the naive baseline (Chroma retriever, k=4 chunks) on eval cases."""
    from langchain_chroma import Chroma

    store = Chroma(client=index.client, collection_name=index.name, embedding_function=embeddings)
    retriever = store.as_retriever(search_kwargs={"k": 4})
    hits = [
        bool(
            set(case.expected)
            & {d.metadata["summary_id"] for d in retriever.invoke(case.questions[-1])}
        )
        for case in cases
    ]
    return sum(hits) / len(hits)


def engine_recall_at_5(engine: AnswerEngine, cases: Sequence[Case]) -> float:
    """recall@5 of the hybrid retriever on the same cases (follow-ups asked in order)."""
    from evals.runner import ask_case

    hits = [
        bool(set(case.expected) & set(ask_case(engine, case)[0].retrieved[:5])) for case in cases
    ]
    return sum(hits) / len(hits)


def measure(label: str, engine: AnswerEngine, questions: Sequence[str]) -> list[LatencyRow]:
    """Engine (plain, classifier off, triage alone, broad and narrow filters), floor and naive
    baseline on one index, each from a cold query cache."""
    index, embeddings = engine.retriever.index, engine.retriever.embeddings
    cold = [e for e in dict.fromkeys([embeddings, engine.triage.embeddings]) if _caches(e)]
    engine.retriever.refresh()
    chunks, matrix = all_vectors(index)
    broad, narrow = Filters(min_credibility=3), Filters(topics=["pml"])
    patterns_only = engine.settings.model_copy(
        update={"safety": engine.settings.safety.model_copy(update={"classifier": False})}
    )
    plain = AnswerEngine(patterns_only, engine.retriever)
    methods: list[tuple[str, Callable[[str], object]]] = [
        ("msra answer (offline)", engine.answer),
        ("msra answer, triage by patterns alone (classifier off)", plain.answer),
        ("safety triage alone (patterns + classifier)", engine.triage.triage),
        ("msra answer, broad filter (credibility >= 3)", lambda q: engine.answer(q, filters=broad)),
        ("msra answer, narrow filter (topic pml)", lambda q: engine.answer(q, filters=narrow)),
        ("numpy brute-force floor", floor_runner(embeddings, matrix)),
        ("naive LangChain (k=4, top chunk)", naive_runner(index, embeddings)),
    ]
    summaries = len(engine.retriever.corpus.summaries)
    return [
        row(f"{label}: {name}", summaries, len(chunks), timed(run, questions, cold))
        for name, run in methods
    ]


def _caches(embeddings: object) -> TypeGuard[OnnxMiniLMEmbeddings]:
    return isinstance(embeddings, OnnxMiniLMEmbeddings)


def synthetic_index(
    settings: Settings, source: ChunkIndex, real: Sequence[Summary], size: int, folder: Path
) -> ChunkIndex:
    """A store of ``size`` synthetic summaries whose chunks borrow real vectors."""
    chunks, vectors = all_vectors(source)
    donors = donor_vectors(chunks, vectors)
    config = settings.model_copy(update={"store": StoreSettings(path=folder)})
    index = ChunkIndex(connect(config.store), f"bench-{size}")
    batch = 500
    fakes = list(synthetic_summaries(real, size))
    for start in range(0, size, batch):
        new_chunks, new_vectors = synthetic_chunks(
            fakes[start : start + batch], donors, settings.chunking.max_chars, seed=start
        )
        for at in range(0, len(new_chunks), 5000):
            index.upsert(new_chunks[at : at + 5000], new_vectors[at : at + 5000])
    return index


def run_answer_bench(
    engine: AnswerEngine, sizes: Sequence[int], minimum_questions: int = 200
) -> list[LatencyRow]:
    """Latency rows for the bundled library and each synthetic size."""
    settings = engine.settings
    real = list(load_library(settings.library.directory).summaries.values())
    questions = bench_questions(real, minimum_questions)
    rows = measure("bundled", engine, questions)
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="msra-bench-") as folder:
            index = synthetic_index(settings, engine.retriever.index, real, size, Path(folder))
            retriever = HybridRetriever(index, engine.retriever.embeddings, settings.retrieval)
            rows += measure(f"synthetic {size:,}", AnswerEngine(settings, retriever), questions)
    return rows


def format_rows(rows: Sequence[LatencyRow]) -> str:
    """A Markdown table of the rows."""
    lines = [
        "| method | summaries | chunks | p50 ms | p95 ms | questions |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        figures = f"{r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.questions}"
        lines.append(f"| {r.method} | {r.summaries:,} | {r.chunks:,} | {figures} |")
    return "\n".join(lines)
