"""The selection rules for a question about MS drugs as a group ("do the ms pills mess
with your liver?", "can ms medication affect your heart?"): it names no drug, so the
studies of the group (``QuestionFacts.class_reports``) and what it asks the drugs do
(``asked_things``) say which summaries answer it. Run by ``assistant.selection``.
"""

from __future__ import annotations

from collections.abc import Collection

from assistant.asked_things import asked_things
from assistant.compose import summary_texts
from assistant.corpus import Corpus
from assistant.missing_subject import Decision
from assistant.question import QuestionFacts
from assistant.retrieval import Retrieval, RetrievedSummary
from assistant.unmentioned import unmentioned


def in_the_drug_class(
    chosen: list[RetrievedSummary], facts: QuestionFacts, decision: Decision
) -> list[RetrievedSummary]:
    """The ``drug_class`` rule: a question about MS drugs as a group, naming none ("do the
    ms pills mess with your liver?", "do dmts make you catch more infections?"), cites
    only the chosen summaries reporting on a drug of that group, when some do: not a
    fatigue-pill trial or a study of gut bacteria in mice that shares a word."""
    why = "reports on none of the drugs asked about"
    return kept_within(chosen, facts.class_reports, decision, "drug_class", why)


def kept_within(
    chosen: list[RetrievedSummary], ids: Collection[str], decision: Decision, rule: str, why: str
) -> list[RetrievedSummary]:
    """The chosen summaries among ``ids`` when some are and some are not (the others
    noted as cut by ``rule``, ``why``); all of them otherwise."""
    kept = [s for s in chosen if s.view.id in ids]
    if not kept or len(kept) == len(chosen):
        return chosen
    dropped = ", ".join(s.view.id for s in chosen if s not in kept)
    decision.note(rule, "cut", f"{dropped}: {why}")
    return kept


def on_the_asked_thing(
    chosen: list[RetrievedSummary],
    retrieval: Retrieval,
    facts: QuestionFacts,
    corpus: Corpus,
    decision: Decision,
) -> list[RetrievedSummary]:
    """The ``asked_thing`` rule, for a question about MS drugs as a group (``drug_class``)
    that asks what they do to something (``asked_things``: "liver" in "do the ms pills
    mess with your liver?"). The group is wide, so that thing says which of its studies
    answer: the cited summaries that mention it, read as the answer reads
    (``unmentioned``: by its rarer nouns, "heart" not "rate"), then the group's other
    summaries the search found that do ("can ms medication affect your heart?": the
    fingolimod trial's slow heartbeat, which the search ranked below a statin trial).
    When no summary of the group mentions it, the citations stay, and the answer says
    they do not mention it. Other questions keep their citations: a rule on every
    question's rarer words cut studies that answer them for a word said in passing
    ("usual", "separate"; 18 fresh cases)."""
    things = asked_things(facts) if chosen and facts.class_reports else []
    if not things:
        return chosen

    def mentions(item: RetrievedSummary) -> bool:
        texts = summary_texts(item.view)
        return len(unmentioned(things, texts, corpus.terms, corpus.share_using)) < len(things)

    about = ", ".join(things)
    using = [s for s in chosen if mentions(s)]
    group = [s for s in retrieval.summaries if s.view.id in facts.class_reports]
    found = [s for s in group if s not in using and mentions(s)]
    if not using and not found:
        return chosen
    if dropped := [s.view.id for s in chosen if s not in using]:
        decision.note("asked_thing", "cut", f"{', '.join(dropped)}: nothing on {about}")
    if found:
        added = ", ".join(s.view.id for s in found)
        decision.note("asked_thing", "search", f"{added}: of the group, on {about}")
    return using + found
