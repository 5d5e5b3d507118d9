"""What kind of thing answers a question about a study: a number, a date, a place...

The offline composer finds a follow-up's detail by meaning (``assistant.answer_sentence``),
but the small embedding model places "how many took part?" nearer a sentence about the
trial's two parts than the one that says "84 people", and "where was it run?" nearer a
result than "took place at University Hospital Basel". Question answering has long
fixed this with an answer type: the question's form says what kind of phrase can answer
it (a count, a date, a place, a dose, a funder, ages or sexes, a comparison group, who
left), and only sentences that carry such a phrase are candidates. The types are the
kinds of detail a study has, not phrasings of questions: each is read off the question's
question word and the detail it names, and off a sentence's numbers and units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerType:
    """One kind of answer: what asks for it, and what a sentence carrying it contains."""

    name: str
    asks: re.Pattern[str]
    carried_by: re.Pattern[str]


def _type(name: str, asks: str, carried_by: str) -> AnswerType:
    # Sentences are matched case-sensitively only where a capital is the signal (places).
    return AnswerType(name, re.compile(asks, re.IGNORECASE), re.compile(carried_by))


#: A whole number of things (not 0.2, 68% or 2.4).
_WHOLE = r"(?<![\d.])\d{1,3}(,\d{3})*(?![\d.%])"
_YEAR = r"\b(19|20)\d\d\b|\b\d0s\b"
_PLACE = (
    r"\b[Ii]n (the )?[A-Z][a-z]{2,}|\b(at|from|across) (the )?[A-Z][a-z]{2,}|"
    r"\b(US|USA|UK|EU)\b|\b(countries|country|centres|centers|sites|hospitals?|clinics|"
    r"provinces|states|nationwide|national)\b"
)
#: "In the Swiss mindfulness trial, ..." names the study, not where it was run: a card's
#: label is not read as a place (or a date, or a dose) the sentence gives.
_LABEL = re.compile(
    r"^(In|For) (the )?[^,]{0,60}\b(trials?|study|studies|survey|review|"
    r"cohort|analysis|course|programme|program|registry),\s*"
)

#: In order: the first whose question form matches is the question's type. A count of
#: countries is a place, a count of milligrams a dose, so those come before the count.
ANSWER_TYPES: tuple[AnswerType, ...] = (
    _type(
        "funder",
        r"\b(fund\w*|paid|pay for|sponsor\w*|drug (company|maker)|pharma\w*|"
        r"compan(y|ies)|conflicts?)\b",
        r"\b([Ff]und\w*|paid for|[Ss]ponsor\w*|maker|compan(y|ies)|grants?|charity|"
        r"[Ff]oundation|industry)\b",
    ),
    _type(
        "place",
        r"\bwhere\b|\b((which|what|how many) )?(country|countries|city|cities|"
        r"hospitals?|centres?|centers?|clinics?|sites?)\b",
        _PLACE,
    ),
    _type(
        "age",
        r"\b(how old|what age|ages?|aged|age range)\b",
        r"\b([Aa]ged?|ages|years old|\d+ to \d+ years|older|younger|children|adults)\b",
    ),
    _type(
        "date",
        r"\bwhen\b|\b(what|which) (year|years|decade)\b|\bhow long ago\b|"
        r"\bhow (old|recent) is (the|this|that) (study|trial|research)\b",
        _YEAR,
    ),
    _type(
        "dose",
        r"\b(doses?|dosage|mg|milligrams?|how much (of it|did they (give|take)|"
        r"\w+ (did|do) they (give|take)))\b",
        r"\b\d[\d,.]*\s?(mg|milligrams?|micrograms?|mcg|IU|units?|ml|grams?|g)\b",
    ),
    _type(
        "schedule",
        r"\b(how often|schedule|how many times)\b",
        r"\b(once|twice|three times|every (\w+ )?(weeks?|months?|days?|years?)|a day|daily|"
        r"weekly|monthly|a week|a month|a year)\b",
    ),
    _type(
        "sex",
        r"\b(women|men|male|female|gender|sex)\b",
        r"\b([Ww]omen|[Mm]en|[Ff]emale|[Mm]ale|girls|boys)\b",
    ),
    _type(
        "dropout",
        r"\b(drop(ped)?[- ]?outs?|quit|finish(ed)?|complete[ds]?|stay(ed)? in|"
        r"lost to follow)\b",
        r"\b(dropped out|drop out|dropouts?|finished|completed|stayed|left the (study|trial)|"
        r"withdr\w+)\b",
    ),
    _type(
        "comparison",
        r"\b(placebo|dummy|control group|other group|compared (to|with) what|"
        r"(up )?against what|what did the others)\b",
        r"\b(placebo|dummy|sham|usual care|control|compared|against|versus|no treatment)\b",
    ),
    # A count of people: the result sentences around it carry numbers too ("a 68% cut").
    _type(
        "people",
        r"\bhow many (people|ppl|patients|participants|volunteers|adults|children|"
        r"kids|of them|were|in each|per group|took|got|had|used|stopped|finished|"
        r"joined)\b|"
        r"\b(group|sample) sizes?\b|\bhow (big|large)\b",
        rf"{_WHOLE}( [\w-]+){{0,2}} (people|patients|participants|adults|children|women|"
        rf"men|mothers)\b|\({_WHOLE} on |{_WHOLE} (of|out of) {_WHOLE}|\bgroups? of \d",
    ),
    _type(
        "count", r"\bhow many\b|\bhow much\b|\bwhat (percentage|proportion|share|number)\b", r"\d"
    ),
)


def answer_type(question: str) -> AnswerType | None:
    """The kind of phrase that answers ``question``, when its form says one."""
    return next((kind for kind in ANSWER_TYPES if kind.asks.search(question)), None)


def carries(sentence: str, kind: AnswerType) -> bool:
    """Whether ``sentence`` contains a phrase of the kind asked for."""
    return bool(kind.carried_by.search(_LABEL.sub("", sentence)))
