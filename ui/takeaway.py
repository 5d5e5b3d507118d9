"""What a reader takes away from the chat: an answer copied with its sources as plain
text, and the conversation downloaded for an appointment."""

from __future__ import annotations

import html

import streamlit as st

from assistant.models import Answer
from ui.display import evidence_badge, transcript_html, transcript_markdown


def answer_text(answer: Answer) -> str:
    """One answer with its sources as plain text, for the clipboard."""
    lines = [f"Question: {answer.question}", ""]
    said = [part for part in (answer.notice, answer.body) if part] or [answer.answer]
    lines += [_plain(part) + "\n" for part in said]
    if answer.citations:
        lines.append("Sources:")
    for c in answer.citations:
        lines.append(f"[{c.n}] {c.title} ({c.published:%B %-d, %Y}). {evidence_badge(c)}.")
        if c.url:
            lines.append(f"    Original paper: {c.url}")
        lines.append(f"    Important considerations: {c.caveats}")
    lines += ["", answer.disclaimer]
    return "\n".join(lines).strip() + "\n"


def _plain(markdown: str) -> str:
    """Fixed notices and model text without Markdown's emphasis marks."""
    return markdown.replace("**", "").replace("__", "").strip()


def copy_button(i: int, answer: Answer) -> None:
    """A button copying the answer and its sources; the text is escaped into a hidden
    field (st.html sanitizes too, and runs no script here)."""
    st.html(
        f'<div class="msra-copy-row"><button type="button" class="msra-copy" '
        f'data-copy="copy-answer-{i + 1}">Copy answer {i + 1} and its sources</button>'
        f'<span class="msra-copied" role="status"></span>'
        f'<textarea id="copy-answer-{i + 1}" hidden readonly aria-hidden="true">'
        f"{html.escape(answer_text(answer))}</textarea></div>"
    )


def downloads(answers: list[Answer]) -> None:
    """The "Take to my appointment" downloads: a printable page or Markdown."""
    st.divider()
    st.markdown(
        "**Take to my appointment**: download this conversation with its sources, caveats "
        "and questions to ask."
    )
    left, right = st.columns(2)
    left.download_button(
        "Download as a printable page (HTML)",
        transcript_html(answers),
        "ms-research-questions.html",
        "text/html",
    )
    right.download_button(
        "Download as text (Markdown)",
        transcript_markdown(answers),
        "ms-research-questions.md",
        "text/markdown",
    )
