"""The hybrid retriever as a LangChain retriever, over the bundled library (real model)."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.engine import AnswerEngine
from assistant.models import Filters
from assistant.retrieval import HybridRetriever

ORATORIO = "oratorio-ocrelizumab-ppms"
QUESTION = "does ocrelizumab work in primary progressive ms"


@pytest.fixture(scope="module")
def retriever(bundled_engine: AnswerEngine) -> HybridRetriever:
    """A retriever built the way callers build it: positionally, over the bundled index."""
    base = bundled_engine.retriever
    return HybridRetriever(base.index, base.embeddings, base.config)


def ids(documents: list[Document]) -> list[str]:
    return [d.metadata["summary_id"] for d in documents]


class Recorder(BaseCallbackHandler):
    """A real callback handler that records the retriever runs it sees."""

    def __init__(self) -> None:
        self.started: list[tuple[str, str | None]] = []
        self.ended: list[list[Document]] = []

    def on_retriever_start(
        self, serialized: dict[str, Any], query: str, *, run_id: UUID, **kwargs: Any
    ) -> None:
        self.started.append((query, kwargs.get("name")))

    def on_retriever_end(self, documents: Any, *, run_id: UUID, **kwargs: Any) -> None:
        self.ended.append(list(documents))


def test_it_is_a_langchain_retriever_with_the_old_surface(
    retriever: HybridRetriever, bundled_engine: AnswerEngine
) -> None:
    base = bundled_engine.retriever
    assert isinstance(retriever, BaseRetriever) and isinstance(base, BaseRetriever)
    assert retriever.index is base.index and retriever.embeddings is base.embeddings
    assert retriever.config is base.config and retriever.filters.is_empty()
    assert retriever.corpus.summaries.keys() == base.corpus.summaries.keys()


def test_invoke_returns_one_document_per_summary_best_first(retriever: HybridRetriever) -> None:
    documents = retriever.invoke(QUESTION)
    native = retriever.retrieve(QUESTION).summaries
    assert ids(documents)[0] == ORATORIO
    assert ids(documents) == [s.view.id for s in native]
    assert len(set(ids(documents))) == len(documents)
    first, best = documents[0], native[0]
    assert first.page_content == best.passage.text and "ocrelizumab" in first.page_content.lower()
    assert first.metadata == {
        "summary_id": ORATORIO,
        "title": best.view.title,
        "score": best.score,
        "similarity": best.similarity,
    }
    assert first.metadata["similarity"] > 0.37


def test_batch_stream_and_async_use_the_same_search(retriever: HybridRetriever) -> None:
    questions = [QUESTION, "does coffee lower the risk of ms"]
    batched = retriever.batch(questions)
    assert len(batched) == 2 and ids(batched[0])[0] == ORATORIO
    assert ids(batched[1]) == ids(retriever.invoke(questions[1]))
    assert ORATORIO not in ids(batched[1])[:1]
    assert [ids(d) for d in retriever.stream(QUESTION)] == [ids(batched[0])]
    assert ids(asyncio.run(retriever.ainvoke(QUESTION))) == ids(batched[0])


def test_callbacks_see_the_run(retriever: HybridRetriever) -> None:
    recorder = Recorder()
    documents = retriever.invoke(QUESTION, {"callbacks": [recorder], "run_name": "library"})
    assert recorder.started == [(QUESTION, "library")]
    assert [ids(d) for d in recorder.ended] == [ids(documents)]
    bound = Recorder()
    retriever.with_config(callbacks=[bound]).invoke(QUESTION)
    assert bound.started == [(QUESTION, "HybridRetriever")] and len(bound.ended) == 1


def test_the_filters_field_limits_the_documents(retriever: HybridRetriever) -> None:
    progressive = Filters(topics=["progressive ms"])
    narrowed = HybridRetriever(
        retriever.index, retriever.embeddings, retriever.config, filters=progressive
    )
    documents = narrowed.invoke(QUESTION)
    summaries = retriever.corpus.summaries
    assert ids(documents)[0] == ORATORIO
    assert all("progressive ms" in summaries[sid].topics for sid in ids(documents))
    assert len(documents) < len(retriever.invoke(QUESTION))
    diet = Filters(topics=["diet and lifestyle"])
    elsewhere = narrowed.model_copy(update={"filters": diet}).invoke(QUESTION)
    assert elsewhere and ORATORIO not in ids(elsewhere)
    assert set(ids(elsewhere)) <= retriever.corpus.allowed(diet)
