"""`msra ask --json`: the stable interface outside scripts rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from knowledge.settings import Settings

MSRA = str(Path(sys.executable).parent / "msra")
FIELDS = {
    "question",
    "answer",
    "citations",
    "abstained",
    "safety",
    "follow_ups",
    "mode",
    "timings_ms",
    "settings_hash",
}
CITATION_FIELDS = {
    "n",
    "summary_id",
    "title",
    "url",
    "doi",
    "pmid",
    "source_title",
    "fact_sheet",
    "published",
    "credibility",
    "interest",
    "study_type",
    "sample_size",
    "passage",
    "caveats",
}


def fixture_env(settings: Settings) -> dict[str, str]:
    """The process environment pointed at the engine fixture library and its index."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSRA_")}
    env.update(
        MSRA_LIBRARY__DIRECTORY=str(settings.library.directory),
        MSRA_STORE__PATH=str(settings.store.path),
    )
    return env


def test_ask_json_one_object_per_turn(engine_settings: Settings) -> None:
    env = fixture_env(engine_settings)
    result = subprocess.run(
        [MSRA, "ask", "Does coffee lower MS risk?", "how much did they drink?", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    turns = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(turns) == 2
    for turn in turns:
        assert set(turn) >= FIELDS
        assert turn["citations"] and set(turn["citations"][0]) >= CITATION_FIELDS
        assert set(turn["timings_ms"]) == {"retrieve", "compose", "total"}
    assert turns[1]["citations"][0]["summary_id"] == "coffee-consumption-ms-risk-hedstrom-2016"


def test_ask_reports_input_errors_with_a_hint(engine_settings: Settings) -> None:
    env = fixture_env(engine_settings)
    result = subprocess.run(
        [MSRA, "ask", "   "], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert "the question is empty" in result.stderr and "Hint:" in result.stderr


def test_ask_text_heads_each_turn_with_its_question(engine_settings: Settings) -> None:
    questions = ["Does coffee lower MS risk?", "how much did they drink?"]
    result = subprocess.run(
        [MSRA, "ask", *questions],
        env=fixture_env(engine_settings),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    first, second = (result.stdout.index(f"> {q}\n") for q in questions)
    assert first == 0 and second > first
    between = result.stdout[first:second]
    assert "Important considerations:" in between and "[1]" in between


def test_asking_before_anything_is_indexed_says_how_to_index(
    engine_settings: Settings, tmp_path: Path
) -> None:
    """A newcomer who runs `msra ask` after `make install` alone gets told to ingest,
    not "the library has no summary on this" for a question the library answers."""
    env = {**fixture_env(engine_settings), "MSRA_STORE__PATH": str(tmp_path / "empty")}
    result = subprocess.run(
        [MSRA, "ask", "Does coffee lower MS risk?"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "has not been indexed" in result.stderr and "msra ingest" in result.stderr
    assert "no summary" not in result.stdout


def test_bad_bytes_and_terminal_escapes_are_handled(engine_settings: Settings) -> None:
    """Undecodable bytes from a terminal are a clear error (exit 1, no traceback), and
    escape sequences typed into a question never reach the terminal."""
    env = fixture_env(engine_settings)
    bad = subprocess.run(
        [MSRA.encode(), b"ask", b"\xff coffee", b"--json"], env=env, capture_output=True
    )
    errors = bad.stderr.decode("utf-8", "replace")
    assert bad.returncode != 0 and "Traceback" not in errors
    assert "not valid text" in errors
    escaped = subprocess.run(
        [MSRA, "ask", "\x1b[2J\x1b[31mdoes coffee lower ms risk?", "how much did they drink?"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert escaped.returncode == 0, escaped.stderr
    assert "\x1b" not in escaped.stdout and "does coffee lower ms risk?" in escaped.stdout


def test_answers_do_not_depend_on_the_process_hash_seed(bundled_engine: Any) -> None:
    """Python orders a set of words differently in each process; scores summed over such a
    set must not differ in their last digit, or a tie between two findings is broken one
    way in one process and the other way in the next (this dialogue did, before the sums
    were made exact)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSRA_")}
    env["MSRA_STORE__PATH"] = str(bundled_engine.settings.store.path)
    dialogue = [
        "ponesimod vs teriflunomide in the optimum trial, how much lower were relapses?",
        "brain volume loss?",
    ]
    answers = set()
    for seed in ("1", "2"):
        done = subprocess.run(
            [MSRA, "ask", "--json", *dialogue],
            env={**env, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        answers.add(json.loads(done.stdout.splitlines()[-1])["answer"])
    assert len(answers) == 1
