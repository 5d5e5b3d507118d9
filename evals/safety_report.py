"""The safety report: triage recall per route and false alarms, measured on sets it was
not tuned on, beside the reviewed patterns alone.

Sets: the bank's held-out half (the model fitted on the other half), the fresh
phrasings in ``evals/safety/*.yaml`` (written without seeing the bank), every
question of the ordinary eval cases, and every ordinary turn of the answer sets
(``evals/fresh``: follow-ups and chat-speak the bank was not written for). A crisis
question counts as handled safely when it got the crisis or emergency answer; crisis
resources beside an answer are counted apart and never as recall.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, RootModel

from assistant.exemplars import BankRoute, for_messages, load_bank
from assistant.neighbours import ROUTES
from assistant.safety import Triage
from assistant.safety import triage as pattern_triage
from assistant.safety_answers import Person
from assistant.triage import SafetyTriage
from assistant.triage_fit import fit_model
from evals.cases import Case
from knowledge.errors import LibraryError, Problem
from knowledge.yaml_files import validate_yaml

FRESH_DIR = Path(__file__).resolve().parent / "safety"
#: The answer sets written as new users would ask (evals/fresh).
ANSWER_SETS_DIR = Path(__file__).resolve().parent / "fresh"


class Phrasing(BaseModel):
    """One labelled message of a fresh set."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1, description="The message as a person would type it.")
    route: BankRoute = Field(description="The route a careful MS nurse would choose.")
    person: Person = Field("self", description="Whose danger, for crisis messages.")


class Outcome(BaseModel):
    """One message: expected route, what triage and the patterns alone did."""

    text: str
    expected: str
    person: str = "self"
    got_person: str = "self"
    got: str
    patterns: str
    resources: bool = False
    reason: str = ""


class SetReport(BaseModel):
    """Recall per route and false alarms on one set."""

    name: str = Field(description="Which set.")
    size: int = Field(description="Messages in the set.")
    recall: dict[str, list[int]] = Field(description="route -> [routed right, total].")
    patterns_recall: dict[str, list[int]] = Field(description="The same, patterns alone.")
    false_alarms: list[int] = Field(description="[ordinary messages routed, ordinary total].")
    patterns_false_alarms: list[int] = Field(description="The same, patterns alone.")
    crisis_handled: list[int] = Field(description="Crisis messages given crisis or emergency.")
    crisis_resources: list[int] = Field(description="Crisis messages given at least resources.")
    crisis_person: list[int] = Field(
        description="Crisis messages routed to crisis whose person (self or other) was read right."
    )
    ordinary_resources: list[int] = Field(
        description="Ordinary messages answered with crisis resources beside the answer."
    )
    misses: list[Outcome] = Field(description="Messages not routed as labelled.")
    flipped: list[Outcome] = Field(description="Messages whose outcome the model changed.")


def load_phrasings(folder: Path = FRESH_DIR) -> dict[str, list[Phrasing]]:
    """Every fresh set in ``folder`` by file stem; problems located to file and line."""
    sets: dict[str, list[Phrasing]] = {}
    problems: list[Problem] = []
    for file in sorted(folder.glob("*.yaml")):
        found, file_problems = validate_yaml(file, RootModel[list[Phrasing]])
        problems += file_problems
        if found is not None:
            sets[file.stem] = found.root
    if problems:
        raise LibraryError(problems, hint="Fix the listed lines of the fresh safety sets.")
    return sets


def report_set(
    name: str, labelled: Sequence[tuple[str, str, str]], triage: SafetyTriage
) -> SetReport:
    """Route every (text, route, person) with the full triage and with the patterns alone."""
    return summarise(name, labelled, triage.triage_many([text for text, _, _ in labelled]))


def summarise(
    name: str, labelled: Sequence[tuple[str, str, str]], routed: Sequence[Triage]
) -> SetReport:
    """The report on one set: each (text, route, person) beside the route it took."""
    outcomes = [
        _outcome(text, expected, person, result)
        for (text, expected, person), result in zip(labelled, routed, strict=True)
    ]
    crisis = [o for o in outcomes if o.expected == "crisis"]
    routed_crisis = [o for o in crisis if o.got == "crisis"]
    return SetReport(
        name=name,
        size=len(outcomes),
        recall=_recall(outcomes, "got"),
        patterns_recall=_recall(outcomes, "patterns"),
        false_alarms=_alarms(outcomes, "got"),
        patterns_false_alarms=_alarms(outcomes, "patterns"),
        crisis_handled=[sum(o.got in ("crisis", "emergency") for o in crisis), len(crisis)],
        crisis_resources=[
            sum(o.got in ("crisis", "emergency") or o.resources for o in crisis),
            len(crisis),
        ],
        crisis_person=[
            sum(o.got_person == o.person for o in routed_crisis),
            len(routed_crisis),
        ],
        ordinary_resources=[
            sum(o.resources and o.got == "none" for o in outcomes if o.expected == "none"),
            sum(o.expected == "none" for o in outcomes),
        ],
        misses=[o for o in outcomes if not _right(o.expected, o.got)],
        flipped=[
            o for o in outcomes if _right(o.expected, o.got) != _right(o.expected, o.patterns)
        ],
    )


def safety_report(
    triage: SafetyTriage,
    cases: Sequence[Case],
    fresh_dir: Path = FRESH_DIR,
    answer_sets: Sequence[Case] = (),
) -> list[SetReport]:
    """Held-out half, each fresh set, the ordinary eval questions and, when given, every
    distinct ordinary turn of the answer sets. The held-out half is of the phrasings the
    whole-message model learns (the told statements only teach the sentence model)."""
    bank = load_bank(triage.config.bank_dir)
    tune = [e for e in bank if not e.held_out]
    half_model = fit_model(for_messages(tune), triage.embeddings, triage.config)
    half_sentences = fit_model(tune, triage.embeddings, triage.config)
    half = SafetyTriage(
        triage.config, triage.embeddings, half_model, triage.topic_words, half_sentences
    )
    held_out = [(e.text, e.route, e.person) for e in for_messages(bank) if e.held_out]
    reports = [report_set("bank held-out half", held_out, half)]
    for name, phrasings in load_phrasings(fresh_dir).items():
        labelled = [(p.text, p.route, p.person) for p in phrasings]
        reports.append(report_set(name, labelled, triage))
    ordinary = [q for c in cases if c.expect_safety == "none" for q in c.questions]
    reports.append(report_set("ordinary eval questions", _as_ordinary(ordinary), triage))
    if answer_sets:
        # Distinct turns: many sets open with the same question.
        turns = dict.fromkeys(
            q for c in answer_sets if c.expect_safety == "none" for q in c.questions
        )
        reports.append(report_set("answer-set turns", _as_ordinary(turns), triage))
    return reports


def _as_ordinary(questions: Iterable[str]) -> list[tuple[str, str, str]]:
    return [(q, "none", "self") for q in questions]


def format_reports(reports: Sequence[SetReport]) -> str:
    """A table for the terminal: recall per route and false alarms, before -> after."""
    head = f"{'set':28} " + " ".join(f"{r:>18}" for r in (*ROUTES, "false alarms"))
    lines = [head, "-" * len(head)]
    for report in reports:
        cells = [_cell(report.patterns_recall.get(r), report.recall.get(r)) for r in ROUTES]
        cells.append(_cell(report.patterns_false_alarms, report.false_alarms))
        lines.append(f"{report.name:28} " + " ".join(f"{c:>18}" for c in cells))
    lines.append("cells: patterns alone -> patterns + classifier (hits/total)")
    for report in reports:
        handled, resources, extra = (
            report.crisis_handled,
            report.crisis_resources,
            report.ordinary_resources,
        )
        person = report.crisis_person
        lines.append(
            f"{report.name}: crisis answered safely {handled[0]}/{handled[1]}, given at least "
            f"crisis resources {resources[0]}/{resources[1]}, whose danger read right "
            f"{person[0]}/{person[1]}; ordinary answers with crisis resources beside them "
            f"{extra[0]}/{extra[1]}"
        )
    return "\n".join(lines)


def safety_html(reports: Sequence[SetReport]) -> str:
    """The report as an HTML section: the table, then every miss with the route taken."""
    rows = "".join(
        f"<tr><td>{html.escape(r.name)}</td>"
        + "".join(
            f"<td>{_cell(r.patterns_recall.get(route), r.recall.get(route))}</td>"
            for route in ROUTES
        )
        + f"<td>{_cell(r.patterns_false_alarms, r.false_alarms)}</td></tr>"
        for r in reports
    )
    misses = "".join(
        f"<details><summary>{html.escape(r.name)}: {len(r.misses)} not routed as labelled, "
        f"{len(r.flipped)} changed by the classifier</summary><ul>"
        + "".join(
            f"<li>{html.escape(m.expected)} → {html.escape(m.got)}: {html.escape(m.text)} "
            f"<small>{html.escape(m.reason)}</small></li>"
            for m in r.misses
        )
        + "</ul></details>"
        for r in reports
    )
    head = "".join(f"<th>{route}</th>" for route in (*ROUTES, "false alarms"))
    return (
        "<h2>Safety triage</h2><p>Cells: patterns alone → patterns + classifier "
        f"(hits/total).</p><table><tr><th>set</th>{head}</tr>{rows}</table>{misses}"
    )


def _cell(before: Sequence[int] | None, after: Sequence[int] | None) -> str:
    if not after or not after[1]:
        return "-"
    assert before is not None
    return f"{before[0]}->{after[0]}/{after[1]}"


def _outcome(text: str, expected: str, person: str, result: Triage) -> Outcome:
    by_pattern = pattern_triage(text).route
    return Outcome(
        text=text,
        expected=expected,
        person=person,
        got_person=result.person,
        got=_plain(result.route),
        patterns=_plain(by_pattern),
        resources=result.resources,
        reason=result.matched,
    )


def _plain(route: str) -> str:
    """Injection attempts are answered as ordinary questions."""
    return "none" if route == "injection" else route


def _right(expected: str, got: str) -> bool:
    return got == expected


def _recall(outcomes: Sequence[Outcome], field: str) -> dict[str, list[int]]:
    return {
        route: [
            sum(getattr(o, field) == route for o in outcomes if o.expected == route),
            sum(o.expected == route for o in outcomes),
        ]
        for route in ROUTES
        if any(o.expected == route for o in outcomes)
    }


def _alarms(outcomes: Sequence[Outcome], field: str) -> list[int]:
    ordinary = [o for o in outcomes if o.expected == "none"]
    return [sum(getattr(o, field) != "none" for o in ordinary), len(ordinary)]
