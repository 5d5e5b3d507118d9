"""The select step of the answer chain: which summaries an answer cites.

The broad-question route first, then the citation rules over the search
(``assistant.selection``), then what a conversation adds: a follow-up with no subject
of its own answers from the summaries the last turn cited, a continuing turn whose own
subject leads cites only studies about it, and a terse turn that finds nothing on its
own can ask a detail of the studies just cited. Every verdict goes on the trace.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer_type import answer_type, carries
from assistant.asked_detail import detail_candidates
from assistant.aspects import STUDY_ASPECTS
from assistant.composers import Composers
from assistant.condition_scope import conditions_named, other_condition
from assistant.corpus import Corpus
from assistant.definitions import lead_with_definition
from assistant.evidence import covers
from assistant.history_rules import more_studies, picked
from assistant.missing_subject import Decision
from assistant.question import QuestionFacts, analyse
from assistant.retrieval import RetrievedSummary, as_retrieved
from assistant.selection import about_own_subject, compared_apart, select_summaries
from assistant.steps import Draft
from assistant.synonyms import expand_query
from assistant.vocabulary import vocabulary_of, words_of
from knowledge.settings import Settings


class SelectStep:
    """The chain's select step; ``retrieve`` searches again for a turn taken alone."""

    def __init__(
        self, settings: Settings, composers: Composers, retrieve: Callable[[Draft], Draft]
    ) -> None:
        self.settings = settings
        self.composers = composers
        self.retrieve = retrieve

    def select(self, draft: Draft) -> Draft:
        """The broad-question route, then the citation rules, then leaning on the last
        turn for a follow-up with no subject of its own; when nothing is found, a detail
        of the studies just cited (``_detail_of_last``), else an abstention."""
        if draft.retrieval is None or draft.facts is None or draft.search_facts is None:
            return draft
        if self.composers.asks_about_library(draft):
            return draft
        draft.overview = self.composers.broad_match(draft)
        if draft.overview is not None:
            return draft
        corpus = draft.corpus
        # A turn weighing the last two subjects ("which one is safer?") is about their
        # studies whatever it asks of them.
        weighs = draft.leans_on > 1
        if draft.facts.asks_more_of(draft.history):
            draft.chosen = more_studies(draft, self.settings.retrieval.max_summaries)
            return draft
        if not weighs and draft.facts.picks_from(draft.history):
            draft.chosen = picked(draft, self.settings.retrieval.max_summaries)
            if draft.chosen:
                return draft
        # "how does that compare to fingolimod?": the studies just cited are one side.
        against = (
            draft.facts.compares
            and draft.facts.refers_back
            and bool(draft.history)
            and not (draft.new_topic or draft.facts.starts_new)
        )
        leans = weighs or draft.facts.aspect in STUDY_ASPECTS
        first = self._compared_side(draft) if against else self._leaned_on(draft) if leans else []
        if first and not against and any(covers(i.view.card, draft.facts.aspect) for i in first):
            draft.chosen = first  # another aspect of the studies just cited
            draft.compared_apart = compared_apart(first, draft.search_facts, corpus)
            return draft
        if first and not against:
            draft.note("lean_on", "search further", f"none reports {draft.facts.aspect}")
        decision = self._decide(draft)
        asked_of = conditions_named(draft.facts, draft.history, corpus)
        decision.cited = other_condition(decision.cited, asked_of, decision)
        draft.trace += decision.steps
        draft.asked_of_drug = decision.asked_of_drug
        draft.unstudied = decision.unstudied
        if not first:
            decision.cited = self._each_part(draft, decision.cited)
        if any(step.rule == "by_name" and step.verdict == "cite" for step in decision.steps):
            named = [item.view.id for item in decision.cited]  # found by their name
            draft.reached = list(dict.fromkeys([*draft.reached, *named]))
        leaned = {item.view.id for item in first}
        found = [d for d in decision.cited if d.view.id not in leaned]
        most = self.settings.retrieval.max_summaries
        draft.chosen = [*first, *found][:most] if first else found or self._leaned_on(draft)
        draft.chosen = draft.chosen or self._detail_of_last(draft)
        lead_with_definition(draft, self.settings.retrieval.max_summaries)
        draft.compared_apart = compared_apart(draft.chosen, draft.search_facts, corpus)
        if not draft.chosen:
            draft.note("abstain", "abstain", "no rule found a summary to cite")
        return draft

    def _detail_of_last(self, draft: Draft) -> list[RetrievedSummary]:
        """A turn in a conversation that finds nothing on its own and names no drug or
        trial ("sponsor?", "dose?", "any deaths?") asks a detail of the studies just cited,
        when a sentence of theirs is as near it as a detail's answer is, and nearer than
        anything the search found; an unrelated turn ("best pizza dough?") is near none,
        and abstains."""
        assert draft.facts is not None
        config = self.settings.retrieval
        if not draft.history or draft.facts.names:
            return []
        items = self._last_cited(draft)
        asked = expand_query(draft.facts.corrected)
        kind = answer_type(asked)
        # A question that asks for a kind of detail (a place, a dose) is measured against
        # the sentences that give one, its findings included; any other against the text.
        candidates = [
            [c for c in detail_candidates(item, draft.audience, wide=kind is not None)
             if kind is None or carries(c, kind)]
            for item in items
        ]  # fmt: skip
        nearest = max(
            (max(self.composers.nearness(asked, c), default=-1.0) for c in candidates),
            default=-1.0,
        )
        # Nearer the last studies' sentences than to anything the search found: an MS
        # question of its own ("is a tattoo safe with ms?") is as near every summary.
        best = draft.retrieval.best_similarity if draft.retrieval else 0.0
        if nearest < max(config.lean_nearness, best):
            return []
        draft.reached = [item.view.id for item in items]
        draft.focus = asked
        draft.note("lean_on", "cite", f"nothing found alone; a sentence of the last answer's "
                   f"summaries is {nearest:.2f} near it")  # fmt: skip
        return items

    def _decide(self, draft: Draft) -> Decision:
        """The citation rules over the search. A turn whose own subject leads cites only
        studies about it; when the search with the carried words found none, the carry
        was wrong, and the turn is searched on its own, as a new topic."""
        assert draft.retrieval is not None and draft.search_facts is not None
        config, corpus = self.settings.retrieval, draft.corpus
        own = draft.facts if draft.carried else None
        decision = select_summaries(
            draft.retrieval, draft.search_facts, draft.audience, corpus, config, own
        )
        if own is None and draft.facts is not None and decision.missing:
            decision = self._asked_alone(draft, draft.facts, decision)
        if not draft.leads or draft.facts is None:
            return decision
        # The turn on its own, with the library's words for its words ("kids" ->
        # children): ``focus``, set whenever words were carried. Its analysis judges what
        # was found, and is what a search of the turn alone reads.
        alone = analyse(draft.focus, vocabulary_of(corpus), corpus)
        own = dataclasses.replace(alone, known_from_last=draft.facts.known_from_last)
        about = about_own_subject(decision.cited, own, corpus, decision)
        if about:
            decision.cited = about
            return decision
        subject = " ".join(own.own_topic)
        draft.note("own_subject", "new topic", f"nothing found as a follow-up is about {subject}")
        draft.standalone, draft.search_facts = draft.focus, alone
        draft.carried = draft.focus = ""
        draft.leads = draft.boost = False
        self.retrieve(draft)
        return select_summaries(draft.retrieval, draft.search_facts, draft.audience, corpus, config)

    def _asked_alone(self, draft: Draft, facts: QuestionFacts, decision: Decision) -> Decision:
        """``asked_alone``: a message that wraps its question in a scene of its life, whose
        words no summary uses only in that scene ("things under the duvet have dried up
        ... Are sexual problems common for women with MS?"), is searched as the sentences
        that ask alone; when they alone are confidently near a study, it is answered as
        them. The scene's words still weigh in the search of the whole message, which its
        unfamiliar words pull away from every study."""
        if not facts.asking or words_of(facts.asking) & set(decision.missing):
            return decision
        corpus, config = draft.corpus, self.settings.retrieval
        alone = analyse(facts.asking, vocabulary_of(corpus), corpus)
        search = dataclasses.replace(draft, standalone=expand_query(alone.corrected),
                                     search_facts=alone, boost=False, trace=[])  # fmt: skip
        self.retrieve(search)
        assert search.retrieval is not None
        near = search.retrieval.best_similarity
        scene = ", ".join(decision.missing)
        if near < config.confident_above:
            decision.note("asked_alone", "abstain", f"asked alone, {near:.2f} near a study")
            return decision
        found = select_summaries(search.retrieval, alone, draft.audience, corpus, config)
        if not found.cited:
            return decision
        draft.retrieval, draft.search_facts = search.retrieval, alone
        decision.note("asked_alone", "cite", f"only the scene uses {scene}; asked alone, "
                      f"{near:.2f} near a study")  # fmt: skip
        found.steps = [*decision.steps, *found.steps]
        return found

    def _each_part(self, draft: Draft, cited: list[RetrievedSummary]) -> list[RetrievedSummary]:
        """``each_part``: in a question of several parts, a part with a subject of its own
        that the first study found does not cover ("does coffee lower the risk, and what
        about being overweight as a teen?") is searched alone, and its best study is cited
        next when it is about that subject. A part whose words and names the first study
        uses, or that only asks a detail ("and was there a placebo?"), asks more of it."""
        assert draft.facts is not None
        corpus, config = draft.corpus, self.settings.retrieval
        if not cited or len(draft.facts.parts) < 2:
            return cited
        main = cited[0].view.id
        picks = {main: cited[0]}
        for part in draft.facts.parts:
            alone = analyse(part.text, vocabulary_of(corpus), corpus)
            own = _beyond(alone, main, corpus)
            if own.words or own.names:
                found = self._found_alone(draft, part.text, alone, own)
                if found is not None:
                    picks.setdefault(found.view.id, found)
        if len(picks) < 2:
            return cited
        draft.reached = list(dict.fromkeys([*draft.reached, *picks]))
        draft.note("each_part", "cite next", f"each part's own best: {', '.join(picks)}")
        rest = [item for item in cited if item.view.id not in picks]
        return [*picks.values(), *rest][: config.max_summaries]

    def _found_alone(
        self, draft: Draft, text: str, facts: QuestionFacts, own: _Beyond
    ) -> RetrievedSummary | None:
        """The best study a search of ``text`` alone finds, when that search does not also
        cite the first study, it is confidently near, and its title or Key Takeaway has
        one of the ``own`` words or it carries one of the ``own`` names."""
        search = dataclasses.replace(draft, standalone=text, search_facts=facts,
                                     boost=False, trace=[])  # fmt: skip
        self.retrieve(search)
        assert search.retrieval is not None
        corpus, config = draft.corpus, self.settings.retrieval
        found = select_summaries(search.retrieval, facts, draft.audience, corpus, config)
        # A part its own search also cites the first study for asks of that study too.
        if not found.cited or own.main in {s.view.id for s in found.cited}:
            return None
        # Its best by the search (the ordering rules serve a whole answer, not this), and
        # only that: a lesser one that merely shares a word ("shots") is no better.
        rank = [s.view.id for s in search.retrieval.summaries]
        best = min(found.cited, key=lambda s: rank.index(s.view.id) if s.view.id in rank else 0)
        if best.similarity < config.confident_above:
            return None
        view = best.view
        heading = set(corpus.terms(f"{view.title} {view.section_text('key_takeaway')}"))
        if own.words & heading or any(view.id in facts.names[n] for n in own.names):
            return best
        return None

    def _leaned_on(self, draft: Draft) -> list[RetrievedSummary]:
        """For a follow-up with no subject of its own ("what are the side effects?"): the
        summaries the last turn cited, so its aspect is answered from them first (or said
        to be missing) before anything the search adds, never "no summary"."""
        assert draft.facts is not None
        if not draft.history or draft.new_topic:
            return []  # "how common is ms in america?" after DISCOMS is not about DISCOMS
        if draft.facts.own_subject and draft.leans_on == 1:
            return []
        items = self._cite_last(draft, "the last answer's summaries: {ids}")
        # Its own words are what it asks of those summaries (see compose_extractive).
        draft.focus = draft.focus or expand_query(draft.facts.corrected)
        return items

    def _compared_side(self, draft: Draft) -> list[RetrievedSummary]:
        """For a turn comparing what the last answer cited with something it names ("how
        does that compare to fingolimod?"): the last answer's summaries, cited first, the
        search's for what it names after them."""
        return self._cite_last(draft, "{ids}, compared with what it names")

    def _cite_last(self, draft: Draft, reason: str) -> list[RetrievedSummary]:
        """The summaries the last turn cited, as reached, with the ``lean_on`` step whose
        ``reason`` names their ``{ids}``."""
        items = self._last_cited(draft)
        draft.reached = [item.view.id for item in items]
        if items:
            draft.note("lean_on", "cite", reason.format(ids=", ".join(draft.reached)))
        return items

    def _last_cited(self, draft: Draft) -> list[RetrievedSummary]:
        """The summaries the last turn cited (those still in the library), at most as
        many as an answer may cite; for a turn weighing the last two turns' subjects, the
        first each of them cited, then the others."""
        corpus = draft.corpus
        turns = [t.cited_ids for t in draft.history[-draft.leans_on :]]
        ranked = [*(ids[0] for ids in turns if ids), *(i for ids in turns for i in ids)]
        ids = [i for i in dict.fromkeys(ranked) if i in corpus.summaries]
        return [
            as_retrieved(corpus.summaries[i], 0.0)
            for i in ids[: self.settings.retrieval.max_summaries]
        ]


@dataclass(frozen=True)
class _Beyond:
    """What a part of a question asks beyond the first study found (``main``)."""

    main: str
    #: Its topic words (stemmed) that study does not use.
    words: set[str]
    #: The names it uses that do not point at that study.
    names: set[str]


def _beyond(facts: QuestionFacts, main: str, corpus: Corpus) -> _Beyond:
    """A part's own subject beyond the study ``main``: its topic words that the study
    does not use, other than words asking a kind of detail ("placebo", "paid"), and the
    names it uses that do not point at that study."""
    terms = corpus.summary_terms(main)
    asked = facts.detail_kind.asks if facts.detail_kind else None
    words = {
        stem
        for w in facts.topic
        if (stem := corpus.stemmer.stemWord(w.lower())) not in terms
        and not (asked and asked.search(w))
    }
    names = {name for name, ids in facts.names.items() if main not in ids}
    return _Beyond(main, words, names)
