"""A turn's safety route read with the conversation before it.

The classifier reads one message alone. A follow-up that asks about something the
studies just cited report and names nothing of its own ("did anyone end up needing a
catheter after?", "wat dose did ppl take", "any serious infections?") can sound like
danger talk when read alone: "end", "dose" and "infections" are words of crisis and
urgent messages too. In the conversation they name what the studies report, so the turn
is answered; a crisis reading still puts the crisis lines first, so nobody loses them.
Two readings must agree: the turn asks about something those studies report and names
nothing of its own, and the classifier, reading the turn after the question before it,
finds it near no danger phrasing ("I've stopped caring whether I live" stays a crisis,
though the last studies use "stopped").

Only the classifier's reading yields, and only for routes about what is happening to a
person (crisis, emergency, urgent): a reviewed pattern's route stands, and so does a
treatment decision, which is asked about the drug just discussed ("when should I stop
it?"). A turn that asks about nothing the studies report ("what's the point anymore")
is read as it stands, unless no danger phrasing was near it at all (the model's far way,
an extrapolation) and it asks something: then a follow-up question ("how many stuck it out
to the end", "and opicinumab?") is read again after the question before it, and answered
when that reading finds no danger, with no crisis lines (no crisis phrasing was near it
either way). A turn that tells ("whatever. i won't be a problem for anyone much longer")
asks the studies nothing, and its reading stands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.aspects import is_question
from assistant.models import SafetyRoute, Turn
from assistant.question import QuestionFacts
from assistant.safety import Triage
from assistant.triage_model import Verdict

#: Routes about a person's state, which the studies just cited cannot be asked about.
YIELDING: frozenset[SafetyRoute] = frozenset({"crisis", "emergency", "urgent"})


def may_yield(route: Triage) -> bool:
    """Whether the conversation can change this route: the classifier's reading of a
    person's state (a pattern's route and a decision stand as they are)."""
    return route.method == "classifier" and route.route in YIELDING


def asks_of_cited_studies(facts: QuestionFacts, history: Sequence[Turn]) -> bool:
    """True when the turn asks about something the last answer's studies report (a word
    they use) and names nothing of its own, or picks one of those studies ("tell me about
    the last one", "which one was the biggest?"). ``facts`` is the turn's analysis in the
    conversation (``rewrite.in_conversation``)."""
    cited = bool(history) and bool(history[-1].cited_ids)
    asks = bool(facts.known_from_last) or facts.picks_from(history)
    return cited and asks and not facts.own_words


def route_in_conversation(
    route: Triage,
    facts: QuestionFacts,
    history: Sequence[Turn],
    classify: Callable[[str], Verdict],
) -> Triage:
    """The route of a turn in its conversation: the classifier's crisis, emergency or
    urgent reading of a follow-up that asks what the studies just cited report, or that
    no phrasing of its route was near, yields to an answer when ``classify``, given the
    turn after the question before it, finds no danger near. The crisis lines come first
    after a crisis reading that had crisis phrasings near. Any other route stands."""
    about_studies = asks_of_cited_studies(facts, history)
    # A far-way reading of a turn that tells rather than asks stands: "whatever. i won't be
    # a problem for anyone much longer" after a question about a trial asks it nothing.
    far_question = route.extrapolated and bool(history) and is_question(facts.asked)
    if not may_yield(route) or not (about_studies or far_question):
        return route
    joined = classify(f"{history[-1].question} {facts.asked}")
    if joined.route != "none" or joined.resources:
        return route
    if about_studies:
        known = ", ".join(dict.fromkeys(facts.known_from_last))
        why = f"asking what the studies just cited report ({known})"
    else:
        why = "with no danger near when read after the question before it"
    reason = f"read alone, {route.matched}; a follow-up {why}"
    # An extrapolated crisis reading was near no crisis phrasing: without the far way the
    # turn would have had no crisis lines, and its conversation finds no danger either.
    crisis_lines = (route.route == "crisis" and not route.extrapolated) or route.resources
    return Triage("none", reason, "classifier", also=route.also, resources=crisis_lines)
