"""Render a summary like the website's page (Markdown, also fine as terminal text)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from knowledge.models import SECTION_TITLES, EvidenceCard, Summary

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally (no links, no HTML, no formatting)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


#: Inside a line of prose, only these can format, link, or start HTML, LaTeX or a
#: Streamlit shortcode (":red[...]", ":smile:"); a full stop or a colon and a space cannot.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>~|$]|:(?=\S))")


def shortened(text: str, limit: int) -> str:
    """The text on one line, cut at the last whole word within ``limit`` characters and
    ended with "…" when it is longer."""
    words = " ".join(text.split())
    if len(words) > limit:
        words = words[:limit].rsplit(" ", 1)[0] + "…"
    return words


def escape_inline_markdown(text: str) -> str:
    """Text quoted inside a line of Markdown prose, shown literally but with its ordinary
    punctuation left as typed (``escape_markdown`` also escapes every full stop)."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def rating_text(value: int | None) -> str:
    """A 1-5 rating in words, or 'not yet rated'."""
    return f"{value}/5" if value is not None else "not yet rated"


def evidence_badge(summary: Summary) -> str:
    """Evidence in plain words, e.g. 'Randomized controlled trial, 316 people, credibility 4/5'."""
    parts = []
    if summary.source:
        parts.append(summary.source.study_type.capitalize())
        if summary.source.sample_size:
            parts.append(f"{summary.source.sample_size:,} people")
    parts.append(f"credibility {rating_text(summary.credibility)}")
    return ", ".join(parts)


FINDING_LABELS = {
    "main": "Main result",
    "result": "Also found",
    "benefit": "Further benefit",
    "harm": "Harms and side effects",
    "no_difference": "No difference",
    "who": "Who it applies to",
    "design": "How it was done",
    "limitation": "Limitation",
    "practical": "In daily life",
}


def at_a_glance(card: EvidenceCard, escape: Callable[[str], str] = escape_markdown) -> str:
    """The evidence card as the page's "At a glance" block (Markdown, cells escaped)."""
    lines = [
        f"**Who was studied:** {escape(card.population)}  ",
        f"**Compared:** {escape(card.compared)}  ",
        f"**How long:** {escape(card.length)}",
        "",
    ]
    lines += [f"- **{FINDING_LABELS[f.aspect]}:** {escape(f.text)}" for f in card.findings]
    return "\n".join(lines)


def render_page(summary: Summary, related: Sequence[Summary] = ()) -> str:
    """The summary as the site shows it: ratings, sections, topics, source, related."""
    lines = [
        f"# {summary.title}",
        "",
        f"*{summary.published:%B %-d, %Y}* · Credibility {rating_text(summary.credibility)}"
        f" · Interest {rating_text(summary.interest)}",
        "",
    ]
    if summary.card is not None:
        lines += ["## At a glance", "", at_a_glance(summary.card, lambda text: text), ""]
    for name, title in SECTION_TITLES.items():
        lines += [f"## {title}", "", summary.section(name), ""]
    lines += ["**Article Topics:** " + (", ".join(summary.topics) or "none yet"), ""]
    if summary.source:
        source = summary.source
        cite = ", ".join(str(x) for x in (source.journal, source.year) if x)
        lines += [
            f"**Original paper:** [{source.title}]({source.url})" + (f" ({cite})" if cite else ""),
            "",
        ]
        lines += [f"**Evidence:** {evidence_badge(summary)}", ""]
    if summary.review:
        lines += ["**Editor flags:** " + "; ".join(summary.review), ""]
    if related:
        lines += ["## You May Also Like", ""]
        lines += [f"- **{r.title}** ({r.published:%-m/%-d/%Y}): {r.key_takeaway}" for r in related]
        lines.append("")
    return "\n".join(lines)
