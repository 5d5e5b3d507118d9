"""What a message tells and what it asks: the sentences that only set the scene.

People wrap a question in their life: "I've been on fingolimod since 2019 with no
relapses. Can people with MS go scuba diving?". The first sentence tells, the second asks:
the drug named in the first is the scene, not what the question asks of. A telling
sentence is what is asked about when the asking one points back at it ("My sister swears
by cupping. Will it help my MS?") or names nothing of its own ("... What does the research
say?"). Pure functions over the question's text and its analysed words
(``assistant.question``).
"""

from __future__ import annotations

import re

from assistant.aspects import is_question
from assistant.pointers import referents, refers_back
from assistant.vocabulary import words_of
from knowledge.chunking import split_sentences

#: "those cooling vests": a plural demonstrative before a noun of its own introduces that
#: noun; it does not point back. ("that" and "this" are as often pronouns: "does that raise
#: the risk?")
_DETERMINER = re.compile(r"\b(these|those)\s+([a-z'-]+)", re.I)


def asking_part(
    text: str,
    subject: tuple[str, ...],
    topic: tuple[str, ...],
    names: dict[str, frozenset[str]],
    naming: tuple[str, ...] = (),
) -> str:
    """The sentences that ask (lowercase), when the others only set the scene: the asking
    sentences name something of their own (a subject word, or one of ``naming``, the
    topic words that can name a thing: "are sexual problems common for women?") and do
    not point back at what was told. Empty for a message of one sentence, with no
    sentence that asks or none that tells, or whose asking sentences lean on what was
    told ("My sister swears by cupping. Will it help?")."""
    sentences = split_sentences(text)
    asking = [s for s in sentences if is_question(s)]
    if not asking or len(asking) == len(sentences):
        return ""
    asked = " ".join(asking)
    words = words_of(asked)
    own = tuple(w for w in subject if w in words)
    if not own and not words.intersection(naming):
        return ""  # it names nothing of its own: what was told is what it asks about
    own_topic = tuple(w for w in topic if w in words)
    if refers_back(_without_determiners(asked, own_topic), own_topic, referents(own, names)):
        return ""
    return asked.lower()


def _without_determiners(text: str, topic: tuple[str, ...]) -> str:
    """The text with each demonstrative that comes before a topic word of its own left out
    ("would one of those cooling vests help?" points at nothing told)."""

    def drop(match: re.Match[str]) -> str:
        named = words_of(match.group(2))
        return match.group(2) if named & set(topic) else match.group()

    return _DETERMINER.sub(drop, text)
