"""The application database (feedback, curation queue, conversations), each test run on
SQLite and on a real PostgreSQL that the suite starts on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import socket
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, citation, free_port
from sqlalchemy.engine import Engine

from assistant.models import Answer, Step
from knowledge.errors import ConfigError
from knowledge.settings import Settings
from ui.conversations import load_conversation, save_conversation
from ui.database import DatabaseUnavailableError, close_all, database
from ui.feedback import (
    curation_queue,
    link_summary,
    list_feedback,
    log_abstention,
    question_key,
    save_feedback,
    set_queue_status,
    trace_lines,
)

RESEARCH = "Deaths 1950-2021 fell; from 2016-03-03 the risk ratio was 0.55 (CI 0.40-0.70, p=0.001)"


def answer(**changes: object) -> Answer:
    cited = citation()
    data: dict[str, object] = dict(
        question="Does coffee help? mail me at jo@example.com or +1 555 123 4567",
        standalone_question="Does coffee help?",
        answer="Coffee drinkers had lower odds. [1]",
        citations=[cited],
        disclaimer="Not advice.",
        settings_hash="abc",
    )
    data.update(changes)
    return Answer.model_validate(data)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'msra.sqlite3'}"
    else:
        yield request.getfixturevalue("postgres").new_database()
    close_all()


@pytest.fixture
def db(db_url: str) -> Engine:
    return database(db_url)


def stored_text(rows: list[dict[str, Any]]) -> str:
    return " ".join(str(value) for row in rows for value in row.values())


def test_feedback_is_redacted_and_queued(db: Engine) -> None:
    save_feedback(
        db, answer(), helpful=False, category="wrong study", comment="call me on 07700 900123"
    )
    save_feedback(db, answer(), helpful=True)
    log_abstention(db, answer(question="how to bake bread", closest_topics=["diet and lifestyle"]))
    rows = list_feedback(db)
    assert len(rows) == 2 and rows[1]["category"] == "wrong study" and rows[0]["helpful"] == 1
    stored = stored_text(rows)
    assert "jo@example.com" not in stored and "900123" not in stored and "4567" not in stored
    assert "[email removed]" in stored and "[phone removed]" in stored
    assert rows[0]["settings_hash"] == "abc" and '"summary_id": "s"' in rows[0]["citations"]
    assert [e.reasons for e in curation_queue(db)] == [["abstained"], ["wrong study"]]
    with pytest.raises(ValueError):
        save_feedback(db, answer(), helpful=False, category="bogus")
    assert len(list_feedback(db)) == 2


def test_the_issue_s_typed_details_are_removed(db: Engine) -> None:
    comment = "ring 555-1234, or john at example dot com, john(at)example.com"
    save_feedback(
        db, answer(question="reach me at john [at] example [dot] com"), True, None, comment
    )
    [row] = list_feedback(db)
    assert row["question"] == "reach me at [email removed]"
    assert row["comment"] == "ring [phone removed], or [email removed], [email removed]"


def test_research_text_survives_in_the_question_and_the_answer(db: Engine) -> None:
    question = f"{RESEARCH}? Text me on 555-1234"
    reply = f"{RESEARCH}. We cannot call 555-1234 for you."
    save_feedback(db, answer(question=question, answer=reply), helpful=True)
    log_abstention(db, answer(question=question))
    [row] = list_feedback(db)
    assert row["question"] == f"{RESEARCH}? Text me on [phone removed]"
    # The engine's own text is stored as written; only the typed number it repeats goes.
    assert row["answer"] == f"{RESEARCH}. We cannot call [phone removed] for you."
    [queued] = curation_queue(db)
    assert queued.question == row["question"]


def test_feedback_keeps_the_trace_redacted(db: Engine) -> None:
    trace = [
        Step(rule="follow_up", verdict="carry topic", reason="carried: jo@example.com coffee"),
        Step(rule="close_enough", verdict="cite", reason="s at 0.54 (1950-2021)"),
    ]
    save_feedback(db, answer(trace=trace), helpful=True)
    save_feedback(db, answer(), helpful=False)
    with_trace, without = reversed(list_feedback(db))
    assert trace_lines(with_trace) == [
        "follow_up: carry topic (carried: [email removed] coffee)",
        "close_enough: cite (s at 0.54 (1950-2021))",
    ]
    assert trace_lines(without) == []


def test_the_curation_queue_is_newest_first(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    stamps = iter(["2026-01-01T00:00:00+00:00", "2026-03-01T00:00:00+00:00"])
    monkeypatch.setattr("ui.feedback.now", lambda: next(stamps))
    log_abstention(db, answer(question="older"))
    save_feedback(db, answer(question="newer"), helpful=False, category="wrong study")
    assert [e.question for e in curation_queue(db)] == ["newer", "older"]
    assert [e.question for e in curation_queue(db, limit=1)] == ["newer"]


def test_conversations_are_saved_redacted_and_replaced(db: Engine) -> None:
    first = answer(question="coffee? I'm on 555-1234", answer=f"{RESEARCH}. [1]")
    week = dt.timedelta(days=7)
    save_conversation(db, "session-1", [first], week)
    save_conversation(db, "session-1", [first, answer(question="and tea?")], week)
    save_conversation(db, "session-2", [answer(question="other")], week)
    turns = load_conversation(db, "session-1")
    assert [t["question"] for t in turns] == ["coffee? I'm on [phone removed]", "and tea?"]
    assert turns[0]["answer"] == f"{RESEARCH}. [1]" and turns[0]["citations"] == ["s"]
    assert load_conversation(db, "nobody") == []


def test_two_replicas_share_their_records(db_url: str, db: Engine) -> None:
    """Another process (a second UI replica) writes; this one reads what it wrote."""
    typed = answer(question="from replica two").model_dump_json()
    script = textwrap.dedent(
        f"""
        from assistant.models import Answer
        from ui.database import database
        from ui.feedback import log_abstention, save_feedback
        db = database({db_url!r})
        first = Answer.model_validate_json({typed!r})
        save_feedback(db, first, helpful=False, category="unsafe")
        log_abstention(db, first.model_copy(update={{"question": "also from replica two"}}))
        """
    )
    save_feedback(database(db_url), answer(question="from replica one"), helpful=True)
    subprocess.run([sys.executable, "-c", script], cwd=REPO, check=True, timeout=120)
    assert [r["question"] for r in list_feedback(db)] == ["from replica two", "from replica one"]
    assert [e.question for e in curation_queue(db)] == ["also from replica two"]


def test_replicas_starting_together_create_the_schema_once(db_url: str) -> None:
    """Four processes open the same empty database at once; none fails on the schema."""
    script = f"from ui.database import database; database({db_url!r})"
    runs = [
        subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    errors = [run.communicate(timeout=120)[1].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], errors
    assert list_feedback(database(db_url)) == []


def test_the_sqlite_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    fresh = tmp_path / "new" / "msra.sqlite3"
    save_feedback(database(f"sqlite:///{fresh}"), answer(), helpful=True)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    old = tmp_path / "old.sqlite3"
    sqlite3.connect(old).close()
    old.chmod(0o644)  # as earlier versions left it
    database(f"sqlite:///{old}")
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
    close_all()


def test_feedback_files_from_before_the_trace_are_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:
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
    old.close()
    db = database(f"sqlite:///{path}")
    [row] = list_feedback(db)
    assert row["trace"] is None and trace_lines(row) == []
    save_feedback(db, answer(trace=[Step(rule="r", verdict="v", reason="why")]), helpful=True)
    newest, oldest = list_feedback(db)
    assert trace_lines(newest) == ["r: v (why)"] and oldest["question"] == "q"
    assert [e.reasons for e in curation_queue(db)] == [["wrong study"]]
    assert trace_lines({"trace": "not json"}) == [] and trace_lines({"trace": "{}"}) == []
    close_all()


def test_the_database_url_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    default = Settings(_env_file=None).ui.database_url  # type: ignore[call-arg]
    assert default.get_secret_value() == "sqlite:///data/msra.sqlite3"
    monkeypatch.setenv("MSRA_UI__DATABASE_URL", "postgresql://u:hunter2@db/msra")
    configured = Settings(_env_file=None).ui  # type: ignore[call-arg]
    assert configured.database_url.get_secret_value() == "postgresql://u:hunter2@db/msra"
    assert "hunter2" not in configured.model_dump_json()


@pytest.mark.parametrize("url", ["not a url", "nosuchdb://x/y"])
def test_a_bad_database_url_is_a_config_error(url: str) -> None:
    with pytest.raises(ConfigError, match="MSRA_UI__DATABASE_URL"):
        database(url)


def test_an_sqlite_file_that_cannot_be_made_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with pytest.raises(ConfigError, match=r"cannot create the SQLite file .*a-file/msra"):
        database(f"sqlite:///{tmp_path / 'a-file' / 'msra.sqlite3'}")


def test_an_unreachable_database_is_reported_and_retried() -> None:
    url = f"postgresql+psycopg://msra:hunter2@127.0.0.1:{free_port()}/msra"
    with pytest.raises(DatabaseUnavailableError) as caught:
        database(url)
    assert "cannot reach the database at" in caught.value.message
    assert "hunter2" not in caught.value.user_message() and "MSRA_UI__DATABASE_URL" in (
        caught.value.hint
    )
    with pytest.raises(DatabaseUnavailableError):  # not cached: tried again
        database(url)


def test_a_server_that_never_answers_fails_within_the_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("ui.database.CONNECT_TIMEOUT_S", 1.0)
    with socket.socket() as silent:  # accepts connections (the kernel does), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"postgresql+psycopg://msra@127.0.0.1:{silent.getsockname()[1]}/msra"
        with pytest.raises(DatabaseUnavailableError, match="timeout"):
            database(url)


def test_feedback_survives_a_postgres_restart(postgres: Any) -> None:
    from pg_cluster import PostgresCluster

    cluster = PostgresCluster()
    try:
        cluster.start()
        db = database(cluster.new_database())
        save_feedback(db, answer(question="before"), helpful=True)
        cluster.stop()
        cluster.start()  # the pooled connection is dead now: the next save must not fail
        save_feedback(db, answer(question="after a restart"), helpful=True)
        cluster.stop()
        with pytest.raises(DatabaseUnavailableError) as caught:
            save_feedback(db, answer(question="while down"), helpful=True)
        assert "Feedback and the curation queue are unavailable" in caught.value.hint
        cluster.start()
        save_feedback(db, answer(question="back up"), helpful=True)
        stored = [r["question"] for r in list_feedback(db)]
        assert stored == ["back up", "after a restart", "before"]
    finally:
        close_all()
        cluster.remove()


def test_saved_rows_are_plain_json_and_text(db: Engine) -> None:
    save_feedback(db, answer(closest_topics=["x"]), helpful=True, comment="  thanks  ")
    [row] = list_feedback(db)
    assert json.loads(row["citations"])[0]["title"] == "Coffee and MS"
    assert row["comment"] == "thanks" and row["created_at"].endswith("+00:00")


def test_one_question_asked_again_and_marked_wrong_is_one_queue_entry(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The duplicate the issue saw: an abstained answer marked "wrong study" is stored
    twice (an abstention and a feedback row), and each asking logs again."""
    stamps = iter(f"2026-01-0{day}T00:00:00+00:00" for day in range(1, 10))
    monkeypatch.setattr("ui.feedback.now", lambda: next(stamps))
    bread = answer(
        question="How do I bake bread? mail jo@example.com",
        answer="We have no summary on that.",
        citations=[],
        closest_topics=["diet and lifestyle"],
        trace=[Step(rule="close_enough", verdict="abstain", reason="nothing near (0.21)")],
    )
    log_abstention(db, bread)
    log_abstention(db, answer(question="coffee and MS"))
    log_abstention(db, bread.model_copy(update={"question": "how do I  bake bread? mail x@y.org"}))
    save_feedback(db, bread, helpful=False, category="wrong study", comment="no")
    bread_entry, coffee = curation_queue(db)
    assert coffee.question == "coffee and MS" and len(coffee.records) == 1
    assert bread_entry.question == "How do I bake bread? mail [email removed]"
    assert bread_entry.reasons == ["wrong study", "abstained"] and len(bread_entry.records) == 3
    newest_abstention = bread_entry.records[1]
    assert newest_abstention["answer"] == "We have no summary on that."
    assert trace_lines(newest_abstention) == ["close_enough: abstain (nothing near (0.21))"]
    assert json.loads(newest_abstention["closest_topics"]) == ["diet and lifestyle"]
    assert bread_entry.records[0]["comment"] == "no"
    assert question_key(" How do I bake  bread?! ") == "how do i bake bread"


def test_queue_actions_persist(db_url: str, db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    stamps = iter(f"2026-01-01T00:00:0{second}+00:00" for second in range(10))
    monkeypatch.setattr("ui.feedback.now", lambda: next(stamps))
    log_abstention(db, answer(question="bake bread?"))
    save_feedback(db, answer(question="Bake bread"), helpful=False, category="wrong study")
    log_abstention(db, answer(question="knit a scarf"))
    scarf, bread = curation_queue(db)
    link_summary(db, bread.refs, "coffee-2016")
    set_queue_status(db, bread.refs, "resolved")
    set_queue_status(db, scarf.refs, "dismissed")
    close_all()  # a fresh engine: what follows is read back from the database
    db = database(db_url)
    assert curation_queue(db) == []
    handled = {e.question: e for e in curation_queue(db, handled=True)}
    assert {q: (e.status, e.summary_id) for q, e in handled.items()} == {
        "Bake bread": ("resolved", "coffee-2016"),
        "knit a scarf": ("dismissed", None),
    }
    assert len(handled["Bake bread"].records) == 2
    # Asked again after it was resolved: the fix did not help, so it is open again.
    log_abstention(db, answer(question="bake bread"))
    [again] = curation_queue(db)
    assert again.question == "bake bread" and len(again.records) == 1
    set_queue_status(db, handled["knit a scarf"].refs, None)  # reopened
    assert [e.question for e in curation_queue(db)] == ["bake bread", "knit a scarf"]
    with pytest.raises(ValueError):
        set_queue_status(db, again.refs, "deleted")


def test_queue_files_from_before_the_actions_are_migrated(tmp_path: Path) -> None:
    """An SQLite file made by the previous schema keeps its rows and gains the columns."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:
        old.execute(
            "CREATE TABLE abstentions (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT"
            " NOT NULL, question TEXT NOT NULL, closest_topics TEXT NOT NULL,"
            " settings_hash TEXT NOT NULL)"
        )
        old.execute(
            "INSERT INTO abstentions (created_at, question, closest_topics, settings_hash)"
            " VALUES ('2026-01-01T00:00:00+00:00', 'old bread?', '[\"diet\"]', 'abc')"
        )
    old.close()
    db = database(f"sqlite:///{path}")
    [entry] = curation_queue(db)
    assert entry.question == "old bread?" and entry.records[0]["answer"] is None
    assert trace_lines(entry.records[0]) == [] and entry.summary_id is None
    link_summary(db, entry.refs, "s")
    set_queue_status(db, entry.refs, "resolved")
    [done] = curation_queue(db, handled=True)
    assert (done.question, done.status, done.summary_id) == ("old bread?", "resolved", "s")
    close_all()
