"""Checks that keep the library true to its fact sheets.

Used by the library tests and by editors (``msra library check``): every number
a summary states must appear in its fact sheet, its source block must match the
sheet, and its plain-language sections must read at grade 9 or below.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

import textstat

from knowledge.chunking import split_sentences
from knowledge.errors import LibraryError, Problem
from knowledge.models import FactSheet, Summary
from knowledge.rubric import credibility_score

# A number not glued to a preceding letter, so names like CD20, COVID-19, IL-6 are not numbers.
_NUMBER = re.compile(r"(?<![A-Za-z0-9.])(?<![A-Za-z]-)\d[\d,]*(?:\.\d+)?")
_SHEET_TEXT_FIELDS = (
    "title",
    "journal",
    "date",
    "population",
    "intervention_or_exposure",
    "comparator",
    "key_findings",
    "limitations",
    "patient_relevance",
    "authors",
)
MAX_GRADE = 9.0
#: A run of this many words shared with the fact sheet counts as copied wording.
COPIED_RUN_WORDS = 10
_WORD = re.compile(r"[a-z0-9]+")


def load_fact_sheets(path: Path) -> dict[str, FactSheet]:
    """Read the JSONL provenance record, reporting bad lines as problems."""
    sheets: dict[str, FactSheet] = {}
    problems: list[Problem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            sheet = FactSheet.model_validate(json.loads(line))
        except (ValueError, TypeError) as exc:
            problems.append(Problem(str(path), number, "fact sheet", str(exc).splitlines()[0]))
            continue
        sheets[sheet.id] = sheet
    if problems:
        raise LibraryError(problems)
    return sheets


def normalise_number(token: str) -> str:
    """Canonical form of a number token: '1,095' -> '1095', '2.50' -> '2.5'."""
    cleaned = token.replace(",", "").rstrip(".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return cleaned
    text = format(value.normalize(), "f")
    return text


def numbers_in(text: str) -> set[str]:
    """Every number stated in ``text``, normalised."""
    return {normalise_number(m.group()) for m in _NUMBER.finditer(text)}


def sheet_numbers(sheet: FactSheet) -> set[str]:
    """Every number a fact sheet gives, including its size and year."""
    found: set[str] = set()
    for name in _SHEET_TEXT_FIELDS:
        value = getattr(sheet, name)
        for text in value if isinstance(value, list) else [value]:
            if text:
                found |= numbers_in(str(text))
    for value in (sheet.sample_size, sheet.year):
        if value is not None:
            found.add(str(value))
    return found


def summary_text(summary: Summary) -> str:
    """The prose a reader sees: title plus the four sections."""
    return "\n".join(
        [
            summary.title,
            summary.key_takeaway,
            summary.what_they_found,
            summary.who_should_care,
            summary.important_considerations,
        ]
    )


def unsupported_numbers(summary: Summary, sheet: FactSheet) -> list[str]:
    """Numbers in the summary's text that its fact sheet does not give."""
    return sorted(numbers_in(summary_text(summary)) - sheet_numbers(sheet))


def _word_runs(text: str, size: int) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def copied_runs(summary: Summary, sheet: FactSheet, size: int = COPIED_RUN_WORDS) -> list[str]:
    """Runs of ``size`` words the summary shares with the sheet's findings and limitations."""
    sheet_text = " ".join([*sheet.key_findings, *sheet.limitations, sheet.patient_relevance or ""])
    shared = _word_runs(summary_text(summary), size) & _word_runs(sheet_text, size)
    return sorted(" ".join(run) for run in shared)


#: Number words that state a quantity; allowed only where the fact sheet uses them too.
_QUANTITY_WORDS = re.compile(
    r"\b(one|two|three|four)[- ](third|quarter|fifth|tenth)s?\b|\bthree[- ]quarters\b"
    r"|\b(twice|triple|tripled|doubled|halved|double|half)\b",
    re.IGNORECASE,
)


def unsupported_quantity_words(summary: Summary, sheet: FactSheet) -> list[str]:
    """Fractions and multiples written in words ("one-fifth", "twice") the sheet does not use."""
    return unsupported_quantity_words_in(summary_text(summary), sheet)


def unsupported_quantity_words_in(text: str, sheet: FactSheet) -> list[str]:
    """Quantity words of ``text`` that the fact sheet does not use."""
    sheet_text = " ".join(
        str(v) for name in _SHEET_TEXT_FIELDS for v in _as_list(getattr(sheet, name)) if v
    ).lower()
    sheet_words = _fold_forms(sheet_text)
    found = {m.group().lower() for m in _QUANTITY_WORDS.finditer(text)}
    return sorted(w for w in found if _fold_forms(w) not in sheet_words)


def _fold_forms(text: str) -> str:
    """One spelling per quantity word: 'halves'/'halved' -> 'half', 'doubled' -> 'double'."""
    text = re.sub(r"\bhalv(es|ed|ing)\b", "half", text.replace("-", " "))
    return re.sub(r"\b(doubled|doubling)\b", "double", text)


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade level of ``text``. The first call loads textstat's
    pronouncing dictionary (about 2 s); calls made meanwhile wait for it rather than
    load it again."""
    if not _PRONUNCIATIONS_LOADED.is_set():
        with _PRONUNCIATIONS_LOCK:
            grade = float(textstat.flesch_kincaid_grade(text))
            _PRONUNCIATIONS_LOADED.set()
            return grade
    return float(textstat.flesch_kincaid_grade(text))


_PRONUNCIATIONS_LOCK = threading.Lock()
_PRONUNCIATIONS_LOADED = threading.Event()


def summary_grade(summary: Summary) -> float:
    """Reading grade of the Key Takeaway plus What They Found."""
    return reading_grade(f"{summary.key_takeaway}\n{summary.what_they_found}")


def source_mismatches(summary: Summary, sheet: FactSheet) -> list[str]:
    """Fields of the summary's source block that differ from its fact sheet."""
    if summary.source is None:
        return ["source: missing"]
    expected = {
        "title": sheet.title,
        "journal": sheet.journal,
        "year": sheet.year,
        "doi": sheet.doi,
        "pmid": sheet.pmid,
        "url": sheet.canonical_url(),
        "study_type": sheet.study_type,
        "sample_size": sheet.sample_size,
    }
    actual = summary.source.model_dump()
    return [
        f"source.{key}: {actual[key]!r} but the fact sheet gives {value!r}"
        for key, value in expected.items()
        if actual[key] != value
    ]


def check_summary(summary: Summary, sheet: FactSheet) -> list[str]:
    """Every way a summary departs from its fact sheet or the house style."""
    issues = source_mismatches(summary, sheet)
    extra = unsupported_numbers(summary, sheet)
    if extra:
        issues.append(f"numbers not in the fact sheet: {', '.join(extra)}")
    words = unsupported_quantity_words(summary, sheet)
    if words:
        issues.append(f"quantity words not in the fact sheet: {', '.join(words)}")
    copied = copied_runs(summary, sheet)
    if copied:
        issues.append(f"wording copied from the fact sheet: {copied[0]!r}")
    rubric = credibility_score(sheet.study_type, sheet.sample_size)
    if summary.credibility != rubric.score and not summary.credibility_reason:
        issues.append(
            f"credibility {summary.credibility} differs from the rubric's {rubric.score} "
            "with no credibility_reason"
        )
    if summary.review:
        issues.append(f"open review flags: {summary.review}")
    takeaway = len(split_sentences(summary.key_takeaway))
    if takeaway > 2:
        issues.append(f"Key Takeaway has {takeaway} sentences; at most 2")
    if not summary.topics:
        issues.append("no topics")
    grade = summary_grade(summary)
    if grade > MAX_GRADE:
        issues.append(f"reading grade {grade:.1f} is over {MAX_GRADE:g}")
    from knowledge.cards import check_card  # cards builds on this module's number checks

    return issues + check_card(summary, sheet)


def check_library(
    summaries: Iterable[Summary], sheets: dict[str, FactSheet]
) -> dict[str, list[str]]:
    """Check a whole library against its fact sheets; maps summary id to its issues."""
    report: dict[str, list[str]] = {}
    seen_sheets: dict[str, str] = {}
    for summary in summaries:
        sheet_id = summary.source.fact_sheet if summary.source else None
        sheet = sheets.get(sheet_id or "")
        if sheet is None:
            report[summary.id] = [f"source.fact_sheet {sheet_id!r} is not in the provenance record"]
            continue
        issues = check_summary(summary, sheet)
        if sheet.id in seen_sheets:
            issues.append(f"fact sheet {sheet.id} already has summary {seen_sheets[sheet.id]}")
        seen_sheets[sheet.id] = summary.id
        if issues:
            report[summary.id] = issues
    return report
