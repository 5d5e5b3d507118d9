"""Searching the library by words, for the explorer: the chat's retrieval plus topics.

A search is read as the chat reads a first question (``assistant.question.analyse``):
misspellings are corrected to the library's words, brand names become generic names and
everyday words gain the library's words (``assistant.synonyms.expand_query``); summaries
carrying a name it uses get a vote. A retrieved summary is kept by the chat's own floors
(``RetrievalSettings``): at least ``confident_above`` similar, or at least
``abstain_below`` and using a word of the search (a one-word search's embedding is near
many summaries that never use the word: "natalizumab" is near every drug trial).

The embedding barely tells "pregnancy" from other one-word searches, so topics count
too: a search whose every word is a word of a topic's name or description (or one of
the reviewed everyday synonyms of such a word: "kids" for "children") names that
topic, and every summary of the topic is found, ranked among the retrieval hits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.corpus import Corpus, SummaryView, passes
from assistant.drugs import generic_names
from assistant.models import Filters
from assistant.question import analyse, named_summaries
from assistant.retrieval import HybridRetriever, Retrieval
from assistant.synonyms import EVERYDAY_WORDS, expand_query, phrase_pattern
from assistant.vocabulary import TOKEN, vocabulary_of
from knowledge.topics import TOPICS

_PHRASES = [
    (re.compile(phrase_pattern(phrase, EVERYDAY_WORDS), re.IGNORECASE), words)
    for phrase, words in EVERYDAY_WORDS.items()
    if " " in phrase
]


@dataclass(frozen=True)
class LibrarySearch:
    """What a search found: summaries, best first, and how the search was read."""

    summaries: list[SummaryView]
    #: Topics the search names (all their summaries that pass the filters are found).
    topics: list[str] = field(default_factory=list)
    #: Misspelt words of the search, each with the library's word searched instead.
    corrections: dict[str, str] = field(default_factory=dict)


def search_library(retriever: HybridRetriever, query: str, filters: Filters) -> LibrarySearch:
    """The summaries that match ``query`` within ``filters``, best first (empty for an
    empty query). Raises what the retriever raises when the store is down."""
    corpus = retriever.corpus
    facts = analyse(query, vocabulary_of(corpus), corpus)
    searched = expand_query(facts.corrected)
    if not corpus.terms(searched):
        return LibrarySearch([], corrections=facts.corrections)
    found = retriever.retrieve(searched, filters, named_summaries(facts), corpus)
    topics = named_topics(generic_names(facts.corrected), corpus)
    members = {
        sid
        for sid, view in corpus.summaries.items()
        if set(view.topics) & set(topics) and passes(view, filters)
    }
    kept = _kept(found, searched, corpus, retriever, members)
    newest = sorted(members - set(kept), key=lambda s: (corpus.summaries[s].published, s))
    ranked = [*kept, *reversed(newest)]
    return LibrarySearch([corpus.summaries[s] for s in ranked], topics, facts.corrections)


def _kept(
    found: Retrieval, searched: str, corpus: Corpus, retriever: HybridRetriever, members: set[str]
) -> list[str]:
    """Ids of the retrieval hits above the chat's floor, and of the topics' summaries it
    ranked, in the retrieval's order."""
    floor, sure = retriever.config.abstain_below, retriever.config.confident_above
    wanted = {t for t in corpus.terms(searched) if not t.isdigit()}
    return [
        item.view.id
        for item in found.summaries
        if item.view.id in members
        or item.similarity >= sure
        or (item.similarity >= floor and wanted & corpus.summary_terms(item.view.id))
    ]


def named_topics(text: str, corpus: Corpus) -> list[str]:
    """The topics whose name and description hold every content word of ``text`` (or,
    for an everyday word, one of the library's words for it), in the topic list's order;
    none for a text of only stopwords and generic MS words."""
    wanted = _word_groups(text, corpus)
    if not wanted:
        return []
    return [
        name
        for name, terms in _topic_terms(corpus).items()
        if all(options & terms for options in wanted)
    ]


def _word_groups(text: str, corpus: Corpus) -> list[set[str]]:
    """The stems each content word of ``text`` may match: its own and its reviewed
    library words'; an everyday phrase ("brain fog") matches by its library words only."""
    groups = []
    for phrase, library_words in _PHRASES:
        text, found = phrase.subn(" ", text)
        if found:
            groups.append(set(corpus.terms(library_words)) - corpus.generic)
    for word in dict.fromkeys(w.lower() for w in TOKEN.findall(text)):
        own = set(corpus.terms(word)) - corpus.generic
        if own:
            groups.append(own | set(corpus.terms(EVERYDAY_WORDS.get(word, ""))))
    return [g for g in groups if g]


def _topic_terms(corpus: Corpus) -> dict[str, frozenset[str]]:
    return {
        name: frozenset(corpus.terms(f"{name} {description}")) - corpus.generic
        for name, description in TOPICS.items()
    }


def browse_library(corpus: Corpus, filters: Filters) -> list[SummaryView]:
    """Every summary within ``filters``, newest first (ties by id): the explorer's list
    without a search."""
    views = [v for v in corpus.summaries.values() if passes(v, filters)]
    return sorted(views, key=lambda v: (v.published, v.id), reverse=True)
