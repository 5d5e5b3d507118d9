"""Which condition a conversation is about: the ``other_condition`` rule.

The library holds studies of conditions related to MS but not MS (NMOSD, MOGAD, autoimmune
encephalitis: ``knowledge.topics.OTHER_CONDITIONS``). They share MS's words (relapse,
attack, steroids, infusion, infections), so a question about MS finds them: "how likely is
a second attack soon?" found a MOGAD cohort, and "were there any serious infections?"
after a cladribine answer an encephalitis study. A study of another condition answers
only a conversation that names that condition: by its words ("nmo", "aquaporin"), by a
name only its studies carry (a drug or trial: "satralizumab", "SAKURASTAR"), or by the
last answer having cited a study of it. Pure, over the analysis and the retrieval.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.corpus import Corpus, SummaryView
from assistant.missing_subject import Decision
from assistant.models import Turn
from assistant.pointers import THE_DISEASE
from assistant.question import QuestionFacts
from assistant.retrieval import RetrievedSummary
from knowledge.topics import OTHER_CONDITIONS


def conditions_of(view: SummaryView) -> frozenset[str]:
    """The conditions other than MS that a summary studies: among its topics, those its
    card's population names ("58 adults with NMOSD"); a pooled study of "people with optic
    neuritis", tagged NMOSD and MOGAD too, studies MS's optic neuritis as well. Without a
    card, its topics."""
    topics = [topic for topic in view.topics if topic in OTHER_CONDITIONS]
    card = view.card
    if card is None or not card.population:
        return frozenset(topics)
    words = _words(card.population)
    return frozenset(topic for topic in topics if words & OTHER_CONDITIONS[topic])


def conditions_named(
    facts: QuestionFacts, history: Sequence[Turn], corpus: Corpus
) -> frozenset[str]:
    """The other conditions the conversation is about: those its questions name by their
    words, those of the studies whose titles carry a name it uses (a drug or trial studied
    only there: "satralizumab", "SAKURASTAR"; not "meningitis", which a finding of one
    reports), and those the last answer cited a study of."""
    asked = [facts.corrected, *(turn.question for turn in history)]
    words = set().union(*(_words(text) for text in asked))
    named = {topic for topic, terms in OTHER_CONDITIONS.items() if words & terms}
    for name, ids in [*facts.names.items(), *facts.drugs.items()]:
        views = [view for sid in ids if (view := corpus.summaries.get(sid)) is not None]
        if not any(topic in OTHER_CONDITIONS for view in views for topic in view.topics):
            continue  # no study of another condition carries it (most names): cheap
        titled = [view for view in views if _titles(view, name)]
        studied = [conditions_of(view) for view in titled]
        if studied and all(studied):
            named |= frozenset.intersection(*studied)
    if history:
        cited = [corpus.summaries.get(sid) for sid in history[-1].cited_ids]
        named |= {c for view in cited if view is not None for c in conditions_of(view)}
    return frozenset(named)


def other_condition(
    cited: list[RetrievedSummary], named: frozenset[str], decision: Decision
) -> list[RetrievedSummary]:
    """The citations without the studies of a condition the conversation does not name."""
    kept: list[RetrievedSummary] = []
    dropped: list[RetrievedSummary] = []
    for item in cited:
        conditions = conditions_of(item.view)
        (dropped if conditions and not conditions & named else kept).append(item)
    if dropped:
        ids = ", ".join(item.view.id for item in dropped)
        decision.note("other_condition", "drop", f"about a condition not asked of: {ids}")
    return kept


def _titles(view: SummaryView, name: str) -> bool:
    """Whether the summary's title, its paper's title, its aliases or its id (which
    carries the trial's name) carry the name."""
    source = view.source
    parts = [view.title, source.title if source else "", *view.aliases, view.id.replace("-", " ")]
    titles = " ".join(parts).lower()
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", titles) is not None


def names_a_condition(text: str, *others: str) -> bool:
    """Whether a text names MS, another condition the library studies ("nmo", "mogad"), or
    one of ``others`` (by their words)."""
    named = set().union(*OTHER_CONDITIONS.values(), *(_words(other) for other in others))
    return THE_DISEASE.search(text) is not None or bool(_words(text) & named)


def _words(text: str) -> set[str]:
    """The lowercase words of a text (letters and digits), as the conditions' terms are."""
    return set(re.findall(r"[a-z0-9]+", text.lower()))
