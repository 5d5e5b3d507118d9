"""Synthetic libraries for scale tests: realistic sections recombined from real summaries.

Every synthetic summary is valid library format with a fresh id. Its sections
are whole sections of real summaries, so for latency benchmarks its chunks can
reuse (slightly perturbed) vectors of the real chunks they copy instead of
spending hours embedding 10k-100k summaries: retrieval cost depends on the
number and dimension of vectors, not on how they were made.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

import numpy as np

from knowledge.chunking import chunk_summary
from knowledge.models import SECTION_TITLES, Chunk, Summary


def synthetic_summaries(real: Sequence[Summary], count: int, seed: int = 0) -> Iterator[Summary]:
    """``count`` valid summaries recombined from ``real`` (deterministic for a seed)."""
    rng = random.Random(seed)
    for i in range(count):
        base = rng.choice(real)
        sections: dict[str, str] = {n: rng.choice(real).section(n) for n in SECTION_TITLES}
        sections["key_takeaway"] = base.key_takeaway
        yield base.model_copy(
            update={"id": f"synthetic-{i:06d}", "title": f"{base.title} (variant {i})", **sections}
        )


def donor_vectors(chunks: Sequence[Chunk], vectors: np.ndarray) -> dict[str, np.ndarray]:
    """Real chunk vectors keyed by (section, text), to lend to synthetic copies."""
    return {f"{c.section}|{c.text}": vectors[i] for i, c in enumerate(chunks)}


def synthetic_chunks(
    summaries: Sequence[Summary],
    donors: dict[str, np.ndarray],
    max_chars: int,
    seed: int = 0,
    noise: float = 0.02,
) -> tuple[list[Chunk], np.ndarray]:
    """Chunks of synthetic summaries with their donors' vectors plus a little noise."""
    rng = np.random.default_rng(seed)
    chunks = [c for s in summaries for c in chunk_summary(s, max_chars)]
    vectors = np.stack([donors[f"{c.section}|{c.text}"] for c in chunks]).astype(np.float32)
    vectors += rng.normal(0, noise, vectors.shape).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return chunks, vectors
