"""Faults: the Chroma server going away mid-session, and coming back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, stop_process, wait_for_port

from assistant.api import build_engine
from knowledge.embeddings import make_embeddings
from knowledge.errors import StoreUnavailableError
from knowledge.ingest import run_ingest
from knowledge.library import load_library
from knowledge.settings import LibrarySettings, Settings, StoreSettings
from knowledge.store import ChunkIndex

pytestmark = pytest.mark.server


def start_chroma(path: Path, port: int) -> subprocess.Popen[bytes]:
    chroma = Path(sys.executable).parent / "chroma"
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    stop_process(process)


def test_server_outage_is_reported_and_recovers(tmp_path: Path) -> None:
    from conftest import free_port

    port = free_port()
    config = Settings(
        _env_file=None,  # type: ignore[call-arg]
        library=LibrarySettings(directory=DATA / "engine-library"),
        store=StoreSettings(host="127.0.0.1", port=port, timeout_s=3),
    )
    server = start_chroma(tmp_path / "server", port)
    try:
        run_ingest(
            load_library(config.library.directory),
            ChunkIndex.open(config),
            make_embeddings(config.embeddings),
        )
        engine = build_engine(config, use_configured_llm=False)
        assert engine.answer("Does coffee lower MS risk?").citations
        stop(server)
        with pytest.raises(StoreUnavailableError) as caught:
            engine.answer("Does coffee lower MS risk?")
        assert "try again" in caught.value.hint
        env = {k: v for k, v in os.environ.items() if not k.startswith("MSRA_")}
        env.update(
            MSRA_STORE__HOST="127.0.0.1",
            MSRA_STORE__PORT=str(port),
            MSRA_LIBRARY__DIRECTORY=str(config.library.directory),
        )
        cli = subprocess.run(
            [str(Path(sys.executable).parent / "msra"), "ask", "Does coffee lower MS risk?"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert cli.returncode == 2 and "cannot reach Chroma" in cli.stderr and "Hint:" in cli.stderr
        server = start_chroma(tmp_path / "server", port)
        answer = engine.answer("Does coffee lower MS risk?")
        assert answer.citations[0].summary_id == "coffee-consumption-ms-risk-hedstrom-2016"
    finally:
        stop(server)


def test_ui_says_search_is_unavailable_and_recovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import free_port
    from streamlit.testing.v1 import AppTest

    port = free_port()
    for key in list(os.environ):
        if key.startswith("MSRA_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("MSRA_STORE__HOST", "127.0.0.1")
    monkeypatch.setenv("MSRA_STORE__PORT", str(port))
    monkeypatch.setenv("MSRA_LIBRARY__DIRECTORY", str(DATA / "engine-library"))
    monkeypatch.setenv("MSRA_UI__DATABASE_URL", f"sqlite:///{tmp_path / 'fb.sqlite3'}")
    server = start_chroma(tmp_path / "server", port)
    try:
        config = Settings(_env_file=None)  # type: ignore[call-arg]
        run_ingest(
            load_library(config.library.directory),
            ChunkIndex.open(config),
            make_embeddings(config.embeddings),
        )
        app = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")
        at = AppTest.from_file(app, default_timeout=180).run()
        at.chat_input[0].set_value("Does coffee lower MS risk?").run()
        assert len(at.session_state.answers) == 1
        stop(server)
        at.chat_input[0].set_value("Does coffee lower MS risk?").run()
        # Said as a sentence where the answer would be.
        assert [w.value for w in at.warning] == [
            "Search is unavailable right now. Wait a moment, then send your question again."
        ]
        assert len(at.session_state.answers) == 1
        server = start_chroma(tmp_path / "server", port)
        at.chat_input[0].set_value("Does coffee lower MS risk?").run()
        assert len(at.session_state.answers) == 2
    finally:
        stop(server)
