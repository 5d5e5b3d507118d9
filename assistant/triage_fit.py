"""The fitted triage model, once per process and cached on disk.

The bank's embeddings are cached per text in ``SafetySettings.cache_dir``, so an edited
bank embeds only its new phrasings. The calibration (a few numbers, JSON) and the fitted
state (vocabularies and weights as plain arrays, never a pickle) are cached per bank,
settings, embedding model and scikit-learn version: a start that finds them fits nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import threading
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import sklearn
from langchain_core.embeddings import Embeddings

from assistant.drugs import generic_names
from assistant.exemplars import Exemplar, for_messages, load_bank
from assistant.triage_model import FIT_VERSION, Calibration, ModelSettings, TriageModel
from knowledge.embeddings import cached_vectors, model_id
from knowledge.files import write_atomically
from knowledge.settings import SafetySettings

log = logging.getLogger(__name__)

_MODELS: dict[str, TriageModel] = {}
_MODELS_LOCK = threading.Lock()


def model_settings(config: SafetySettings) -> ModelSettings:
    """The model's choices from the safety settings."""
    return ModelSettings(
        calibration_quantile=config.calibration_quantile,
        resources_quantile=config.resources_quantile,
        support_quantile=config.support_quantile,
        neighbours=config.neighbours,
    )


def shared_model(
    config: SafetySettings, embeddings: Embeddings, sentences: bool = False
) -> TriageModel:
    """One fitted model per bank, settings and embedding model in this process: the one
    that reads whole messages, or with ``sentences`` the one that reads a message's
    sentences alone, which also learns the ordinary statements people tell."""
    bank = load_bank(config.bank_dir)
    bank = bank if sentences else for_messages(bank)
    key = _fit_key(bank, config, embeddings)
    with _MODELS_LOCK:
        if key not in _MODELS:
            _MODELS[key] = fit_model(bank, embeddings, config)
        return _MODELS[key]


def fit_model(
    bank: Sequence[Exemplar], embeddings: Embeddings, config: SafetySettings
) -> TriageModel:
    """A model fitted on the given exemplars (the held-out report fits on one half). Its
    calibration and fitted state are read from the cache when this bank, with these
    settings, this embedding model and this scikit-learn, was fitted before."""
    bank = [dataclasses.replace(e, text=generic_names(e.text)) for e in bank]
    vectors = bank_vectors([e.text for e in bank], embeddings, config.cache_dir)
    key, settings = _fit_key(bank, config, embeddings), model_settings(config)
    calibration_path = config.cache_dir / f"triage-calibration-{key}.json"
    state_path = config.cache_dir / f"triage-model-{key}.npz"
    cached = _read_calibration(calibration_path)
    model = _restored(bank, vectors, settings, cached, state_path) if cached else None
    if model is None:
        model = TriageModel(bank, vectors, settings, cached)
        state = model.fitted_state()
        _write_atomically(
            state_path, lambda partial: np.savez(partial, allow_pickle=False, **state)
        )
    if cached is None:
        _write_text(calibration_path, json.dumps(dataclasses.asdict(model.calibration)))
    return model


def _restored(
    bank: Sequence[Exemplar],
    vectors: np.ndarray,
    settings: ModelSettings,
    calibration: Calibration,
    path: Path,
) -> TriageModel | None:
    """The model from its cached state, checked by classifying one exemplar; None when
    there is no cache or it cannot be used (the caller fits again)."""
    try:
        with np.load(path, allow_pickle=False) as saved:
            arrays = {name: saved[name] for name in saved.files}
        model = TriageModel(bank, vectors, settings, calibration, fitted=arrays)
        model.linear.probabilities([bank[0].text], model.near.vectors[:1])
        model.persons.person(bank[0].text)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as exc:
        log.warning("fitting again: unusable triage model cache %s: %s", path, exc)
        return None
    return model


def _fit_key(bank: Sequence[Exemplar], config: SafetySettings, embeddings: Embeddings) -> str:
    basis = (
        [(e.text, e.route, e.person) for e in bank],
        model_settings(config),
        model_id(embeddings),
        sklearn.__version__,  # a fitted state is read back into this version's classes
        FIT_VERSION,
    )
    return hashlib.sha256(repr(basis).encode()).hexdigest()[:16]


def _read_calibration(path: Path) -> Calibration | None:
    """The cached calibration, or None (missing or unreadable: calibrate again)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Calibration(
            {str(k): float(v) for k, v in data["thresholds"].items()},
            float(data["resources_threshold"]),
            {str(k): float(v) for k, v in data["confident_thresholds"].items()},
            {str(k): float(v) for k, v in data["far_thresholds"].items()},
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("recalibrating: unreadable triage calibration %s: %s", path, exc)
        return None


def bank_vectors(texts: Sequence[str], embeddings: Embeddings, cache_dir: Path) -> np.ndarray:
    """Embeddings of the bank's texts, reusing every one already in the cache."""
    return cached_vectors(texts, embeddings, cache_dir / f"triage-bank-{model_id(embeddings)}.npz")


def _write_text(path: Path, text: str) -> None:
    """A text cache file, written atomically."""
    _write_atomically(path, lambda partial: partial.write_text(text, encoding="utf-8"))


def _write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Write the cache whole; a cache that cannot be written only costs time, so failures
    are logged, not raised."""
    try:
        write_atomically(path, write)
    except OSError as exc:
        log.warning("could not write the triage cache %s: %s", path, exc)
