"""The rules of a turn that asks about the studies a conversation already cited: which
of them (``pick``: "which one was the biggest?") and what other studies the library has
on the same subject (``more_studies``: "any other research on this?"). Each returns the
summaries to cite and puts its verdict on the draft's trace.
"""

from __future__ import annotations

from assistant.more_studies import none_left, studies_on, subject_of_more
from assistant.pick import picked_from, ranked, superlative
from assistant.question import analyse
from assistant.retrieval import RetrievedSummary, as_retrieved
from assistant.steps import Draft, follow_up_line
from assistant.synonyms import expand_query
from assistant.vocabulary import vocabulary_of


def picked(draft: Draft, limit: int) -> list[RetrievedSummary]:
    """The ``pick`` rule, for a turn asking which of the studies just cited ("which
    one was the biggest?"): the one with the most (or least) of what it ranks them by,
    under a sentence saying so; when it ranks them by nothing the summaries record
    ("which one failed?"), all of them, which answer it together."""
    assert draft.facts is not None and draft.facts.pick is not None
    corpus, source = draft.corpus, picked_from(draft.history)
    every = [i for i in dict.fromkeys(source.cited_ids) if i in corpus.summaries]
    draft.focus = draft.focus or expand_query(draft.facts.corrected)
    # It leans on that answer even when it carried no word of it.
    draft.carried = draft.carried or follow_up_line(source)
    ranking, place = draft.facts.pick.ranking, draft.facts.pick.place
    answer = "the last answer" if source is draft.history[-1] else "the earlier answer"
    index = place - 1 if place is not None and place > 0 else place  # -1: the last
    if index is not None and -len(every) <= index < len(every):
        draft.reached = [every[index]]
        said = "the last" if index < 0 else f"number {place}"
        draft.note("pick", "cite", f"{draft.reached[0]}: {said} of {answer}")
        return [as_retrieved(corpus.summaries[draft.reached[0]], 0.0)]
    # Ranked over every study that answer cited, however many it was allowed.
    views = [corpus.summaries[i] for i in every]
    ids, sentence = ranked(views, ranking, answer) if ranking else ([], "")
    if not ids:
        draft.reached = every[:limit]
        draft.note("pick", "cite", f"which of {answer}'s: {', '.join(draft.reached)}")
        return [as_retrieved(corpus.summaries[i], 0.0) for i in draft.reached]
    assert ranking is not None
    draft.reached = list(dict.fromkeys([*ids, *every]))
    draft.pick_lead = (sentence, frozenset(ids))
    most = superlative(ranking)
    draft.note("pick", "cite", f"{', '.join(ids)}: the {most} of the {len(every)} of {answer}")
    return [as_retrieved(corpus.summaries[i], 0.0) for i in ids]


def more_studies(draft: Draft, limit: int) -> list[RetrievedSummary]:
    """The ``more_studies`` rule, for a turn asking for other studies on what the last
    answer was about: the library's studies on its subject, newest first, other than
    those the conversation has cited; none (the answer says so) when there are none."""
    assert draft.facts is not None and draft.facts.more is not None
    corpus, last, more = draft.corpus, draft.history[-1], draft.facts.more
    cited = [i for i in last.cited_ids if i in corpus.summaries]
    if not cited:
        return []
    vocabulary = vocabulary_of(corpus)
    asked = analyse(last.asked_about, vocabulary, corpus)
    words = subject_of_more(draft.facts, asked, corpus.summaries[cited[0]], vocabulary)
    newest = max((corpus.summaries[i] for i in cited), key=lambda v: v.published)
    # "Other" than every study the conversation has shown, not only the last answer's.
    shown = [i for turn in draft.history for i in turn.cited_ids]
    ids = studies_on(words, corpus, shown, newest if more.newer else None)
    draft.carried = draft.carried or follow_up_line(last)
    if not ids:
        draft.none_left = none_left(more.newer, len(cited))
        draft.note("more_studies", "none", f"no other summary on {' '.join(words)}")
        return []
    ids = ids[:limit]
    draft.reached = ids
    draft.note("more_studies", "cite", f"on {' '.join(words)}: {', '.join(ids)}")
    return [as_retrieved(corpus.summaries[i], 0.0) for i in ids]
