"""`msra eval safety`: every set reported, as a table and as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

MSRA = str(Path(sys.executable).parent / "msra")
ROOT = Path(__file__).resolve().parent.parent


def test_msra_eval_safety_reports_every_set(tmp_path: Path) -> None:
    """The held-out half, each fresh set, the eval questions and the answer sets' turns:
    the report a reviewer reads before and after a triage change."""
    out = tmp_path / "safety.json"
    result = subprocess.run(
        [MSRA, "eval", "safety", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, env=dict(os.environ), timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    reports = {r["name"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    fresh = {p.stem for p in (ROOT / "evals" / "safety").glob("*.yaml")}
    expected = {"bank held-out half", "ordinary eval questions", "answer-set turns"} | fresh
    assert set(reports) == expected
    assert all(name in result.stdout for name in expected)
    turns = reports["answer-set turns"]
    assert turns["false_alarms"][1] == turns["size"] > 2_000  # every distinct ordinary turn
