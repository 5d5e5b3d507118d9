"""Checks that make evidence cards trustworthy.

A card's findings are quoted one at a time in answers, so each must stand alone
(no opening that points back), keep to its fact sheet's numbers, and read plainly.
A card must carry the study's main result, and its harms or null result when the
fact sheet reports one: leaving those out changes the message.
"""

from __future__ import annotations

import re

from knowledge.factcheck import (
    numbers_in,
    reading_grade,
    sheet_numbers,
    unsupported_quantity_words_in,
)
from knowledge.models import EvidenceCard, FactSheet, Summary

#: Openings that only make sense after an earlier sentence: a pronoun, a connective, or a
#: group named by what it was given ("On placebo, 60.9% did."), or set against one named
#: before ("Other types were less common."). One definition, used by the card checks, the
#: composer and the answer metrics.
POINTS_BACK = re.compile(
    r"^(it|its|this|that|these|those|they|their|them|such|both|either|neither|none|others?|"
    r"the others?|"
    r"he|she|his|her|there|here|also|so|but|and|yet|still|however|instead|then|middle|"
    r"the rest|the same|another|one (was|of|group)|in (another|one|the other)|"
    r"on (placebo|the drug|the dummy)|"
    r"(in|on|at|for|with|from|by|after|during|of|among) (this|that|these|those|both|all|them)"
    r"\b(?! library))\b",
    re.IGNORECASE,
)
#: What a fact sheet says when it reports harms, and when it reports a null result.
_SHEET_HARM = re.compile(
    r"adverse|side effect|serious (infection|event)|infections? (were|was)|"
    r"toxicit|injection[- ]site|injection-related|infusion reaction|reactions? (occurred|were)|"
    r"infection rates|\bliver\b|lymphopenia|\bpml\b|safety signal",
    re.IGNORECASE,
)
_SHEET_NULL = re.compile(
    r"\bno (significant |clear |meaningful |statistically significant )?"
    r"(difference|benefit|effect|link|association|improvement|change)|"
    r"not (significantly|statistically|clearly)|did not (differ|improve|reduce|slow|change)|"
    r"was not (linked|associated|different)|were not (linked|associated|different)|"
    r"\bnon-?significant",
    re.IGNORECASE,
)
MAX_FINDING_GRADE = 9.0
MAX_CARD_GRADE = 8.0
MAX_FINDING_WORDS = 32


def points_back(sentence: str) -> bool:
    """Whether the sentence opens by leaning on one before it ("It", "They", "On placebo")."""
    return bool(POINTS_BACK.match(sentence.strip()))


def sheet_reports_harms(sheet: FactSheet) -> bool:
    """Whether the fact sheet's findings report harms or side effects."""
    return any(_SHEET_HARM.search(f) for f in sheet.key_findings)


def sheet_reports_null(sheet: FactSheet) -> bool:
    """Whether the fact sheet's findings report something that did not differ or help."""
    return any(_SHEET_NULL.search(f) for f in sheet.key_findings)


def card_text(card: EvidenceCard) -> str:
    """Every sentence of a card, for number and grade checks."""
    return "\n".join(
        [card.population, card.compared, card.length, *(f.text for f in card.findings)]
    )


def card_grade(card: EvidenceCard) -> float:
    """Reading grade of the findings read together."""
    return reading_grade(" ".join(f.text for f in card.findings))


def check_card(summary: Summary, sheet: FactSheet) -> list[str]:
    """Every way a summary's evidence card departs from its fact sheet or the house style."""
    card = summary.card
    if card is None:
        return ["needs an evidence card"]
    issues = _number_issues(card, sheet) + _aspect_issues(card, sheet)
    for n, finding in enumerate(card.findings):
        issues += [f"card.findings.{n}: {issue}" for issue in _finding_issues(finding.text)]
    texts = [f.text for f in card.findings]
    if len(set(texts)) != len(texts):
        issues.append("card: a finding is written twice")
    grade = card_grade(card)
    if grade > MAX_CARD_GRADE:
        issues.append(f"card: findings read at grade {grade:.1f}, over {MAX_CARD_GRADE:g}")
    return issues


def _number_issues(card: EvidenceCard, sheet: FactSheet) -> list[str]:
    extra = sorted(numbers_in(card_text(card)) - sheet_numbers(sheet))
    issues = [f"card: numbers not in the fact sheet: {', '.join(extra)}"] if extra else []
    words = unsupported_quantity_words_in(card_text(card), sheet)
    if words:
        issues.append(f"card: quantity words not in the fact sheet: {', '.join(words)}")
    return issues


def _aspect_issues(card: EvidenceCard, sheet: FactSheet) -> list[str]:
    issues = []
    if not card.of_aspect("main"):
        issues.append("card: no finding with aspect 'main'")
    elif card.findings[0].aspect != "main":
        issues.append("card: the first finding must be the main result")
    if sheet_reports_harms(sheet) and not card.of_aspect("harm"):
        issues.append("card: the fact sheet reports harms but no finding has aspect 'harm'")
    if sheet_reports_null(sheet) and not card.of_aspect("no_difference"):
        issues.append(
            "card: the fact sheet reports a null result but no finding has aspect 'no_difference'"
        )
    return issues


def _finding_issues(text: str) -> list[str]:
    issues = []
    if points_back(text):
        issues.append(f"opens by pointing back: {text[:40]!r}")
    words = len(text.split())
    if words > MAX_FINDING_WORDS:
        issues.append(f"{words} words; at most {MAX_FINDING_WORDS}")
    grade = reading_grade(text)
    if grade > MAX_FINDING_GRADE:
        issues.append(f"reading grade {grade:.1f} is over {MAX_FINDING_GRADE:g}")
    if not text.rstrip().endswith((".", "!", "?")):
        issues.append("must be one full sentence ending in a full stop")
    return issues
