"""Which retrieved summaries an answer may cite, or none (abstain).

Pure functions over a retrieval and the corpus snapshot; the thresholds come
from the retrieval settings (calibrated on the eval cases).
"""

from __future__ import annotations

import re

from assistant.corpus import Corpus
from assistant.models import Audience
from assistant.retrieval import Retrieval, RetrievedSummary
from assistant.synonyms import DRUG_NAMES, known_names
from knowledge.settings import RetrievalSettings

#: Words that ask for the newest research first.
_RECENT = re.compile(
    r"\b(newest|latest|most recent|recent(ly)?|new (research|studies|study|findings)|"
    r"up[- ]to[- ]date)\b",
    re.IGNORECASE,
)


def select_summaries(
    retrieval: Retrieval,
    question: str,
    audience: Audience,
    corpus: Corpus,
    config: RetrievalSettings,
) -> list[RetrievedSummary]:
    """The summaries worth citing, or none (abstain).

    The question's subject must not be missing from the library; the best match must be
    close enough, and in the grey zone each cited summary must share a specific word with
    the question. When that leaves nothing, summaries whose titles carry a name the
    question uses are cited: the embedding model barely knows drug and trial names ("What
    did HERCULES show for tolebrutinib?").
    """
    if not retrieval.summaries or misses_subject(retrieval, question, audience, corpus, config):
        return []
    best = retrieval.best_similarity
    floor = max(config.abstain_below, best - config.cite_margin)
    chosen = [
        s
        for rank, s in enumerate(retrieval.summaries)
        if best >= config.abstain_below and citable(s, rank, floor, question, corpus, config)
    ]
    if not chosen:
        named = corpus.named_summaries(question)
        chosen = [s for s in retrieval.summaries if s.view.id in named]
    cited = cover_compared_drugs(
        chosen[: config.max_summaries], retrieval, question, corpus, config
    )
    return newest_first_if_asked(cited, question)


def cover_compared_drugs(
    chosen: list[RetrievedSummary],
    retrieval: Retrieval,
    question: str,
    corpus: Corpus,
    config: RetrievalSettings,
) -> list[RetrievedSummary]:
    """When the question compares drugs, each drug it names is carried by a cited summary
    if a retrieved one carries it: "is ocrelizumab or natalizumab better?" cites both
    drugs' studies, not three on ocrelizumab. Added summaries take the places of the
    lowest-ranked others; the best match always stays. A study of the drugs together, when
    one was retrieved, is cited first instead."""
    drugs = named_drugs(question, corpus)
    if not chosen or len(drugs) < 2:
        return chosen
    both = set.intersection(*drugs.values())
    head_to_head = next((s for s in retrieval.summaries if s.view.id in both), None)
    if head_to_head is not None:
        # A study of them together answers the question best.
        return chosen if head_to_head in chosen else [head_to_head, *chosen][: len(chosen)]
    added: list[RetrievedSummary] = []
    for users in drugs.values():
        if any(s.view.id in users for s in [*chosen, *added]):
            continue
        carrier = next((s for s in retrieval.summaries if s.view.id in users), None)
        if carrier is not None:
            added.append(carrier)
    if not added:
        return chosen
    room = max(config.max_summaries - len(added), 1)
    rank = {s.view.id: i for i, s in enumerate(retrieval.summaries)}
    kept = [*chosen[:room], *added][: config.max_summaries]
    return sorted(kept, key=lambda s: rank[s.view.id])


def misses_subject(
    retrieval: Retrieval,
    question: str,
    audience: Audience,
    corpus: Corpus,
    config: RetrievalSettings,
) -> bool:
    """True when an uncommon word no summary uses (acupuncture, naltrexone, Lyme...)
    names a subject the library lacks, whatever MS-general text looks similar.

    Not when the best match shares at least as many of the question's subject words
    ("cooling vests ... a gimmick?" is about cooling vests, not gimmicks). For clinicians,
    whose technical words plain summaries often lack, only names in capitals count.
    """
    if retrieval.best_similarity >= config.confident_above:
        return False
    gaps = corpus.subject_gaps(question, ignore=known_names(question))
    if audience == "clinician":
        # Clinicians' technical words are often missing from plain summaries; a trial or
        # test name in capitals (ASCEND) that no summary uses still is a missing subject.
        gaps = {w for w in gaps if re.search(rf"\b{re.escape(w.upper())}\b", question)}
    top = max(retrieval.summaries, key=lambda s: s.similarity)
    return bool(gaps) and len(gaps) >= len(corpus.shared_subject_words(question, top.view.id))


def citable(
    item: RetrievedSummary,
    rank: int,
    floor: float,
    question: str,
    corpus: Corpus,
    config: RetrievalSettings,
) -> bool:
    """Close enough to the best match (or the fused first place, where dense and BM25
    agree), and, below the confident level, sharing a specific word with the question:
    "MS" alone makes every summary look similar."""
    close = item.similarity >= floor or (
        rank == 0
        and item.similarity >= config.abstain_below
        and bool(corpus.shared_subject_words(question, item.view.id))
    )
    return close and (
        item.similarity >= config.confident_above
        or bool(corpus.specific_overlap(question, item.view.id))
    )


def named_drugs(question: str, corpus: Corpus) -> dict[str, set[str]]:
    """The drugs the question names, each with the summaries whose titles or Key
    Takeaway carry it."""
    return {name: users for name, users in corpus.names_in(question).items() if name in DRUG_NAMES}


def compared_apart(chosen: list[RetrievedSummary], question: str, corpus: Corpus) -> list[str]:
    """The drugs a comparison question names when no cited summary mentions them all
    (anywhere in its text): the answer must then say that the cited studies cannot show
    which one works better. None when nothing is cited (an abstention has no studies to
    qualify)."""
    drugs = named_drugs(question, corpus)
    if not chosen or len(drugs) < 2 or any(corpus.mentions_all(s.view.id, drugs) for s in chosen):
        return []
    return sorted(drugs)


def newest_first_if_asked(chosen: list[RetrievedSummary], question: str) -> list[RetrievedSummary]:
    """The cited summaries newest first when the question asks for recent research
    ("any recent studies on fatigue?"), else as ranked."""
    if not _RECENT.search(question):
        return chosen
    return sorted(chosen, key=lambda s: s.view.published, reverse=True)
