"""Run eval cases through the answer engine, score them, summarise, gate and compare."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from statistics import median
from typing import Any

import numpy as np
from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from assistant.engine import AnswerEngine
from assistant.models import Answer, Turn
from evals import metrics as m
from evals import prose
from evals.cases import Case
from evals.judge import judge_faithfulness, judge_relevancy
from knowledge.settings import EvalSettings

PASS_METRICS = (
    "recall_at_5",
    "citation_recall",
    "citation_scope",
    "unsupported_citations",
    "caveats",
    "groundedness",
    "abstention",
    "safety",
    "phrases",
    "answer_leads",
    "no_repeats",
    "carried_over",
)


class CaseResult(BaseModel):
    """One case's outcome: the answer, every metric with its reason, pass or fail."""

    case_id: str = Field(description="The case's id.")
    tags: list[str] = Field(description="The case's tags.")
    topic: str = Field(description="Topic of the first expected summary, or (none).")
    question: str = Field(description="The scored (last) question.")
    answer: str = Field(description="The answer text.")
    trace: list[str] = Field(
        default_factory=list, description="The rules that decided the answer, one per line."
    )
    cited: list[str] = Field(description="Cited summary ids.")
    retrieved: list[str] = Field(description="Retrieved summary ids, best first.")
    safety: str = Field(description="Safety route taken.")
    abstained: bool = Field(description="Whether the engine abstained.")
    mode: str = Field(description="offline, llm, offline-fallback or fixed.")
    metrics: dict[str, dict[str, Any]] = Field(description="name -> {score, reason}.")
    grade: float | None = Field(None, description="Reading grade of a patient answer.")
    latency_ms: float = Field(description="Time for the scored turn.")
    passed: bool = Field(description="All applicable pass metrics scored 1.")


class RunSummary(BaseModel):
    """Aggregate figures of one run, tagged with what produced them."""

    created_at: str = Field(description="When the run finished (UTC).")
    settings_hash: str = Field(description="Settings that shaped the answers.")
    library_version: str = Field(description="Hash of the indexed summaries' contents.")
    cases: int = Field(description="Cases run.")
    passed: int = Field(description="Cases that passed.")
    metrics: dict[str, float | None] = Field(description="Aggregate metric values.")
    llm_judge: str = Field(description="Whether LLM-judge metrics ran, or why not.")
    by_tag: dict[str, tuple[int, int]] = Field(
        default_factory=dict, description="Per tag (case kind): cases passed, cases run."
    )


def library_version(engine: AnswerEngine) -> str:
    """A short hash of every indexed summary's content."""
    hashes = sorted(v.chunks[0].content_hash for v in engine.retriever.corpus.summaries.values())
    return hashlib.sha256("".join(hashes).encode()).hexdigest()[:12]


def ask_case(engine: AnswerEngine, case: Case) -> tuple[Answer, float, Answer | None]:
    """Ask a case's turns as one conversation; return the last answer, its latency and the
    answer before it (None for a single question)."""
    history: list[Turn] = []
    answers: list[Answer] = []
    elapsed = 0.0
    for question in case.questions:
        started = time.perf_counter()
        answers.append(engine.answer(question, history, case.audience))
        elapsed = (time.perf_counter() - started) * 1000
        history.append(answers[-1].as_turn())
    return answers[-1], elapsed, (answers[-2] if len(answers) > 1 else None)


def score_case(
    engine: AnswerEngine,
    case: Case,
    answer: Answer,
    latency_ms: float,
    judge: BaseChatModel | None = None,
    previous: Answer | None = None,
) -> CaseResult:
    """Every metric for one answered case (LLM-judge metrics only when a judge is given)."""
    corpus = engine.retriever.corpus
    results = {
        "recall_at_5": m.recall_at_k(case, answer, 5),
        "mrr": m.reciprocal_rank(case, answer),
        "citation_precision": m.citation_precision(case, answer),
        "citation_recall": m.citation_recall(case, answer),
        "citation_scope": m.citation_scope(case, answer),
        "unsupported_citations": m.unsupported_citations(answer),
        "caveats": m.caveat_attachment(answer, corpus),
        "groundedness": m.groundedness(
            answer, corpus, engine.overviews.by_id if engine.overviews else None
        ),
        "abstention": m.abstention(case, answer),
        "safety": m.safety_routing(case, answer),
        "reading_grade": m.patient_reading_grade(case, answer),
        "phrases": m.phrases(case, answer),
        "answer_leads": m.answer_leads(case, answer),
        "standalone_sentences": prose.leaning_sentences(answer, corpus),
        "no_repeats": prose.repeated_sentences(answer, previous),
        "results_once": prose.results_once(answer),
        "carried_over": prose.carried_over(case, answer, previous),
        "qualifiers_kept": prose.qualifiers_kept(answer, corpus),
    }
    if judge is not None:
        results["llm_faithfulness"] = judge_faithfulness(judge, answer, corpus)
        results["llm_relevancy"] = judge_relevancy(judge, answer)
    first = next((s for s in case.expected if s in corpus.summaries), None)
    grade = (
        results["reading_grade"].reason.removeprefix("grade ")
        if results["reading_grade"].score is not None
        else None
    )
    passed = all(results[name].score in (None, 1.0) for name in PASS_METRICS)
    return CaseResult(
        case_id=case.id,
        tags=case.tags,
        topic=corpus.summaries[first].topics[0]
        if first and corpus.summaries[first].topics
        else "(none)",
        question=case.questions[-1],
        answer=answer.answer,
        trace=[step.line() for step in answer.trace],
        cited=[c.summary_id for c in answer.citations],
        retrieved=answer.retrieved,
        safety=answer.safety,
        abstained=answer.abstained,
        mode=answer.mode,
        metrics={k: {"score": v.score, "reason": v.reason} for k, v in results.items()},
        grade=float(grade) if grade else None,
        latency_ms=round(latency_ms, 2),
        passed=passed,
    )


def _mean(results: Sequence[CaseResult], name: str) -> float | None:
    scores = [r.metrics[name]["score"] for r in results if r.metrics[name]["score"] is not None]
    return round(float(np.mean(scores)), 4) if scores else None


def aggregate(results: Sequence[CaseResult], cases: Sequence[Case]) -> dict[str, float | None]:
    """The run's metrics table."""
    by_id = {c.id: c for c in cases}
    abstained = [r for r in results if r.abstained]
    expect_abstain = [r for r in results if by_id[r.case_id].expect_abstain]
    ordinary = [r for r in results if by_id[r.case_id].expect_safety == "none"]
    safety_cases = [r for r in results if by_id[r.case_id].expect_safety != "none"]
    grades = [r.grade for r in results if r.grade is not None]
    latencies = [r.latency_ms for r in results]
    judged = [
        n for n in ("llm_faithfulness", "llm_relevancy") if results and n in results[0].metrics
    ]
    table = {
        name: _mean(results, name)
        for name in (
            "recall_at_5",
            "mrr",
            "citation_precision",
            "citation_recall",
            "citation_scope",
            "caveats",
            "groundedness",
            "phrases",
            "answer_leads",
            "standalone_sentences",
            "no_repeats",
            "results_once",
            "carried_over",
            "qualifiers_kept",
        )
    }
    table |= {
        "unsupported_citation_cases": float(
            sum(r.metrics["unsupported_citations"]["score"] == 0.0 for r in results)
        ),
        "abstention_precision": _share(abstained, lambda r: by_id[r.case_id].expect_abstain),
        "abstention_recall": _share(expect_abstain, lambda r: r.abstained),
        "safety_accuracy": _share(
            safety_cases, lambda r: r.safety == by_id[r.case_id].expect_safety
        ),
        "safety_false_alarm_rate": _share(
            ordinary, lambda r: r.safety not in ("none", "injection")
        ),
        "patient_grade_median": round(median(grades), 2) if grades else None,
        "patient_grade_share_ok": _share(grades, lambda g: g <= m.PATIENT_MAX_GRADE),
        "latency_p50_ms": round(float(np.percentile(latencies, 50)), 2) if latencies else None,
        "latency_p95_ms": round(float(np.percentile(latencies, 95)), 2) if latencies else None,
        "pass_rate": _share(results, lambda r: r.passed),
    }
    return table | {name: _mean(results, name) for name in judged}


def by_tag(results: Sequence[CaseResult]) -> dict[str, tuple[int, int]]:
    """Cases passed and run, per tag (a case counts under each of its tags)."""
    counts: dict[str, list[int]] = {}
    for result in results:
        for tag in result.tags:
            seen = counts.setdefault(tag, [0, 0])
            seen[0] += result.passed
            seen[1] += 1
    return {tag: (passed, run) for tag, (passed, run) in sorted(counts.items())}


def _share(items: Sequence[Any], test: Callable[[Any], bool]) -> float | None:
    return round(sum(1 for i in items if test(i)) / len(items), 4) if items else None


def run_eval(
    engine: AnswerEngine,
    cases: Sequence[Case],
    out: Path | None = None,
    progress: bool = False,
    judge: BaseChatModel | None = None,
) -> tuple[RunSummary, list[CaseResult]]:
    """Run cases, write results.jsonl, summary.json and report.html to ``out``. The judge
    defaults to the engine's chat model; with none, LLM-judge metrics are skipped."""
    from tqdm import tqdm

    judge = judge if judge is not None else engine.llm
    results = []
    for case in tqdm(cases, desc="eval", unit="case", disable=not progress):
        answer, latency, previous = ask_case(engine, case)
        results.append(score_case(engine, case, answer, latency, judge, previous))
    summary = RunSummary(
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        settings_hash=engine.settings.settings_hash(),
        library_version=library_version(engine),
        cases=len(results),
        passed=sum(r.passed for r in results),
        metrics=aggregate(results, cases),
        llm_judge="skipped: no chat model configured"
        if judge is None
        else f"ran with {_name(judge)}",
        by_tag=by_tag(results),
    )
    if out is not None:
        write_run(out, summary, results)
    return summary, results


def _name(model: BaseChatModel) -> str:
    named = getattr(model, "model_name", None) or getattr(model, "model", None)
    return str(named or type(model).__name__)


def write_run(
    out: Path, summary: RunSummary, results: Sequence[CaseResult], extra_html: str = ""
) -> None:
    """Write a run's files (``extra_html``: a further report section, e.g. safety)."""
    from evals.report import render_html

    out.mkdir(parents=True, exist_ok=True)
    (out / "results.jsonl").write_text(
        "".join(r.model_dump_json() + "\n" for r in results), encoding="utf-8"
    )
    (out / "summary.json").write_text(summary.model_dump_json(indent=2), encoding="utf-8")
    (out / "report.html").write_text(render_html(summary, results, extra_html), encoding="utf-8")


def read_run(folder: Path) -> tuple[RunSummary, list[CaseResult]]:
    """Read a run written by :func:`write_run`."""
    summary = RunSummary.model_validate_json((folder / "summary.json").read_text(encoding="utf-8"))
    lines = (folder / "results.jsonl").read_text(encoding="utf-8").splitlines()
    return summary, [CaseResult.model_validate_json(line) for line in lines if line]


GATES: dict[str, tuple[str, str]] = {
    "recall_at_5": ("min_recall_at_5", ">="),
    "safety_accuracy": ("min_safety_accuracy", ">="),
    "caveats": ("min_caveat_rate", ">="),
    "groundedness": ("min_groundedness", ">="),
    "abstention_recall": ("min_abstention_recall", ">="),
    "safety_false_alarm_rate": ("max_false_alarm_rate", "<="),
    "unsupported_citation_cases": ("max_unsupported_citations", "<="),
}


def gate(summary: RunSummary, thresholds: EvalSettings) -> list[str]:
    """Every threshold the run misses, as sentences (empty: the gate passes)."""
    failures = []
    for metric, (setting, op) in GATES.items():
        value, limit = summary.metrics.get(metric), getattr(thresholds, setting)
        if value is None:
            continue
        if (op == ">=" and value < limit) or (op == "<=" and value > limit):
            failures.append(f"{metric} = {value} but must be {op} {limit} ({setting})")
    return failures


def compare(a: Path, b: Path) -> tuple[dict[str, tuple[float | None, float | None]], list[str]]:
    """Metric values of two runs side by side, and the cases whose pass/fail flipped."""
    summary_a, results_a = read_run(a)
    summary_b, results_b = read_run(b)
    deltas = {
        k: (summary_a.metrics.get(k), summary_b.metrics.get(k))
        for k in summary_a.metrics | summary_b.metrics
    }
    before = {r.case_id: r.passed for r in results_a}
    flipped = [
        f"{r.case_id}: {'fail -> pass' if r.passed else 'pass -> fail'}"
        for r in results_b
        if r.case_id in before and before[r.case_id] != r.passed
    ]
    return deltas, flipped


def dump(data: Any) -> str:
    """Pretty JSON for the terminal."""
    return json.dumps(data, indent=2, default=str)
