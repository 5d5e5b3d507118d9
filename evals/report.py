"""The eval report: one set of tables, rendered as HTML here and in the staff page."""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from evals.runner import CaseResult, RunSummary

#: Metrics where lower is better (shown as such in charts).
LOWER_IS_BETTER = {
    "safety_false_alarm_rate",
    "unsupported_citation_cases",
    "latency_p50_ms",
    "latency_p95_ms",
    "patient_grade_median",
}


@dataclass(frozen=True)
class ReportData:
    """Everything a report shows, independent of how it is drawn."""

    summary: RunSummary
    metric_rows: list[tuple[str, float | None]]
    topic_rows: list[tuple[str, int, float]]
    failing: list[CaseResult]


def report_data(summary: RunSummary, results: Sequence[CaseResult]) -> ReportData:
    """Tables for a run: metrics, pass rate per topic, failing cases."""
    by_topic: dict[str, list[bool]] = defaultdict(list)
    for result in results:
        by_topic[result.topic].append(result.passed)
    topics = sorted(
        ((t, len(v), sum(v) / len(v)) for t, v in by_topic.items()), key=lambda row: row[2]
    )
    return ReportData(
        summary, list(summary.metrics.items()), topics, [r for r in results if not r.passed]
    )


def _bar(label: str, value: float, width: int = 320) -> str:
    filled = max(0, min(width, int(value * width)))
    name = html.escape(label)
    return (
        f"<div class='bar'><span class='label'>{name}</span>"
        f"<svg width='{width}' height='16' role='img' aria-label='{name}: {value:.0%}'>"
        f"<rect width='{width}' height='16' fill='#eee'/>"
        f"<rect width='{filled}' height='16' fill='#3b7dd8'/></svg> {value:.0%}</div>"
    )


def render_html(summary: RunSummary, results: Sequence[CaseResult], extra: str = "") -> str:
    """A standalone HTML report (all text escaped) with per-metric and per-topic bars;
    ``extra`` is a section already rendered (escaped) by its own module."""
    data = report_data(summary, results)
    head = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>MSRA eval report</title><style>"
        "body{font-family:sans-serif;max-width:60em;margin:2em auto;font-size:16px}"
        ".bar{margin:.2em 0}.label{display:inline-block;width:16em}"
        "td,th{padding:.2em .6em;text-align:left}details{margin:.4em 0}</style></head><body>"
    )
    parts = [head, "<h1>Answer-quality eval</h1>"]
    parts.append(
        f"<p>{summary.cases} cases, {summary.passed} passed · "
        f"settings {html.escape(summary.settings_hash)} · "
        f"library {html.escape(summary.library_version)} · {html.escape(summary.created_at)} · "
        f"LLM judge: {html.escape(summary.llm_judge)}</p>"
    )
    parts.append("<h2>Metrics</h2><table><tr><th>metric</th><th>value</th></tr>")
    parts += [
        f"<tr><td>{html.escape(k)}</td><td>{'—' if v is None else v}</td></tr>"
        for k, v in data.metric_rows
    ]
    parts.append("</table><h2>Rates</h2>")
    parts += [
        _bar(k, v)
        for k, v in data.metric_rows
        if v is not None and k not in LOWER_IS_BETTER and v <= 1
    ]
    parts.append("<h2>Pass rate by topic</h2>")
    parts += [_bar(f"{topic} ({n})", rate) for topic, n, rate in data.topic_rows]
    parts.append(f"<h2>Failing cases ({len(data.failing)})</h2>")
    for r in data.failing:
        reasons = "".join(
            f"<li>{html.escape(name)}: {html.escape(str(v['reason']))}</li>"
            for name, v in r.metrics.items()
            if v["score"] not in (None, 1.0)
        )
        trace = "".join(f"<li>{html.escape(line)}</li>" for line in r.trace)
        parts.append(
            f"<details><summary>{html.escape(r.case_id)}: {html.escape(r.question)}</summary>"
            f"<p>Cited: {html.escape(', '.join(r.cited) or 'none')} · retrieved: "
            f"{html.escape(', '.join(r.retrieved[:5]))}</p><ul>{reasons}</ul>"
            f"<p>Trace (the rules that decided):</p><ol>{trace}</ol>"
            f"<pre style='white-space:pre-wrap'>{html.escape(r.answer)}</pre></details>"
        )
    parts += [extra, "</body></html>"]
    return "\n".join(parts)
