"""Pure display helpers: escaping, cards, redaction, transcripts, feedback storage."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from assistant.models import Answer, Citation, EvidenceRow, Step
from ui.display import (
    answer_markdown,
    citation_card,
    escape_markdown,
    evidence_badge,
    evidence_table_markdown,
    redact,
    transcript_html,
    transcript_markdown,
)
from ui.feedback import (
    curation_queue,
    list_feedback,
    log_abstention,
    save_feedback,
    trace_lines,
)


def citation(**changes: object) -> Citation:
    data: dict[str, object] = dict(
        n=1,
        summary_id="s",
        title="Coffee and MS",
        url="https://pubmed.ncbi.nlm.nih.gov/1/",
        doi=None,
        pmid="1",
        source_title="Coffee paper",
        fact_sheet="s",
        published=dt.date(2016, 3, 3),
        credibility=4,
        interest=3,
        study_type="randomized controlled trial",
        sample_size=316,
        passage="Coffee drinkers had lower odds.",
        caveats="Memory can be wrong.",
    )
    data.update(changes)
    return Citation.model_validate(data)


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


def test_redaction() -> None:
    text = redact(
        "Email jo.smith@example.co.uk or call (555) 123-4567 / +44 20 7946 0958 "
        "about 2 relapses in 2021"
    )
    assert "example" not in text and "4567" not in text and "0958" not in text
    assert "2 relapses in 2021" in text


def test_transcripts_carry_sources_caveats_and_questions() -> None:
    md = transcript_markdown([answer()])
    assert "Important considerations: Memory can be wrong." in md
    assert "Questions to ask my neurologist or MS nurse" in md and "“Coffee and MS”" in md
    page = transcript_html([answer(question="<script>x</script>")])
    assert "<script>x" not in page and "&lt;script&gt;" in page
    assert page.startswith("<!doctype html>")


def test_feedback_is_redacted_and_queued(tmp_path: Path) -> None:
    db = tmp_path / "fb.sqlite3"
    save_feedback(
        db, answer(), helpful=False, category="wrong study", comment="call me on 07700 900123"
    )
    save_feedback(db, answer(), helpful=True)
    log_abstention(db, answer(question="how to bake bread", closest_topics=["diet and lifestyle"]))
    rows = list_feedback(db)
    assert len(rows) == 2 and rows[1]["category"] == "wrong study"
    stored = " ".join(str(v) for row in rows for v in row.values())
    assert "jo@example.com" not in stored and "900123" not in stored and "[email removed]" in stored
    assert rows[0]["settings_hash"] == "abc" and '"summary_id": "s"' in rows[0]["citations"]
    assert {r["reason"] for r in curation_queue(db)} == {"abstained", "wrong study"}
    with pytest.raises(ValueError):
        save_feedback(db, answer(), helpful=False, category="bogus")
    assert sqlite3.connect(db).execute("select count(*) from feedback").fetchone()[0] == 2


def test_feedback_keeps_the_trace_redacted(tmp_path: Path) -> None:
    db = tmp_path / "fb.sqlite3"
    trace = [
        Step(rule="follow_up", verdict="carry topic", reason="carried: jo@example.com coffee"),
        Step(rule="close_enough", verdict="cite", reason="s at 0.54"),
    ]
    save_feedback(db, answer(trace=trace), helpful=True)
    save_feedback(db, answer(), helpful=False)
    with_trace, without = reversed(list_feedback(db))
    assert trace_lines(with_trace) == [
        "follow_up: carry topic (carried: [email removed] coffee)",
        "close_enough: cite (s at 0.54)",
    ]
    assert trace_lines(without) == []


def test_feedback_files_from_before_the_trace_are_migrated(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    with sqlite3.connect(db) as old:
        old.execute(
            "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT"
            " NULL, question TEXT NOT NULL, answer TEXT NOT NULL, citations TEXT NOT NULL,"
            " settings_hash TEXT NOT NULL, mode TEXT NOT NULL, safety TEXT NOT NULL,"
            " helpful INTEGER NOT NULL, category TEXT, comment TEXT)"
        )
        old.execute(
            "INSERT INTO feedback (created_at, question, answer, citations, settings_hash, mode,"
            " safety, helpful, category, comment) VALUES ('2026-01-01T00:00:00+00:00', 'q',"
            " 'a', '[]', 'abc', 'offline', 'none', 1, 'wrong study', '')"
        )
    [row] = list_feedback(db)
    assert row["trace"] is None and trace_lines(row) == []
    save_feedback(db, answer(trace=[Step(rule="r", verdict="v", reason="why")]), helpful=True)
    newest, oldest = list_feedback(db)
    assert trace_lines(newest) == ["r: v (why)"] and oldest["question"] == "q"
    assert {r["reason"] for r in curation_queue(db)} == {"wrong study"}
    assert trace_lines({"trace": "not json"}) == [] and trace_lines({"trace": "{}"}) == []


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
