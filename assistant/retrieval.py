"""Hybrid retrieval: dense (Chroma) + lexical (BM25), fused by reciprocal rank.

Chunks are grouped by summary; each summary keeps its best passage and the
best dense similarity of its chunks, which the abstention threshold is
calibrated on. Broad filters are applied after retrieval (Chroma's ``where``
is slow on large collections); narrow ones are pushed down to Chroma.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.corpus import Corpus, SummaryView
from assistant.models import Filters
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
    lead = next((c for c in view.chunks if c.section == "key_takeaway"), view.chunks[0])
    return RetrievedSummary(view, 0.0, similarity, lead, list(view.chunks))


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


def chroma_where(filters: Filters) -> dict[str, Any] | None:
    """The Chroma ``where`` clause for a set of filters."""
    clauses: list[dict[str, Any]] = []
    if filters.topics:
        topic_clauses = [{"topics": {"$contains": t}} for t in filters.topics]
        clauses.append(topic_clauses[0] if len(topic_clauses) == 1 else {"$or": topic_clauses})
    if filters.published_from:
        clauses.append({"published_ord": {"$gte": filters.published_from.toordinal()}})
    if filters.published_to:
        clauses.append({"published_ord": {"$lte": filters.published_to.toordinal()}})
    if filters.min_credibility:
        clauses.append({"credibility": {"$gte": filters.min_credibility}})
    if filters.study_types:
        clauses.append({"study_type": {"$in": list(filters.study_types)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class HybridRetriever:
    """Dense + BM25 retrieval over the index, grouped into summaries."""

    def __init__(
        self, index: ChunkIndex, embeddings: Embeddings, config: RetrievalSettings
    ) -> None:
        self.index = index
        self.embeddings = embeddings
        self.config = config
        self._lock = threading.Lock()
        self._corpus: Corpus | None = None
        self._version = ""
        self._checked = 0.0

    @property
    def corpus(self) -> Corpus:
        """The current snapshot: loaded on first use, reloaded after an ingest. One thread
        reloads while the others wait for it, so a burst of requests loads it once."""
        current = self._corpus
        if current is not None and time.monotonic() - self._checked <= self.config.snapshot_check_s:
            return current
        with self._lock:
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

    def refresh(self) -> None:
        """Reload the snapshot from the index now (after an ingest in this process)."""
        with self._lock:
            self._load(self.index.version())

    def _load(self, version: str) -> None:
        # The version is read before the chunks: an ingest finishing meanwhile is seen
        # as a newer version at the next check, never missed.
        self._corpus = Corpus(self.index.iter_chunks())
        self._version = version

    def retrieve(
        self, query: str, filters: Filters | None = None, boost_ids: Sequence[str] = ()
    ) -> Retrieval:
        """Find the summaries that best answer ``query``."""
        started = time.perf_counter()
        corpus = self.corpus
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
        if mask is None:
            hits = self.index.query(vector, k)
        elif mask.mean() < NARROW_FILTER:
            # Chroma's `where` costs 60-130 ms on large collections; a narrow subset is
            # searched exactly in memory instead (its vectors fetched once per filter).
            hits = exact_search(
                vector, *corpus.subset_vectors(filters, self.index.stored_vectors), k
            )
        else:
            allowed = corpus.allowed(filters)
            hits = [
                h
                for h in self.index.query(vector, int(k / max(mask.mean(), 0.05)))
                if h.chunk.summary_id in allowed
            ][:k]
        # A hit from a summary the snapshot lacks (or holds in another version) is not citable.
        return [
            h for h in hits if h.chunk.id in corpus.chunk_index and _same_version(h.chunk, corpus)
        ]

    def as_langchain(self, filters: Filters | None = None) -> BaseRetriever:
        """This retriever as a LangChain retriever returning one Document per summary."""
        return _LangChainRetriever(hybrid=self, filters=filters or Filters())


def exact_search(vector: list[float], chunks: list[Chunk], matrix: np.ndarray, k: int) -> list[Hit]:
    """Exact top-k cosine search over a small in-memory set of unit vectors."""
    if not chunks:
        return []
    scores = matrix @ np.asarray(vector, dtype=np.float32)
    top = np.argsort(-scores)[:k]
    return [Hit(chunks[i], float(scores[i])) for i in top]


def _same_version(chunk: Chunk, corpus: Corpus) -> bool:
    view = corpus.summaries.get(chunk.summary_id)
    return view is not None and view.chunks[0].content_hash == chunk.content_hash


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


class _LangChainRetriever(BaseRetriever):
    """Adapter so the hybrid retriever plugs into LangChain chains."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    hybrid: Any
    filters: Filters

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        result = self.hybrid.retrieve(query, self.filters)
        return [
            Document(
                page_content=s.passage.text,
                metadata={
                    "summary_id": s.view.id,
                    "title": s.view.title,
                    "score": s.score,
                    "similarity": s.similarity,
                },
            )
            for s in result.summaries
        ]
