"""The bundled offline embedding model: loads from site-packages, behaves like MiniLM."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.embeddings import DIMENSIONS, OnnxMiniLMEmbeddings, make_embeddings
from knowledge.errors import ConfigError
from knowledge.settings import EmbeddingSettings


@pytest.fixture(scope="module")
def model() -> OnnxMiniLMEmbeddings:
    return OnnxMiniLMEmbeddings(batch_size=4)


def test_vectors_are_unit_length_and_deterministic(model: OnnxMiniLMEmbeddings) -> None:
    texts = ["Does exercise help MS fatigue?", "Vitamin D", "a " * 600]
    first = model.embed_array(texts)
    assert first.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert np.allclose(first, model.embed_array(texts), atol=1e-6)


def test_batching_and_ordering_do_not_change_vectors(model: OnnxMiniLMEmbeddings) -> None:
    texts = [f"sentence {i} about {'relapses ' * i}" for i in range(9)]
    together = model.embed_array(texts)
    alone = np.stack([model.embed_array([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-4)


def test_meaning_is_captured(model: OnnxMiniLMEmbeddings) -> None:
    query = model.embed_query("Can physical activity reduce tiredness in multiple sclerosis?")
    near = model.embed_query("Exercise training lowered fatigue in people with MS.")
    far = model.embed_query("The hepatitis B vaccine and the risk of MS.")
    assert float(np.dot(query, near)) > float(np.dot(query, far)) + 0.2


def test_langchain_interface(model: OnnxMiniLMEmbeddings) -> None:
    docs = model.embed_documents(["one", "two"])
    assert len(docs) == 2 and len(docs[0]) == DIMENSIONS
    assert isinstance(docs[0][0], float)


def test_provider_switch() -> None:
    assert isinstance(make_embeddings(EmbeddingSettings()), OnnxMiniLMEmbeddings)
    with pytest.raises(ConfigError, match="langchain-huggingface"):
        make_embeddings(EmbeddingSettings(provider="sentence-transformers", model="x"))
