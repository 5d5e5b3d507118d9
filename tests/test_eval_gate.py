"""The regression gate: the `gate` subset of evals/cases on the bundled library.

`make eval` runs every case; this fast subset fails the test suite on a regression.
"""

from __future__ import annotations

from pathlib import Path

from evals.cases import load_cases
from evals.runner import gate, run_eval

CASES = Path(__file__).resolve().parents[1] / "evals" / "cases"


def test_case_set_is_complete() -> None:
    cases = load_cases([CASES])
    tags = [t for c in cases for t in c.tags]
    assert len(cases) >= 200
    assert tags.count("lay") >= 120 and tags.count("follow-up") >= 20
    assert tags.count("out-of-scope") >= 20 and tags.count("safety") >= 40
    assert tags.count("clinician") >= 10


def test_gate_subset_passes_on_the_bundled_library(bundled_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cases = [c for c in load_cases([CASES]) if "gate" in c.tags]
    assert len(cases) >= 50
    summary, results = run_eval(bundled_engine, cases, tmp_path / "gate")
    failures = gate(summary, bundled_engine.settings.evals)
    failing = [f"{r.case_id}: {r.question}" for r in results if not r.passed]
    assert failures == [], (
        f"{failures}\nfailing cases (see {tmp_path}/gate/report.html):\n" + "\n".join(failing)
    )


def test_every_case_names_summaries_of_the_bundled_library() -> None:
    """A summary id a case expects, or lists as acceptable to cite, that the library lacks
    would make the case fail (or pass) for the wrong reason."""
    from knowledge.library import load_library
    from knowledge.settings import Settings

    known = set(load_library(Settings(_env_file=None).library.directory).summaries)  # type: ignore[call-arg]
    root = CASES.parent
    cases = load_cases([CASES, root / "fresh"])
    unknown = {
        f"{case.id}: {sid}"
        for case in cases
        for sid in [*case.expected, *case.cite_only, *case.cite_none_of]
        if sid not in known
    }
    assert not unknown, sorted(unknown)
    assert all(set(case.expect_any) <= set(case.cite_only) for case in cases if case.cite_only)
    assert not any(set(case.expected) & set(case.cite_none_of) for case in cases)
