"""Pure display helpers: escaping, source cards, transcripts (redaction: ui.redaction).

Library text, questions and model output are untrusted: everything from them is
escaped before it reaches ``st.markdown`` (and ``unsafe_allow_html`` is never used),
so injected HTML or link markup shows as plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from assistant.evidence import table_grid, table_markdown
from assistant.models import Answer, Citation, EvidenceRow
from knowledge.render import escape_markdown

__all__ = ["escape_markdown"]

_MARKER = re.compile(r"\\\[(\d{1,2})\\\]")


def answer_markdown(body: str) -> str:
    """An answer body, escaped, with its [n] markers shown as bold references."""
    return _MARKER.sub(r"**[\1]**", escape_markdown(body))


def evidence_badge(citation: Citation) -> str:
    """'Randomized controlled trial, 316 people, credibility 4/5' in plain words."""
    parts = [citation.study_type.capitalize() if citation.study_type else "Study design not given"]
    if citation.sample_size:
        parts.append(f"{citation.sample_size:,} people")
    parts.append(
        f"credibility {citation.credibility}/5" if citation.credibility else "not yet rated"
    )
    return ", ".join(parts)


def citation_card(citation: Citation) -> str:
    """A source card: title, date, evidence, interest, passage, link and caveats."""
    lines = [
        f"**[{citation.n}] {escape_markdown(citation.title)}**  ",
        f"{citation.published:%B %-d, %Y} · {escape_markdown(evidence_badge(citation))}"
        + (f" · interest {citation.interest}/5" if citation.interest else ""),
        "",
        f"> {escape_markdown(citation.passage)}",
        "",
        f"**Important considerations:** {escape_markdown(citation.caveats)}",
    ]
    if citation.url and citation.url.startswith(("https://", "http://")):
        label = escape_markdown(citation.source_title or "Original paper")
        lines += ["", f"Original paper: [{label}](<{citation.url}>)"]
    return "\n".join(lines)


def evidence_table_markdown(rows: Sequence[EvidenceRow]) -> str:
    """The evidence table for the chat, every cell escaped (library text is untrusted)."""
    return table_markdown(rows, escape=escape_markdown)


def evidence_table_html(rows: Sequence[EvidenceRow]) -> str:
    """The evidence table for the printable page, escaped."""
    header, lines = table_grid(rows)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>" for cells in lines
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def appointment_questions(answers: Sequence[Answer]) -> list[str]:
    """Questions to take to a neurologist or MS nurse, from what was discussed."""
    questions = []
    seen: set[str] = set()
    for answer in answers:
        for c in answer.citations:
            if c.summary_id not in seen:
                seen.add(c.summary_id)
                questions.append(f"Does the research in “{c.title}” apply to someone like me?")
    questions += [
        "What are the benefits and risks of my current treatment for me?",
        "Which of these findings are still uncertain, and what would change your advice?",
        "Are there symptoms I should report to you straight away?",
    ]
    return questions


def transcript_markdown(answers: Sequence[Answer]) -> str:
    """The conversation as a printable Markdown page for an appointment."""
    lines = ["# My MS research questions", ""]
    for answer in answers:
        lines += [f"## Q: {answer.question}", "", answer.answer, ""]
        if answer.evidence_table:
            lines += [table_markdown(answer.evidence_table), ""]
        for c in answer.citations:
            lines += [
                f"- [{c.n}] {c.title} ({c.published}) — {evidence_badge(c)}"
                + (f" — {c.url}" if c.url else ""),
                f"  - Important considerations: {c.caveats}",
            ]
        lines.append("")
    lines += ["## Questions to ask my neurologist or MS nurse", ""]
    lines += [f"- {q}" for q in appointment_questions(answers)]
    lines += ["", "_Research information, not personal medical advice._", ""]
    return "\n".join(lines)


def transcript_html(answers: Sequence[Answer]) -> str:
    """The same page as standalone, escaped, printable HTML."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>My MS research questions</title>",
        "<style>body{font-family:sans-serif;font-size:18px;max-width:46em;margin:2em auto;"
        "line-height:1.5}h2{margin-top:1.5em}.caveat{background:#fff4e5;padding:.5em}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em;"
        "vertical-align:top}</style>",
        "</head><body><h1>My MS research questions</h1>",
    ]
    for answer in answers:
        parts.append(f"<h2>Q: {html.escape(answer.question)}</h2>")
        parts += [f"<p>{html.escape(p)}</p>" for p in answer.answer.split("\n\n") if p.strip()]
        if answer.evidence_table:
            parts.append(evidence_table_html(answer.evidence_table))
        for c in answer.citations:
            link = f" <a href='{html.escape(c.url)}'>{html.escape(c.url)}</a>" if c.url else ""
            parts.append(
                f"<p><b>[{c.n}] {html.escape(c.title)}</b> ({c.published}) — "
                f"{html.escape(evidence_badge(c))}{link}</p>"
                f"<p class='caveat'><b>Important considerations:</b> {html.escape(c.caveats)}</p>"
            )
    parts.append("<h2>Questions to ask my neurologist or MS nurse</h2><ul>")
    parts += [f"<li>{html.escape(q)}</li>" for q in appointment_questions(answers)]
    parts.append(
        "</ul><p><i>Research information, not personal medical advice.</i></p></body></html>"
    )
    return "\n".join(parts)
