"""`msra eval safety`: every set reported, as a table and as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assistant.engine import AnswerEngine

MSRA = str(Path(sys.executable).parent / "msra")
ROOT = Path(__file__).resolve().parent.parent


def test_msra_eval_safety_reports_every_set(tmp_path: Path, bundled_engine: AnswerEngine) -> None:
    """The held-out half, each fresh set, the eval questions, the answer sets' turns and,
    routed in their conversations, danger messages as follow-ups and the answer sets'
    follow-ups: the report a reviewer reads before and after a triage change."""
    out = tmp_path / "safety.json"
    env = dict(os.environ, MSRA_STORE__PATH=str(bundled_engine.settings.store.path))
    result = subprocess.run(
        [MSRA, "eval", "safety", "--conversations", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    reports = {r["name"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    fresh = {p.stem for p in (ROOT / "evals" / "safety").glob("*.yaml")}
    expected = {
        "bank held-out half",
        "ordinary eval questions",
        "answer-set turns",
        "danger as follow-ups (x3)",
        "answer-set follow-ups",
    } | fresh
    assert set(reports) == expected
    assert all(name in result.stdout for name in expected)
    turns = reports["answer-set turns"]
    assert turns["false_alarms"][1] == turns["size"] > 2_000  # every distinct ordinary turn
    follow_ups = reports["answer-set follow-ups"]
    assert 0 < follow_ups["size"] < turns["size"]  # the turns after the first, in context
    danger = reports["danger as follow-ups (x3)"]
    assert danger["size"] == 3 * sum(  # every fresh danger message after each opener
        r["size"] - r["false_alarms"][1] for name, r in reports.items() if name in fresh
    )
