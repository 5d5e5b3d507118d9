"""Safety triage, recall first: the reviewed patterns, then the exemplar-bank model.

The patterns (assistant/safety.py) are the first gate: what they route to crisis is
final, and an emergency stays one unless the model reads the message as a crisis.
Every other question also goes to the model (assistant/triage_model.py), and the
higher-priority route of the two is taken.
The bank's embeddings are cached in ``SafetySettings.cache_dir`` per text, so an
edited bank embeds only its new phrasings; the fitted model is shared per process.
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

from assistant import safety
from assistant.crisis_reread import without_topics
from assistant.drugs import generic_names
from assistant.exemplars import Exemplar, load_bank
from assistant.models import SafetyRoute
from assistant.triage_model import (
    FIT_VERSION,
    Calibration,
    ModelSettings,
    TriageModel,
    Verdict,
)
from knowledge.embeddings import OnnxMiniLMEmbeddings, cached_vectors, model_id
from knowledge.files import write_atomically
from knowledge.settings import SafetySettings

log = logging.getLogger(__name__)

#: Highest first; injection is answered as an ordinary question, so it ranks last.
PRIORITY: tuple[SafetyRoute, ...] = (
    "crisis",
    "emergency",
    "urgent",
    "medical_decision",
    "injection",
    "none",
)
#: A question's words that the library's topics use (from the question's analysis).
TopicWords = Callable[[str], Sequence[str]]
_MODELS: dict[str, TriageModel] = {}
_MODELS_LOCK = threading.Lock()


def bundled(embeddings: Embeddings) -> Embeddings:
    """The bundled model for triage (its bank was calibrated on it): the given instance when
    it is the bundled model, so the model is loaded once per process."""
    return embeddings if isinstance(embeddings, OnnxMiniLMEmbeddings) else OnnxMiniLMEmbeddings()


class SafetyTriage:
    """Routes questions; built from settings, with the embedding model passed in."""

    def __init__(
        self,
        config: SafetySettings,
        embeddings: Embeddings,
        model: TriageModel | None = None,
        topic_words: TopicWords | None = None,
    ) -> None:
        """``topic_words`` gives a question's words that the library's topics use; with it,
        a crisis reading resting on them alone is read again without them."""
        self.config = config
        self.embeddings = embeddings
        self.topic_words = topic_words
        self._lock = threading.Lock()
        self._model = model

    def triage(self, question: str) -> safety.Triage:
        """The route for one question: patterns first, then the model."""
        return self.triage_many([question])[0]

    def triage_many(self, questions: Sequence[str]) -> list[safety.Triage]:
        """Routes for several questions, the model's embeddings made in one batch."""
        texts = [" ".join(q.split()) for q in questions]
        results = [safety.triage(text) for text in texts]
        if not self.config.classifier:
            return results  # a crisis answer for the writer: it lists the crisis lines
        # Every message but a crisis one goes to the model: one that matched an emergency
        # phrasing too, as an overdose taken on purpose needs the crisis answer.
        open_ = [i for i, r in enumerate(results) if r.route != "crisis"]
        verdicts = self.classify([texts[i] for i in open_]) if open_ else []
        for i, verdict in zip(open_, verdicts, strict=True):
            results[i] = not_now(combine(results[i], verdict), texts[i])
            if results[i].route == "crisis" and results[i].method == "classifier":
                results[i] = self.without_topic_crisis(texts[i]) or results[i]
        return [
            self._with_person(result, text) for result, text in zip(results, texts, strict=True)
        ]

    def _with_person(self, result: safety.Triage, text: str) -> safety.Triage:
        if result.route != "crisis":
            return result
        person = self.model().persons.person(generic_names(text))
        return dataclasses.replace(result, person=person)

    def classify(self, texts: Sequence[str]) -> list[Verdict]:
        """The model's verdicts alone, the texts embedded in one batch (drug names read as
        their generic names, as the bank is)."""
        return self.model().classify([generic_names(t) for t in texts], self._embed)

    def without_topic_crisis(self, text: str) -> safety.Triage | None:
        """The route of a message the classifier read as a crisis when that reading rests
        on the library's topic words alone (``assistant/crisis_reread.py``): its next
        route, crisis lines beside the answer. None when the crisis reading stands."""
        topics = self.topic_words(text) if self.topic_words else []
        if not topics:
            return None
        model, text_read = self.model(), generic_names(text)
        # Drug names are read as their generic names (as the bank is), topic words too.
        topics = [generic_names(w) for w in topics]
        again = without_topics(text_read, topics, model.crisis_words)
        if again == text_read:
            return None
        reread = self.classify([again])[0]
        if "crisis" in reread.fired or reread.resources:
            return None
        verdict = model.classify([text_read], self._embed, without=("crisis",))[0]
        verdict = dataclasses.replace(verdict, resources=True)
        return not_now(combine(safety.triage(text), verdict), text)

    def _embed(self, texts: list[str]) -> np.ndarray:
        if len(texts) == 1:  # a question: retrieval asks for the same vector next
            return np.asarray([self.embeddings.embed_query(texts[0])], dtype=np.float32)
        return np.asarray(self.embeddings.embed_documents(texts), dtype=np.float32)

    def model(self) -> TriageModel:
        """The fitted model, built on first use and shared by every triage in the process."""
        with self._lock:
            if self._model is None:
                self._model = shared_model(self.config, self.embeddings)
            return self._model


def combine(by_pattern: safety.Triage, verdict: Verdict) -> safety.Triage:
    """The higher-priority route of the patterns and the model, noting what else fired.
    An emergency the patterns found stays one unless the model reads the message as a
    crisis first (an overdose taken on purpose): the crisis answer also says to call the
    emergency number, and gives the crisis lines."""
    if by_pattern.route == "emergency" and verdict.route != "crisis":
        return by_pattern
    routes = sorted({by_pattern.route, verdict.route, *verdict.fired}, key=PRIORITY.index)
    route = routes[0]
    extrapolated = False
    if route == by_pattern.route:
        matched, method = by_pattern.matched, by_pattern.method
    else:
        matched, method = verdict.reason(), "classifier"
        extrapolated = route == verdict.route and verdict.extrapolated
    if route == "none" and verdict.resources and not matched:
        # The trace says why crisis lines sit beside an ordinary answer (for audits).
        chance = verdict.probabilities["crisis"]
        matched = f"crisis lines beside the answer: near crisis phrasings, crisis p={chance:.2f}"
        method = "classifier"
    also = tuple(r for r in routes[1:] if r in ("urgent", "medical_decision"))
    return safety.Triage(
        route, matched, method, also=also, resources=verdict.resources, extrapolated=extrapolated
    )


def not_now(result: safety.Triage, text: str) -> safety.Triage:
    """The classifier's emergency reading of a question about MS with nothing happening now
    ("my son had a bad concussion at 15. could that be what caused his ms?") gets the urgent
    notice, which also says when to call the emergency number, and then the research, not
    "call now" alone. An emergency a pattern found stays one."""
    if result.route != "emergency" or result.method != "classifier":
        return result
    if not safety.asks_about_ms_not_now(text):
        return result
    why = f"{result.matched}; a question about MS with nothing said to be happening now"
    return dataclasses.replace(result, route="urgent", matched=why)


def model_settings(config: SafetySettings) -> ModelSettings:
    """The model's choices from the safety settings."""
    return ModelSettings(
        calibration_quantile=config.calibration_quantile,
        resources_quantile=config.resources_quantile,
        support_quantile=config.support_quantile,
        neighbours=config.neighbours,
    )


def shared_model(config: SafetySettings, embeddings: Embeddings) -> TriageModel:
    """One fitted model per bank, settings and embedding model in this process."""
    bank = load_bank(config.bank_dir)
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
