"""Which retrieved summaries an answer may cite: an ordered list of named, pure rules.

Each rule reads the question's analysis (:class:`QuestionFacts`) and the retrieval and
records a :class:`Step` (rule, verdict, reason) on the trace the answer carries:

1. ``missing_subject`` abstains when no summary names the thing the question asks to act,
   or an uncommon word no summary uses names the subject (``assistant.missing_subject``);
2. ``too_far`` abstains when even the best match is below the abstain threshold;
3. ``close_enough`` cites summaries near the best match that share a specific word;
4. ``by_name`` cites, when nothing else is, the summaries carrying a name the question uses;
5. ``named_drugs`` keeps, when the question names a drug a chosen summary reports on,
   only the summaries reporting on a drug it names;
5. ``drug_class`` keeps, for a question about MS drugs as a group ("the ms pills"), only
   the summaries reporting on a drug of that group;
5. ``asked_thing`` keeps, for such a question, only the summaries that mention what it
   asks the drugs do to something, or finds the group's that do;
6. ``cover_compared`` makes each drug a comparison names carried by a cited summary;
7. ``answers_first`` puts first the summaries with a finding on what the question asks;
8. ``newest_first`` orders the citations newest first when recent research is asked for.

For a follow-up whose own subject leads, the engine then applies ``about_own_subject``
(the ``own_subject`` rule): it cites only the summaries about that subject. Last,
``other_condition`` (``assistant.condition_scope``) drops the studies of a condition other
than MS that the conversation does not name.

The thresholds come from the retrieval settings (calibrated on the eval cases).
"""

from __future__ import annotations

import math

from assistant.corpus import Corpus
from assistant.evidence import FOCUS_RELEVANCE
from assistant.group_rules import in_the_drug_class, kept_within, on_the_asked_thing
from assistant.missing_subject import Decision, missing_subject, shared_subject
from assistant.models import Audience
from assistant.question import QuestionFacts, named_summaries
from assistant.retrieval import Retrieval, RetrievedSummary
from assistant.vocabulary import vocabulary_of
from knowledge.settings import RetrievalSettings


def select_summaries(
    retrieval: Retrieval,
    facts: QuestionFacts,
    audience: Audience,
    corpus: Corpus,
    config: RetrievalSettings,
    own: QuestionFacts | None = None,
) -> Decision:
    """The summaries worth citing, or none (abstain), with the trace of why. ``own`` is
    the turn's own analysis when the last turn's words were carried into ``facts``."""
    decision = Decision()
    if not retrieval.summaries:
        decision.note("too_far", "abstain", "the search found nothing")
        return decision
    if missing_subject(retrieval, facts, audience, corpus, config, decision, own):
        return decision
    chosen = close_enough(retrieval, facts, corpus, config, decision)
    if not chosen:
        chosen = by_name(retrieval, facts, decision)
    chosen = about_named_drugs(chosen, facts, decision)
    chosen = in_the_drug_class(chosen, facts, decision)
    chosen = on_the_asked_thing(chosen, retrieval, facts, corpus, decision)
    if len(chosen) > config.max_summaries:
        left = ", ".join(item.view.id for item in chosen[config.max_summaries :])
        decision.note("close_enough", "cut", f"at most {config.max_summaries} cited: {left}")
    chosen = cover_compared(chosen[: config.max_summaries], retrieval, facts, config, decision)
    chosen = answers_first(chosen, facts, corpus, decision)
    decision.cited = newest_first(chosen, facts, decision)
    return decision


def close_enough(
    retrieval: Retrieval,
    facts: QuestionFacts,
    corpus: Corpus,
    config: RetrievalSettings,
    decision: Decision,
) -> list[RetrievedSummary]:
    """Summaries close enough to the best match (or the fused first place, where dense
    and BM25 agree) and, below the confident level, sharing a specific word with the
    question: "MS" alone makes every summary look similar."""
    best = retrieval.best_similarity
    if best < config.abstain_below:
        decision.note("too_far", "none", f"best similarity {best:.2f} < {config.abstain_below}")
        return []
    floor = max(config.abstain_below, best - config.cite_margin)
    chosen = []
    for rank, item in enumerate(retrieval.summaries):
        near = item.similarity >= floor or (
            rank == 0
            and item.similarity >= config.abstain_below
            and bool(shared_subject(facts, item.view.id, corpus))
        )
        specific = item.similarity >= config.confident_above or bool(
            corpus.specific_overlap(facts.corrected, item.view.id)
        )
        if near and specific:
            chosen.append(item)
            decision.note("close_enough", "cite", f"{item.view.id} at {item.similarity:.2f}")
    if not chosen:
        decision.note("close_enough", "none", f"no summary near {best:.2f} shares a word")
    return chosen


def by_name(
    retrieval: Retrieval, facts: QuestionFacts, decision: Decision
) -> list[RetrievedSummary]:
    """The summaries carrying a name the question uses, when a name is carried by at most
    ``NAME_MAX_SUMMARIES`` of them (the search gave them a vote, see the engine): the
    embedding model barely knows drug and trial names ("What did HERCULES show?")."""
    named = set(named_summaries(facts))
    chosen = [s for s in retrieval.summaries if s.view.id in named]
    if chosen:
        names = ", ".join(n for n, ids in facts.names.items() if ids & named)
        decision.note("by_name", "cite", f"{len(chosen)} summaries carry {names}")
    return chosen


def about_named_drugs(
    chosen: list[RetrievedSummary], facts: QuestionFacts, decision: Decision
) -> list[RetrievedSummary]:
    """When the question names a drug and a chosen summary reports on a drug it names,
    only the summaries that do: "does mayzent help people walk better?" is answered by the
    siponimod trial, not by a walking trial of another drug that shares the word, and
    "does soliris raise the chance of serious infections?" not by another drug's
    infection figures. A question naming no drug the chosen summaries report on is left
    as it is."""
    why = f"nothing on {', '.join(sorted(facts.drugs))}"
    return kept_within(chosen, facts.reported_by, decision, "named_drugs", why)


def cover_compared(
    chosen: list[RetrievedSummary],
    retrieval: Retrieval,
    facts: QuestionFacts,
    config: RetrievalSettings,
    decision: Decision,
) -> list[RetrievedSummary]:
    """When the question compares drugs, each drug it names is carried by a cited summary
    if a retrieved one carries it: "is ocrelizumab or natalizumab better?" cites both
    drugs' studies, not three on ocrelizumab. Added summaries take the places of the
    lowest-ranked others; the best match always stays. A study of the drugs together, when
    one was retrieved, is cited first instead."""
    drugs = {drug: facts.drugs[drug] for drug in facts.compared}
    if not chosen or len(drugs) < 2:
        return chosen
    both = frozenset.intersection(*drugs.values())
    together = next((s for s in retrieval.summaries if s.view.id in both), None)
    if together is not None:
        decision.note("cover_compared", "cite first", f"{together.view.id} studied them together")
        return chosen if together in chosen else [together, *chosen][: len(chosen)]
    added: list[RetrievedSummary] = []
    for users in drugs.values():
        if any(s.view.id in users for s in [*chosen, *added]):
            continue
        carrier = next((s for s in retrieval.summaries if s.view.id in users), None)
        if carrier is not None:
            added.append(carrier)
            decision.note("cover_compared", "cite", f"{carrier.view.id} carries a compared drug")
    if not added:
        return chosen
    room = max(config.max_summaries - len(added), 1)
    rank = {s.view.id: i for i, s in enumerate(retrieval.summaries)}
    kept = [*chosen[:room], *added][: config.max_summaries]
    return sorted(kept, key=lambda s: rank[s.view.id])


def answers_first(
    chosen: list[RetrievedSummary], facts: QuestionFacts, corpus: Corpus, decision: Decision
) -> list[RetrievedSummary]:
    """The summaries with a finding on what the question asks come first, in their ranked
    order: "does ocrevus cause infections?" cites the trial reporting infections before
    the vaccine study that ranked above it. What it asks is its words that not every
    cited summary's findings use (those are the shared subject, "ocrelizumab"); a finding
    answers when those words are worth ``FOCUS_RELEVANCE``."""
    if len(chosen) < 2:
        return chosen
    # Generic words ("how", "much", "did", "help") ask nothing of a finding.
    asked = set(corpus.terms(facts.corrected)) - corpus.generic
    found = {s.view.id: [set(corpus.terms(text)) for text in _finding_texts(s)] for s in chosen}
    shared = set.intersection(*(set().union(*texts) for texts in found.values()))
    wanted = asked - shared

    def answers(item: RetrievedSummary) -> bool:
        weights = (
            math.fsum(corpus.idf.get(t, 1.0) for t in wanted & words)
            for words in found[item.view.id]
        )
        return max(weights, default=0.0) >= FOCUS_RELEVANCE

    first = [s for s in chosen if answers(s)]
    if not first or len(first) == len(chosen) or first == chosen[: len(first)]:
        return chosen
    moved = ", ".join(s.view.id for s in first)
    decision.note("answers_first", "order", f"{moved} report on {', '.join(sorted(wanted))}")
    return [*first, *(s for s in chosen if s not in first)]


def _finding_texts(item: RetrievedSummary) -> list[str]:
    """What a summary found, finding by finding (its card), else its Key Takeaway and
    What They Found."""
    card = item.view.card
    if card is not None:
        return [f.text for f in card.findings]
    return [item.view.section_text("key_takeaway"), item.view.section_text("what_they_found")]


def newest_first(
    chosen: list[RetrievedSummary], facts: QuestionFacts, decision: Decision
) -> list[RetrievedSummary]:
    """The cited summaries newest first when the question asks for recent research
    ("any recent studies on fatigue?"), else as ranked."""
    if not facts.asks_recent or len(chosen) < 2:
        return chosen
    decision.note("newest_first", "order", "the question asks for recent research")
    return sorted(chosen, key=lambda s: s.view.published, reverse=True)


def about_own_subject(
    chosen: list[RetrievedSummary], facts: QuestionFacts, corpus: Corpus, decision: Decision
) -> list[RetrievedSummary]:
    """For a turn whose own subject leads while words were carried from the last turn
    ("what about eating lots of salt?" after a smoking answer): only the summaries about
    its own subject, those carrying a name it uses or one of its own topic words. The
    carried words may narrow the search; they must not bring back the last turn's studies.
    Empty when none is about it (the engine then searches the turn on its own)."""
    named = frozenset().union(*facts.names.values())
    stems = {corpus.stemmer.stemWord(w.lower()) for w in facts.own_topic}
    kept = [s for s in chosen if s.view.id in named or stems & corpus.summary_terms(s.view.id)]
    dropped = [s.view.id for s in chosen if s not in kept]
    if kept and dropped:
        about = " ".join(facts.own_topic)
        decision.note("own_subject", "cut", f"{', '.join(dropped)}: not about {about}")
    return kept


def compared_apart(
    chosen: list[RetrievedSummary], facts: QuestionFacts, corpus: Corpus
) -> list[str]:
    """The drugs a comparison question names when no cited summary reports on them all
    (``Vocabulary.drug_reports``: a caveat naming another drug does not count): the answer
    must then say that the cited studies cannot compare them directly. None when
    nothing is cited (an abstention has no studies to qualify)."""
    drugs = sorted(facts.compared)
    reports = vocabulary_of(corpus).drug_reports
    together = any(all(s.view.id in reports.get(d, ()) for d in drugs) for s in chosen)
    if not chosen or len(drugs) < 2 or together:
        return []
    return drugs
