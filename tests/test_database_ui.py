"""The app while its database is unreachable: answers still arrive, and feedback and the
staff desk say so instead of failing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import free_port, use_app_environment
from streamlit.testing.v1 import AppTest

from knowledge.settings import Settings

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")


@pytest.fixture
def db_down(engine_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app over the engine fixture library, its database a port nothing listens on."""
    url = f"postgresql+psycopg://msra:pw@127.0.0.1:{free_port()}/msra"
    use_app_environment(monkeypatch, engine_settings, tmp_path, url)


def test_an_abstained_answer_still_shows_and_feedback_says_it_was_not_saved(
    db_down: None,
) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.chat_input[0].set_value("How do I bake sourdough bread?").run()
    assert not at.exception
    assert len(at.session_state.answers) == 1 and at.session_state.answers[0].abstained
    at.feedback[0].set_value(1).run()
    at.button(key="FormSubmitter:feedback-form-0-Send feedback").click().run()
    assert not at.exception
    assert any("Feedback and the curation queue are unavailable" in w.value for w in at.warning)


def run_staff() -> None:
    from ui import staff

    staff.page()


def test_the_staff_desk_says_the_database_is_down(
    db_down: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MSRA_UI__STAFF_PASSWORD", "pw")
    at = AppTest.from_function(run_staff, default_timeout=60).run()
    at.text_input[0].set_value("pw")
    at.button[0].click().run()
    assert not at.exception
    errors = [e.value for e in at.error if "cannot reach the database" in e.value]
    assert len(errors) == 2 and all("pw@" not in e for e in errors)
