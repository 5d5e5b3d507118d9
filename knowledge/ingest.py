"""Incremental ingest: bring the index to exactly the state of the library.

The plan is a pure function of the library and the published index. Each run
writes a new version beside the published one and switches readers over with one
metadata write (``publish``):

1. chunks of new and changed summaries are added, marked with the new version, so
   readers of the published one do not see them (a chunk id names one version of a
   summary, so nothing they read is overwritten);
2. chunks the new version drops are marked retired from it, but stay;
3. the new version is published;
4. what no reader needs any more is deleted: chunks an earlier published run retired
   more than ``store.keep_retired_s`` ago (a reader may hold the version before for up
   to ``retrieval.snapshot_check_s``, however many ingests publish meanwhile), and
   chunks of runs that never published. A run that finds another has
   published since it started publishes nothing (``IngestConflictError``).

So every answer reads one version end to end, and an interrupted run (even
``kill -9``) leaves the published version whole; the next run clears what it left.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from importlib.metadata import entry_points
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings
from pydantic import BaseModel, Field

from knowledge.chunking import chunk_summary
from knowledge.errors import IngestConflictError, LibraryError, Problem
from knowledge.lexical import has_snapshot, write_snapshot
from knowledge.library import LoadedLibrary, load_library
from knowledge.models import Chunk, Summary
from knowledge.settings import MAX_CHUNK_CHARS, Settings, StoreSettings
from knowledge.store import ChunkIndex, IndexedSummary, IndexState, embed_hash, snapshot_folder

log = logging.getLogger(__name__)


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
    prepared_s: float = Field(
        0.0, description="Of that, seconds preparing what readers load (the vocabulary)."
    )
    problems: list[str] = Field(default_factory=list, description="path:line: field: message")

    def lines(self) -> list[str]:
        """The report as short human-readable lines."""
        rate = self.chunks_embedded / self.seconds if self.seconds else 0.0
        return [
            f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
            f"removed {self.removed}, invalid {self.invalid}",
            f"chunks: {self.chunks_written} written ({self.chunks_embedded} embedded), "
            f"{self.chunks_total} in the index",
            f"{self.seconds:.2f} s ({rate:.1f} chunks/s embedded; "
            f"{self.prepared_s:.2f} s preparing readers)",
        ]


def plan_ingest(
    library: LoadedLibrary, manifest: Mapping[str, IndexedSummary], max_chars: int
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


def ingest_library(
    settings: Settings,
    index: ChunkIndex,
    embeddings: Embeddings,
    directory: Path | None = None,
    strict: bool = False,
    progress: bool = False,
) -> IngestReport:
    """The one way to ingest the configured library (CLI, staff desk, evals): it reads
    the folder, file limit and chunking from ``settings``, so every caller writes the
    same chunks and none undoes another's work."""
    library = load_library(directory or settings.library.directory, settings.library.max_file_bytes)
    snapshots = snapshot_folder(settings)
    report = run_ingest(
        library, index, embeddings, settings.chunking.max_chars, strict=strict,
        progress=progress, snapshots=snapshots, keep_retired_s=settings.store.keep_retired_s,
    )  # fmt: skip
    prepared = time.perf_counter()
    prepare_readers(snapshots, index.version())
    report.prepared_s = time.perf_counter() - prepared
    report.seconds += report.prepared_s
    return report


#: Entry-point group of hooks ``(snapshot folder, version) -> None`` that build, once,
#: what every reader of a new version would otherwise build on its first question (the
#: assistant registers its vocabulary): ingest may not import the layers that read.
READY_HOOKS = "msra.snapshot_ready"


def prepare_readers(snapshots: Path | None, version: int) -> None:
    """Run the :data:`READY_HOOKS` for the published ``version``'s snapshot."""
    if snapshots is None:
        return
    for hook in entry_points(group=READY_HOOKS):
        try:
            hook.load()(snapshots, version)
        except Exception:  # a reader then builds it itself: slower, never wrong
            log.warning("preparing %s for readers failed", hook.name, exc_info=True)


def run_ingest(
    library: LoadedLibrary,
    index: ChunkIndex,
    embeddings: Embeddings,
    max_chars: int = MAX_CHUNK_CHARS,
    strict: bool = False,
    batch_summaries: int = 16,
    progress: bool = False,
    snapshots: Path | None = None,
    keep_retired_s: float = StoreSettings().keep_retired_s,
) -> IngestReport:
    """Bring ``index`` to the state of ``library`` as a new published version, and
    report what changed. With ``snapshots``, the version's snapshot (chunks and BM25) is
    written there before it is published (and for the published one if it has none).
    Chunks retired less than ``keep_retired_s`` ago are kept for readers still on the
    version before the one that retired them."""
    started = time.perf_counter()
    state = index.state(keep_retired_s)
    plan = plan_ingest(library, state.live, max_chars)
    guard_plan(plan, library, strict)
    run = _VersionWriter(index, state, max(time.time_ns(), state.version + 1))
    to_write = plan.added + plan.updated
    for batch in _progress(
        _batches(to_write, batch_summaries), len(to_write), batch_summaries, progress
    ):
        run.write([c for s in batch for c in chunk_summary(s, max_chars)], embeddings)
    dropped = _dropped(plan, state.live, run.kept)
    snapshot = None
    if snapshots is not None:
        snapshot = partial(_write_snapshot, snapshots, library, index, state, plan, max_chars)
    run.finish(dropped, bool(to_write or plan.removed), snapshot)
    return IngestReport(
        added=len(plan.added),
        updated=len(plan.updated),
        unchanged=len(plan.unchanged),
        removed=len(plan.removed),
        invalid=len(library.invalid_files),
        chunks_written=len(run.written),
        chunks_embedded=run.embedded,
        chunks_total=len((run.live - dropped) | run.written),
        seconds=time.perf_counter() - started,
        problems=[str(p) for p in library.problems],
    )


@dataclass
class _VersionWriter:
    """Writes one new version beside the published one, then publishes it."""

    index: ChunkIndex
    state: IndexState
    version: int
    written: set[str] = field(default_factory=set)
    kept: set[str] = field(default_factory=set)
    embedded: int = 0
    #: Every chunk id of the published version (computed once, not per batch).
    live: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.live = {cid for indexed in self.state.live.values() for cid in indexed.chunk_ids}

    def write(self, chunks: list[Chunk], embeddings: Embeddings) -> None:
        """Add the chunks the published version lacks, invisible until published."""
        live = self.live
        self.kept.update(c.id for c in chunks if c.id in live)
        new = [c for c in chunks if c.id not in live]  # a live chunk is already right
        summaries = {c.summary_id for c in chunks}
        reusable = [cid for sid in summaries for cid in self.state.every.get(sid, ())]
        vectors, fresh = _vectors_for(new, reusable, self.index, embeddings)
        self._stop_if_overtaken()
        self.index.upsert(new, vectors, added_in=self.version)
        self.written.update(c.id for c in new)
        self.embedded += fresh

    def finish(
        self, dropped: set[str], publish: bool, snapshot: Callable[[int], None] | None
    ) -> None:
        """Retire what the new version drops, write its snapshot, publish it, delete
        what no reader needs."""
        self._stop_if_overtaken()
        self.index.retire(sorted(self.state.stray - dropped), None)  # a dead run's marks
        self.index.retire(sorted(dropped), self.version)
        if publish:
            if snapshot is not None:
                snapshot(self.version)
            self._stop_if_overtaken()
            self.index.publish(self.version)
        elif snapshot is not None and self.state.version:
            snapshot(self.state.version)  # an index from before snapshots gets its first
        self.index.delete(sorted(self.state.retired))
        if publish:  # unpublished chunks may be another ingest's work until one publishes
            self.index.delete(sorted(self.state.unpublished - self.written))

    def _stop_if_overtaken(self) -> None:
        """Another ingest published since this one started: its version is newer than
        this one's, so this one's chunks would show in it. Take them back and stop."""
        if self.index.version() != self.state.version:
            self.index.delete_added_in(sorted(self.written), self.version)
            raise IngestConflictError("another ingest published while this one ran")


def _write_snapshot(
    folder: Path,
    library: LoadedLibrary,
    index: ChunkIndex,
    state: IndexState,
    plan: IngestPlan,
    max_chars: int,
    version: int,
) -> None:
    """The snapshot of ``version``: the library's chunks, plus the indexed chunks of the
    files that kept their earlier version (invalid or held), read back from the store."""
    if has_snapshot(folder, version):
        return
    kept = [cid for sid in plan.kept_invalid for cid in state.live[sid].chunk_ids]
    chunks = [c for s in library.summaries.values() for c in chunk_summary(s, max_chars)]
    write_snapshot(folder, version, [*chunks, *index.chunks_with_ids(kept)])


def _dropped(plan: IngestPlan, live: Mapping[str, IndexedSummary], kept: set[str]) -> set[str]:
    """Published chunks the new version no longer has: those of updated summaries it
    did not keep, and every chunk of removed ones."""
    changed = [s.id for s in plan.updated] + plan.removed
    return {cid for sid in changed for cid in live[sid].chunk_ids} - kept


def _vectors_for(
    chunks: Sequence[Chunk], reusable: Sequence[str], index: ChunkIndex, embeddings: Embeddings
) -> tuple[np.ndarray, int]:
    """Vectors for chunks, reusing any stored vector (of any version of the same
    summaries) whose embedded text is the same: text is never embedded twice."""
    if not chunks:
        return np.zeros((0, 0), dtype=np.float32), 0
    stored = index.stored_vectors(sorted({*reusable, *(c.id for c in chunks)}))
    by_hash = {text_hash: vector for text_hash, vector in stored.values()}
    todo = [i for i, c in enumerate(chunks) if embed_hash(c) not in by_hash]
    fresh = embeddings.embed_documents([chunks[i].embed_text() for i in todo]) if todo else []
    new_rows = dict(zip(todo, fresh, strict=True))
    rows = [new_rows[i] if i in new_rows else by_hash[embed_hash(c)] for i, c in enumerate(chunks)]
    return np.asarray(rows, dtype=np.float32), len(todo)


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
