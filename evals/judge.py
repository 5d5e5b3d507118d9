"""Optional LLM-judge metrics (RAGAS-style faithfulness and answer relevancy).

They run only when a chat model is configured; offline they are skipped and the
run says so. The judge sees the cited passages and the answer, never the rules.
"""

from __future__ import annotations

import re

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage

from assistant.corpus import Corpus
from assistant.models import Answer
from evals.metrics import NOT_APPLICABLE, MetricResult, body_sentences, evidence_text

FAITHFULNESS_PROMPT = """Passages:
{passages}

Sentence: {sentence}

Is every claim in the sentence supported by the passages? Reply with one word: yes or no."""
RELEVANCY_PROMPT = """Question: {question}

Answer: {answer}

How fully does the answer address the question? Reply with one number from 1 (not at all)
to 5 (fully)."""


def _ask(model: BaseChatModel, prompt: str) -> str:
    reply = model.invoke([HumanMessage(prompt)])
    return (reply.text if isinstance(reply.text, str) else str(reply.content)).strip().lower()


def judge_faithfulness(model: BaseChatModel, answer: Answer, corpus: Corpus) -> MetricResult:
    """Share of answer sentences the judge finds supported by the cited summaries."""
    if not answer.citations or not answer.body:
        return NOT_APPLICABLE
    # The same text groundedness accepts: the summary and its evidence card, which is
    # what a chat model is given.
    passages = "\n\n".join(
        f"[{c.n}] {evidence_text(corpus.summaries[c.summary_id])}"
        for c in answer.citations
        if c.summary_id in corpus.summaries
    )
    verdicts = [
        _ask(model, FAITHFULNESS_PROMPT.format(passages=passages, sentence=s)).startswith("yes")
        for s in body_sentences(answer)
    ]
    if not verdicts:
        return NOT_APPLICABLE
    return MetricResult(sum(verdicts) / len(verdicts), f"{sum(verdicts)}/{len(verdicts)} supported")


def judge_relevancy(model: BaseChatModel, answer: Answer) -> MetricResult:
    """The judge's 1-5 rating of how fully the answer addresses the question, as 0-1."""
    if answer.safety in ("crisis", "emergency") or not answer.body:
        return NOT_APPLICABLE
    reply = _ask(model, RELEVANCY_PROMPT.format(question=answer.question, answer=answer.body))
    found = re.search(r"[1-5]", reply)
    if not found:
        return MetricResult(None, f"unreadable rating {reply[:40]!r}")
    rating = int(found.group())
    return MetricResult((rating - 1) / 4, f"rated {rating}/5")
