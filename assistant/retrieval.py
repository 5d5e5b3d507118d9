"""Hybrid retrieval: dense (Chroma) + lexical (BM25), fused by reciprocal rank.

Chunks are grouped by summary; each summary keeps its best passage and the
best dense similarity of its chunks, which the abstention threshold is
calibrated on. Broad filters are applied after retrieval (Chroma's ``where``
is slow on large collections); narrow ones are searched exactly in memory.
``HybridRetriever`` is a LangChain retriever, so it also plugs into chains.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field, PrivateAttr

from assistant.corpus import Corpus, SummaryView
from assistant.models import Filters
from knowledge.errors import LibraryNotIndexedError
from knowledge.lexical import gc_paused, read_snapshot
from knowledge.models import Chunk
from knowledge.settings import RetrievalSettings
from knowledge.store import ChunkIndex, Hit

#: Below this share of chunks, a filter is pushed down to Chroma instead of applied after.
NARROW_FILTER = 0.05
#: Sections whose text can support an answer (the caveats are attached, not quoted as support).
_SUPPORT_SECTIONS = ("key_takeaway", "what_they_found", "who_should_care")


@dataclass
class RetrievedSummary:
    """A summary found for a question, with its evidence."""

    view: SummaryView
    score: float
    similarity: float
    passage: Chunk
    chunks: list[Chunk] = field(default_factory=list)


def as_retrieved(view: SummaryView, similarity: float) -> RetrievedSummary:
    """A summary reached through something other than the search (a topic overview that
    cites it), with its Key Takeaway as the passage."""
    return RetrievedSummary(view, 0.0, similarity, view.lead, list(view.chunks))


@dataclass
class Retrieval:
    """What retrieval found, ranked, and how long it took."""

    summaries: list[RetrievedSummary]
    query_vector: list[float]
    milliseconds: float

    @property
    def best_similarity(self) -> float:
        """Dense similarity of the best-matching summary (0 when nothing was found)."""
        return max((s.similarity for s in self.summaries), default=0.0)


def rrf(rankings: Sequence[Sequence[str]], k: int = 60) -> dict[str, float]:
    """Reciprocal rank fusion of several rankings of ids."""
    scores: dict[str, float] = defaultdict(float)
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            scores[item] += 1.0 / (k + rank + 1)
    return dict(scores)


class HybridRetriever(BaseRetriever):
    """Dense + BM25 retrieval over the index, grouped into summaries.

    A LangChain retriever: ``invoke``/``batch``/``stream`` return one Document per summary
    (its best passage), filtered by ``filters``. ``retrieve`` is the richer native call the
    engine uses (scores, chunks, the query vector, follow-up boosts).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: ChunkIndex
    embeddings: Embeddings
    config: RetrievalSettings
    filters: Filters = Field(default_factory=Filters)
    """Limits applied on the LangChain path (``invoke`` and friends)."""
    snapshots: Path | None = None
    """The folder of snapshots ingest writes (see ``knowledge.lexical``); a version
    without one is read back from the store and indexed here."""

    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _corpus: Corpus | None = PrivateAttr(default=None)
    _version: int = PrivateAttr(default=-1)
    _checked: float = PrivateAttr(default=0.0)

    def __init__(
        self, index: ChunkIndex, embeddings: Embeddings, config: RetrievalSettings, **data: Any
    ) -> None:
        # Callers build it positionally, as before it was a LangChain retriever.
        super().__init__(index=index, embeddings=embeddings, config=config, **data)

    def __setattr__(self, name: str, value: Any) -> None:
        # Pydantic refuses names that are not fields; replacing a method on one instance
        # (monkeypatch in tests) worked before this was a model and still should.
        if name not in type(self).model_fields and callable(getattr(type(self), name, None)):
            object.__setattr__(self, name, value)
        else:
            super().__setattr__(name, value)

    @property
    def corpus(self) -> Corpus:
        """The snapshot of the published library version: loaded on first use, then
        replaced when an ingest publishes a newer version (checked every
        ``snapshot_check_s``). An answer takes it once and reads only it, so it reads one
        version end to end. While one thread loads a new version, the others keep
        answering from the one they have."""
        current = self._corpus
        if current is not None and time.monotonic() - self._checked <= self.config.snapshot_check_s:
            return current
        if current is None:
            self._lock.acquire()
        elif not self._lock.acquire(blocking=False):
            return current
        try:
            if (
                self._corpus is None
                or time.monotonic() - self._checked > self.config.snapshot_check_s
            ):
                self._checked = time.monotonic()
                version = self.index.version()
                if self._corpus is None or version != self._version:
                    self._load(version)
            assert self._corpus is not None
            return self._corpus
        finally:
            self._lock.release()

    def refresh(self) -> None:
        """Load the published version now (after an ingest in this process)."""
        with self._lock:
            self._load(self.index.version())

    def _load(self, version: int) -> None:
        if version == 0 and self.index.count() == 0:
            # Answering from an empty store would say "no summary on this" to every
            # question, which reads as a finding about the research, not a setup step.
            # (Chunks written but never published, as a benchmark writes them, are read.)
            raise LibraryNotIndexedError(
                f"the library has not been indexed into collection {self.index.name!r} yet"
            )
        with gc_paused():
            snapshot = read_snapshot(self.snapshots, version) if self.snapshots else None
            if snapshot is not None:
                self._corpus = Corpus.from_snapshot(snapshot)
            else:
                self._corpus = Corpus(self.index.iter_chunks(version))
        self._version = version

    def retrieve(
        self,
        query: str,
        filters: Filters | None = None,
        boost_ids: Sequence[str] = (),
        corpus: Corpus | None = None,
    ) -> Retrieval:
        """Find the summaries that best answer ``query`` in ``corpus`` (the snapshot the
        caller's answer reads; the current one if None)."""
        started = time.perf_counter()
        corpus = corpus or self.corpus
        filters = filters or Filters()
        mask = corpus.mask(filters)
        vector = self.embeddings.embed_query(query)
        dense = self._dense(vector, filters, mask, corpus)
        lexical = corpus.lexical(query, self.config.lexical_k, mask)
        rankings = [[h.chunk.id for h in dense], [c.id for c, _ in lexical]]
        if boost_ids:
            # Follow-ups: summaries cited in the last turn get one extra vote.
            rankings.append(
                [
                    c.id
                    for sid in boost_ids
                    if sid in corpus.summaries
                    for c in corpus.summaries[sid].chunks[:1]
                ]
            )
        fused = rrf(rankings, self.config.rrf_k)
        similarity = {h.chunk.id: h.similarity for h in dense}
        summaries = group_by_summary(fused, similarity, corpus)
        return Retrieval(summaries, list(vector), (time.perf_counter() - started) * 1000)

    def _dense(
        self, vector: list[float], filters: Filters, mask: np.ndarray | None, corpus: Corpus
    ) -> list[Hit]:
        k = self.config.dense_k
        if mask is not None and mask.mean() < NARROW_FILTER:
            # Chroma's `where` costs 60-130 ms on large collections; a narrow subset is
            # searched exactly in memory instead (its vectors fetched once per filter).
            subset = corpus.subset_vectors(filters, self.index.stored_vectors)
            return exact_search(vector, *subset, k)
        allowed = corpus.allowed(filters) if mask is not None else None
        fetch = k if mask is None else int(k / max(mask.mean(), 0.05))
        own, others = _own_hits(corpus, self.index.query(vector, fetch), allowed)
        if others:
            # The store also holds chunks of the versions before and after this snapshot
            # (while an ingest runs, and until the next one). Some took places in the top
            # k, so twice as many are fetched: the snapshot's own top k are then all there.
            own, _ = _own_hits(corpus, self.index.query(vector, 2 * fetch), allowed)
        return own[:k]

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [as_document(s) for s in self.retrieve(query, self.filters).summaries]


def _own_hits(
    corpus: Corpus, hits: list[Hit], allowed: frozenset[str] | None
) -> tuple[list[Hit], bool]:
    """The hits of the snapshot's own version that pass the filter, and whether any hit
    belonged to another version (a chunk id names its summary's version)."""
    own = [h for h in hits if h.chunk.id in corpus.chunk_index]
    others = len(own) < len(hits)
    if allowed is not None:
        own = [h for h in own if h.chunk.summary_id in allowed]
    return own, others


def exact_search(vector: list[float], chunks: list[Chunk], matrix: np.ndarray, k: int) -> list[Hit]:
    """Exact top-k cosine search over a small in-memory set of unit vectors."""
    if not chunks:
        return []
    scores = matrix @ np.asarray(vector, dtype=np.float32)
    top = np.argsort(-scores)[:k]
    return [Hit(chunks[i], float(scores[i])) for i in top]


def group_by_summary(
    fused: dict[str, float], similarity: dict[str, float], corpus: Corpus
) -> list[RetrievedSummary]:
    """Rank summaries by the sum of their two best chunk scores (pure)."""
    by_summary: dict[str, list[tuple[float, Chunk]]] = defaultdict(list)
    for chunk_id, score in fused.items():
        index = corpus.chunk_index.get(chunk_id)
        if index is not None:
            chunk = corpus.chunks[index]
            by_summary[chunk.summary_id].append((score, chunk))
    ranked = []
    for summary_id, scored in by_summary.items():
        scored.sort(key=lambda pair: -pair[0])
        support = [c for _, c in scored if c.section in _SUPPORT_SECTIONS]
        view = corpus.summaries[summary_id]
        ranked.append(
            RetrievedSummary(
                view=view,
                score=sum(s for s, _ in scored[:2]),
                similarity=max((similarity.get(c.id, 0.0) for _, c in scored), default=0.0),
                passage=support[0] if support else view.chunks[0],
                chunks=[c for _, c in scored],
            )
        )
    return sorted(ranked, key=lambda r: (-r.score, r.view.id))


def as_document(found: RetrievedSummary) -> Document:
    """A retrieved summary as a LangChain Document: its best passage, with ids and scores."""
    return Document(
        page_content=found.passage.text,
        metadata={
            "summary_id": found.view.id,
            "title": found.view.title,
            "score": found.score,
            "similarity": found.similarity,
        },
    )
