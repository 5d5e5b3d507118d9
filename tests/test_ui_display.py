"""Pure display helpers: escaping, cards, transcripts (storage: test_database.py)."""

from __future__ import annotations

from conftest import citation

from assistant.models import Answer, EvidenceRow
from ui.display import (
    answer_markdown,
    citation_card,
    escape_markdown,
    evidence_badge,
    evidence_table_markdown,
    transcript_html,
    transcript_markdown,
)


def answer(**changes: object) -> Answer:
    data: dict[str, object] = dict(
        question="Does coffee help? mail me at jo@example.com or +1 555 123 4567",
        standalone_question="Does coffee help?",
        answer="Coffee drinkers had lower odds. [1]",
        body="Coffee drinkers had lower odds. [1]",
        citations=[citation()],
        disclaimer="Not advice.",
        settings_hash="abc",
    )
    data.update(changes)
    return Answer.model_validate(data)


def test_escaping_defuses_html_and_links() -> None:
    hostile = "<script>alert(1)</script> [click](javascript:alert(2)) **bold** # heading"
    escaped = escape_markdown(hostile)
    assert "<script>" not in escaped and "](" not in escaped
    assert "\\<script\\>" in escaped and "\\*\\*bold\\*\\*" in escaped


def test_answer_markers_survive_escaping() -> None:
    assert answer_markdown("It helped [1]. Also [2].") == "It helped **[1]**\\. Also **[2]**\\."


def test_evidence_badge_in_plain_words() -> None:
    assert evidence_badge(citation()) == "Randomized controlled trial, 316 people, credibility 4/5"
    assert evidence_badge(citation(sample_size=None, credibility=None, study_type=None)) == (
        "Study design not given, not yet rated"
    )


def test_citation_card_shows_caveats_and_a_safe_link() -> None:
    card = citation_card(citation(title="<b>x</b>"))
    assert "**Important considerations:** Memory can be wrong\\." in card
    assert "(<https://pubmed.ncbi.nlm.nih.gov/1/>)" in card and "<b>" not in card
    assert "javascript" not in citation_card(citation(url="javascript:alert(1)"))


def test_transcripts_carry_sources_caveats_and_questions() -> None:
    md = transcript_markdown([answer()])
    assert "Important considerations: Memory can be wrong." in md
    assert "Questions to ask my neurologist or MS nurse" in md and "“Coffee and MS”" in md
    page = transcript_html([answer(question="<script>x</script>")])
    assert "<script>x" not in page and "&lt;script&gt;" in page
    assert page.startswith("<!doctype html>")


def test_the_evidence_table_reaches_chat_and_handoff_escaped() -> None:
    row = EvidenceRow(
        n=1,
        study="Coffee <b>and</b> MS",
        design="cohort study",
        people="6,739 people",
        compared="heavy against no coffee",
        main_result="Heavy coffee drinkers had lower odds of MS.",
        length="one visit",
    )
    chat = evidence_table_markdown([row, row.model_copy(update={"n": 2})])
    assert chat.splitlines()[0].startswith("|  | \\[1\\] Coffee")
    assert chat.splitlines()[2] == "| Design | cohort study | cohort study |"
    assert "<b>" not in chat
    with_table = answer(evidence_table=[row])
    assert "| People | 6,739 people |" in transcript_markdown([with_table])
    page = transcript_html([with_table])
    assert "<th>[1] Coffee &lt;b&gt;and&lt;/b&gt; MS</th>" in page
