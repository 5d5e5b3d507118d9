"""The fixed texts of the safety routes, for the configured locale (never a model's words).

Crisis lines and emergency numbers per locale: the US and Canada 988 (call or text),
the UK and Ireland Samaritans 116 123, Australia Lifeline 13 11 14; anywhere else,
the local emergency number. The default, ``international``, lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.render import escape_inline_markdown, shortened

Locale = Literal["international", "us", "ca", "uk", "ie", "au", "other"]
Person = Literal["self", "other"]


@dataclass(frozen=True)
class Resources:
    """Where to call in one place."""

    place: str
    crisis_line: str
    emergency: str


RESOURCES: dict[str, Resources] = {
    "us": Resources("the US", "call or text **988** (Suicide & Crisis Lifeline)", "911"),
    "ca": Resources("Canada", "call or text **988** (Suicide Crisis Helpline)", "911"),
    "uk": Resources("the UK", "call **116 123** (Samaritans, free)", "999"),
    "ie": Resources("Ireland", "call **116 123** (Samaritans, free)", "112 or 999"),
    "au": Resources("Australia", "call **13 11 14** (Lifeline)", "000"),
}
_ELSEWHERE = "call your local emergency number or a local crisis line"


def crisis_lines(locale: Locale, indent: str = "") -> str:
    """Bullet lines of crisis resources for the locale, ending with 'elsewhere'."""
    places = list(RESOURCES) if locale == "international" else [locale]
    lines = [
        f"{indent}- **In {RESOURCES[p].place}:** {RESOURCES[p].crisis_line}, any time."
        for p in places
        if p in RESOURCES
    ]
    return "\n".join([*lines, f"{indent}- **Elsewhere:** {_ELSEWHERE}."])


def emergency_number(locale: Locale) -> str:
    """'911', or a list for the international default, or 'your local emergency number'."""
    if locale in RESOURCES:
        return RESOURCES[locale].emergency
    if locale == "international":
        return (
            "your local emergency number (911 in the US and Canada, 999 in the UK, 112 in "
            "Europe, 000 in Australia)"
        )
    return "your local emergency number"


#: The longest quote of a message the crisis check-in shows (a sentence, rarely more).
QUOTE_CHARS = 240


def crisis_answer(locale: Locale, person: Person = "self", heard: str = "") -> str:
    """The fixed crisis answer: for the writer, or for someone worried about another.
    Given ``heard``, the one sentence of a message read as a crisis, it opens by quoting
    that sentence as a check-in and closes by pointing to the question the message asked:
    the rest of the message was ordinary, so the reading may be wrong, and the reader
    should see what was heard rather than be told how they feel."""
    opening, closing = "", ""
    if heard:
        opening = (
            f"Before your question, I want to check in, because you wrote: “{_quoted(heard)}”\n\n"
        )
        closing = " If I have read you wrong, I'm sorry: you can still ask your question below."
    if person == "other":
        return opening + _other_person(locale, bool(heard)) + closing
    return opening + _self(locale, bool(heard)) + closing


def _self(locale: Locale, checking: bool) -> str:
    first = (
        "If you are thinking about ending your life or hurting yourself, you deserve support "
        "right now, from a person."
        if checking
        else "I'm really sorry you're going through this. You deserve support right now, from "
        "a person."
    )
    return (
        f"{first}\n\n"
        f"{crisis_lines(locale)}\n"
        f"- **If you are in immediate danger or have taken something:** call "
        f"{emergency_number(locale)} now, or go to the nearest emergency department.\n\n"
        "If you can, tell someone you trust how you feel, and let your MS care team know. "
        "This assistant cannot help in a crisis, but the people on these lines can."
    )


def _other_person(locale: Locale, checking: bool) -> str:
    first = (
        "If someone you care about may be in danger, taking it seriously is the right thing to do."
        if checking
        else "It sounds like someone you care about may be in danger. Taking it seriously is "
        "the right thing to do."
    )
    return (
        f"{first}\n\n"
        f"- **If they are in immediate danger, have a plan or have taken something:** call "
        f"{emergency_number(locale)} now, and stay with them if it is safe.\n"
        "- **Ask them directly** whether they are thinking about suicide. Asking does not put "
        "the idea in their head; listen without judging.\n"
        "- **Help make things safer:** if you can, keep medicines and other means out of "
        "reach.\n"
        "- **Crisis lines help people who are worried about someone else too:**\n"
        f"{crisis_lines(locale, indent='  ')}\n\n"
        "Let their MS care team or doctor know as well. If you are having thoughts like "
        "these yourself, please call too."
    )


def _quoted(sentence: str) -> str:
    """The sentence as the reader typed it, shortened at a word, shown literally."""
    return escape_inline_markdown(shortened(sentence, QUOTE_CHARS))


def emergency_answer(locale: Locale) -> str:
    """The fixed emergency answer."""
    return (
        f"**This may be a medical emergency. Call {emergency_number(locale)} now, or go to "
        "the nearest emergency department.**\n\n"
        "Trouble breathing, chest pain, signs of stroke (face drooping, arm weakness, slurred "
        "speech), sudden severe weakness, a seizure, a head injury with confusion or vomiting, "
        "taking too much of a medicine, or swelling of the lips, tongue or throat need urgent "
        "care, whether or not they are related to MS.\n\n"
        "This assistant cannot help in an emergency. Once you are safe, your MS care team can "
        "help you understand what happened."
    )


def urgent_notice(locale: Locale) -> str:
    """Shown first when new or worse symptoms, an infection on treatment or a reaction may
    need care today."""
    return (
        "**What you describe may need medical care today.** Please contact your MS team, "
        "neurologist or doctor today, or go to urgent care if you cannot reach them. If it gets "
        f"worse quickly, or you have trouble breathing, chest pain, signs of a stroke or a "
        f"seizure, call {emergency_number(locale)} now. The research in this answer is background "
        "only: it cannot tell what is happening to you."
    )


DECISION_NOTICE = (
    "**Starting, stopping, switching or changing the dose of a treatment is a decision for you and "
    "your MS care team.** Please do not change your treatment based on this information alone; "
    "stopping some MS treatments suddenly can cause a rebound of disease activity. The research in "
    "this answer is what the library's summaries say, to help you prepare questions for your "
    "neurologist or MS nurse."
)


def sensitive_notice(locale: Locale) -> str:
    """Said before a research answer that touches on suicide."""
    lines = crisis_lines(locale).replace("\n", " ").replace("- ", "")
    return (
        "If you or someone you know is struggling or thinking about suicide, help is available "
        f"now. {lines}"
    )


DISCLAIMER = (
    "This is research information, not personal medical advice: talk with your MS care team "
    "before making any health decision."
)
