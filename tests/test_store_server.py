"""The server path: a real `chroma run` on 127.0.0.1, reached with HttpClient."""

from __future__ import annotations

import pytest
from conftest import FakeEmbeddings

from knowledge.errors import StoreUnavailableError
from knowledge.ingest import run_ingest
from knowledge.library import load_library
from knowledge.settings import Settings, StoreSettings
from knowledge.store import ChunkIndex, connect

pytestmark = pytest.mark.server


def test_ingest_and_query_through_a_chroma_server(settings: Settings, chroma_server: int) -> None:
    remote = settings.model_copy(
        update={"store": StoreSettings(host="127.0.0.1", port=chroma_server)}
    )
    embeddings = FakeEmbeddings()
    index = ChunkIndex.open(remote)
    report = run_ingest(load_library(remote.library.directory), index, embeddings)
    assert report.added == 1 and report.chunks_total == 4
    hits = index.query(embeddings.embed_query("obese at age 18 MS risk"), k=2)
    assert hits[0].chunk.summary_id == "adolescent-obesity-ms-risk-nurses-health-munger-2009"
    again = run_ingest(load_library(remote.library.directory), ChunkIndex.open(remote), embeddings)
    assert again.unchanged == 1 and again.chunks_written == 0
    assert not (settings.store.path).exists(), "server mode must not touch the local store"


def test_unreachable_server_is_a_clear_error() -> None:
    from conftest import free_port

    with pytest.raises(StoreUnavailableError) as caught:
        connect(StoreSettings(host="127.0.0.1", port=free_port()))
    assert "cannot reach Chroma" in caught.value.message


def test_a_frozen_server_fails_within_the_timeout() -> None:
    """A server that accepts connections but never answers: the client gives up after
    ``timeout_s`` with the clear error, instead of hanging every request forever."""
    import socket
    import time

    frozen = socket.socket()
    frozen.bind(("127.0.0.1", 0))
    frozen.listen(8)  # accepts into the backlog, never replies
    port = frozen.getsockname()[1]
    try:
        started = time.monotonic()
        with pytest.raises(StoreUnavailableError) as caught:
            connect(StoreSettings(host="127.0.0.1", port=port, timeout_s=1.0))
        waited = time.monotonic() - started
    finally:
        frozen.close()
    assert "cannot reach Chroma" in caught.value.message
    assert waited < 30, f"waited {waited:.1f} s for a frozen server"
