"""The next step under a "no summary" answer on the chat page: the kind sentence, the
closest topics as links to the Explore page, "did you mean" and questions the library
can answer, as buttons that ask them (see ``assistant.next_step``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from assistant.models import Answer
from assistant.next_step import TOPICS_LEAD
from ui.display import escape_markdown
from ui.explore_address import topic_address


def topic_links(topics: Sequence[str]) -> str:
    """The closest topics as one Markdown line of links to the Explore page."""
    links = ", ".join(f"[{escape_markdown(t)}]({topic_address(t)})" for t in topics)
    return f"**Closest topics in the library:** {links}"


def kind_text(answer: Answer) -> str:
    """The abstention's own words, without the plain-text topics line (the links say it)."""
    kept = [p for p in answer.body.split("\n\n") if p.strip() and not p.startswith(TOPICS_LEAD)]
    return "\n\n".join(kept)


def render_next_step(i: int, answer: Answer, last: bool, ask: Callable[[str], None]) -> None:
    """Answer ``i``'s next step; the buttons (on the last answer only, like the follow-ups)
    call ``ask`` with their question."""
    st.markdown(escape_markdown(kind_text(answer)))
    if last and answer.did_you_mean:
        st.markdown("**Did you mean:**")
        # The rewritten question is the person's own text: escaped as a label.
        label = escape_markdown(answer.did_you_mean)
        st.button(label, key=f"did-you-mean-{i}", on_click=ask, args=(answer.did_you_mean,))
    if answer.closest_topics:
        st.markdown(topic_links(answer.closest_topics))
    render_suggestions(i, answer, last, ask)


def render_suggestions(i: int, answer: Answer, last: bool, ask: Callable[[str], None]) -> None:
    """Questions the library can answer (after "no summary", and after a greeting), as
    buttons that ask them; on the last answer only."""
    if last and answer.suggested_questions:
        st.markdown("**Questions the library can answer:**")
        for j, question in enumerate(answer.suggested_questions):
            st.button(question, key=f"suggested-{i}-{j}", on_click=ask, args=(question,))
