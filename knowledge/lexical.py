"""The lexical side of the index: BM25 over the chunks, and snapshots ingest writes.

A snapshot is one published library version as a reader loads it: its chunks in
reading order (one line per summary: what its chunks share, once, then each chunk's own
id, section, position and text), its BM25 index and each word's document frequency. Ingest writes it
beside the store before it publishes the version, so a reader process loads it from
files instead of reading every chunk back from Chroma and indexing them all again. The
BM25 arrays are read into memory, not memory-mapped: mapped, answers at 10,000
summaries ran slower (p95 70-74 ms against 63-65 ms).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson
from pydantic import BaseModel, ConfigDict, Field, field_validator

from knowledge.models import SECTION_TITLES, Chunk, EvidenceCard, Source
from knowledge.store import chunk_to_record

_SECTIONS = list(SECTION_TITLES)
_CHUNKS = "summaries.jsonl"
_WORDS = "words.json"
_TERMS = "terms.npz"
_BM25 = "bm25"
#: Snapshots kept: the published version's and the one before (readers may hold it).
KEEP = 2


def lexical_text(chunk: Chunk) -> str:
    """What BM25 indexes: the embedded text plus the topic names and the paper's own title
    (which carries trial names such as CLARITY or DISCOMS)."""
    paper = chunk.source.title if chunk.source else ""
    return f"{chunk.embed_text()} {' '.join(chunk.topics)} {paper}"


def stemmer() -> Any:
    """The English stemmer BM25 and the question analysis share (PyStemmer)."""
    import Stemmer

    return Stemmer.Stemmer("english")


def reading_order(chunks: Iterable[Chunk]) -> list[Chunk]:
    """Chunks by summary id, then section, then position: the order BM25 numbers them."""
    return sorted(chunks, key=lambda c: (c.summary_id, _SECTIONS.index(c.section), c.n))


@dataclass
class LexicalIndex:
    """BM25 over chunks in reading order, how many chunks use each word, and the words
    each summary uses (as ids into ``words``)."""

    bm25: Any | None
    words: list[str]
    document_frequency: np.ndarray
    summary_ids: list[str]
    term_ids: np.ndarray
    term_offsets: np.ndarray
    chunks: int

    def frequencies(self) -> dict[str, int]:
        """Each word and the number of chunks that use it."""
        return {w: int(n) for w, n in zip(self.words, self.document_frequency, strict=True) if w}

    def summary_terms(self) -> dict[str, tuple[int, int]]:
        """Where each summary's word ids sit in ``term_ids``."""
        bounds = self.term_offsets.tolist()
        return {sid: (bounds[i], bounds[i + 1]) for i, sid in enumerate(self.summary_ids)}


def build_lexical(chunks: Sequence[Chunk]) -> LexicalIndex:
    """Index chunks (already in reading order) with BM25: lowercase words of 2+
    characters, English stopwords removed, stemmed."""
    import bm25s

    if not chunks:
        return LexicalIndex(None, [], np.zeros(0, np.int64), [], *_empty_terms(), 0)
    tokens = bm25s.tokenize(
        [lexical_text(c) for c in chunks], stemmer=stemmer().stemWords, show_progress=False
    )
    words = [""] * len(tokens.vocab)
    for word, i in tokens.vocab.items():
        words[i] = word
    frequency = np.zeros(len(words), np.int64)
    by_summary: dict[str, set[int]] = {}
    for chunk, ids in zip(chunks, tokens.ids, strict=True):
        unique = set(ids)
        frequency[list(unique)] += 1
        by_summary.setdefault(chunk.summary_id, set()).update(unique)
    model = bm25s.BM25()
    model.index(tokens, show_progress=False)
    summary_ids = list(by_summary)
    sizes = [len(by_summary[sid]) for sid in summary_ids]
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    term_ids = np.fromiter((i for sid in summary_ids for i in sorted(by_summary[sid])), np.int32)
    return LexicalIndex(model, words, frequency, summary_ids, term_ids, offsets, len(chunks))


def _empty_terms() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0, np.int32), np.zeros(1, np.int64)


class SummaryHeader(BaseModel):
    """What a reader needs of every summary from its start (listing, filters, ids):
    validated when a snapshot is read. The source and evidence card are validated only
    when something reads them (at 100,000 summaries with their own cards, validating
    every card was 5.5 s of a start)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    summary_id: str
    of: int = Field(ge=1)
    title: str
    published: dt.date
    credibility: int | None = None
    interest: int | None = None
    topics: list[str] = Field(default_factory=list)
    study_type: str | None = None
    aliases: list[str] = Field(default_factory=list)
    content_hash: str
    card_json: str | None = None
    source_json: str | None = None

    @field_validator("topics", "aliases", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return value or []


class SummaryChunks:
    """One summary's chunks as a snapshot holds them: its header validated, its chunks
    as their own id, section, position and text (checked when read), made into chunks
    only when someone asks (most summaries are never cited in a process's life, and
    making every chunk was most of a reader's start)."""

    def __init__(self, header: SummaryHeader, rows: list[list[Any]]) -> None:
        self.header = header
        self.rows = rows
        self._first: Chunk | None = None
        self._card: EvidenceCard | None = None
        self._source: Source | None = None

    @property
    def ids(self) -> list[str]:
        """The chunk ids, in reading order."""
        return [row[0] for row in self.rows]

    @property
    def first(self) -> Chunk:
        """The first chunk, validated whole on first use."""
        if self._first is None:
            chunk_id, section, n, text = self.rows[0]
            head = self.header
            self._first = Chunk(
                id=chunk_id, summary_id=head.summary_id, section=section, n=n, of=head.of,
                text=text, title=head.title, published=head.published,
                credibility=head.credibility, interest=head.interest, topics=head.topics,
                study_type=head.study_type, source=self.source(),
                content_hash=head.content_hash, card=self.card(), aliases=head.aliases,
            )  # fmt: skip
        return self._first

    def card(self) -> EvidenceCard | None:
        """The summary's evidence card, validated on first use."""
        if self._card is None and self.header.card_json:
            self._card = EvidenceCard.model_validate_json(self.header.card_json)
        return self._card

    def source(self) -> Source | None:
        """The summary's source paper, validated on first use."""
        if self._source is None and self.header.source_json:
            self._source = Source.model_validate_json(self.header.source_json)
        return self._source

    def chunks(self) -> list[Chunk]:
        """The chunks, in reading order: the others share every field of the first but
        their own four."""
        made = [self.first]
        for chunk_id, section, n, text in self.rows[1:]:
            update = {"id": chunk_id, "section": section, "n": n, "text": text}
            made.append(self.first.model_copy(update=update))
        return made


@dataclass
class Snapshot:
    """A published version's summaries (reading order), their lexical index, and the
    folder they were read from."""

    summaries: list[SummaryChunks]
    lexical: LexicalIndex
    folder: Path

    @property
    def chunks(self) -> list[Chunk]:
        """Every chunk, in reading order (makes them all)."""
        return [chunk for summary in self.summaries for chunk in summary.chunks()]


def write_snapshot(folder: Path, version: int, chunks: Iterable[Chunk]) -> None:
    """Write the snapshot of ``version`` whole or not at all (a reader sees the folder
    only once it is complete), and drop all but the newest :data:`KEEP`."""
    ordered = reading_order(chunks)
    lexical = build_lexical(ordered)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{version}.{os.getpid()}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    with (partial / _CHUNKS).open("w", encoding="utf-8") as out:
        for group in _by_summary(ordered):
            own = [[c.id, c.section, c.n, c.text] for c in group]
            out.write(json.dumps([chunk_to_record(group[0]), own]) + "\n")
    (partial / _WORDS).write_text(
        json.dumps({"words": lexical.words, "summaries": lexical.summary_ids}), "utf-8"
    )
    np.savez(
        partial / _TERMS,
        document_frequency=lexical.document_frequency,
        term_ids=lexical.term_ids,
        term_offsets=lexical.term_offsets,
    )
    if lexical.bm25 is not None:
        lexical.bm25.save(str(partial / _BM25), show_progress=False)
    final = folder / str(version)
    shutil.rmtree(final, ignore_errors=True)
    partial.rename(final)
    _prune(folder)


def has_snapshot(folder: Path, version: int) -> bool:
    """Whether the snapshot of ``version`` has been written."""
    return (folder / str(version) / _CHUNKS).is_file()


def read_snapshot(folder: Path, version: int) -> Snapshot | None:
    """The snapshot of ``version``, or None when there is none (or it is unreadable:
    the reader then builds the snapshot from the store instead)."""
    import bm25s

    path = folder / str(version)
    try:
        with (path / _CHUNKS).open("rb") as lines:
            summaries = [_summary_chunks(orjson.loads(line)) for line in lines]
        names = orjson.loads((path / _WORDS).read_bytes())
        with np.load(path / _TERMS) as arrays:
            terms = {key: arrays[key] for key in arrays.files}
        bm25 = (
            bm25s.BM25.load(str(path / _BM25), mmap=False, show_progress=False)
            if (path / _BM25).is_dir()
            else None
        )
    except (OSError, ValueError, KeyError, TypeError):  # orjson's error is a ValueError
        return None
    lexical = LexicalIndex(
        bm25, names["words"], terms["document_frequency"], names["summaries"],
        terms["term_ids"], terms["term_offsets"], sum(len(s.rows) for s in summaries),
    )  # fmt: skip
    return Snapshot(summaries, lexical, path)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a snapshot is made into objects, and
    keep later collections from scanning them. Loading one creates millions of objects
    that all stay alive as long as the snapshot does: each collection the allocations
    triggered scanned them all again (at 100,000 summaries 5 s of a 9.2 s load), and
    left paused, the same scans came right after the load instead (2 s). So what is
    alive at the end is frozen (``gc.freeze``); the previous load's objects are
    unfrozen first, so a replaced snapshot's cycles are still collected."""
    was_enabled = gc.isenabled()
    gc.disable()
    gc.unfreeze()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _by_summary(ordered: Sequence[Chunk]) -> Iterator[list[Chunk]]:
    """Chunks in reading order, one list per summary."""
    group: list[Chunk] = []
    for chunk in ordered:
        if group and chunk.summary_id != group[0].summary_id:
            yield group
            group = []
        group.append(chunk)
    if group:
        yield group


def _summary_chunks(line: list[Any]) -> SummaryChunks:
    """One summary from its snapshot line: its header validated, and each chunk's own
    four fields checked (the chunks share every other field)."""
    record, rows = line
    header = SummaryHeader.model_validate(record)
    for row in rows:
        chunk_id, section, n, text = row
        if not (isinstance(chunk_id, str) and isinstance(text, str) and section in _SECTIONS):
            raise ValueError(f"snapshot chunk {chunk_id!r} is malformed")
        if type(n) is not int or n < 0:
            raise ValueError(f"snapshot chunk {chunk_id!r} has position {n!r}")
    if not rows:
        raise ValueError(f"snapshot summary {header.summary_id!r} has no chunks")
    return SummaryChunks(header, rows)


def _prune(folder: Path) -> None:
    versions = sorted((p for p in folder.iterdir() if p.name.isdigit()), key=lambda p: int(p.name))
    for old in versions[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
