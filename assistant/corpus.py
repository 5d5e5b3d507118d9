"""An in-memory snapshot of the index: complete summaries and a BM25 index.

Answers are built only from this snapshot, never from library files, so a
citation always matches what was retrieved; summaries caught half-written by
an interrupted or running ingest are left out until they are complete.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_EN_PLUS

from assistant.models import Filters
from knowledge.lexical import LexicalIndex, build_lexical, reading_order, stemmer
from knowledge.models import Chunk, EvidenceCard, SectionName, Source

#: Stemmed words every MS question shares; they are no evidence of a match.
GENERIC_TERMS = frozenset(
    " ".join(
        [
            "ms multipl sclerosi peopl person patient studi research help doe work affect get",
            "thing can may could would should need know tell good bad mean use take one new",
            "newest latest recent current best worst common differ effect side benefit risk",
            "safe option treatment what did show find found result trial better wors problem",
            "havent dont cant isnt doesnt wont im ive",
            "long mani much often",  # how long / many / much / often ask; they name nothing
        ]
    ).split()
)


@dataclass
class SummaryView:
    """One complete summary as the index holds it."""

    id: str
    title: str
    published: dt.date
    credibility: int | None
    interest: int | None
    topics: list[str]
    study_type: str | None
    source: Source | None
    chunks: list[Chunk] = field(default_factory=list)
    card: EvidenceCard | None = None
    aliases: list[str] = field(default_factory=list)

    def section_text(self, section: SectionName) -> str:
        """The full text of one section (its chunks joined)."""
        return " ".join(c.text for c in self.chunks if c.section == section)

    @property
    def lead(self) -> Chunk:
        """The chunk that stands for the summary: its Key Takeaway."""
        return next((c for c in self.chunks if c.section == "key_takeaway"), self.chunks[0])

    @property
    def caveats(self) -> str:
        """The Important Considerations, verbatim."""
        return self.section_text("important_considerations")


# bm25s's default analysis: lowercase words of 2+ characters, English stopwords removed.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
#: bm25s's English stopwords, as BM25 leaves them out; everything else that ignores
#: words (the question analysis, the follow-up rewrite) uses ``Corpus.generic``, which
#: holds bm25s's longer list with the generic MS words.
STOPWORDS = frozenset(STOPWORDS_EN)


class Corpus:
    """Complete summaries plus BM25 over their chunks."""

    def __init__(
        self,
        chunks: Iterable[Chunk],
        lexical: LexicalIndex | None = None,
        folder: Path | None = None,
    ) -> None:
        """``lexical`` is the prebuilt index of these chunks in reading order (a snapshot
        ingest wrote); without it, or when it does not fit, BM25 is built here. ``folder``
        is that snapshot's folder, where what is derived from it may be kept."""
        self.folder = folder
        self.summaries = complete_summaries(chunks)
        self.chunks = [c for view in self.summaries.values() for c in view.chunks]
        self.chunk_index = {c.id: i for i, c in enumerate(self.chunks)}
        self.stemmer = stemmer()
        self._terms_cache: dict[str, list[str]] = {}
        self._summary_terms: dict[str, frozenset[str]] = {}
        self._masks: dict[str, np.ndarray] = {}
        self._allowed: dict[str, frozenset[str]] = {}
        self._subset_vectors: dict[str, tuple[list[Chunk], np.ndarray]] = {}
        self.generic = GENERIC_TERMS | set(self.stemmer.stemWords(sorted(STOPWORDS_EN_PLUS)))
        if lexical is None or lexical.chunks != len(self.chunks):
            lexical = build_lexical(self.chunks)
        self._lexical = lexical
        self._term_bounds = lexical.summary_terms()
        total = max(len(self.chunks), 1)
        self.idf = {t: math.log(1 + total / n) for t, n in lexical.frequencies().items()}

    def summary_terms(self, summary_id: str) -> frozenset[str]:
        """Every stemmed content word a summary's indexed text uses."""
        found = self._summary_terms.get(summary_id)
        if found is None:
            start, end = self._term_bounds.get(summary_id, (0, 0))
            words = self._lexical.words
            ids = self._lexical.term_ids[start:end].tolist()
            found = self._summary_terms[summary_id] = frozenset(words[i] for i in ids if words[i])
        return found

    def mentions_all(self, summary_id: str, words: Collection[str]) -> bool:
        """Whether the summary's text uses every one of the words, anywhere."""
        stems = {self.stemmer.stemWord(w) for w in words}
        return stems <= self.summary_terms(summary_id)

    def specific_overlap(self, question: str, summary_id: str) -> set[str]:
        """Content words of the question (no stopwords, generic MS words or bare numbers)
        that a summary also uses."""
        wanted = {t for t in self.terms(question) if not t.isdigit()} - self.generic
        return wanted & self.summary_terms(summary_id)

    def terms(self, text: str) -> list[str]:
        """Stemmed content words of a text (the same analysis BM25 uses), cached."""
        cached = self._terms_cache.get(text)
        if cached is None:
            words = [w for w in _TOKEN.findall(text.lower()) if w not in STOPWORDS]
            cached = self.stemmer.stemWords(words)
            if len(self._terms_cache) < 200_000:
                self._terms_cache[text] = cached
        return cached

    def lexical(
        self, query: str, k: int, mask: np.ndarray | None = None
    ) -> list[tuple[Chunk, float]]:
        """Top ``k`` chunks by BM25, optionally only where ``mask`` is true."""
        import bm25s

        if self._lexical.bm25 is None or not self.terms(query):
            return []
        tokens = bm25s.tokenize(query, stemmer=self.stemmer.stemWords, show_progress=False)
        k = min(k, len(self.chunks))
        bm25 = self._lexical.bm25
        ids, scores = bm25.retrieve(tokens, k=k, show_progress=False, weight_mask=mask)
        return [
            (self.chunks[int(i)], float(s)) for i, s in zip(ids[0], scores[0], strict=True) if s > 0
        ]

    def mask(self, filters: Filters) -> np.ndarray | None:
        """Which chunks pass the filters (None when nothing is filtered); cached, since
        people keep the same filters for many questions."""
        if filters.is_empty():
            return None
        key = filters.model_dump_json()
        if key not in self._masks:
            keep = self.allowed(filters)
            if len(self._masks) >= 32:
                self._masks.pop(next(iter(self._masks)))
            self._masks[key] = np.array([c.summary_id in keep for c in self.chunks], dtype=bool)
        return self._masks[key]

    def allowed(self, filters: Filters) -> frozenset[str]:
        """Ids of the summaries that pass the filters (cached per filter)."""
        key = filters.model_dump_json()
        if key not in self._allowed:
            if len(self._allowed) >= 32:
                self._allowed.pop(next(iter(self._allowed)))
            self._allowed[key] = frozenset(
                s for s, v in self.summaries.items() if passes(v, filters)
            )
        return self._allowed[key]

    def subset_vectors(self, filters: Filters, fetch: Any) -> tuple[list[Chunk], np.ndarray]:
        """The chunks a narrow filter allows, with their vectors (fetched once, cached)."""
        key = filters.model_dump_json()
        if key not in self._subset_vectors:
            mask = self.mask(filters)
            allowed = (
                [c for c, keep in zip(self.chunks, mask, strict=True) if keep]
                if mask is not None
                else []
            )
            stored = fetch([c.id for c in allowed])
            chunks = [c for c in allowed if c.id in stored]
            matrix = (
                np.stack([stored[c.id][1] for c in chunks])
                if chunks
                else np.zeros((0, 1), np.float32)
            )
            if len(self._subset_vectors) >= 16:
                self._subset_vectors.pop(next(iter(self._subset_vectors)))
            self._subset_vectors[key] = (chunks, matrix)
        return self._subset_vectors[key]


def passes(view: SummaryView, filters: Filters) -> bool:
    """True if a summary passes every filter."""
    if filters.topics and not set(filters.topics) & set(view.topics):
        return False
    if filters.published_from and view.published < filters.published_from:
        return False
    if filters.published_to and view.published > filters.published_to:
        return False
    if filters.min_credibility and (view.credibility or 0) < filters.min_credibility:
        return False
    return not (filters.study_types and view.study_type not in filters.study_types)


def complete_summaries(chunks: Iterable[Chunk]) -> dict[str, SummaryView]:
    """Group chunks into summaries, keeping only those whose chunks are all present
    and share one content hash."""
    groups: dict[str, list[Chunk]] = defaultdict(list)
    # The order BM25 numbers chunks in, so a prebuilt lexical index fits these views.
    for chunk in reading_order(chunks):
        groups[chunk.summary_id].append(chunk)
    views: dict[str, SummaryView] = {}
    for summary_id, group in groups.items():
        hashes = {c.content_hash for c in group}
        if len(hashes) != 1 or len(group) != group[0].of:
            continue
        first = group[0]
        views[summary_id] = SummaryView(
            id=summary_id,
            title=first.title,
            published=first.published,
            credibility=first.credibility,
            interest=first.interest,
            topics=list(first.topics),
            study_type=first.study_type,
            source=first.source,
            chunks=group,
            card=first.card,
            aliases=list(first.aliases),
        )
    return views
