"""Broad questions routed to topic overviews.

A question is broad when it names no drug and no study (``QuestionFacts.broad``)
and sits close to one of an overview's phrasings ("is there a cure for ms yet?"). It then gets that
overview: an honest opening and points that each cite library summaries, instead
of whichever study happens to share a word with the question.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.answer_sentence import Nearness
from assistant.aspects import STUDY_ASPECTS, Aspect, aspect_of, aspects_of
from assistant.condition_scope import names_a_condition
from assistant.corpus import COMMON_SHARE, Corpus, SummaryView
from assistant.ms_kinds import asked_kinds, studies_kind
from assistant.question import QuestionFacts
from assistant.retrieval import Retrieval
from assistant.vocabulary import TOKEN
from assistant.word_class import can_name
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

    def similarities(self, query_vectors: Sequence[Sequence[float]]) -> np.ndarray:
        """Each phrasing's cosine similarity to the nearest of the question's vectors (the
        question as asked, and as meant: without its framing words, with the implied
        subject); empty when there are no phrasings or no vectors."""
        if not len(self._vectors) or not query_vectors:
            return np.zeros(0, dtype=np.float32)
        queries = np.asarray(query_vectors, dtype=np.float32).reshape(len(query_vectors), -1)
        return np.asarray((self._vectors @ queries.T).max(axis=1))

    def nearest(self, query_vectors: Sequence[Sequence[float]]) -> tuple[int, float] | None:
        """The phrasing nearest any of the question's vectors and its cosine similarity,
        if there are any."""
        similarities = self.similarities(query_vectors)
        if not len(similarities):
            return None
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


def asked_aspects(phrasing: str) -> frozenset[Aspect]:
    """The aspects a phrasing asks: each of its parts' aspects, or its one aspect."""
    return frozenset(aspects_of(phrasing) or (aspect_of(phrasing),))


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
        #: What each overview answers: the aspects its title and phrasings ask. The
        #: phrasings are what the overview was written to answer, so they say it; no
        #: list is kept beside them.
        self.aspects: dict[str, frozenset[Aspect]] = {
            o.id: frozenset().union(*(asked_aspects(q) for q in [o.title, *o.questions]))
            for o in self.overviews
        }

    def nearest(self, query_vectors: Sequence[Sequence[float]]) -> OverviewMatch | None:
        """The overview with the phrasing nearest any of the question's vectors."""
        found = self._phrasings.nearest(query_vectors)
        return OverviewMatch(self._owner[found[0]], found[1]) if found else None

    def near(
        self, query_vectors: Sequence[Sequence[float]], corpus: Corpus, threshold: float
    ) -> list[OverviewMatch]:
        """Every overview with a phrasing at least ``threshold`` near a broad question,
        nearest first (the caller decides it is broad: a question naming a drug or study
        asks about that study, not the topic)."""
        best: dict[str, float] = {}
        similarities = self._phrasings.similarities(query_vectors)  # empty with no vectors
        for owner, similarity in zip(self._owner, similarities, strict=False):
            best[owner.id] = max(best.get(owner.id, -1.0), float(similarity))
        found = [
            OverviewMatch(self.by_id[i], similarity)
            for i, similarity in best.items()
            # An overview whose summaries are not indexed (yet) has nothing to cite.
            if similarity >= threshold
            and any(c in corpus.summaries for c in self.by_id[i].cited_ids())
        ]
        return sorted(found, key=lambda m: -m.similarity)


def speaks_of(subject: Sequence[str], overview: Overview, corpus: Corpus) -> bool:
    """Whether an overview speaks of the question's subject: one of its subject words (by
    stem) is in the overview's title, phrasings, opening or points. "how is ms diagnosed?"
    sits as near "is ms curable or just treatable" as a question about a cure does, but the
    cure overview never speaks of diagnosis. A question with no subject word of its own
    ("will i get worse?") is matched by meaning alone."""
    stems = set(corpus.stemmer.stemWords([w.lower() for w in subject])) - corpus.generic
    if not stems:
        return True
    return bool(stems & _overview_terms(overview, corpus))


def _overview_terms(overview: Overview, corpus: Corpus) -> set[str]:
    """The stemmed words of an overview's title, phrasings, opening and points."""
    said = [overview.title, *overview.questions, overview.opening]
    return set(corpus.terms(" ".join([*said, *(p.text for p in overview.points)])))


def spoken_weight(words: Sequence[str], overview: Overview, corpus: Corpus) -> float:
    """How much of a question an overview speaks of: the question's words (by stem) that
    the overview uses, each weighted by how rare it is in the library, since a rarer word
    says more of what is asked ("is it true covid vaccine causes relapses?" is about
    vaccines more than about relapses, which half the summaries speak of)."""
    stems = set(corpus.stemmer.stemWords([w.lower() for w in words])) - corpus.generic
    shares = [corpus.share_using(s) for s in stems & _overview_terms(overview, corpus)]
    return sum(-math.log(share) for share in shares if share > 0)


#: The aspects that ask for one kind of finding (harms, costs, the studies' sizes and
#: lengths), which an overview written for another does not give. The others are ways to
#: ask about a topic ("what causes...", "compared to everyone else"): its overview answers.
FINDING_ASPECTS: frozenset[Aspect] = STUDY_ASPECTS | {"cost"}


def answers_aspect(answered: frozenset[Aspect], asked: Aspect) -> bool:
    """Whether an overview whose phrasings ask ``answered`` answers a question asking
    ``asked``: always, unless it asks for one kind of finding the phrasings never ask."""
    return asked not in FINDING_ASPECTS or asked in answered


def pick_overview(
    found: Sequence[OverviewMatch],
    facts: QuestionFacts,
    retrieval: Retrieval,
    index: OverviewIndex,
    corpus: Corpus,
) -> tuple[OverviewMatch | None, str]:
    """The overview that answers a broad question, of those near enough (``found``, each
    clearly nearer it than any study, nearest first), or None and why. It must answer
    what the question asks (``answers_aspect``: "which ms drug has the fewest side
    effects?" asks harms, which the overview on whether treatments work does not give)
    and be about it (``about_the_question``). Of those, the one that speaks of most of the
    question (``spoken_weight``), the nearer on a tie."""
    fitting = [m for m in found if answers_aspect(index.aspects[m.overview.id], facts.aspect)]
    if not fitting:
        first = found[0]
        answers = ", ".join(sorted(index.aspects[first.overview.id]))
        return None, f"{first.overview.id} at {first.similarity:.2f} answers {answers}, " \
            f"not {facts.aspect}"  # fmt: skip
    about = [m for m in fitting if about_the_question(m, facts, retrieval, corpus)]
    if not about:
        first = fitting[0]
        return None, f"{first.overview.id} at {first.similarity:.2f} speaks of none of " \
            f"{', '.join(facts.subject)} and cites none of the studies found nearest"  # fmt: skip
    words = facts.topic or facts.subject
    return max(about, key=lambda m: (spoken_weight(words, m.overview, corpus), m.similarity)), ""


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


def asked_points_first(
    overview: Overview,
    points: Sequence[OverviewPoint],
    question: str,
    corpus: Corpus,
    nearness: Nearness,
) -> tuple[list[OverviewPoint], str]:
    """The overview's points, led by the one nearest the question (by the bundled model)
    when that point uses what the question asks beyond the overview's own title and
    opening: a word that can name a thing, that fewer than ``COMMON_SHARE`` of the
    summaries use and that the title and opening do not ("salt" in "does salt make ms
    worse?", which the diet overview answers with its fourth point of eight). Also the
    text of the point moved first ("" when none is). A word the title or the opening
    uses is the overview's own topic and moves nothing ("cure"; "stress", which the
    relapse overview's opening says no study looks at). The other points follow in the
    overview's order, as its context:
    dropping them lost "shots were not linked to more relapses" from "is it true covid
    vaccine causes relapses?". Either reading alone misleads: moving every point that used
    such a word put "High-dose biotin ... did not look at biotin in food" first for "is
    there a proper ms diet, like foods you should avoid?", and the nearest point alone put
    gut bacteria first for "does salty food make MS flare up?"."""
    own = set(corpus.terms(f"{overview.title} {overview.opening}"))
    words = [w for w in TOKEN.findall(question.lower()) if can_name(w)]
    asked = {
        t for t in corpus.terms(" ".join(words))
        if t not in own and t not in corpus.generic and 0 < corpus.share_using(t) < COMMON_SHARE
    }  # fmt: skip
    if not asked or len(points) < 2:
        return list(points), ""
    near = list(nearness(question, [p.text for p in points]))
    best = max(range(len(points)), key=near.__getitem__)
    # Two readings must agree: the nearest point uses a word asked.
    if best == 0 or not asked & set(corpus.terms(points[best].text)):
        return list(points), ""
    return [points[best], *(p for i, p in enumerate(points) if i != best)], points[best].text


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
