"""A follow-up's detail from a cited summary's own text, found by meaning.

A short follow-up about studies just cited ("where was that done?", "what dose did
they use?", "how many took part?") often asks for a detail that a summary's text gives
and its evidence card does not, in words a word match cannot reach ("where", "how
many" are stopwords). The bundled embedding model places such a question near the
sentence that answers it ("This trial, called WAVES, took place in Iowa, USA."), so
the offline composer adds that sentence when it is nearer the question than every
sentence the card gave. A summary's sentences are embedded once per process
(``SentenceNearness``), so only a summary's first follow-up pays for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.answer_type import AnswerType, carries
from assistant.aspects import AskedPart
from knowledge.embeddings import read_vector_cache, write_vector_cache

#: Similarity of a question to each of some texts.
Nearness = Callable[[str, Sequence[str]], Sequence[float]]


@dataclass(frozen=True)
class Detail:
    """How a follow-up finds its detail in the text of the summaries it leans on."""

    nearness: Nearness
    #: The summaries the follow-up leans on (the last answer's), the only ones searched.
    leaned_on: frozenset[str]
    #: The parts of a question of several parts: a part asking a kind of detail ("and who
    #: paid for it") finds it in the study it is about.
    parts: tuple[AskedPart, ...] = ()
    #: How near a sentence must be to answer words of the question that the card's
    #: sentences lack ("how many centres?"): as near as a detail's answer is
    #: (``RetrievalSettings.lean_nearness``); a question near nothing keeps the card's.
    floor: float = -1.0


class SentenceNearness:
    """Cosine similarity of a question to sentences, each sentence embedded once (the
    model gives unit vectors; at most ``limit`` are kept, the oldest dropped first). With
    a ``cache`` file, once on this machine rather than once per process: a summary's first
    follow-up embeds its 20 to 40 sentences, 0.3 to 0.8 s on two cores. The file (about
    9 MB, replaced whole) is written by one background thread, never on the answer path;
    writes asked for while one is waiting are one write, and the interpreter finishes the
    last before it exits."""

    def __init__(self, embeddings: Embeddings, limit: int = 20_000, cache: Path | None = None):
        self.embeddings = embeddings
        self.limit = limit
        self.cache = cache
        kept = read_vector_cache(cache) if cache is not None else {}
        self._vectors: dict[str, np.ndarray] = dict(list(kept.items())[-limit:])
        self._lock = threading.Lock()
        # One worker: writes of the whole file never overlap, and queued ones run in order.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sentence-cache")
        self._queued = False

    def __call__(self, question: str, texts: Sequence[str]) -> list[float]:
        """The similarity of ``question`` to each text, in order."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            self._add(missing)
        query = np.asarray(self.embeddings.embed_query(question), dtype=np.float32)
        with self._lock:
            rows = [self._vectors.get(t) for t in texts]
        return [float(query @ row) if row is not None else -1.0 for row in rows]

    def flush(self) -> None:
        """Wait until every write asked for so far is done."""
        self._writer.submit(lambda: None).result()

    def _add(self, texts: list[str]) -> None:
        made = np.asarray(self.embeddings.embed_documents(texts), dtype=np.float32)
        with self._lock:
            self._vectors.update(zip(texts, made, strict=True))
            for old in list(self._vectors)[: max(len(self._vectors) - self.limit, 0)]:
                del self._vectors[old]
            if self.cache is None or self._queued:
                return  # no file, or a write not yet started will take these too
            self._queued = True
        self._writer.submit(self._write, self.cache)

    def _write(self, cache: Path) -> None:
        with self._lock:
            self._queued = False
            kept = dict(self._vectors)
        write_vector_cache(cache, kept)


def nearest_answer(
    question: str,
    candidates: Sequence[str],
    chosen: Sequence[str],
    nearness: Nearness,
    kind: AnswerType | None = None,
    floor: float = -1.0,
) -> str | None:
    """The candidate sentence nearest ``question``, when it is nearer than every sentence
    already chosen (so it adds what they do not say) and than ``floor``; else None. With an
    answer ``kind`` ("where" asks for a place), only sentences carrying one compete, on
    both sides."""
    fresh = [c for c in candidates if c not in chosen]
    if kind is not None:
        fresh = [c for c in fresh if carries(c, kind)]
        chosen = [c for c in chosen if carries(c, kind)]
    if not fresh:
        return None
    similarity = list(nearness(question, [*fresh, *chosen]))
    best = max(range(len(fresh)), key=similarity.__getitem__)
    bar = max([floor, *similarity[len(fresh) :]])
    return fresh[best] if similarity[best] > bar else None
