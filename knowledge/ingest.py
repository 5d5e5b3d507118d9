"""Incremental ingest: bring the index to exactly the state of the library.

The plan is a pure function of the library and the index manifest. Writing is
ordered so that an interrupted run (even ``kill -9``) converges on the next one:
a summary's new chunks are upserted in one call, then its stale chunks deleted;
a summary whose chunks disagree with its hash is simply rewritten next time.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from langchain_core.embeddings import Embeddings
from pydantic import BaseModel, Field

from knowledge.chunking import chunk_summary
from knowledge.errors import LibraryError, Problem
from knowledge.library import LoadedLibrary
from knowledge.models import Chunk, Summary
from knowledge.store import ChunkIndex, IndexedSummary, embed_hash


@dataclass
class IngestPlan:
    """What an ingest will do, decided before anything is written."""

    added: list[Summary] = field(default_factory=list)
    updated: list[Summary] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept_invalid: list[str] = field(default_factory=list)


class IngestReport(BaseModel):
    """The outcome of an ingest run."""

    added: int = Field(0, description="Summaries indexed for the first time.")
    updated: int = Field(0, description="Summaries whose content changed and were rewritten.")
    unchanged: int = Field(0, description="Summaries left as they were.")
    removed: int = Field(0, description="Summaries whose files are gone, deleted from the index.")
    invalid: int = Field(0, description="Files that failed validation (old versions kept).")
    chunks_written: int = Field(0, description="Chunks upserted.")
    chunks_embedded: int = Field(0, description="Chunks whose text was embedded this run.")
    chunks_total: int = Field(0, description="Chunks in the index afterwards.")
    seconds: float = Field(0.0, description="Wall time of the run.")
    problems: list[str] = Field(default_factory=list, description="path:line: field: message")

    def lines(self) -> list[str]:
        """The report as short human-readable lines."""
        rate = self.chunks_embedded / self.seconds if self.seconds else 0.0
        return [
            f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
            f"removed {self.removed}, invalid {self.invalid}",
            f"chunks: {self.chunks_written} written ({self.chunks_embedded} embedded), "
            f"{self.chunks_total} in the index",
            f"{self.seconds:.2f} s ({rate:.1f} chunks/s embedded)",
        ]


def plan_ingest(
    library: LoadedLibrary, manifest: dict[str, IndexedSummary], max_chars: int
) -> IngestPlan:
    """Decide what to add, update, keep and remove (pure)."""
    plan = IngestPlan()
    # An invalid file keeps its previously indexed version: a bad edit loses nothing.
    invalid_ids = {path.rsplit("/", 1)[-1].removesuffix(".md") for path in library.invalid_files}
    for summary in library.summaries.values():
        indexed = manifest.get(summary.id)
        if indexed is None:
            plan.added.append(summary)
        elif _is_current(summary, indexed, max_chars):
            plan.unchanged.append(summary.id)
        else:
            plan.updated.append(summary)
    for summary_id in sorted(manifest):
        if summary_id in library.summaries:
            continue
        (plan.kept_invalid if summary_id in invalid_ids else plan.removed).append(summary_id)
    return plan


def _is_current(summary: Summary, indexed: IndexedSummary, max_chars: int) -> bool:
    if indexed.content_hash != summary.content_hash():
        return False
    return indexed.chunk_ids == {c.id for c in chunk_summary(summary, max_chars)}


def guard_plan(plan: IngestPlan, library: LoadedLibrary, strict: bool) -> None:
    """Refuse runs that would lose stored data: strict runs with problems, and runs
    that would empty a non-empty index because no file loaded."""
    if strict and library.problems:
        raise LibraryError(library.problems, hint="Nothing was written (--strict).")
    if plan.removed and not library.summaries and not library.invalid_files:
        raise LibraryError(
            [
                Problem(
                    "library", 0, "library", "no summary files found; refusing to empty the index"
                )
            ],
            hint="Check MSRA_LIBRARY__DIRECTORY points at the library folder.",
        )


def run_ingest(
    library: LoadedLibrary,
    index: ChunkIndex,
    embeddings: Embeddings,
    max_chars: int = 900,
    strict: bool = False,
    batch_summaries: int = 16,
    progress: bool = False,
) -> IngestReport:
    """Bring ``index`` to the state of ``library`` and report what changed."""
    started = time.perf_counter()
    manifest = index.manifest()
    plan = plan_ingest(library, manifest, max_chars)
    guard_plan(plan, library, strict)
    to_write = plan.added + plan.updated
    written = embedded = 0
    for batch in _progress(
        _batches(to_write, batch_summaries), len(to_write), batch_summaries, progress
    ):
        chunks = [c for s in batch for c in chunk_summary(s, max_chars)]
        vectors, fresh = _vectors_for(chunks, index, embeddings)
        index.upsert(chunks, vectors)
        stale = _stale_ids(batch, chunks, manifest)
        index.delete(stale)
        written += len(chunks)
        embedded += fresh
    index.delete([cid for sid in plan.removed for cid in manifest[sid].chunk_ids])
    if to_write or plan.removed:
        index.set_version(f"{time.time_ns():x}")
    return IngestReport(
        added=len(plan.added),
        updated=len(plan.updated),
        unchanged=len(plan.unchanged),
        removed=len(plan.removed),
        invalid=len(library.invalid_files),
        chunks_written=written,
        chunks_embedded=embedded,
        chunks_total=index.count(),
        seconds=time.perf_counter() - started,
        problems=[str(p) for p in library.problems],
    )


def _vectors_for(
    chunks: Sequence[Chunk], index: ChunkIndex, embeddings: Embeddings
) -> tuple[np.ndarray, int]:
    """Vectors for chunks, reusing stored ones whose embedded text is unchanged."""
    stored = index.stored_vectors([c.id for c in chunks])
    todo = [i for i, c in enumerate(chunks) if stored.get(c.id, ("", None))[0] != embed_hash(c)]
    fresh = embeddings.embed_documents([chunks[i].embed_text() for i in todo]) if todo else []
    new_rows = dict(zip(todo, fresh, strict=True))
    rows = [new_rows[i] if i in new_rows else stored[c.id][1] for i, c in enumerate(chunks)]
    return np.asarray(rows, dtype=np.float32), len(todo)


def _stale_ids(
    batch: Iterable[Summary], chunks: Sequence[Chunk], manifest: dict[str, IndexedSummary]
) -> list[str]:
    current = {c.id for c in chunks}
    old = {cid for s in batch if s.id in manifest for cid in manifest[s.id].chunk_ids}
    return sorted(old - current)


def _batches(items: list[Summary], size: int) -> Iterator[list[Summary]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _progress(
    batches: Iterator[list[Summary]], total: int, size: int, enabled: bool
) -> Iterator[list[Summary]]:
    if not enabled or not total:
        yield from batches
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="summary", desc="ingest") as bar:
        for batch in batches:
            yield batch
            bar.update(len(batch))
