"""The Chroma vector store: connection, collection naming, chunk records.

This is the only module that talks to Chroma. Chroma is thread-safe but not
process-safe: several processes (UI, ingest, evals) must share one
``chroma run`` server (set ``MSRA_STORE__HOST``) rather than one folder.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from knowledge.errors import StoreError, StoreUnavailableError
from knowledge.models import Chunk, EvidenceCard, Source
from knowledge.settings import Settings, StoreSettings

_PAGE = 5000
T = TypeVar("T")


@dataclass(frozen=True)
class Hit:
    """One chunk returned by a vector query, with its cosine similarity."""

    chunk: Chunk
    similarity: float


@dataclass(frozen=True)
class IndexedSummary:
    """What the index holds for one summary: its hash and its chunk ids."""

    content_hash: str
    chunk_ids: frozenset[str]


#: Chunk metadata keys: the version an ingest added a chunk in, the version that
#: retired it (absent while the chunk is live) and when it did (time.time_ns()). A chunk
#: id names one version of a summary, so the versions live side by side until no reader
#: needs the old one.
ADDED_IN, RETIRED_IN, RETIRED_AT = "added_in", "retired_in", "retired_at"


def visible_at(record: dict[str, Any], version: int) -> bool:
    """Whether a chunk belongs to the library as published at ``version`` (pure)."""
    retired = record.get(RETIRED_IN)
    added = int(record.get(ADDED_IN) or 0)
    return added <= version and (retired is None or int(retired) > version)


@dataclass(frozen=True)
class IndexState:
    """The index as an ingest finds it: what is published, and what is left over."""

    version: int
    #: Every summary as published at ``version``.
    live: dict[str, IndexedSummary]
    #: Chunks no reader needs: retired by a published ingest before the horizon.
    retired: frozenset[str]
    #: Chunks written by an ingest that has not published (it died, or it still runs).
    unpublished: frozenset[str]
    #: Chunks an unfinished ingest retired: still live, so their mark is taken back.
    stray: frozenset[str]
    #: Every chunk id each summary has, in any version (for reusing vectors).
    every: dict[str, frozenset[str]]


def index_state(
    records: Iterable[tuple[str, dict[str, Any]]], version: int, horizon: int = 0
) -> IndexState:
    """Sort every chunk record into published, left-over and wrongly retired (pure).
    A chunk retired after ``horizon`` (a time.time_ns()) is none of these: a reader may
    still hold the version before the one that retired it."""
    hashes: dict[str, str] = {}
    live: dict[str, set[str]] = {}
    every: dict[str, set[str]] = {}
    retired: set[str] = set()
    unpublished: set[str] = set()
    stray: set[str] = set()
    for chunk_id, record in records:
        summary_id = record["summary_id"]
        every.setdefault(summary_id, set()).add(chunk_id)
        if not visible_at(record, version):
            added = int(record.get(ADDED_IN) or 0)
            if added > version:
                unpublished.add(chunk_id)
            elif int(record.get(RETIRED_AT) or 0) <= horizon:
                retired.add(chunk_id)
            continue
        if record.get(RETIRED_IN) is not None:
            stray.add(chunk_id)
        # Mixed hashes mean a half-written summary: mark it so it is rewritten.
        previous = hashes.setdefault(summary_id, record["content_hash"])
        if previous != record["content_hash"]:
            hashes[summary_id] = "mixed"
        live.setdefault(summary_id, set()).add(chunk_id)
    return IndexState(
        version,
        {sid: IndexedSummary(hashes[sid], frozenset(ids)) for sid, ids in live.items()},
        frozenset(retired),
        frozenset(unpublished),
        frozenset(stray),
        {sid: frozenset(ids) for sid, ids in every.items()},
    )


def embed_hash(chunk: Chunk) -> str:
    """Hash of the exact text embedded for a chunk, so identical text is never re-embedded."""
    return hashlib.sha256(chunk.embed_text().encode()).hexdigest()[:16]


def chunk_to_record(chunk: Chunk, added_in: int = 0) -> dict[str, Any]:
    """Chroma metadata for a chunk. Chroma stores no None: an upsert merges metadata and
    a None deletes the key, so every absent value is sent as None (no stale key stays)."""
    record: dict[str, Any] = {
        "summary_id": chunk.summary_id,
        "section": chunk.section,
        "n": chunk.n,
        "of": chunk.of,
        "title": chunk.title,
        "published": chunk.published.isoformat(),
        "published_ord": chunk.published.toordinal(),
        "content_hash": chunk.content_hash,
        "embed_hash": embed_hash(chunk),
        ADDED_IN: added_in,
        RETIRED_IN: None,
        RETIRED_AT: None,
        "topics": list(chunk.topics) or None,
        "source_json": chunk.source.model_dump_json(exclude_none=True) if chunk.source else None,
        "aliases": list(chunk.aliases) or None,
        "card_json": chunk.card.model_dump_json() if chunk.card is not None else None,
    }
    for key in ("credibility", "interest", "study_type"):
        record[key] = getattr(chunk, key)
    return record


def record_to_chunk(chunk_id: str, text: str, record: dict[str, Any]) -> Chunk:
    """Rebuild a chunk from its id, document text and Chroma metadata."""
    return Chunk(
        id=chunk_id,
        summary_id=record["summary_id"],
        section=record["section"],
        n=int(record["n"]),
        of=int(record.get("of", 1)),
        text=text,
        title=record["title"],
        published=dt.date.fromisoformat(record["published"]),
        credibility=record.get("credibility"),
        interest=record.get("interest"),
        topics=list(record.get("topics") or []),
        study_type=record.get("study_type"),
        source=_source(record["source_json"]) if record.get("source_json") else None,
        content_hash=record["content_hash"],
        card=_card(record["card_json"]) if record.get("card_json") else None,
        aliases=list(record.get("aliases") or []),
    )


# Every chunk of a summary carries the same source and card: each is validated once
# (validating them per chunk was most of a snapshot's load time).
@functools.lru_cache(maxsize=4096)
def _source(text: str) -> Source:
    return Source.model_validate_json(text)


@functools.lru_cache(maxsize=4096)
def _card(text: str) -> EvidenceCard:
    return EvidenceCard.model_validate_json(text)


def collection_name(settings: Settings) -> str:
    """Collection name: prefix plus a hash of the embedding model and chunking settings,
    so changing either builds a fresh collection instead of mixing vectors."""
    return f"{settings.store.collection_prefix}-{settings.index_fingerprint()}"


def snapshot_folder(settings: Settings) -> Path | None:
    """Where ingest writes this collection's snapshots and readers look for them:
    ``store.snapshots`` when set, else beside the embedded store; None for a server
    without a shared folder (readers then build their snapshot from the server)."""
    store = settings.store
    root = store.snapshots or (None if store.host else store.path / "snapshots")
    return root / collection_name(settings) if root is not None else None


def connect(config: StoreSettings) -> Any:
    """A Chroma client: HttpClient when a host is set, else an embedded PersistentClient."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    with _translate_errors(config):
        if config.host:
            return _http_client(config)
        config.path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(config.path), settings=chroma_settings)


def _http_client(config: StoreSettings) -> Any:
    """A client of a Chroma server whose every request gives up after ``timeout_s``.

    chromadb builds its httpx session with no timeout and asks the server for its tenant
    while being built, so a frozen server would hang here forever: the client is built in
    a daemon thread that is abandoned after the timeout, then its session gets the timeout
    for every later request."""
    import chromadb
    import httpx
    from chromadb.config import Settings as ChromaSettings

    built: dict[str, Any] = {}

    def build() -> None:
        try:
            built["client"] = chromadb.HttpClient(
                host=config.host or "", port=config.port,
                settings=ChromaSettings(anonymized_telemetry=False),
            )  # fmt: skip
        except Exception as exc:  # re-raised below, in the caller's thread
            built["error"] = exc

    worker = threading.Thread(target=build, name="chroma-connect", daemon=True)
    worker.start()
    worker.join(config.timeout_s)
    if worker.is_alive():
        raise StoreUnavailableError(
            f"cannot reach Chroma at {config.host}:{config.port}: "
            f"no answer within {config.timeout_s:g} s"
        )
    if "error" in built:
        raise built["error"]
    client = built["client"]
    client._server._session.timeout = httpx.Timeout(config.timeout_s)
    return client


@contextmanager
def _translate_errors(config: StoreSettings | None = None) -> Iterator[None]:
    """Turn Chroma and network failures into our error tree."""
    try:
        yield
    except StoreError:
        raise
    except Exception as exc:
        where = f"{config.host}:{config.port}" if config and config.host else "the local store"
        if _looks_unreachable(exc):
            raise StoreUnavailableError(f"cannot reach Chroma at {where}: {exc}") from exc
        raise StoreError(f"Chroma failed: {type(exc).__name__}: {exc}") from exc


def _looks_unreachable(exc: Exception) -> bool:
    names = {type(e).__name__ for e in _causes(exc)}
    text = str(exc).lower()
    return bool(
        names
        & {
            "ConnectError",
            "ConnectionError",
            "ConnectTimeout",
            "ReadTimeout",
            "RemoteProtocolError",
            "ConnectionRefusedError",
            "ReadError",
        }
        or "could not connect" in text
        or "connection refused" in text
    )


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: BaseException | None = exc
    while seen is not None:
        yield seen
        seen = seen.__cause__ or seen.__context__


class ChunkIndex:
    """The chunks of the library in one Chroma collection."""

    def __init__(self, client: Any, name: str) -> None:
        self.client = client
        self.name = name
        with _translate_errors():
            self.collection = client.get_or_create_collection(
                name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
            )

    @classmethod
    def open(cls, settings: Settings, client: Any | None = None) -> ChunkIndex:
        """Open (creating if needed) the collection the settings name."""
        return cls(
            client if client is not None else connect(settings.store), collection_name(settings)
        )

    def _call(self, action: Callable[[], T]) -> T:
        with _translate_errors():
            return action()

    def version(self) -> int:
        """The version the last completed ingest published (0 if none)."""
        collection = self._call(
            lambda: self.client.get_collection(self.name, embedding_function=None)
        )
        stamp = (collection.metadata or {}).get("msra_version", 0)
        # Indexes written before versions were numbers hold a hex time stamp.
        return stamp if isinstance(stamp, int) else int(str(stamp) or "0", 16)

    def publish(self, version: int) -> None:
        """Make ``version`` the one readers load: one metadata write, so a reader sees
        either the whole of it or the whole of the one before."""
        self._call(lambda: self.collection.modify(metadata={"msra_version": version}))

    def state(self, keep_retired_s: float = 0.0) -> IndexState:
        """The published version and every chunk record, sorted (see :func:`index_state`);
        chunks retired in the last ``keep_retired_s`` seconds are kept for readers."""
        version = self.version()
        horizon = time.time_ns() - int(keep_retired_s * 1e9)
        return index_state(self._all_records(), version, horizon)

    def count(self) -> int:
        """Number of chunks in the index."""
        return int(self._call(self.collection.count))

    def manifest(self) -> dict[str, IndexedSummary]:
        """For every summary of the published version, its content hash and chunk ids."""
        return self.state().live

    def _all_records(self) -> Iterator[tuple[str, dict[str, Any]]]:
        offset = 0
        while True:
            page = self._page(offset, ["metadatas"], _PAGE)
            yield from zip(page["ids"], page["metadatas"], strict=True)
            if len(page["ids"]) < _PAGE:
                return
            offset += _PAGE

    def _page(self, offset: int, include: list[str], limit: int) -> dict[str, Any]:
        return self._call(lambda: self.collection.get(include=include, limit=limit, offset=offset))

    def chunks_with_ids(self, ids: Sequence[str]) -> list[Chunk]:
        """The chunks with these ids (any version)."""
        if not ids:
            return []
        page = self._call(
            lambda: self.collection.get(ids=list(ids), include=["documents", "metadatas"])
        )
        return [
            record_to_chunk(cid, doc, meta)
            for cid, doc, meta in zip(
                page["ids"], page["documents"], page["metadatas"], strict=True
            )
        ]

    def stored_vectors(self, ids: Sequence[str]) -> dict[str, tuple[str, np.ndarray]]:
        """Existing vectors of these chunk ids, keyed by id, with their embed hash."""
        if not ids:
            return {}
        page = self._call(
            lambda: self.collection.get(ids=list(ids), include=["metadatas", "embeddings"])
        )
        return {
            chunk_id: (record.get("embed_hash", ""), np.asarray(vector, dtype=np.float32))
            for chunk_id, record, vector in zip(
                page["ids"], page["metadatas"], page["embeddings"], strict=True
            )
        }

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray, added_in: int = 0) -> None:
        """Write chunks with their vectors in one call, as added in version ``added_in``
        (readers of earlier versions do not see them)."""
        if not chunks:
            return
        self._call(
            lambda: self.collection.upsert(
                ids=[c.id for c in chunks],
                embeddings=vectors,
                documents=[c.text for c in chunks],
                metadatas=[chunk_to_record(c, added_in) for c in chunks],
            )
        )

    def delete_added_in(self, ids: Sequence[str], version: int) -> None:
        """Delete those of the chunks that version ``version`` added (and no later one)."""
        if not ids:
            return
        page = self._call(lambda: self.collection.get(ids=list(ids), include=["metadatas"]))
        mine = [
            cid
            for cid, record in zip(page["ids"], page["metadatas"], strict=True)
            if int(record.get(ADDED_IN) or 0) == version
        ]
        self.delete(mine)

    def retire(self, ids: Sequence[str], version: int | None) -> None:
        """Mark chunks as gone from ``version`` on (None takes the mark back). Readers of
        earlier versions still find them until a later ingest deletes them."""
        if ids:
            when = None if version is None else time.time_ns()
            marks: list[Any] = [{RETIRED_IN: version, RETIRED_AT: when} for _ in ids]
            self._call(lambda: self.collection.update(ids=list(ids), metadatas=marks))

    def delete(self, ids: Sequence[str]) -> None:
        """Delete chunks by id."""
        if ids:
            self._call(lambda: self.collection.delete(ids=list(ids)))

    def query(
        self, vector: Sequence[float], k: int, where: dict[str, Any] | None = None
    ) -> list[Hit]:
        """The ``k`` chunks nearest to ``vector`` (cosine), optionally filtered."""
        result = self._call(
            lambda: self.collection.query(
                query_embeddings=[list(vector)],
                n_results=k,
                where=where,
                include=["documents", "metadatas", "distances"],
            )
        )
        # A chunk an ingest deletes (a retired version's) between Chroma's vector search
        # and its record fetch comes back with no text or metadata: it is gone, and no
        # reader's version holds it, so it is no hit ("'NoneType' object is not
        # subscriptable" in about 1 of 20,000 answers during re-ingests, issue #14).
        return [
            Hit(record_to_chunk(cid, doc, meta), 1.0 - float(dist))
            for cid, doc, meta, dist in zip(
                result["ids"][0],
                result["documents"][0],
                result["metadatas"][0],
                result["distances"][0],
                strict=True,
            )
            if doc is not None and meta is not None
        ]

    def iter_chunks(self, version: int | None = None, page_size: int = _PAGE) -> Iterator[Chunk]:
        """Every chunk of the library as published at ``version`` (the current one if
        None), fetched a page at a time."""
        version = self.version() if version is None else version
        offset = 0
        while True:
            page = self._page(offset, ["documents", "metadatas"], page_size)
            for cid, doc, meta in zip(
                page["ids"], page["documents"], page["metadatas"], strict=True
            ):
                if visible_at(meta, version):
                    yield record_to_chunk(cid, doc, meta)
            if len(page["ids"]) < page_size:
                return
            offset += page_size

    def chunks(self, where: dict[str, Any] | None = None) -> list[Chunk]:
        """Every chunk of the published version matching ``where`` (all if None)."""
        version = self.version()
        page = self._call(
            lambda: self.collection.get(where=where, include=["documents", "metadatas"])
        )
        return [
            record_to_chunk(cid, doc, meta)
            for cid, doc, meta in zip(
                page["ids"], page["documents"], page["metadatas"], strict=True
            )
            if visible_at(meta, version)
        ]
