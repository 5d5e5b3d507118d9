"""Each page through streamlit.testing.v1.AppTest, over the fixture library."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import use_app_environment
from streamlit.testing.v1 import AppTest

from knowledge.settings import Settings
from ui.database import database
from ui.feedback import list_feedback, save_feedback

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")


@pytest.fixture
def ui_env(engine_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_app_environment(
        monkeypatch, engine_settings, tmp_path, f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
    )
    return tmp_path / "feedback.sqlite3"


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    return at


def test_chat_turn_shows_cited_answer_with_caveats(ui_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception
    ask(at, "Does drinking coffee change the risk of MS?")
    text = markdown_text(at)
    # Each source card's title is a heading its [n] markers link to (issue #15).
    titles = [h.value for h in at.subheader]
    assert "\\[1\\] Heavy Coffee Drinking Linked to Lower Chance of Getting MS" in titles
    assert "**[1]**" in text
    assert "**Important considerations:** People had to remember" in text
    assert any("not personal medical advice" in c.value for c in at.caption)


def test_a_greeting_is_answered_with_questions_to_ask(ui_env: Path) -> None:
    """ "hi" once got "The library has no summary on this yet"; it gets a short hello
    and buttons that ask questions the library answers."""
    at = AppTest.from_file(APP, default_timeout=180).run()
    ask(at, "hi")
    assert "I answer questions about multiple sclerosis" in markdown_text(at)
    suggested = [b for b in at.button if b.key and b.key.startswith("suggested-0-")]
    assert suggested
    suggested[0].click().run()
    assert at.session_state.answers[1].question == suggested[0].label


def test_follow_up_button_asks_the_next_question(ui_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=180).run()
    ask(at, "Does drinking coffee change the risk of MS?")
    follow_ups = [b for b in at.button if b.key and b.key.startswith("follow-0-")]
    assert 2 <= len(follow_ups) <= 4
    follow_ups[0].click().run()
    assert len(at.session_state.answers) == 2
    assert at.session_state.answers[1].question == follow_ups[0].label


def test_feedback_is_saved_redacted(ui_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=180).run()
    ask(at, "Does drinking coffee change the risk of MS?")
    at.feedback[0].set_value(0).run()
    at.selectbox(key="category-0").set_value("wrong study")
    at.text_input(key="comment-0").set_value("wrong one, email me at a@b.org")
    at.button(key="FormSubmitter:feedback-form-0-Send feedback").click().run()
    rows = list_feedback(database(f"sqlite:///{ui_env}"))
    assert len(rows) == 1 and rows[0]["helpful"] == 0 and rows[0]["category"] == "wrong study"
    assert "a@b.org" not in rows[0]["comment"]
    assert any("Thank you for your feedback" in c.value for c in at.caption)


def test_crisis_answer_is_prominent(ui_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=180).run()
    ask(at, "I want to end my life")
    assert any("988" in e.value for e in at.error)


def test_a_decision_notice_is_an_alert_above_the_answer(ui_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=180).run()
    ask(at, "thinking of coming off my natalizumab now that I feel fine, thoughts?")
    [answer] = at.session_state.answers
    assert answer.safety == "medical_decision"
    # Above the answer, and again where the view rests (the bottom), so it cannot be missed.
    assert [e.value for e in at.error] == [answer.notice, answer.notice]
    assert answer.notice.startswith("**Starting, stopping")


def test_hostile_markup_is_escaped(ui_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=180).run()
    ask(at, "<script>alert(1)</script> does coffee change MS risk?")
    text = markdown_text(at)
    assert "<script>" not in text and "\\<script\\>" in text


def test_a_follow_up_says_so_and_can_be_asked_as_a_new_question(ui_env: Path) -> None:
    from ui.display import escape_markdown

    at = AppTest.from_file(APP, default_timeout=180).run()
    ask(at, "Does coffee lower the risk of MS?")
    ask(at, "how much did they have to drink?")
    first, second = at.session_state.answers
    assert not first.carried and second.carried.startswith("Taken as a follow-up")
    assert f"*{escape_markdown(second.carried)}*" in [c.value for c in at.caption]
    anew = [b for b in at.button if b.key and b.key.startswith("anew-")]
    assert [b.key for b in anew] == ["anew-1"] and anew[0].label == "Ask as a new question"
    anew[0].click().run()
    assert not at.exception
    [only] = at.session_state.answers
    assert only.question == "how much did they have to drink?" and only.carried == ""
    assert not any("Taken as a follow" in c.value for c in at.caption)
    assert not any(b.key and b.key.startswith("anew-") for b in at.button)


def test_a_brand_name_asked_about_is_tied_to_the_generic_name(ui_env: Path) -> None:
    from ui.display import escape_markdown

    at = AppTest.from_file(APP, default_timeout=180).run()
    ask(at, "does mayzent slow down secondary progressive ms?")
    [answer] = at.session_state.answers
    assert "siponimod" in answer.body
    assert answer.brand_line == "The studies use the generic name: Mayzent is siponimod."
    assert escape_markdown(answer.brand_line) in [c.value for c in at.caption]


def test_new_conversation_clears_history(ui_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=180).run()
    ask(at, "Does drinking coffee change the risk of MS?")
    next(b for b in at.sidebar.button if b.label == "New conversation").click().run()
    assert at.session_state.answers == []


def run_explore() -> None:
    from ui import explore

    explore.page()


def test_explorer_lists_topics_and_opens_a_summary(ui_env: Path) -> None:
    at = AppTest.from_function(run_explore, default_timeout=180).run()
    assert not at.exception
    assert "6 summaries" in markdown_text(at)
    at.button(key="open-coffee-consumption-ms-risk-hedstrom-2016").click().run()
    assert at.title[0].value == "Heavy Coffee Drinking Linked to Lower Chance of Getting MS"
    assert [h.value for h in at.header][:4] == [
        "Key Takeaway",
        "What They Found",
        "Who Should Care and Why",
        "Important Considerations",
    ]
    assert any("People had to remember" in w.value for w in at.warning)
    related = [b for b in at.button if b.key and b.key.startswith("related-")]
    assert related, "You May Also Like is computed"


def test_explorer_search_and_filters(ui_env: Path) -> None:
    at = AppTest.from_function(run_explore, default_timeout=180).run()
    at.text_input[0].set_value("depression online therapy").run()
    first = next(b.key for b in at.button if b.key and b.key.startswith("open-"))
    assert first == "open-amiria-internet-cbt-depression-ms-gold-2023"
    at.text_input[0].set_value("").run()
    at.multiselect[0].set_value(["randomized controlled trial"]).run()
    shown = {b.key for b in at.button if b.key and b.key.startswith("open-")}
    assert "open-coffee-consumption-ms-risk-hedstrom-2016" not in shown and shown


def run_staff() -> None:
    from ui import staff

    staff.page()


def test_staff_page_is_off_without_a_password(ui_env: Path) -> None:
    at = AppTest.from_function(run_staff, default_timeout=180).run()
    assert "staff page is off" in at.info[0].value


def test_staff_gate(ui_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSRA_UI__STAFF_PASSWORD", "correct horse")
    at = AppTest.from_function(run_staff, default_timeout=180).run()
    at.text_input[0].set_value("wrong")
    at.button[0].click().run()
    assert at.error and not at.tabs
    at.text_input[0].set_value("correct horse")
    at.button[0].click().run()
    assert [t.label for t in at.tabs] == ["Evals", "Feedback", "Curation queue", "Library"]


def staff_signed_in(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("MSRA_UI__STAFF_PASSWORD", "pw")
    at = AppTest.from_function(run_staff, default_timeout=180).run()
    at.text_input[0].set_value("pw")
    at.button[0].click().run()
    return at


def test_staff_feedback_shows_why_the_answer_was_given(
    ui_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.models import Answer, Step
    from ui.display import escape_markdown

    trace = [
        Step(rule="triage", verdict="none", reason="no safety pattern or exemplar near"),
        Step(rule="follow_up", verdict="carry topic", reason="it points back; carried: coffee"),
        Step(rule="close_enough", verdict="cite", reason="coffee-2016 at 0.54"),
    ]
    answer = Answer(
        question="how much did they drink?",
        standalone_question="coffee: how much did they drink?",
        answer="People recalled how much coffee they drank. [1]",
        disclaimer="Not advice.",
        trace=trace,
    )
    save_feedback(
        database(f"sqlite:///{ui_env}"),
        answer,
        helpful=False,
        category="wrong study",
        comment="not this",
    )
    at = staff_signed_in(monkeypatch)
    assert not at.exception
    [why] = [e for e in at.expander if e.label == "Why this answer"]
    shown = "\n".join(m.value for m in why.markdown)
    assert [escape_markdown(s.line()) in shown for s in trace] == [True, True, True]
    assert shown.index("triage") < shown.index("follow") < shown.index("close")


def test_staff_feedback_saved_before_traces_still_shows(
    ui_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    with sqlite3.connect(ui_env) as db:  # the feedback table as it was, without a trace
        db.execute(
            "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT"
            " NULL, question TEXT NOT NULL, answer TEXT NOT NULL, citations TEXT NOT NULL,"
            " settings_hash TEXT NOT NULL, mode TEXT NOT NULL, safety TEXT NOT NULL,"
            " helpful INTEGER NOT NULL, category TEXT, comment TEXT)"
        )
        db.execute(
            "INSERT INTO feedback (created_at, question, answer, citations, settings_hash, mode,"
            " safety, helpful, category, comment) VALUES ('2026-01-01T00:00:00+00:00',"
            " 'an old question', 'an old answer', '[]', 'abc', 'offline', 'none', 1, NULL, '')"
        )
    at = staff_signed_in(monkeypatch)
    assert not at.exception
    assert "an old question" in markdown_text(at)
    assert not [e for e in at.expander if e.label == "Why this answer"]


def test_staff_evals_panel_shows_the_shared_report(
    ui_env: Path, monkeypatch: pytest.MonkeyPatch, engine
) -> None:  # type: ignore[no-untyped-def]
    from conftest import DATA

    from evals.cases import load_cases
    from evals.runner import run_eval

    runs = ui_env.parent / "runs"
    run_eval(engine, load_cases([DATA / "eval-cases"]), runs / "20260101-000000")
    monkeypatch.setenv("MSRA_UI__STAFF_PASSWORD", "pw")
    monkeypatch.setenv("MSRA_EVALS__RUNS_DIR", str(runs))
    at = AppTest.from_function(run_staff, default_timeout=180).run()
    at.text_input[0].set_value("pw")
    at.button[0].click().run()
    text = markdown_text(at)
    assert "**12 cases, 12 passed**" in text
    assert any(s.label == "Run" for s in at.selectbox)
    assert not at.exception


def test_staff_library_lists_missing_cards_and_refuses_a_bad_draft(
    ui_env: Path, monkeypatch: pytest.MonkeyPatch, engine_settings: Settings
) -> None:
    coffee = engine_settings.library.directory / "coffee-consumption-ms-risk-hedstrom-2016.md"
    before = coffee.read_text(encoding="utf-8")
    drafts = ui_env.parent / "card-drafts"
    drafts.mkdir()
    (drafts / "coffee-consumption-ms-risk-hedstrom-2016.yaml").write_text(
        "population: 999,999 coffee drinkers\ncompared: coffee against none\nlength: 1 day\n"
        "findings:\n- aspect: main\n  text: Coffee cut MS risk by 77.7%.\n"
        "- aspect: result\n  text: Tea did too.\n- aspect: limitation\n  text: Memory fades.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("MSRA_UI__STAFF_PASSWORD", "pw")
    at = AppTest.from_function(run_staff, default_timeout=180).run()
    at.text_input[0].set_value("pw")
    at.button[0].click().run()
    text = markdown_text(at)
    assert "Needs an evidence card:" in text and "coffee\\-consumption" in text
    approve = next(
        b for b in at.button if b.key == "approve-coffee-consumption-ms-risk-hedstrom-2016"
    )
    approve.click().run()
    assert any("numbers not in the fact sheet" in e.value for e in at.error)
    assert coffee.read_text(encoding="utf-8") == before


def test_each_store_gets_its_own_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The settings hash leaves paths out; the engine cache must not."""
    from types import SimpleNamespace

    from ui import resources

    built: list[Settings] = []

    def build(config: Settings) -> SimpleNamespace:
        built.append(config)
        return SimpleNamespace(warm=lambda: None)

    monkeypatch.setattr(resources, "build_engine", build)
    resources._engine.clear()  # type: ignore[attr-defined]
    monkeypatch.setenv("MSRA_STORE__PATH", str(tmp_path / "a"))
    first, again = resources.engine(), resources.engine()
    monkeypatch.setenv("MSRA_STORE__PATH", str(tmp_path / "b"))
    other = resources.engine()
    resources._engine.clear()  # type: ignore[attr-defined]
    assert first is again and other is not first
    assert [s.store.path for s in built] == [tmp_path / "a", tmp_path / "b"]


def test_an_empty_staff_password_keeps_the_page_off(
    ui_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MSRA_UI__STAFF_PASSWORD", "   ")
    at = AppTest.from_function(run_staff, default_timeout=180).run()
    assert "staff page is off" in at.info[0].value and not at.text_input


def test_wrong_passwords_lock_the_staff_page(ui_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSRA_UI__STAFF_PASSWORD", "right one")
    # Its own limits, so this guard's lockout does not reach the other tests.
    monkeypatch.setenv("MSRA_UI__STAFF_MAX_FAILURES", "3")
    monkeypatch.setenv("MSRA_UI__STAFF_LOCKOUT_S", "123")
    at = AppTest.from_function(run_staff, default_timeout=180).run()
    for _ in range(3):
        at.text_input[0].set_value("guess")
        at.button[0].click().run()
    at.text_input[0].set_value("right one")
    at.button[0].click().run()
    assert "Too many wrong passwords" in at.error[0].value and not at.tabs
    # A new browser session from the same address is locked too.
    again = AppTest.from_function(run_staff, default_timeout=180).run()
    again.text_input[0].set_value("right one")
    again.button[0].click().run()
    assert "Too many wrong passwords" in again.error[0].value and not again.tabs


def test_staff_reingest_writes_the_chunks_the_cli_writes(
    ui_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The staff desk and `msra ingest` share one entry point and the chunking settings, so
    neither rewrites what the other wrote (the button used to chunk at the default size)."""
    from knowledge.embeddings import make_embeddings
    from knowledge.ingest import ingest_library
    from knowledge.store import ChunkIndex

    monkeypatch.setenv("MSRA_STORE__PATH", str(tmp_path / "own-store"))
    monkeypatch.setenv("MSRA_CHUNKING__MAX_CHARS", "300")
    config = Settings()
    first = ingest_library(config, ChunkIndex.open(config), make_embeddings(config.embeddings))
    assert first.added > 0
    at = staff_signed_in(monkeypatch)
    next(b for b in at.button if b.label == "Re-ingest the library").click().run()
    report = at.success[0].value
    assert f"unchanged {first.added}" in report and "0 written" in report
