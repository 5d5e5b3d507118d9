"""Shared fixtures: isolated settings, fixture libraries and test doubles."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.models import Citation
from evals.bench import free_port, wait_for_port
from knowledge.settings import LibrarySettings, Settings, StoreSettings

__all__ = ["free_port", "use_app_environment", "wait_for_port"]

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]


class FakeEmbeddings(Embeddings):
    """A real Embeddings subclass: deterministic bag-of-words vectors, counting calls."""

    def __init__(self, dims: int = 64) -> None:
        self.dims = dims
        self.embedded: list[str] = []

    def _vector(self, text: str) -> list[float]:
        vector = np.zeros(self.dims, dtype=np.float32)
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dims] += 1.0
        norm = float(np.linalg.norm(vector)) or 1.0
        return (vector / norm).tolist()  # type: ignore[no-any-return]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


@pytest.fixture(scope="session", autouse=True)
def triage_cache(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The triage bank's embeddings are cached once per test session, not in ./data."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MSRA_SAFETY__CACHE_DIR", str(tmp_path_factory.mktemp("triage-cache")))
        yield


@pytest.fixture
def fake_embeddings() -> FakeEmbeddings:
    return FakeEmbeddings()


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture library."""
    target = tmp_path / "library"
    shutil.copytree(DATA / "library", target)
    return target


@pytest.fixture
def settings(tmp_path: Path, library_dir: Path) -> Settings:
    """Settings isolated from the environment, pointing at temporary folders."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        library=LibrarySettings(directory=library_dir),
        store=StoreSettings(path=tmp_path / "chroma"),
    )


def stop_process(process: Any, timeout: float = 15) -> None:
    """Terminate a server the test started, killing it if it does not stop in time."""
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def chroma_server(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real `chroma run` server on 127.0.0.1, stopped after the test."""
    import subprocess
    import sys

    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    process = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(tmp_path / "server-data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield port
    finally:
        stop_process(process)


@pytest.fixture(scope="session")
def postgres():  # type: ignore[no-untyped-def]
    """A throwaway PostgreSQL cluster on 127.0.0.1 (tests/pg_cluster.py), started once per
    session and removed at its end; skipped, with the reason, where PostgreSQL cannot run."""
    from pg_cluster import PostgresCluster, PostgresUnavailable

    try:
        cluster = PostgresCluster()
    except PostgresUnavailable as exc:
        pytest.skip(f"no PostgreSQL for the database tests: {exc}")
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(scope="session")
def engine_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over the engine fixture library, indexed once with the real model."""
    from knowledge.embeddings import make_embeddings
    from knowledge.ingest import run_ingest
    from knowledge.library import load_library
    from knowledge.store import ChunkIndex

    root = tmp_path_factory.mktemp("engine")
    config = Settings(
        _env_file=None,  # type: ignore[call-arg]
        # No topic overviews: these tests are about answers from summaries.
        library=LibrarySettings(directory=DATA / "engine-library", overviews=root / "none"),
        store=StoreSettings(path=root / "chroma"),
    )
    run_ingest(
        load_library(config.library.directory),
        ChunkIndex.open(config),
        make_embeddings(config.embeddings),
    )
    return config


@pytest.fixture(scope="session")
def engine(engine_settings: Settings):  # type: ignore[no-untyped-def]
    """An offline answer engine over the engine fixture library."""
    from assistant.api import build_engine

    return build_engine(engine_settings, use_configured_llm=False)


@pytest.fixture(scope="session")
def bundled_engine(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """An offline engine over the bundled library, indexed once per session (real model)."""
    from assistant.api import build_engine
    from knowledge.embeddings import make_embeddings
    from knowledge.ingest import run_ingest
    from knowledge.library import load_library
    from knowledge.store import ChunkIndex

    config = Settings(
        _env_file=None,  # type: ignore[call-arg]
        store=StoreSettings(path=tmp_path_factory.mktemp("bundled") / "chroma"),
    )
    run_ingest(
        load_library(config.library.directory),
        ChunkIndex.open(config),
        make_embeddings(config.embeddings),
    )
    return build_engine(config, use_configured_llm=False)


def citation(**changes: object) -> Citation:
    """A valid citation for tests, with ``changes`` applied."""
    data: dict[str, object] = dict(
        n=1,
        summary_id="s",
        title="Coffee and MS",
        url="https://pubmed.ncbi.nlm.nih.gov/1/",
        doi=None,
        pmid="1",
        source_title="Coffee paper",
        fact_sheet="s",
        published=dt.date(2016, 3, 3),
        credibility=4,
        interest=3,
        study_type="randomized controlled trial",
        sample_size=316,
        passage="Coffee drinkers had lower odds.",
        caveats="Memory can be wrong.",
    )
    data.update(changes)
    return Citation.model_validate(data)


def use_app_environment(
    monkeypatch: pytest.MonkeyPatch, settings: Settings, tmp_path: Path, database_url: str
) -> None:
    """The app's environment for a test: no MSRA_* from outside (but the per-session
    safety cache), the fixture library and store of ``settings``, and ``database_url``."""
    for key in list(os.environ):
        if key.startswith("MSRA_") and key != "MSRA_SAFETY__CACHE_DIR":
            monkeypatch.delenv(key)
    monkeypatch.setenv("MSRA_LIBRARY__DIRECTORY", str(settings.library.directory))
    monkeypatch.setenv("MSRA_LIBRARY__OVERVIEWS", str(settings.library.overviews))
    monkeypatch.setenv("MSRA_LIBRARY__CARD_DRAFTS", str(tmp_path / "card-drafts"))
    monkeypatch.setenv("MSRA_STORE__PATH", str(settings.store.path))
    monkeypatch.setenv("MSRA_UI__DATABASE_URL", database_url)


# The browser fixtures live beside their page helpers; imported here, every browser test
# module shares one `msra serve` for the session (and has its own chromium).
from browser_support import app_url, browser, bundled_app_url  # noqa: E402

__all__ += ["app_url", "browser", "bundled_app_url"]
