"""Related articles ("You May Also Like"), computed from embeddings and topics."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.models import Chunk
from knowledge.store import ChunkIndex, Hit

#: Weight of topic overlap (Jaccard) beside embedding similarity.
TOPIC_WEIGHT = 0.2


@dataclass(frozen=True)
class Related:
    """A summary related to another, with the score that ranked it."""

    summary_id: str
    title: str
    score: float


def topic_overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """Jaccard overlap of two topic lists (0 when both are empty)."""
    union = set(a) | set(b)
    return len(set(a) & set(b)) / len(union) if union else 0.0


def rank_related(
    summary_id: str, topics: Sequence[str], hits: Sequence[Hit], k: int
) -> list[Related]:
    """Group chunk hits by summary (best similarity), add topic overlap, rank (pure)."""
    best: dict[str, Hit] = {}
    for hit in hits:
        sid = hit.chunk.summary_id
        if sid != summary_id and (sid not in best or hit.similarity > best[sid].similarity):
            best[sid] = hit
    scored = [
        Related(
            sid,
            hit.chunk.title,
            hit.similarity + TOPIC_WEIGHT * topic_overlap(topics, hit.chunk.topics),
        )
        for sid, hit in best.items()
    ]
    return sorted(scored, key=lambda r: (-r.score, r.summary_id))[:k]


def related_articles(
    index: ChunkIndex,
    anchor: Chunk,
    topics: Sequence[str],
    k: int = 6,
    keep: Callable[[Hit], bool] | None = None,
) -> list[Related]:
    """The ``k`` summaries most related to the summary of ``anchor`` (its Key Takeaway
    chunk), from the anchor's stored vector; ``keep`` limits which hits count (a reader
    keeps those of the library version it reads)."""
    stored = index.stored_vectors([anchor.id])
    if not stored:
        return []
    _, vector = next(iter(stored.values()))
    hits = [h for h in index.query(vector.tolist(), k=k * 8) if keep is None or keep(h)]
    return rank_related(anchor.summary_id, topics, hits, k)
