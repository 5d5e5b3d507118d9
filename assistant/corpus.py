"""An in-memory snapshot of the index: complete summaries and a BM25 index.

Answers are built only from this snapshot, never from library files, so a
citation always matches what was retrieved; summaries caught half-written by
an interrupted or running ingest are left out until they are complete.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

import numpy as np
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_EN_PLUS

from assistant.models import Filters
from assistant.word_class import PRONOUNS
from knowledge.lexical import (
    LexicalIndex,
    Snapshot,
    SummaryChunks,
    SummaryHeader,
    build_lexical,
    reading_order,
    stemmer,
)
from knowledge.models import Chunk, EvidenceCard, SectionName, Source

#: Stemmed words every MS question shares; they are no evidence of a match.
GENERIC_TERMS = frozenset(
    " ".join(
        [
            "ms multipl sclerosi peopl person patient studi research help doe work affect get",
            "thing can may could would should need know tell good bad mean use take one new",
            "newest latest recent current best worst common differ effect side benefit risk",
            "safe option treatment what did show find found result trial better wors problem",
            "long mani much often",  # how long / many / much / often ask; they name nothing
            # How a figure is given ("average age?", "percent women", "relapse rate"): the
            # thing measured is the subject, never the measure.
            "averag avg median typic percent percentag proport share fraction ratio rate",
            "number figur",
        ]
    ).split()
)


#: A word this share of the summaries use cannot tell, beside a rarer one, what a text
#: speaks of: "rate" in "heart rate" (relapse rates), "gain" in "weight gain" (a modest
#: gain), "pills" in "do the ms pills mess with your liver?" (a fatigue-pill trial).
COMMON_SHARE = 0.15


@dataclass(eq=False)
class SummaryView:
    """One complete summary as the index holds it. From a snapshot (``stored``) its
    chunks, source and card are made on first use; from the store they are given."""

    id: str
    title: str
    published: dt.date
    credibility: int | None
    interest: int | None
    topics: list[str]
    study_type: str | None
    given: list[Chunk] | None = field(default=None, repr=False)
    aliases: list[str] = field(default_factory=list)
    stored: SummaryChunks | None = field(default=None, repr=False)
    given_source: Source | None = field(default=None, repr=False)
    given_card: EvidenceCard | None = field(default=None, repr=False)

    @property
    def source(self) -> Source | None:
        """The summary's source paper, for citations."""
        return self.stored.source() if self.stored is not None else self.given_source

    @property
    def card(self) -> EvidenceCard | None:
        """The summary's evidence card, if it has one."""
        return self.stored.card() if self.stored is not None else self.given_card

    @property
    def chunks(self) -> list[Chunk]:
        """The summary's chunks, in reading order."""
        if self.given is None:
            assert self.stored is not None
            with _MAKING:  # one list per view, so every reader holds the same chunks
                if self.given is None:
                    self.given = self.stored.chunks()
        return self.given

    @property
    def chunk_ids(self) -> list[str]:
        """The ids of the summary's chunks, in reading order (without making them)."""
        return (
            self.stored.ids if self.given is None and self.stored else [c.id for c in self.chunks]
        )

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

    @classmethod
    def of(cls, first: Chunk, given: list[Chunk]) -> SummaryView:
        """The view of the summary ``first`` belongs to (every chunk carries its fields)."""
        return cls._with(first, given=given, given_source=first.source, given_card=first.card)

    @classmethod
    def of_stored(cls, stored: SummaryChunks) -> SummaryView:
        """The view of a summary a snapshot holds, from its header."""
        return cls._with(stored.header, stored=stored)

    @classmethod
    def _with(cls, head: Chunk | SummaryHeader, **rest: Any) -> SummaryView:
        """A view with the fields a chunk and a snapshot header share."""
        return cls(
            id=head.summary_id,
            title=head.title,
            published=head.published,
            credibility=head.credibility,
            interest=head.interest,
            topics=list(head.topics),
            study_type=head.study_type,
            aliases=list(head.aliases),
            **rest,
        )


_MAKING = threading.Lock()


class ChunkSequence(Sequence[Chunk]):
    """Every chunk of a corpus in reading order (the order BM25 numbers them), made only
    as they are read."""

    def __init__(self, views: list[SummaryView]) -> None:
        self._views = views
        sizes = [
            len(v.stored.rows) if v.given is None and v.stored else len(v.chunks) for v in views
        ]
        self.starts = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])

    def __len__(self) -> int:
        return int(self.starts[-1])

    @overload
    def __getitem__(self, i: int) -> Chunk: ...
    @overload
    def __getitem__(self, i: slice) -> list[Chunk]: ...
    def __getitem__(self, i: int | slice) -> Chunk | list[Chunk]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        view = int(np.searchsorted(self.starts, i, side="right")) - 1
        return self._views[view].chunks[i - int(self.starts[view])]

    def __iter__(self) -> Iterator[Chunk]:
        for view in self._views:
            yield from view.chunks


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
        summaries: dict[str, SummaryView] | None = None,
    ) -> None:
        """``lexical`` is the prebuilt index of these chunks in reading order (a snapshot
        ingest wrote); without it, or when it does not fit, BM25 is built here. ``folder``
        is that snapshot's folder, where what is derived from it may be kept. Use
        :meth:`from_snapshot` for a snapshot."""
        self.folder = folder
        self.summaries = complete_summaries(chunks) if summaries is None else summaries
        views = list(self.summaries.values())
        self.chunks = ChunkSequence(views)
        ids = (chunk_id for view in views for chunk_id in view.chunk_ids)
        self.chunk_index = {chunk_id: i for i, chunk_id in enumerate(ids)}
        # Which summary (by position in ``summaries``) each chunk belongs to.
        self._owner = np.repeat(np.arange(len(views)), np.diff(self.chunks.starts))
        self.stemmer = stemmer()
        self._terms_cache: dict[str, list[str]] = {}
        self._summary_terms: dict[str, frozenset[str]] = {}
        self._users: dict[str, frozenset[int]] = {}
        self._by_term: tuple[dict[str, int], np.ndarray, np.ndarray] | None = None
        self._masks: dict[str, np.ndarray] = {}
        self._allowed: dict[str, frozenset[str]] = {}
        self._subset_vectors: dict[str, tuple[list[Chunk], np.ndarray]] = {}
        # Imported here: the shorthand module reads the vocabulary, which reads this one.
        from assistant.shorthand import bare_contractions

        # BM25 reads the question as typed: "dont" and "ive" are grammar words too, and so
        # are the indefinite pronouns ("everyone" shares no subject with a study).
        grammar = sorted({*STOPWORDS_EN_PLUS, *bare_contractions(), *PRONOUNS})
        self.generic = GENERIC_TERMS | set(self.stemmer.stemWords(grammar))
        if lexical is None or lexical.chunks != len(self.chunks):
            lexical = build_lexical(list(self.chunks))
        self._lexical = lexical
        self._term_bounds = lexical.summary_terms()
        total = max(len(self.chunks), 1)
        self.idf = {t: math.log(1 + total / n) for t, n in lexical.frequencies().items()}

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot) -> Corpus:
        """The corpus of a snapshot ingest wrote; its chunks are made as they are read."""
        stored = snapshot.summaries
        if any(len(s.rows) != s.header.of for s in stored):
            # Not written by a finished ingest: keep only complete summaries, as from the store.
            return cls(snapshot.chunks, snapshot.lexical, snapshot.folder)
        views = {s.header.summary_id: SummaryView.of_stored(s) for s in stored}
        return cls((), snapshot.lexical, snapshot.folder, summaries=views)

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

    def uses_together(self, words: Sequence[Collection[str]]) -> bool:
        """Whether one summary uses, for every word, at least one of its stems (``words``:
        each word's stems, as :meth:`terms` gives them)."""
        common: frozenset[int] | None = None
        for stems in words:
            users = frozenset().union(*(self._summaries_using(stem) for stem in stems))
            common = users if common is None else common & users
            if not common:
                return False
        return common is not None

    def summaries_using(self, word: str) -> int:
        """How many summaries use a word (in any form the search stems to the same)."""
        return len(self._summaries_using(self.stemmer.stemWord(word.lower())))

    def share_using(self, stem: str) -> float:
        """The share of the summaries whose text uses a stemmed word (0 for one none uses)."""
        return len(self._summaries_using(stem)) / max(len(self._term_bounds), 1)

    def ids_using(self, stems: Collection[str]) -> list[str]:
        """The ids of the summaries whose text uses every one of the stemmed words, from
        the index's postings (no pass over every summary)."""
        if not stems:
            return []
        found = frozenset.intersection(*(self._summaries_using(s) for s in stems))
        return [self._lexical.summary_ids[i] for i in sorted(found)]

    def _summaries_using(self, stem: str) -> frozenset[int]:
        """The positions (in the lexical index) of the summaries whose text uses ``stem``."""
        found = self._users.get(stem)
        if found is None:
            if self._by_term is None:
                self._by_term = self._term_postings()
            ids, order, sorted_terms = self._by_term
            term = ids.get(stem, -1)
            if term < 0:
                # Not remembered: the askers' words the library lacks are without bound.
                return frozenset()
            start, end = np.searchsorted(sorted_terms, [term, term + 1])
            found = self._users[stem] = frozenset(order[start:end].tolist())
        return found

    def _term_postings(self) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
        """Each word's id, and the summaries' term lists sorted by term: which summary owns
        each sorted entry, and the sorted term ids (one pass, on first use)."""
        lexical = self._lexical
        owner = np.repeat(np.arange(len(lexical.summary_ids)), np.diff(lexical.term_offsets))
        order = np.argsort(lexical.term_ids, kind="stable")
        ids = {word: i for i, word in enumerate(lexical.words) if word}
        return ids, owner[order], lexical.term_ids[order]

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
            kept = np.fromiter((sid in keep for sid in self.summaries), bool, len(self.summaries))
            self._masks[key] = kept[self._owner]
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
                [self.chunks[int(i)] for i in np.flatnonzero(mask)] if mask is not None else []
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
        views[summary_id] = SummaryView.of(group[0], group)
    return views
