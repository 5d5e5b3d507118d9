"""The staff desk through streamlit.testing.v1.AppTest: a sign-in that survives a reload
until it expires or staff sign out, and the curation queue's actions."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import use_app_environment
from streamlit.testing.v1 import AppTest

from assistant.models import Answer, Step
from knowledge.settings import Settings
from ui.access import StaffTokens, process_tokens
from ui.database import close_all, database
from ui.display import escape_markdown
from ui.feedback import QueueEntry, curation_queue, log_abstention, save_feedback
from ui.staff import TOKEN_PARAM

COFFEE = "coffee-consumption-ms-risk-hedstrom-2016"
COFFEE_TITLE = "Heavy Coffee Drinking Linked to Lower Chance of Getting MS"
BREAD = "How do I bake sourdough bread?"


@pytest.fixture
def db_path(
    engine_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The app over the engine fixture library, staff password "pw", its own database."""
    use_app_environment(
        monkeypatch, engine_settings, tmp_path, f"sqlite:///{tmp_path / 'msra.sqlite3'}"
    )
    monkeypatch.setenv("MSRA_UI__STAFF_PASSWORD", "pw")
    yield tmp_path / "msra.sqlite3"
    close_all()


def run_staff() -> None:
    from ui import staff

    staff.page()


def open_staff(token: str | None = None) -> AppTest:
    """A new browser session on the staff page (a reload), with ``token`` in the address."""
    at = AppTest.from_function(run_staff, default_timeout=300)
    if token is not None:
        at.query_params[TOKEN_PARAM] = token
    return at.run()


def sign_in() -> AppTest:
    at = open_staff()
    at.text_input[0].set_value("pw")
    at.button[0].click().run()
    return at


def signed_in(at: AppTest) -> bool:
    return [t.label for t in at.tabs] == ["Evals", "Feedback", "Curation queue", "Library"]


def test_a_reload_stays_signed_in_until_sign_out(db_path: Path) -> None:
    at = sign_in()
    token = at.query_params[TOKEN_PARAM]
    assert signed_in(at) and isinstance(token, str) and token.count(".") == 2
    reload = open_staff(token)
    assert signed_in(reload) and not reload.text_input  # no password asked
    [sign_out] = [b for b in reload.button if b.label == "Sign out"]
    sign_out.click().run()
    assert not signed_in(reload) and reload.text_input[0].label == "Staff password"
    assert TOKEN_PARAM not in reload.query_params
    again = open_staff(token)  # the signed-out token, say from the browser's history
    assert not signed_in(again) and TOKEN_PARAM not in again.query_params


def test_a_forged_or_expired_token_asks_for_the_password(db_path: Path) -> None:
    lifetime = Settings().ui.staff_session_s
    real = process_tokens(lifetime)
    nine_hours_ago = StaffTokens(real.secret, lifetime, clock=lambda: time.time() - 9 * 3600)
    expired = nine_hours_ago.issue("pw", "unknown")
    forged = f"{int(time.time()) + 60}.nonce.bWFj"
    for token in (expired, forged):
        at = open_staff(token)
        assert not signed_in(at) and at.text_input[0].label == "Staff password"
        assert TOKEN_PARAM not in at.query_params


def bread(**changes: object) -> Answer:
    data: dict[str, object] = dict(
        question=BREAD,
        standalone_question=BREAD,
        answer="We do not have a summary on baking.",
        disclaimer="Not advice.",
        closest_topics=["diet and lifestyle"],
        trace=[Step(rule="close_enough", verdict="abstain", reason="nothing near (0.21)")],
    )
    data.update(changes)
    return Answer.model_validate(data)


def test_the_queue_lists_a_question_once_and_acts_on_it(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamps = iter(f"2026-01-01T00:00:{second:02}+00:00" for second in range(60))
    monkeypatch.setattr("ui.feedback.now", lambda: next(stamps))
    db = database(f"sqlite:///{db_path}")
    log_abstention(db, bread())
    save_feedback(db, bread(question=BREAD.lower()), helpful=False, category="wrong study")
    log_abstention(db, bread(question="How do I knit a scarf?"))
    at = sign_in()
    captions = [c.value for c in at.caption]
    assert sum("asked 2 times" in c for c in captions) == 1
    assert sum("asked once" in c for c in captions) == 1
    expanders = [e for e in at.expander if e.label == "Answer and trace"]
    shown = ["\n".join(m.value for m in e.markdown) for e in expanders]
    [baking] = [text for text in shown if "bake" in text]
    assert "We do not have a summary on baking" in baking
    assert escape_markdown("close_enough: abstain (nothing near (0.21))") in baking
    assert "**Closest topics:** diet and lifestyle" in baking
    key = QueueEntry(BREAD.lower(), "open").key
    at.selectbox(key=f"link-choice-{key}").set_value(COFFEE).run()
    at.button(key=f"link-{key}").click().run()
    assert any(escape_markdown(f"Linked: {BREAD.lower()}") == s.value for s in at.success)
    linked = escape_markdown(f"Linked summary: {COFFEE_TITLE} ({COFFEE})")
    assert any(linked == m.value for m in at.markdown)
    at.button(key=f"resolve-{key}").click().run()
    assert any(escape_markdown(f"Resolved: {BREAD.lower()}") == s.value for s in at.success)
    [open_entry] = curation_queue(db)
    assert open_entry.question == "How do I knit a scarf?"
    [done] = curation_queue(db, handled=True)
    assert (done.status, done.summary_id, len(done.records)) == ("resolved", COFFEE, 2)
    at.button(key=f"dismiss-{open_entry.key}").click().run()
    assert curation_queue(db) == [] and any("The queue is empty." in m.value for m in at.markdown)
    [handled] = [e for e in at.expander if e.label.startswith("Dismissed and resolved")]
    assert handled.label == "Dismissed and resolved (2)"
    at.button(key=f"reopen-{QueueEntry(BREAD.lower(), 'resolved').key}").click().run()
    assert [e.question for e in curation_queue(db)] == [BREAD.lower()]
