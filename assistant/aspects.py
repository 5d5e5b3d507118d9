"""What a question asks about a study or a subject: its aspect, and the aspect of each of
its parts when it has several ("is it any good and what are the side effects?").

Each aspect has a cue (``ASPECT_CUES``); the first cue a question has is its aspect,
"effect" otherwise. A question of several parts is also read part by part, so that each
part is answered (``assistant.evidence.also_asked``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.answer_type import answer_type

Aspect = Literal[
    "effect", "harm", "limitation", "who", "length", "size", "comparison", "cost", "cause",
    "outlook", "recent", "definition", "practical",
]  # fmt: skip

#: What each aspect sounds like, in order: the first that matches wins, "effect" otherwise.
_CUE_TEXT: tuple[tuple[Aspect, str], ...] = (
    ("harm", r"\b(side[- ]?effects?|safe(r|st)?|safety|harms?|harmful|downsides?|adverse|"
             r"dangerous|(any|the|what are the) risks|safety problems?|reactions?)\b"),
    # How far the study can be trusted: its limits, not the drug's harms.
    ("limitation", r"\b(reliable|reliability|trustworthy|weak (points?|spots?)|weakness(es)?|"
                   r"limitations?|flaws?|what'?s the catch|how solid)\b"),
    # The study's size, not a result ("how many people does it work for?").
    ("size", r"\bhow many (people|patients|participants|women|men|kids|children) "
             r"(were (in|studied|tested|enrolled)|took part|(did|does) (they|the study|"
             r"the trial|it) (test|study|include|enrol|enroll|recruit))\b|"
             r"\bhow (big|large) (was|were) (it|the study|the trial|they)\b|\bsample size\b"),
    # "how long do people with ms live?" asks the outlook, not how long a study ran.
    ("length", r"\bhow long\b(?!([\s,]+[\w']+){0,5}[\s,]+(live|survive)\b)|"
               r"\bfollow(ed)?[- ]?up\b|\bhow many (years|months|weeks)\b|"
               r"\b(did|does|do) (the )?(benefit|effect|it|that) (last|wear off|fade)\b|"
               # "did it last?", not "last year" or "my last relapse" (a time, not a length).
               r"\blast(ed)?\b(?!\s+(year|month|week|night|time|summer|winter|spring|autumn|"
               r"few|couple|one|relapse|dose|visit|appointment|scan|mri)s?\b)|"
               r"\bfollow(ed)?\b|\blong enough\b"),
    ("who", r"\bwho (was|were|took part|is|are|was in|were in|got)\b|"
            r"\bwhat (kind|sort|type) of (people|patients)\b|\bwhich (people|patients)\b|"
            r"\bwho\b.*\b(studied|in (it|the study|the trial))\b"),
    ("comparison", r"\b(compare[sd]?|comparison|versus|vs\.?|better than|worse than|"
                   r"which is better)\b"),
    ("cost", r"\b(costs?|price|afford|insurance|expensive|pay for|money)\b"),
    ("recent", r"\b(newest|latest|most recent|recent(ly)?|new (research|studies|study|"
               r"findings)|up[- ]to[- ]date)\b"),
    ("cause", r"\b(caus(e|es|ed|ing)|trigger(s|ed)?|hereditary|genetic|inherit\w*|"
              r"risk of getting|get ms)\b"),
    ("outlook", r"\b(outlook|prognosis|life expectancy|life ?span|over time|long[- ]term|"
                r"how long ([\w']+ ){0,5}(live|survive)|live (longer|shorter)|"
                r"in the future|wheelchair)\b"),
    ("definition", r"^\s*what (is|are) (an? |the )?[\w-]+( [\w-]+)?\s*\??\s*$|\bwhat does "
                   r"[\w -]+ mean\b"),
    ("practical", r"\b(tips?|cope|coping|manage|managing|day to day|daily life|at work|"
                  r"travel|what can i do)\b"),
)  # fmt: skip
ASPECT_CUES: tuple[tuple[Aspect, re.Pattern[str]], ...] = tuple(
    (aspect, re.compile(pattern, re.IGNORECASE)) for aspect, pattern in _CUE_TEXT
)

#: Each aspect's cue.
CUES = dict(ASPECT_CUES)
#: A study's own aspects: "what were the downsides?" asks more of the last answer's
#: studies, so these words are not a topic of their own.
STUDY_ASPECTS: frozenset[Aspect] = frozenset({"harm", "limitation", "size", "length", "who"})
#: The words of the study aspects' cues (not a topic of their own).
STUDY_ASPECT_WORDS = re.compile(
    "|".join(CUES[a].pattern for a in sorted(STUDY_ASPECTS)), re.IGNORECASE
)
#: Aspects big enough to be a topic ("how much does ms cost people?").
TOPIC_ASPECTS = frozenset({"cost", "cause", "outlook", "definition", "practical"})


#: The kinds of detail that a card's population line answers.
_ASPECT_OF_DETAIL: dict[str, Aspect] = {
    "people": "size",
    "age": "who",
    "sex": "who",
    "place": "who",
}
#: Where a question's parts meet: "is it any good and what are the side effects?".
_PARTS = re.compile(r"\?|;|:|,|\s-+\s|\.\s|\band\b", re.IGNORECASE)
#: A part that asks something opens with a question word (after an optional "and", "so",
#: "by", "in" ...: "by how much?"), or has "how" or "what" anywhere ("plus what side
#: effects showed up", "in the freedoms study how much did it cut relapses"); "when",
#: "where", "who" and "which" inside a part mostly join it ("when i snore").
#: The verbs a yes-or-no question opens with ("did it help?", "any side effects?").
_YES_OR_NO_VERBS = r"is|are|was|were|do|does|did|can|could|has|have|had|will|would|should|any"
_ASKS = re.compile(
    r"^\s*((and|but|so|also|then|by|in|for|on|at|to) )?((how|what|who|when|where|why)('?s)?|"
    rf"which|whom|{_YES_OR_NO_VERBS})\b|\b(how|what)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AskedPart:
    """One part of a question of several parts, and the question's topic words in it
    (none in "and who paid for it": it asks of the question's subject)."""

    text: str
    topic: tuple[str, ...] = ()


def asked_parts(text: str) -> tuple[str, ...]:
    """The parts of a question with several parts that ask something, in order (none for
    a question of one part). Parts that ask nothing ("my neuro mentioned ocrevus") are
    left out."""
    parts = parts_that_ask(text)
    return parts if len(parts) >= 2 else ()


def parts_that_ask(text: str) -> tuple[str, ...]:
    """Every part of a question that asks something, in order, however many it has."""
    return tuple(p.strip() for p in _PARTS.split(text) if len(p.split()) >= 2 and _ASKS.search(p))


#: A word that asks for something other than yes or no.
QUESTION_WORD = re.compile(r"\b(what|which|who|whom|whose|where|when|how)\b", re.IGNORECASE)
#: A part opening with a verb asks yes or no ("did it help?", "is there a study where ...").
_YES_OR_NO = re.compile(rf"^\s*((and|but|so|also|then) )?({_YES_OR_NO_VERBS})\b", re.IGNORECASE)


def asks_yes_or_no(part: str) -> bool:
    """Whether a part of a question asks yes or no: it opens with a verb."""
    return bool(_YES_OR_NO.match(part))


def asks(text: str) -> bool:
    """Whether a sentence or part asks something (a question word or an opening verb)."""
    return bool(_ASKS.search(text))


def is_question(text: str) -> bool:
    """Whether a sentence or turn asks: a question mark, a question word or an opening verb."""
    return text.rstrip().endswith("?") or asks(text)


def aspects_of(text: str) -> tuple[Aspect, ...]:
    """The aspect each part of a question with several parts asks, in order, once each
    (none for a question of one part). A part asking only who or how many took part
    ("how many ppl", "what ages were the kids") asks that, though no cue says so."""
    return tuple(dict.fromkeys(_part_aspect(p) for p in asked_parts(text)))


def _part_aspect(part: str) -> Aspect:
    aspect = aspect_of(part)
    kind = answer_type(part) if aspect == "effect" else None
    return _ASPECT_OF_DETAIL.get(kind.name, aspect) if kind else aspect


def several_aspects(aspect: Aspect, asked: tuple[Aspect, ...]) -> tuple[Aspect, ...]:
    """The aspects a question of several parts asks, in order (its main one first when no
    part opened with it), or none when it asks one."""
    ordered = asked if aspect in asked else (aspect, *asked)
    return ordered if len(ordered) > 1 else ()


def aspect_of(text: str) -> Aspect:
    """The aspect a question asks about: the first cue in ``ASPECT_CUES`` it has, else
    the effect."""
    return next((aspect for aspect, cue in ASPECT_CUES if cue.search(text)), "effect")
