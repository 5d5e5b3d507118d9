"""The next step after "no summary": a kind word, the closest topics, questions the
library can answer, and "did you mean" for a likely misspelling.

Pure functions over the question's analysis, the library's vocabulary and the topics
nearest the question. Whether a question is answered is asked of a collaborator
(``cites``: the topics of the summaries a question would cite, ``None`` when it would
abstain), so nothing here is offered that would lead to another "no summary".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wordfreq import zipf_frequency

from assistant.question import QuestionFacts
from assistant.vocabulary import NAME_ZIPF, SUBJECT_ZIPF, TOKEN, UNCOMMON_ZIPF, Vocabulary
from knowledge.topics import STARTER_QUESTIONS


def abstain_text(unstudied: Sequence[str] = ()) -> str:
    """The kind sentence first, then what the library lacks (the things the question asks
    to act that no summary names, when that is why: "No summary in the library looks at
    “fish oil supplements” yet"), and the care-team sentence (the answer is not known)."""
    lacks = "The library has no summary on this yet"
    if unstudied:
        lacks = f"No summary in the library looks at {' or '.join(f'“{t}”' for t in unstudied)} yet"
    return (
        "That's a good question to ask. "
        f"{lacks}, so I can't answer it from the research here. "
        "Your MS care team is the best place to ask."
    )


#: Opens the plain-text line that lists the closest topics (the chat shows them as links).
TOPICS_LEAD = "Closest topics in the library: "
#: Topic links shown; suggested questions are looked for among a few more topics, in
#: order of nearness, since a topic's question is offered only when it is answered.
LINKED_TOPICS = 3
SUGGESTION_TOPICS = 6
MAX_SUGGESTIONS = 3

#: The topics of the summaries a question would cite, or None when it would abstain (or
#: take a fixed safety route).
Cites = Callable[[str], frozenset[str] | None]


@dataclass(frozen=True)
class NextStep:
    """What an abstention offers besides its kind sentence."""

    topics: list[str]
    suggested_questions: list[str]
    did_you_mean: str | None


def next_step(facts: QuestionFacts | None, vocabulary: Vocabulary, ranked: Sequence[str],
              cites: Cites) -> NextStep:  # fmt: skip
    """The next step for an abstained question whose nearest library topics are
    ``ranked`` (nearest first)."""
    return NextStep(
        topics=list(ranked[:LINKED_TOPICS]),
        suggested_questions=suggested_questions(ranked[:SUGGESTION_TOPICS], cites),
        did_you_mean=did_you_mean(facts, vocabulary, cites) if facts else None,
    )


def abstain_body(topics: Sequence[str], unstudied: Sequence[str] = (), instead: str = "") -> str:
    """The abstention's text: the kind sentence (or ``instead`` of it: "The library has
    no other summary on this ..."), then the closest topics as plain text."""
    said = instead or abstain_text(unstudied)
    if not topics:
        return said
    return f"{said}\n\n{TOPICS_LEAD}{', '.join(topics)}."


def suggested_questions(topics: Sequence[str], cites: Cites) -> list[str]:
    """The reviewed starter questions of ``topics`` (nearest first) that are answered
    from a summary of their own topic, at most ``MAX_SUGGESTIONS``."""
    found: list[str] = []
    for topic in topics:
        question = STARTER_QUESTIONS.get(topic)
        if question is None or question in found:
            continue
        cited = cites(question)
        if cited is not None and topic in cited:
            found.append(question)
        if len(found) == MAX_SUGGESTIONS:
            break
    return found


def did_you_mean(facts: QuestionFacts, vocabulary: Vocabulary, cites: Cites) -> str | None:
    """The question as asked with its likely misspellings written as the library's words,
    when that differs from what was searched and is answered; else None."""
    replaced: dict[str, str] = {}

    def swap(match: re.Match[str]) -> str:
        word = match.group()
        fixed = facts.corrections.get(word.lower())
        # An everyday word as written ("pains", "analyzed") is what it says, as in the
        # spelling correction; a slip may have been corrected to an everyday word the
        # library does not use ("apnia" -> "apnea"), one letter from the library's (apnoea).
        rare = zipf_frequency(word, "en") < NAME_ZIPF
        better = (rare and likely_word(word.lower(), vocabulary)) or likely_word(
            fixed or "", vocabulary
        )
        if better is None or better == fixed:
            return word
        replaced[word] = better
        return better.capitalize() if word[0].isupper() else better

    rewritten = TOKEN.sub(swap, facts.asked)
    if not replaced or rewritten.lower() in (facts.asked.lower(), facts.corrected.lower()):
        return None
    return rewritten if cites(rewritten) else None


def likely_word(word: str, vocabulary: Vocabulary) -> str | None:
    """The library word a word the library does not know most likely stands for: one
    letter off (two for longer words), a subject word rather than an everyday one.
    A word the library knows, a short word and an everyday English word are kept."""
    if word in vocabulary.words or word in vocabulary.names or not word.isalpha():
        return None
    # Everyday words ("bake", "wine") are what they say; only a rare or unknown word
    # (apnea, sunlite) may be a slip for a library word.
    if len(word) < 5 or zipf_frequency(word, "en") >= UNCOMMON_ZIPF:
        return None
    limit = 1 if len(word) <= 6 else 2
    near = [
        w
        for w in vocabulary.near(word, limit)
        if w in vocabulary.words and zipf_frequency(w, "en") < SUBJECT_ZIPF
    ]
    return vocabulary.closest(word, near, limit)
