"""Pure display helpers: escaping, source cards, transcripts (redaction: ui.redaction).

Library text, questions and model output are untrusted: everything from them is
escaped before it reaches ``st.markdown`` (and ``unsafe_allow_html`` is never used),
so injected HTML or link markup shows as plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from assistant.evidence import table_grid, table_markdown
from assistant.models import Answer, Citation, EvidenceRow
from knowledge.models import EvidenceCard
from knowledge.render import FINDING_LABELS, escape_markdown

__all__ = ["escape_markdown"]

_MARKER = re.compile(r"\\\[(\d{1,2})\\\]")
#: Hosts whose links are the canonical record of a paper; any other host is named.
CANONICAL_HOSTS = ("doi.org", "pubmed.ncbi.nlm.nih.gov")
#: A citation passage written by ``assistant.evidence.at_a_glance`` (fixed labels).
_GLANCE = re.compile(
    r"People: (?P<who>.+)\. Compared: (?P<compared>.+)\. Length: (?P<long>.+)\.", re.S
)
_PLAIN_MARKER = re.compile(r"\s*\[\d{1,2}\]")


def source_anchor(turn: int, n: int) -> str:
    """The anchor of source card ``n`` of answer ``turn`` (0-based), unique on the page."""
    return f"source-{turn + 1}-{n}"


def answer_markdown(body: str, turn: int | None = None) -> str:
    """An answer body, escaped, with its [n] markers shown as bold references; given the
    answer's ``turn``, each marker links to its source card (``source_anchor``)."""
    if turn is None:
        return _MARKER.sub(r"**[\1]**", escape_markdown(body))
    # "#..." links stay on the page (Streamlit opens only other links in a new tab).
    return _MARKER.sub(
        lambda m: f'[**[{m[1]}]**](#{source_anchor(turn, int(m[1]))} "Source {m[1]}")',
        escape_markdown(body),
    )


def evidence_badge(citation: Citation) -> str:
    """'Randomized controlled trial, 316 people, credibility 4/5' in plain words."""
    parts = [citation.study_type.capitalize() if citation.study_type else "Study design not given"]
    if citation.sample_size:
        parts.append(f"{citation.sample_size:,} people")
    parts.append(
        f"credibility {citation.credibility}/5" if citation.credibility else "not yet rated"
    )
    return ", ".join(parts)


@dataclass(frozen=True)
class SourceCard:
    """A source card in parts: its heading (escaped Markdown, for ``st.subheader``), the
    anchor its [n] markers link to, and its body (escaped Markdown)."""

    heading: str
    anchor: str
    body: str


def source_card(
    citation: Citation, turn: int, card: EvidenceCard | None = None, answer_body: str = ""
) -> SourceCard:
    """Source card ``citation.n`` of answer ``turn`` (see ``citation_card`` for the body)."""
    return SourceCard(
        heading=f"\\[{citation.n}\\] {escape_markdown(citation.title)}",
        anchor=source_anchor(turn, citation.n),
        body=_card_body(citation, card, answer_body),
    )


def citation_card(
    citation: Citation, card: EvidenceCard | None = None, answer_body: str = ""
) -> str:
    """A source card: title, date, evidence, the study at a glance, caveats and a link to
    the original paper naming its host when that is not doi.org or PubMed.

    "At a glance" comes from the summary's evidence ``card`` when given (its findings the
    answer already quotes are left out), else from the citation's passage; a passage that
    only repeats ``answer_body`` is not shown again."""
    title = f"**\\[{citation.n}\\] {escape_markdown(citation.title)}**  "
    return f"{title}\n{_card_body(citation, card, answer_body)}"


def _card_body(citation: Citation, card: EvidenceCard | None, answer_body: str) -> str:
    lines = [
        f"{citation.published:%B %-d, %Y} · {escape_markdown(evidence_badge(citation))}"
        + (f" · interest {citation.interest}/5" if citation.interest else ""),
        "",
        *_glance_lines(citation, card, answer_body),
        f"**Important considerations:** {escape_markdown(citation.caveats)}",
    ]
    link = original_paper_link(citation)
    if link:
        lines += ["", link]
    return "\n".join(lines)


def _glance_lines(citation: Citation, card: EvidenceCard | None, answer_body: str) -> list[str]:
    """The "At a glance" block (and a blank line), or nothing when there is nothing new."""
    if card is not None:
        who, compared, length = card.population, card.compared, card.length
        more = [f for f in card.findings if f.text not in answer_body]
        findings = [f"- **{FINDING_LABELS[f.aspect]}:** {escape_markdown(f.text)}" for f in more]
    elif match := _GLANCE.fullmatch(citation.passage.strip()):
        who, compared, length, findings = match["who"], match["compared"], match["long"], []
    elif _says_more(citation.passage, answer_body):
        return [f"**From the summary:** {escape_markdown(citation.passage)}", ""]
    else:
        return []
    glance = [
        "**At a glance**  ",
        f"Who was studied: {escape_markdown(who)}  ",
        f"Compared: {escape_markdown(compared)}  ",
        f"How long: {escape_markdown(length)}",
    ]
    return [*glance, *(["", *findings] if findings else []), ""]


def _says_more(passage: str, answer_body: str) -> bool:
    """Whether a passage adds to the answer: not empty and not the answer's own words."""
    plain = _PLAIN_MARKER.sub("", answer_body)
    return bool(passage.strip()) and passage.strip() not in plain


def link_host(url: str) -> str:
    """The host a link goes to, without a leading "www." ("" for a malformed link)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a malformed address (bad port, brackets): no host to name
        return ""
    return host.removeprefix("www.")


def original_paper_link(citation: Citation) -> str:
    """'Original paper: [title](url)', naming the host unless it is doi.org or PubMed
    ('Original paper (journaljams.org): ...'); empty without an http(s) link."""
    url = citation.url or ""
    host = link_host(url)
    if not url.startswith(("https://", "http://")) or not host or re.search(r"[\s<>]", url):
        return ""
    label = escape_markdown(citation.source_title or "the paper")
    where = "" if host in CANONICAL_HOSTS else f" ({escape_markdown(host)})"
    return f"Original paper{where}: [{label}](<{url}>)"


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


_STYLE = (
    "body{font-family:sans-serif;font-size:18px;max-width:46em;margin:1em auto;"
    "padding:0 1em;line-height:1.5;overflow-wrap:anywhere}h2{margin-top:1.5em}"
    ".caveat{background:#fff4e5;padding:.5em}table{border-collapse:collapse;display:block;"
    "overflow-x:auto}td,th{border:1px solid #999;padding:.3em;vertical-align:top}"
)


def transcript_html(answers: Sequence[Answer]) -> str:
    """The same page as standalone, escaped, printable HTML that fits a phone: the app's
    own Markdown (notices, disclaimer) is rendered; the answer text is shown as text."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>My MS research questions</title><style>{_STYLE}</style>",
        "</head><body><h1>My MS research questions</h1>",
    ]
    for answer in answers:
        parts.append(f"<h2>Q: {html.escape(answer.question)}</h2>")
        parts.append(_answer_html(answer))
        if answer.evidence_table:
            parts.append(evidence_table_html(answer.evidence_table))
        parts += [_citation_html(c) for c in answer.citations]
    parts.append("<h2>Questions to ask my neurologist or MS nurse</h2><ul>")
    parts += [f"<li>{html.escape(q)}</li>" for q in appointment_questions(answers)]
    parts.append(
        "</ul><p><i>Research information, not personal medical advice.</i></p></body></html>"
    )
    return "\n".join(parts)


def _answer_html(answer: Answer) -> str:
    """Notice, "taken as a follow-up" line, body and disclaimer as HTML. The notice and
    disclaimer are the app's fixed Markdown; the body (library and model text) is text."""
    if not (answer.notice or answer.body):
        return markdown_html(answer.answer)  # no parts recorded: the whole text as Markdown
    parts = [markdown_html(answer.notice)] if answer.notice else []
    if answer.carried:
        parts.append(f"<p><i>{html.escape(answer.carried)}</i></p>")
    if answer.brand_line:
        parts.append(f"<p><i>{html.escape(answer.brand_line)}</i></p>")
    parts += [f"<p>{html.escape(p)}</p>" for p in answer.body.split("\n\n") if p.strip()]
    parts.append(f"<p><i>{html.escape(answer.disclaimer)}</i></p>")
    return "\n".join(parts)


def _citation_html(c: Citation) -> str:
    host = link_host(c.url or "")
    where = f" ({html.escape(host)})" if host and host not in CANONICAL_HOSTS else ""
    link = (
        f" <a href='{html.escape(c.url)}'>Original paper{where}</a>"
        if c.url and c.url.startswith(("https://", "http://"))
        else ""
    )
    return (
        f"<p><b>[{c.n}] {html.escape(c.title)}</b> ({c.published}) — "
        f"{html.escape(evidence_badge(c))}{link}</p>"
        f"<p class='caveat'><b>Important considerations:</b> {html.escape(c.caveats)}</p>"
    )


# Raw HTML is escaped and links and images are not made: only the app's own
# emphasis, paragraphs and lists become markup.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).disable(["link", "image", "autolink"])


def markdown_html(text: str) -> str:
    """The Markdown the app writes (paragraphs, nested bullet lists, **bold**, *italics*)
    as HTML; raw HTML in ``text`` shows as text and no link is made."""
    return str(_MARKDOWN.render(text)).strip()
