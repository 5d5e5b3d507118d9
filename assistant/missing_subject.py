"""Whether the library lacks the question's subject: the ``missing_subject`` rule.

The first of the citation rules (``assistant.selection``): when the thing the question asks
to act is one no summary names (``assistant.acting``), or uncommon words no summary uses
name its subject, the summaries that look similar are about something else, and the answer
abstains; unless those words are what it asks of a drug it names, which its summaries then
answer (``assistant.unmentioned``). Pure, over the question's analysis and the retrieval.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.acting import as_asked, unstudied
from assistant.audiences import PROFILES
from assistant.corpus import Corpus
from assistant.drugs import mentions
from assistant.models import Audience, Step
from assistant.question import QuestionFacts, drug_summaries
from assistant.question_words import words_of_names
from assistant.retrieval import Retrieval, RetrievedSummary
from assistant.vocabulary import words_of
from knowledge.settings import RetrievalSettings


@dataclass
class Decision:
    """The summaries to cite (none: abstain) and the steps that chose them."""

    cited: list[RetrievedSummary] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    #: Words no summary uses that the question asks of a drug it names ("alcohol" in "can
    #: i drink alcohol on ocrevus?"): answered, saying its summaries do not mention them.
    asked_of_drug: tuple[str, ...] = ()
    #: The things the question asks to act that no summary names, as it writes them
    #: ("fish oil supplements"), when that is why it abstains: the answer says so.
    unstudied: tuple[str, ...] = ()
    #: The words no summary uses that made it abstain.
    missing: tuple[str, ...] = ()

    def note(self, rule: str, verdict: str, reason: str) -> None:
        """Record one rule's verdict."""
        self.steps.append(Step(rule=rule, verdict=verdict, reason=reason))


def missing_subject(
    retrieval: Retrieval,
    facts: QuestionFacts,
    audience: Audience,
    corpus: Corpus,
    config: RetrievalSettings,
    decision: Decision,
    own: QuestionFacts | None = None,
) -> bool:
    """True when the question's subject is one the library lacks, whatever MS-general text
    looks similar: the thing it asks to act is one no summary names ("Do fish oil
    supplements reduce relapses?", ``assistant.acting``), or uncommon words no summary uses
    (acupuncture, Lyme...) name it. Not when they are what the question asks of a drug it
    names (``Decision.asked_of_drug``).

    For clinicians, whose technical words plain summaries often lack, only words written in
    capitals (a trial or test name) count. For a follow-up (``own``: the turn's own
    analysis), only its own words can be missing: the words it carried were weighed when
    the last turn was answered. Nor are they what it asks of the drug: "grapefruit ok with
    it?" after a SUNBEAM answer asks about grapefruit, however many of SUNBEAM's words
    were carried into its search (``_own_gaps``).
    """
    if retrieval.best_similarity >= config.confident_above:
        return False
    things = unstudied_things(facts, corpus)
    thing = _thing_words(things, audience, facts)
    if thing:
        gaps = set(thing)
    elif own is None:
        gaps = _unused_subject_words(retrieval, facts, audience, corpus)
    else:
        gaps = _own_gaps(retrieval, facts, own, audience, corpus)
    if not gaps:
        return False
    if _asked_of_a_named_drug(gaps, retrieval, facts, audience):
        decision.asked_of_drug = tuple(sorted(gaps))
        decision.note(
            "missing_subject", "asked of the drug", f"no summary uses {', '.join(sorted(gaps))}"
        )
        return False
    decision.missing = tuple(sorted(gaps))
    if thing:
        decision.unstudied = tuple(as_asked(facts.corrected, t) for t in things)
        named = " or ".join(f"“{phrase}”" for phrase in decision.unstudied)
        reason = f"no summary names {named}, the thing it asks to act"
    else:
        shared = shared_subject(facts, _best(retrieval).view.id, corpus)
        reason = f"no summary uses {', '.join(sorted(gaps))}; " \
            f"the best match shares {len(shared)} subject word(s)"  # fmt: skip
    decision.note("missing_subject", "abstain", reason)
    return True


def _own_gaps(
    retrieval: Retrieval,
    facts: QuestionFacts,
    own: QuestionFacts,
    audience: Audience,
    corpus: Corpus,
) -> set[str]:
    """A follow-up's gaps: only its own words, since the words carried from the last turn
    were weighed when it was answered ("undiagnosed" carried beside "how did they recruit
    ppl?"); and, weighed against its own subject words alone, what it asks of the drug
    carried ("grapefruit ok with it?"), which is never a reason to abstain."""
    gaps = _unused_subject_words(retrieval, facts, audience, corpus, set(own.gaps))
    if gaps:
        return gaps
    asked = _unused_subject_words(retrieval, own, audience, corpus)
    return asked if asked and _asked_of_a_named_drug(asked, retrieval, facts, audience) else set()


def unstudied_things(facts: QuestionFacts, corpus: Corpus) -> list[tuple[str, ...]]:
    """The things the question asks to act when no summary names any of them (empty when
    one does, or when it asks nothing of a thing). A thing carrying a name the question
    uses that a summary carries ("vit d", "ocrevus") is one the library has; a drug the
    vocabulary knows but no summary studies ("baclofen") is not."""
    named = words_of_names(name for name, ids in facts.names.items() if ids)
    if any(named.intersection(thing) for thing in facts.acting):
        return []
    return unstudied(facts.acting, corpus.terms, corpus.uses_together)


def _thing_words(
    things: list[tuple[str, ...]], audience: Audience, facts: QuestionFacts
) -> list[str]:
    """The words of the unstudied things (for clinicians, only those written in capitals)."""
    return sorted(_counted(audience, {w for thing in things for w in thing}, facts))


def _unused_subject_words(
    retrieval: Retrieval,
    facts: QuestionFacts,
    audience: Audience,
    corpus: Corpus,
    among: set[str] | None = None,
) -> set[str]:
    """The question's uncommon subject words no summary uses (only those ``among`` when
    given), unless the best match shares at least as many of its subject words ("cooling
    vests ... a gimmick?" is about cooling vests, not gimmicks). When the best match uses
    every subject word of the sentences that ask, words only in the sentences that set the
    scene are not missing: "I'm a gardener and the heat turns my legs to jelly by
    lunchtime. Would one of those cooling vests help?" asks about cooling vests."""
    gaps = _counted(audience, set(facts.gaps), facts)
    if _answers_what_it_asks(facts, _best(retrieval).view.id, corpus):
        gaps &= words_of(facts.asking)  # the others only set the scene
    if among is not None:
        gaps &= among
    if not gaps or len(gaps) < len(shared_subject(facts, _best(retrieval).view.id, corpus)):
        return set()
    return gaps


def _answers_what_it_asks(facts: QuestionFacts, summary_id: str, corpus: Corpus) -> bool:
    """Whether a summary uses every subject word of the sentences that ask, when others
    only set the scene. Every one: a sentence that tells often names the thing the
    asking one says in general words ("i'm worried about osteoporosis. does ms affect
    your bones?"), and a summary on bones would have to use "bones"."""
    terms = corpus.summary_terms(summary_id)
    asked = facts.asked_subject
    return bool(asked) and all(corpus.stemmer.stemWord(w) in terms for w in asked)


def _best(retrieval: Retrieval) -> RetrievedSummary:
    return max(retrieval.summaries, key=lambda s: s.similarity)


def _asked_of_a_named_drug(
    gaps: set[str], retrieval: Retrieval, facts: QuestionFacts, audience: Audience
) -> bool:
    """Whether words no summary uses are what the question asks of a drug it names ("can
    i drink alcohol on ocrevus?"): a summary found is about the drug, which is then the
    subject, and the answer says its summaries do not mention them
    (``assistant.unmentioned``). Not for a word written in capitals, a trial or test name
    ("What did the ZORBLAX trial show for siponimod?" asks for a study the library lacks),
    nor for clinicians, whose unknown words are such names. Nor when the drug is named only
    in a sentence that sets the scene ("I've been on fingolimod since 2019. Is skiing at
    altitude ok with MS?" asks nothing of fingolimod: ``QuestionFacts.asking``)."""
    if PROFILES[audience].capitals_gaps_only or _in_capitals(gaps, facts):
        return False
    if facts.asking and not mentions(facts.asking, facts.names):
        return False  # named only where the scene is set: not what the question asks of
    about = drug_summaries(facts)
    return any(item.view.id in about for item in retrieval.summaries)


def _counted(audience: Audience, words: set[str], facts: QuestionFacts) -> set[str]:
    """The words that count as missing for the audience: for clinicians, whose technical
    words plain summaries often lack, only those written in capitals."""
    return _in_capitals(words, facts) if PROFILES[audience].capitals_gaps_only else words


def _in_capitals(words: set[str], facts: QuestionFacts) -> set[str]:
    """The words written in capitals in the question (trial and test names)."""
    return {w for w in words if re.search(rf"\b{re.escape(w.upper())}\b", facts.asked)}


def shared_subject(facts: QuestionFacts, summary_id: str, corpus: Corpus) -> set[str]:
    """Subject words of the question that a summary uses."""
    terms = corpus.summary_terms(summary_id)
    return {w for w in facts.subject if corpus.stemmer.stemWord(w) in terms}
