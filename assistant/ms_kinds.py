"""The kinds of MS (relapsing, primary and secondary progressive) a question names and a
study includes: a person who says which kind they have is answered from studies of it."""

from __future__ import annotations

import re

from assistant.corpus import SummaryView

#: The kinds of MS a person says they have, and the words that name each (a first MS-like
#: attack is where relapsing MS starts; "progressive" alone names both progressive kinds).
MS_TYPES: dict[str, re.Pattern[str]] = {
    "relapsing": re.compile(
        r"(?<!non-)\b(relapsing|remitting|rrms|clinically isolated|first (ms-like )?attack)\b", re.I
    ),
    "primary progressive": re.compile(
        r"\b(primary progressive|ppms)\b|(?<!secondary )\bprogressive\b", re.I
    ),
    "secondary progressive": re.compile(
        r"\b(secondary progressive|spms)\b|(?<!primary )\bprogressive\b", re.I
    ),
}


def ms_types(text: str) -> frozenset[str]:
    """The kinds of MS a text names (any of them)."""
    return frozenset(kind for kind, words in MS_TYPES.items() if words.search(text))


def asked_kinds(question: str) -> frozenset[str]:
    """The kinds of MS a question names, or none when it names none or every kind."""
    kinds = ms_types(question)
    return frozenset() if kinds == frozenset(MS_TYPES) else kinds


def studies_kind(view: SummaryView, asked: frozenset[str]) -> bool:
    """Whether a summary's study includes a kind asked (by its title and who it studied);
    a study naming no kind counts for every kind."""
    studied = ms_types(f"{view.title} {view.card.population if view.card else ''}")
    return not studied or bool(asked & studied)
