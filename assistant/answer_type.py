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
    #: What a summary lacks when none of its text carries this kind, said plainly ("does
    #: not say who paid for the study"); empty when a question of this form is too often
    #: about something else ("when did they feel better?" is not asking for a year).
    missing: str = ""
    #: Words that, anywhere in a summary, may speak of this kind: ``missing`` is said only
    #: when none occurs. Looser than ``carried_by`` on purpose ("12 people did not
    #: finish", "the Swedish MS registry", "two doses"): a false "does not say" misleads.
    mentioned_by: re.Pattern[str] | None = None
    #: Asked only of a treatment already named: its asking words never make a topic of
    #: their own ("can my neuro prescribe it?" asks about the drug just discussed).
    asked_of_last: bool = False
    #: The evidence card's line made for this kind, which answers it before any sentence of
    #: the text: a sentence that merely carries the kind's words ("a vaccine that protects
    #: against a type of pneumonia germ") is no comparison.
    from_card: bool = False

    def mentioned_in(self, text: str) -> bool:
        """Whether ``text`` may speak of this kind (so its absence is not claimed)."""
        found = self.mentioned_by is not None and self.mentioned_by.search(text)
        return bool(found) or carries(text, self)


def _type(
    name: str,
    asks: str,
    carried_by: str,
    missing: str = "",
    mentioned_by: str = "",
    asked_of_last: bool = False,
    from_card: bool = False,
) -> AnswerType:
    # Sentences are matched case-sensitively only where a capital is the signal (places).
    return AnswerType(
        name,
        re.compile(asks, re.IGNORECASE),
        re.compile(carried_by),
        missing,
        re.compile(mentioned_by) if mentioned_by else None,
        asked_of_last,
        from_card,
    )


#: "where" asking for a place: opening a part ("where was it run?", "..., where did the US
#: half come from?") or before what a question puts after it ("where in the uk", "where?").
#: Not a "where" joining a clause to a noun ("the stem cell thing where they wipe out your
#: immune system", "the case series where doctors added eculizumab"), which asks nothing.
_ASKS_WHERE = (
    r"(^|[,.;:!?]\s*|\b(and|so|but|then|also|ok|okay)\s+)where\b|"
    r"\bwhere\s+(was|were|did|do|does|is|are|can|could|would|will|has|have|had|in|abouts|"
    r"exactly)\b|\bwhere\s*\?"
)
#: What a study did when it ran ("when was it run?", "when did it take place?").
_RAN = r"(run|done|held|carried out|take place|happen|start|begin)"
#: What names a study in a question ("the Dutch study", "the FACETS fatigue trial").
_STUDY = r"(study|studies|trials?|research|survey|course|programme|program|registry|cohort)"
#: A whole number of things (not 0.2, 68% or 2.4).
_WHOLE = r"(?<![\d.])\d{1,3}(,\d{3})*(?![\d.%])"
_YEAR = r"\b(19|20)\d\d\b|\b\d0s\b"
_PLACE = (
    r"\b[Ii]n (the )?[A-Z][a-z]{2,}|\b(at|from|across) (the )?[A-Z][a-z]{2,}|"
    r"\b(US|USA|UK|EU)\b|\b(countries|country|centres|centers|sites|hospitals?|clinics|"
    r"provinces|states|nationwide|national)\b"
)
#: What a sentence setting one group against another says.
_COMPARED = r"\b(placebo|dummy|sham|usual care|control|compared|against|versus|no treatment)\b"
#: "In the Swiss mindfulness trial, ..." names the study, not where it was run: a card's
#: label is not read as a place (or a date, or a dose) the sentence gives.
_LABEL = re.compile(
    r"^(In|For) (the )?[^,]{0,60}\b(trials?|study|studies|survey|review|"
    r"cohort|analysis|course|programme|program|registry),\s*"
)

#: In order: the first whose question form matches is the question's type. A count of
#: countries is a place, a count of milligrams a dose, so those come before the count; a
#: count of the people in a group ("how many were in the control group?") is a count, so
#: the people come before what the group was given.
ANSWER_TYPES: tuple[AnswerType, ...] = (
    _type(
        "funder",
        r"\b(fund\w*|paid|pay for|sponsor\w*|drug (company|maker)|pharma\w*|"
        r"compan(y|ies)|conflicts?)\b",
        r"\b([Ff]und\w*|paid for|[Ss]ponsor\w*|maker|compan(y|ies)|grants?|charity|"
        r"[Ff]oundation|industry)\b",
        "does not say who paid for the study",
        r"(?i)\b(fund\w*|paid|pay\w*|sponsor\w*|compan\w*|makers?|manufactur\w*|pharma\w*|"
        r"grants?|charit\w*|foundation|industry|society|council|institutes?)\b",
    ),
    # Whether a treatment may be prescribed where the reader lives: a fact of the drug's
    # regulators, which most research summaries do not give.
    _type(
        "approval",
        r"\b(approv\w*|licen[cs]\w*|availab\w*|prescrib\w*|on the market|nhs)\b",
        r"\b([Aa]pprov\w*|[Ll]icen[cs]\w*|FDA|EMA|NICE|[Aa]vailab\w*|on the market)\b",
        "does not say whether the treatment is approved or available",
        r"(?i)\b(approv\w*|licen[cs]\w*|fda|ema|availab\w*|market\w*|prescri\w*|"
        r"regulat\w*|nhs)\b",
        asked_of_last=True,
    ),
    _type(
        "place",
        rf"{_ASKS_WHERE}|\b((which|what|how many) )?(country|countries|city|cities|"
        r"hospitals?|centres?|centers?|clinics?|sites?)\b",
        _PLACE,
        "does not say where the study was run",
        # Nationalities ("a Swedish registry", "a Dutch study") and named places.
        r"\b((?!These\b)[A-Z][a-z]+(ish|ian|ese)|Dutch|French|Swiss|Greek|Czech|Welsh|Thai)\b|"
        r"\b(in|at|from|across) (the )?[A-Z][a-z]",
    ),
    _type(
        "age",
        r"\b(how old|what age|ages?|aged|age range)\b",
        r"\b([Aa]ged?|ages|years old|\d+ to \d+ years|older|younger|children|adults)\b",
        "does not say how old the people in it were",
        r"(?i)\b(ages?d?|old|young\w*|adult\w*|teen\w*|child\w*|kids?|infants?|elderly|years)\b",
    ),
    # When the study itself was run, or its people joined: a kind a summary can lack. The
    # study may be named or described before what it did ("when did the Dutch study on CBT
    # for MS tiredness run?"). Any other "when" ("when did they feel better?", "when did
    # the side effects start?") asks for a time in the results, whose absence is not claimed.
    _type(
        "study_date",
        r"\b(what|which) (year|years|decade)\b|\bwhen (was|were|did) (it|they|this|that|the "
        rf"(study|studies|trials?|research))\b[\w ]{{0,25}}\b({_RAN}|"
        r"do (it|this|that|the (study|trial)))\b|"
        rf"\bwhen (was|were|did) (this|that|the)\b[^?.]{{0,60}}?\b{_STUDY}\b[^?.]{{0,80}}?"
        rf"\b{_RAN}\b|"
        r"\bwhen (did|were) (they|people|patients|participants|volunteers|the (women|men|"
        r"mums|mothers|children|kids|families|people|patients))\b[\w ]{0,20}?"
        r"\b(join\w*|enrol\w*|recruit\w*|sign\w* up|take part|taking part)\b",
        _YEAR,
        "does not say when the study was run",
        rf"{_YEAR}|\b(January|February|March|April|May|June|July|August|September|October|"
        r"November|December)\b",
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
        "does not give a dose",
        r"(?i)\b(doses?|dosing|dosage|mg|iu|units?|grams?|micrograms?)\b",
    ),
    _type(
        "schedule",
        r"\b(how often|schedule|how many times)\b",
        r"\b(once|twice|three times|every (\w+ )?(weeks?|months?|days?|years?)|a day|daily|"
        r"weekly|monthly|a week|a month|a year)\b",
        "does not say how often the treatment was given",
        r"(?i)\b(once|twice|times|every|daily|weekly|monthly|nightly|a (day|week|month|year)|"
        r"per (day|week|month)|schedul\w*|interval\w*|sprays?|courses?)\b",
    ),
    _type(
        "sex",
        r"\b(women|men|male|female|gender|sex)\b",
        r"\b([Ww]omen|[Mm]en|[Ff]emale|[Mm]ale|girls|boys)\b",
        "does not say anything about women and men separately",
        r"(?i)\b(women|woman|men|man|females?|males?|sex|gender|girls|boys|mothers|fathers)\b",
    ),
    _type(
        "dropout",
        r"\b(drop(ped)?[- ]?outs?|quit|finish(ed)?|complete[ds]?|stay(ed)? in|"
        r"lost to follow)\b",
        r"\b(dropped out|drop out|dropouts?|finish(ed)?|completed|stayed|left the (study|trial)|"
        r"withdr\w+)\b",
        "does not say how many people left the study",
        r"(?i)\b(drop\w*|finish\w*|complet\w*|left|lost|withdr\w*|stay\w*|quit\w*)\b",
    ),
    # A result against the placebo ("did it beat placebo?"): a sentence of the text.
    _type("comparison", r"\b(placebo|dummy|sham)\b", _COMPARED),
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
    # What the treatment was set against ("what did the other group get?", "compared to
    # what?"): the card's comparison line says it.
    _type(
        "comparator",
        r"\b(control (group|arm)|comparison (group|arm)|comparator|other (group|arm|people|"
        r"ones)|compared (to|with) what|(versus|vs\.?|against|than) (what|who|whom)|"
        r"what did the others)\b|"
        # Ending on what it was set against: "what was the control?", "compared to?".
        r"\b(the control|the comparison|compared (to|with|against)|"
        r"(tested|up|set|pitted|measured|put) against)\s*\?",
        _COMPARED,
        from_card=True,
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
