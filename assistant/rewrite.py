"""Follow-up questions: make each question stand alone before retrieval.

Offline, a deterministic rewrite carries the focus of the previous turn when
the new question leans on it ("did it reduce relapses?", "what about side
effects?"). With a chat model, a history-aware rewrite is tried first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.corpus import NAME_ZIPF
from assistant.models import Turn

_LEANS_ON_CONTEXT = re.compile(
    r"^\s*(and|but|so|also|or|then|what about|how about|what else|any other|anything else|"
    r"does it|did it|is it|was it|will it|can it|could it|would it|do they|did they|are they|"
    r"were they|how long|how often|how many|how much|why|who|for whom|compared)\b"
    r"|\b(it|its|this|that|these|those|they|them|their|the study|the trial|the drug|"
    r"the treatment|the research|the results|same|there)\b"
    # "my infusions" in a conversation means the drug already named.
    r"|\b(my|his|her|our)\s+(infusions?|injections?|shots?|pills?|tablets?|doses?|drug|"
    r"medication|meds|treatment)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")
_STOPWORDS = frozenset(
    "a an and are as at be but by can could did do does for from had has have how i if in into is "
    "it its me my of on or our so than that the their them then there these they this those to "
    "was we were what when where which who why will with would you your about any also more "
    "tell know should".split()
)
MAX_FOCUS_WORDS = 12


def content_words(text: str) -> list[str]:
    """The words of a text that carry its topic (no stopwords), in order."""
    return [w for w in _WORD.findall(text) if w.lower() not in _STOPWORDS]


_SHORT_FOLLOW_UP = re.compile(
    r"^\s*(any|did the|do the|does the|was the|were the|is the|are the|how about the|"
    r"what did the)\b",
    re.IGNORECASE,
)


def leans_on_context(question: str) -> bool:
    """True when a question only makes sense with the previous turn."""
    return (
        bool(_LEANS_ON_CONTEXT.search(question) or _SHORT_FOLLOW_UP.search(question))
        or len(content_words(question)) < 2
        or len(question.split()) <= 4
    )


#: "What about X?" asks for a sibling of the last aspect, so it carries the topic the last
#: turn carried, not that turn's own aspect ("fatigue: does exercise help?" -> "what about
#: medication?" carries "fatigue", not "exercise").
_SIBLING = re.compile(r"^\s*(and\s+)?(what|how)\s+about\b", re.IGNORECASE)
_SHIFT = re.compile(r"^\s*(and\s+)?(what about|how about|what if|and for|for)\b", re.IGNORECASE)


def shifts_topic(question: str) -> bool:
    """True for a follow-up that moves to a new subject of its own ("and what about
    people with primary progressive?"): the last answer's summaries get no extra weight."""
    match = _SHIFT.match(question)
    return match is not None and len(content_words(question[match.end() :])) >= 2


def _is_name(word: str) -> bool:
    """Drug, trial and disease names: rarer than ``NAME_ZIPF`` in everyday English. On a
    change of subject only these carry over."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") < NAME_ZIPF


def rewrite_offline(question: str, history: Sequence[Turn]) -> str:
    """Prefix a leaning follow-up with the topic words of the previous turn (only the
    names among them when the follow-up brings a subject of its own)."""
    if not history or not leans_on_context(question):
        return question
    previous = history[-1].standalone or history[-1].question
    if _SIBLING.match(question) and ": " in previous:
        previous = previous.split(": ", 1)[0]
    focus = content_words(previous)[:MAX_FOCUS_WORDS]
    names = [w for w in focus if _is_name(w)]
    if shifts_topic(question) and names:
        focus = names
    return f"{' '.join(focus)}: {question}" if focus else question
