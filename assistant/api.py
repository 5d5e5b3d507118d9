"""The stable Python API: ``answer`` and ``stream_answer``.

Used by the UI, the evals and outside scripts. Collaborators default to the
ones the settings describe (built once per settings and reused).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence

from langchain_core.language_models import BaseChatModel

from assistant.engine import AnswerEngine
from assistant.llm import make_chat_model
from assistant.models import Answer, Audience, Filters, Turn
from assistant.overview_route import OverviewIndex
from assistant.retrieval import HybridRetriever
from knowledge.embeddings import make_embeddings
from knowledge.overviews import load_overviews
from knowledge.settings import Settings
from knowledge.store import ChunkIndex, snapshot_folder

log = logging.getLogger(__name__)
_engines: dict[str, AnswerEngine] = {}
_lock = threading.Lock()


def build_engine(
    settings: Settings,
    *,
    retriever: HybridRetriever | None = None,
    llm: BaseChatModel | None = None,
    use_configured_llm: bool = True,
) -> AnswerEngine:
    """An engine from settings, with any collaborator replaced by the one given."""
    limit_blas_threads(settings.retrieval.blas_threads)
    if retriever is None:
        index = ChunkIndex.open(settings)
        retriever = HybridRetriever(
            index, make_embeddings(settings.embeddings), settings.retrieval,
            snapshots=snapshot_folder(settings),
        )  # fmt: skip
    if llm is None and use_configured_llm:
        llm = make_chat_model(settings.llm)
    return AnswerEngine(
        settings, retriever, llm, overviews=load_overview_index(settings, retriever)
    )


def load_overview_index(settings: Settings, retriever: HybridRetriever) -> OverviewIndex | None:
    """The library's topic overviews, embedded for matching broad questions. An invalid
    overview file is left out and logged (``msra library check`` names its line)."""
    loaded = load_overviews(settings.library.overviews)
    for problem in loaded.problems:
        log.warning("topic overview left out: %s", problem)
    if not loaded.overviews:
        return None
    return OverviewIndex(
        list(loaded.overviews.values()), retriever.embeddings, settings.safety.cache_dir
    )


def limit_blas_threads(threads: int) -> None:
    """Cap numpy's BLAS threads for this process (0 leaves them as they are)."""
    if threads:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=threads, user_api="blas")


def default_engine(settings: Settings) -> AnswerEngine:
    """The shared engine for these settings (thread-safe, built once)."""
    key = settings.settings_hash()
    with _lock:
        if key not in _engines:
            _engines[key] = build_engine(settings)
        return _engines[key]


def answer(
    question: str,
    history: Sequence[Turn],
    settings: Settings,
    *,
    retriever: HybridRetriever | None = None,
    llm: BaseChatModel | None = None,
    audience: Audience = "patient",
    filters: Filters | None = None,
) -> Answer:
    """Answer one turn of a conversation with citations and caveats."""
    return _engine_for(settings, retriever, llm).answer(question, history, audience, filters)


def stream_answer(
    question: str,
    history: Sequence[Turn],
    settings: Settings,
    *,
    retriever: HybridRetriever | None = None,
    llm: BaseChatModel | None = None,
    audience: Audience = "patient",
    filters: Filters | None = None,
) -> Iterator[str | Answer]:
    """Like :func:`answer`, yielding text pieces first and the :class:`Answer` last."""
    return _engine_for(settings, retriever, llm).stream(question, history, audience, filters)


def _engine_for(
    settings: Settings, retriever: HybridRetriever | None, llm: BaseChatModel | None
) -> AnswerEngine:
    """The shared engine, or a new one when a collaborator is handed in."""
    if retriever is None and llm is None:
        return default_engine(settings)
    return build_engine(settings, retriever=retriever, llm=llm)
