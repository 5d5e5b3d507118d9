"""Broad questions routed to topic overviews.

A question is broad when it names no drug and no study (``QuestionFacts.broad``)
and sits close to one of an overview's phrasings ("is there a cure for ms yet?"). It then gets that
overview: an honest opening and points that each cite library summaries, instead
of whichever study happens to share a word with the question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.condition_scope import names_a_condition
from assistant.corpus import Corpus, SummaryView
from assistant.ms_kinds import asked_kinds, studies_kind
from assistant.question import QuestionFacts
from assistant.retrieval import Retrieval
from knowledge.embeddings import cached_vectors, model_id
from knowledge.overviews import Overview, OverviewPoint
from knowledge.settings import RetrievalSettings

#: How many of the studies the search found nearest a broad question are checked against
#: those its overview cites.
OVERVIEW_AGREEMENT = 3


def as_implied(text: str, implied: str) -> str:
    """The text as a broad question on this site means it: with the subject every question
    here is about (``RetrievalSettings.implied_subject``) added when it names no condition
    ("is there a cure?" asks about a cure for MS; "is there a cure for nmosd?" names its
    own). The text itself when it names one, or when nothing is implied."""
    if not implied or names_a_condition(text, implied):
        return text
    return f"{text} ({implied})"


@dataclass(frozen=True)
class OverviewMatch:
    """The overview that answers a broad question, and how close the question came."""

    overview: Overview
    similarity: float


class PhrasingIndex:
    """Reviewed phrasings embedded once, matched against a question's vectors."""

    def __init__(
        self, phrasings: Sequence[str], embeddings: Embeddings, cache: Path | None = None
    ) -> None:
        """``cache`` keeps the phrasings' vectors, so a process start embeds only phrasings
        it has not seen (0.6 s saved per start for the overviews)."""
        self.phrasings = list(phrasings)
        if cache is not None:
            vectors = cached_vectors(self.phrasings, embeddings, cache)
        else:
            vectors = np.asarray(embeddings.embed_documents(self.phrasings) if phrasings else [])
        self._vectors = np.asarray(vectors, dtype=np.float32).reshape(len(self.phrasings), -1)

    def nearest(self, query_vectors: Sequence[Sequence[float]]) -> tuple[int, float] | None:
        """The phrasing nearest any of the question's vectors and its cosine similarity
        (the question as asked, and as meant: without its framing words, with the implied
        subject), if there are any."""
        if not len(self._vectors) or not query_vectors:
            return None
        queries = np.asarray(query_vectors, dtype=np.float32).reshape(len(query_vectors), -1)
        similarities = (self._vectors @ queries.T).max(axis=1)
        best = int(np.argmax(similarities))
        return best, float(similarities[best])


def clearly_nearest(similarity: float, best_study: float, config: RetrievalSettings) -> bool:
    """Whether a question is clearly nearer a topic-wide answer (an overview, or the reply
    about the library) than any single study: at least as near as the best study, and
    either very near it (``overview_min_similarity``) or near it
    (``overview_near_similarity``) by ``overview_margin`` more than the best study."""
    if similarity < config.overview_near_similarity or similarity < best_study:
        return False
    return (
        similarity >= config.overview_min_similarity
        or similarity >= best_study + config.overview_margin
    )


class OverviewIndex:
    """The overviews' phrasings, embedded once, matched against each question's vector."""

    def __init__(
        self, overviews: Sequence[Overview], embeddings: Embeddings, cache_dir: Path | None = None
    ) -> None:
        """``cache_dir`` keeps the phrasings' vectors (``PhrasingIndex``)."""
        self.overviews = list(overviews)
        self.by_id = {o.id: o for o in self.overviews}
        texts = [(o, q) for o in self.overviews for q in [o.title, *o.questions]]
        self._owner = [o for o, _ in texts]
        path = cache_dir / f"overviews-{model_id(embeddings)}.npz" if cache_dir else None
        self._phrasings = PhrasingIndex([q for _, q in texts], embeddings, path)

    def nearest(self, query_vectors: Sequence[Sequence[float]]) -> OverviewMatch | None:
        """The overview with the phrasing nearest any of the question's vectors."""
        found = self._phrasings.nearest(query_vectors)
        return OverviewMatch(self._owner[found[0]], found[1]) if found else None

    def match(
        self, query_vectors: Sequence[Sequence[float]], corpus: Corpus, threshold: float
    ) -> OverviewMatch | None:
        """The overview near enough to a broad question (the caller decides it is broad:
        a question naming a drug or study asks about that study, not the topic)."""
        found = self.nearest(query_vectors)
        if found is None or found.similarity < threshold:
            return None
        # An overview whose summaries are not indexed (yet) has nothing to cite.
        if not any(i in corpus.summaries for i in found.overview.cited_ids()):
            return None
        return found


def speaks_of(subject: Sequence[str], overview: Overview, corpus: Corpus) -> bool:
    """Whether an overview speaks of the question's subject: one of its subject words (by
    stem) is in the overview's title, phrasings, opening or points. "how is ms diagnosed?"
    sits as near "is ms curable or just treatable" as a question about a cure does, but the
    cure overview never speaks of diagnosis. A question with no subject word of its own
    ("will i get worse?") is matched by meaning alone."""
    stems = set(corpus.stemmer.stemWords([w.lower() for w in subject])) - corpus.generic
    if not stems:
        return True
    said = [overview.title, *overview.questions, overview.opening]
    return bool(stems & set(corpus.terms(" ".join([*said, *(p.text for p in overview.points)]))))


def overview_body(points: Sequence[OverviewPoint], opening: str, numbers: dict[str, int]) -> str:
    """The overview as an answer: the opening, then each point with its [n] markers."""
    said = [
        f"{point.text} " + "".join(f"[{numbers[i]}]" for i in point.cites if i in numbers)
        for point in points
        if any(i in numbers for i in point.cites)
    ]
    return "\n\n".join([opening, " ".join(said)])


def points_for(
    overview: Overview, question: str, summaries: dict[str, SummaryView]
) -> list[OverviewPoint]:
    """The overview's points that fit the kind of MS the question names ("i was just
    diagnosed with relapsing ms ...", "my mum has ppms"): a point whose every study is of
    other kinds only (by its title and who it studied) is left out. All of them when the
    question names no kind, or every kind, or when none would be left."""
    asked = asked_kinds(question)
    if not asked:
        return list(overview.points)

    def fits(summary_id: str) -> bool:
        view = summaries.get(summary_id)
        return view is not None and studies_kind(view, asked)

    kept = [p for p in overview.points if any(fits(i) for i in p.cites)]
    return kept or list(overview.points)  # an overview of the other kind: all of it


def about_the_question(
    found: OverviewMatch, facts: QuestionFacts, retrieval: Retrieval, corpus: Corpus
) -> bool:
    """Whether the overview nearest a broad question is about it: it speaks of one of the
    question's subject words (``speaks_of``), or cites one of the studies the search found
    nearest. "how is ms diagnosed?" came as near the cure overview's "is ms curable or just
    treatable" (0.81) as a question about a cure does, and got "No study in this library
    shows a cure for MS"."""
    nearest = {s.view.id for s in retrieval.summaries[:OVERVIEW_AGREEMENT]}
    if nearest & set(found.overview.cited_ids()):
        return True
    return speaks_of(facts.subject, found.overview, corpus)
