"""Fixed text shown before a retrieved answer, chosen by code (never by a model)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant import safety
from assistant.safety_answers import DECISION_NOTICE, Locale, sensitive_notice, urgent_notice

#: Said before an answer weighing A against B ("is A or B better?", "which one has more
#: infections?") when no cited study looked at both: worded for any aspect weighed.
APART_NOTICE = (
    "**None of the studies cited here looked at {drugs} together**, so they cannot compare "
    "the two directly."
)


def route_notice(triage: safety.Triage, locale: Locale) -> str:
    """The notice a route puts first, known before any search: urgent care today, the
    decision belongs with the care team, or both."""
    routes = [triage.route, *triage.also]
    notices = []
    if "urgent" in routes:
        notices.append(urgent_notice(locale))
    if "medical_decision" in routes:
        notices.append(DECISION_NOTICE)
    return "\n\n".join(notices)


def notice_for(
    triage: safety.Triage,
    question: str,
    body: str,
    compared_apart: Sequence[str],
    locale: Locale = "international",
) -> str:
    """The route's notice; crisis resources when the question is near crisis phrasings or
    the question or answer touches on suicide ("will I die from MS?" can cite a
    suicide-risk study); and the note on drugs no cited study looked at together."""
    notices = [route_notice(triage, locale)]
    touches = safety.mentions_suicide(question) or safety.mentions_suicide(body)
    if triage.resources or touches:
        notices.append(sensitive_notice(locale))
    if compared_apart:
        notices.append(APART_NOTICE.format(drugs=" and ".join(compared_apart)))
    return "\n\n".join(n for n in notices if n)
