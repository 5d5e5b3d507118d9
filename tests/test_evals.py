"""Evals: case validation, metrics, runs and reports, compare, and the regression gate."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from conftest import DATA

from assistant.engine import AnswerEngine
from assistant.models import Answer
from assistant.retrieval import HybridRetriever, Retrieval
from evals.cases import Case, load_cases
from evals.metrics import answer_leads, body_sentences, citation_scope
from evals.prose import leaning_sentences, leans_on_context, repeated_sentences, results_once
from evals.runner import compare, gate, read_run, run_eval
from knowledge.chunking import split_sentences
from knowledge.errors import LibraryError
from knowledge.models import SECTION_TITLES

CASES = DATA / "eval-cases"


def test_case_files_validate_with_located_errors(tmp_path: Path) -> None:
    assert len(load_cases([CASES])) == 12
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "- id: ok-case\n  question: fine?\n- id: Bad Id\n  turns: []\n  audience: alien\n"
    )
    with pytest.raises(LibraryError) as caught:
        load_cases([bad])
    text = caught.value.message
    assert f"{bad}:3: 1.id:" in text and f"{bad}:5: 1.audience:" in text
    both = tmp_path / "both.yaml"
    both.write_text("- id: both\n  question: a?\n  turns: [b]\n")
    with pytest.raises(LibraryError, match="exactly one of"):
        load_cases([both])


def test_run_writes_files_and_passes_the_gate(engine: AnswerEngine, tmp_path: Path) -> None:
    summary, results = run_eval(engine, load_cases([CASES]), tmp_path / "run")
    for name in ("results.jsonl", "summary.json", "report.html"):
        assert (tmp_path / "run" / name).exists()
    failing = {
        r.case_id: {k: v for k, v in r.metrics.items() if v["score"] not in (None, 1.0)}
        for r in results
        if not r.passed
    }
    assert failing == {}
    assert summary.metrics["recall_at_5"] == 1.0 and summary.metrics["safety_accuracy"] == 1.0
    assert summary.metrics["groundedness"] == 1.0 and summary.metrics["caveats"] == 1.0
    assert summary.metrics["unsupported_citation_cases"] == 0.0
    assert summary.llm_judge.startswith("skipped")
    assert gate(summary, engine.settings.evals) == []
    report = (tmp_path / "run" / "report.html").read_text()
    assert "Pass rate by topic" in report and "<script>alert" not in report


class ShuffledRetriever(HybridRetriever):
    """A deliberately broken retriever: returns the library in reverse order."""

    def retrieve(self, query, filters=None, boost_ids=(), corpus=None):  # type: ignore[no-untyped-def]
        real = super().retrieve(query, filters, boost_ids, corpus)
        return Retrieval(list(reversed(real.summaries)), real.query_vector, real.milliseconds)


def test_gate_fails_on_a_broken_retriever(engine: AnswerEngine, tmp_path: Path) -> None:
    base = engine.retriever
    broken = AnswerEngine(
        engine.settings,
        ShuffledRetriever(index=base.index, embeddings=base.embeddings, config=base.config),
    )
    good, _ = run_eval(engine, load_cases([CASES]), tmp_path / "good")
    bad, _ = run_eval(broken, load_cases([CASES]), tmp_path / "bad")
    failures = gate(bad, engine.settings.evals)
    assert any(f.startswith("recall_at_5") for f in failures)
    deltas, flipped = compare(tmp_path / "good", tmp_path / "bad")
    before, after = deltas["recall_at_5"]
    assert before == 1.0 and after is not None and after < 1.0
    assert any(line.endswith("pass -> fail") for line in flipped)
    assert read_run(tmp_path / "bad")[0].passed < good.passed


def test_cli_eval_and_compare(engine: AnswerEngine, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    msra = str(Path(sys.executable).parent / "msra")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSRA_")}
    env.update(
        MSRA_LIBRARY__DIRECTORY=str(engine.settings.library.directory),
        MSRA_STORE__PATH=str(engine.settings.store.path),
    )
    run = subprocess.run(
        [msra, "eval", "--cases", str(CASES), "--out", str(tmp_path / "a"), "--gate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "12 cases, 12 passed" in run.stdout and "recall_at_5" in run.stdout
    assert json.loads((tmp_path / "a" / "summary.json").read_text())["cases"] == 12
    same = subprocess.run(
        [msra, "eval", "compare", str(tmp_path / "a"), str(tmp_path / "a")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert same.returncode == 0 and "0 cases flipped" in same.stdout


def test_llm_judge_metrics_run_when_a_model_is_configured(
    engine: AnswerEngine, tmp_path: Path
) -> None:
    from typing import Any

    from langchain_core.language_models import SimpleChatModel
    from langchain_core.messages import BaseMessage

    class RuleJudge(SimpleChatModel):
        """A real chat-model subclass: says yes to support questions, rates relevance 4."""

        def _call(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> str:
            return "yes" if "yes or no" in str(messages[-1].content) else "4"

        @property
        def _llm_type(self) -> str:
            return "rule-judge"

    cases = [c for c in load_cases([CASES]) if c.id in {"coffee-risk", "stopping-older"}]
    summary, results = run_eval(engine, cases, tmp_path / "judged", judge=RuleJudge())
    assert summary.llm_judge == "ran with RuleJudge"
    assert summary.metrics["llm_faithfulness"] == 1.0 and summary.metrics["llm_relevancy"] == 0.75
    assert summary.metrics["llm_faithfulness"] is not None
    assert 0 <= summary.metrics["llm_faithfulness"] <= 1
    assert summary.metrics["llm_relevancy"] is not None
    for result in results:
        assert result.metrics["llm_faithfulness"]["reason"].endswith("supported")


def test_no_repeats_fails_a_replay_but_not_a_finding_asked_for_again(
    engine: AnswerEngine,
) -> None:
    first = engine.answer("Does drinking coffee change my chances of getting MS?", [], "patient")
    said = body_sentences(first)
    assert len(said) >= 2

    def answer_saying(*sentences: str) -> Answer:
        return first.model_copy(update={"body": " ".join(f"{s} [1]" for s in sentences)})

    new = "Heavy coffee drinkers were compared with people who drank none."
    assert repeated_sentences(answer_saying(*said), first).score == 0.0  # a replay
    assert repeated_sentences(answer_saying(new, new), first).score == 0.0  # said twice
    # The one finding asked for again, beside something new, is an answer.
    assert repeated_sentences(answer_saying(said[0], new), first).score == 1.0
    assert repeated_sentences(answer_saying(new), first).score == 1.0


def test_results_once_fails_a_result_said_again_in_other_words(engine: AnswerEngine) -> None:
    first = engine.answer("Does drinking coffee change my chances of getting MS?", [], "patient")

    def answer_saying(*paragraphs: str) -> Answer:
        return first.model_copy(update={"body": "\n\n".join(paragraphs)})

    main = "Relapses fell by 46% in one trial and 47% in the other (0.16 vs 0.29). [1]"
    again = "The yearly relapse rate fell by 46% and 47%. [1]"
    assert results_once(answer_saying(f"{main} {again}")).score == 0.0
    assert results_once(answer_saying(f"{again} {main}")).score == 1.0  # the later says more
    assert results_once(answer_saying(main, again.replace("[1]", "[2]"))).score == 1.0
    weeks = "Drips each 6 weeks did as well as drips each 4 weeks. [1]"
    assert results_once(answer_saying(f"{weeks} {weeks.replace('did', 'worked')}")).score == 1.0


def test_a_leaning_sentence_stands_only_right_after_the_one_it_follows(
    engine: AnswerEngine,
) -> None:
    """A sentence such as "They were grouped ..." quoted alone leans on missing context;
    right after the sentence it follows in the cited summary, it has its context."""
    first = engine.answer("Does drinking coffee change my chances of getting MS?", [], "patient")
    view = engine.retriever.corpus.summaries[first.citations[0].summary_id]
    pairs = [
        (before, after)
        for section in SECTION_TITLES
        for before, after in itertools.pairwise(split_sentences(view.section_text(section)))
        if leans_on_context(after) and not leans_on_context(before)
    ]
    assert pairs, "the fixture summary has a sentence that leans on the one before it"
    before, after = pairs[0]

    def answer_saying(*sentences: str) -> Answer:
        return first.model_copy(update={"body": " ".join(f"{s} [1]" for s in sentences)})

    corpus = engine.retriever.corpus
    assert leaning_sentences(answer_saying(before, after), corpus).score == 1.0
    assert leaning_sentences(answer_saying(after, before), corpus).score == 0.5
    assert leaning_sentences(answer_saying(after), corpus).score == 0.0


def test_citation_scope_fails_a_citation_outside_cite_only(engine: AnswerEngine) -> None:
    """A case naming one drug may list the summaries it is acceptable to cite; one more
    citation fails the case, and a case without the list is not scored on it."""
    answer = engine.answer("Does drinking coffee change my chances of getting MS?", [], "patient")
    cited = [c.summary_id for c in answer.citations]
    assert cited
    scoped = Case(id="scoped", question="q", expect_any=cited[:1], cite_only=cited)
    assert citation_scope(scoped, answer).score == 1.0
    narrower = scoped.model_copy(update={"cite_only": ["another-summary"]})
    assert citation_scope(narrower, answer).score == 0.0
    assert cited[0] in citation_scope(narrower, answer).reason
    unscoped = Case(id="unscoped", question="q", expect_any=cited[:1])
    assert citation_scope(unscoped, answer).score is None
    barred = Case(id="barred", question="q", cite_none_of=cited[-1:])
    assert citation_scope(barred, answer).score == 0.0
    other = Case(id="other", question="q", cite_none_of=["another-summary"])
    assert citation_scope(other, answer).score == 1.0


def test_answer_leads_asks_the_first_sentence_to_carry_the_phrase(engine: AnswerEngine) -> None:
    answer = engine.answer("Does drinking coffee change my chances of getting MS?", [], "patient")
    first, second = body_sentences(answer)[:2]
    word = next(w for w in second.split() if w.lower() not in first.lower() and len(w) > 4)
    case = Case(id="leads", question="q", lead_mention=[first.split()[-1]])
    assert answer_leads(case, answer).score == 1.0
    later = case.model_copy(update={"lead_mention": [word]})
    assert answer_leads(later, answer).score == 0.0
    assert answer_leads(Case(id="none", question="q"), answer).score is None


def test_the_grader_reads_an_opening_on_that_as_leaning() -> None:
    assert leans_on_context("Because of that, the disability result is unconfirmed.")
    assert leans_on_context("Even so, the drug may slow disability.")
    assert not leans_on_context("Fewer relapses, that was the goal.")
