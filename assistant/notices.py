"""Fixed text shown before a retrieved answer, chosen by code (never by a model)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant import safety

#: Said before an answer to "is A or B better?" when no cited study looked at both.
APART_NOTICE = (
    "**None of the studies cited here looked at {drugs} together**, so they cannot show "
    "which one works better."
)


def notice_for(route: str, question: str, body: str, compared_apart: Sequence[str]) -> str:
    """The decision notice for treatment decisions; crisis resources when the question or
    the answer touches on suicide ("will I die from MS?" can cite a suicide-risk study);
    and the note on drugs no cited study looked at together."""
    if route == "medical_decision":
        notices = [safety.DECISION_NOTICE]
    else:
        touches = safety.mentions_suicide(question) or safety.mentions_suicide(body)
        notices = [safety.SENSITIVE_NOTICE] if touches else []
    if compared_apart:
        notices.append(APART_NOTICE.format(drugs=" and ".join(compared_apart)))
    return "\n\n".join(notices)
