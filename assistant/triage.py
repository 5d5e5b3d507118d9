"""Safety triage, recall first: the reviewed patterns, then the exemplar-bank model.

The patterns (assistant/safety.py) are the first gate: what they route to crisis is
final, and an emergency stays one unless the model reads the message as a crisis.
Every other question also goes to the model (assistant/triage_model.py), and the
higher-priority route of the two is taken.
The fitted model is shared per process and cached on disk (assistant/triage_fit.py).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant import safety
from assistant.crisis_reread import without_topics
from assistant.drugs import generic_names
from assistant.models import SafetyRoute
from assistant.triage_fit import shared_model
from assistant.triage_model import TriageModel, Verdict
from knowledge.chunking import split_sentences
from knowledge.embeddings import OnnxMiniLMEmbeddings
from knowledge.settings import SafetySettings

#: Highest first; injection is answered as an ordinary question, so it ranks last.
PRIORITY: tuple[SafetyRoute, ...] = (
    "crisis",
    "emergency",
    "urgent",
    "medical_decision",
    "injection",
    "none",
)
#: A sentence shorter than this is not read alone ("thanks.", "sorry this is long.").
SENTENCE_WORDS = 3
#: A question's words that the library's topics use (from the question's analysis).
TopicWords = Callable[[str], Sequence[str]]


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
        sentence_model: TriageModel | None = None,
    ) -> None:
        """``topic_words`` gives a question's words that the library's topics use; with it,
        a crisis reading resting on them alone is read again without them. ``model`` reads
        whole messages, ``sentence_model`` a message's sentences alone (both fitted from
        the bank when not given)."""
        self.config = config
        self.embeddings = embeddings
        self.topic_words = topic_words
        self._lock = threading.Lock()
        #: The fitted models by whether they read sentences alone (``_fitted``).
        self._models = {False: model, True: sentence_model}

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
        verdicts = self.classify([texts[i] for i in open_])
        for i, verdict in zip(open_, verdicts, strict=True):
            results[i] = not_now(combine(results[i], verdict), texts[i])
            if results[i].route == "crisis" and results[i].method == "classifier":
                results[i] = self.without_topic_crisis(texts[i]) or results[i]
        results = self._crisis_in_a_sentence(texts, results)
        return [
            self._with_person(result, text) for result, text in zip(results, texts, strict=True)
        ]

    def _crisis_in_a_sentence(
        self, texts: Sequence[str], results: list[safety.Triage]
    ) -> list[safety.Triage]:
        """A message of several sentences takes the crisis route when one of them, read
        alone, does: "cut again last night, not deep, its fine honestly. anyway my actual
        question is do vitamin d levels affect relapse rate" reads as a research question
        as a whole. Only sentences told, not asked, are read alone: a question is the
        message's research question ("Does that mean she's going to keep having them?"
        means nothing alone). A sentence's crisis reading that rests on the library's topic
        words alone does not count (as for a whole message).

        A message near crisis phrasings (crisis lines beside its answer) has its sentences
        read by the whole-message model. An ordinary message ("I love my kids to bits. I
        just don't see the point of carrying on anymore. Does MS fatigue improve with
        exercise?" is not near crisis phrasings as a whole) has them read by the model that
        also learnt the ordinary statements people tell: the whole-message model reads
        "My dog sleeps on my bed." alone as a crisis. A message with a care-team notice
        and no crisis lines keeps its notice."""
        told = {
            i: (parts, [s for s in parts if not s.endswith("?")])
            for i, result in enumerate(results)
            if result.route not in ("crisis", "emergency")
            and (result.route == "none" or result.resources)
            and len(parts := message_sentences(texts[i])) > 1
        }
        verdicts = self._read_alone(
            [s for i, (_, said) in told.items() if results[i].resources for s in said],
            [s for i, (_, said) in told.items() if not results[i].resources for s in said],
        )
        for i, (parts, statements) in told.items():
            crisis = {s: verdicts[s] for s in statements if verdicts[s].route == "crisis"}
            standing = [s for s in crisis if not self.crisis_rests_on_topics(s)]
            if standing:
                sentence = standing[0]
                why = f"a sentence read alone, {sentence!r}: {crisis[sentence].reason()}"
                # What else the message said, for the crisis answer to offer as a question.
                rest = " ".join(s for s in parts if s not in crisis)
                results[i] = safety.Triage(
                    "crisis", why, "classifier", resources=True, beside=rest, heard=sentence
                )
        return results

    def _read_alone(self, near: list[str], ordinary: list[str]) -> dict[str, Verdict]:
        """Verdicts on sentences read alone: those of messages near crisis phrasings by
        the whole-message model, the others by the sentence model (each in one batch)."""
        verdicts = dict(zip(ordinary, self.classify(ordinary, alone=True), strict=True))
        verdicts.update(zip(near, self.classify(near), strict=True))
        return verdicts

    def _with_person(self, result: safety.Triage, text: str) -> safety.Triage:
        if result.route != "crisis":
            return result
        person = self.model().persons.person(generic_names(text))
        return dataclasses.replace(result, person=person)

    def classify(self, texts: Sequence[str], alone: bool = False) -> list[Verdict]:
        """The model's verdicts alone, the texts embedded in one batch (drug names read as
        their generic names, as the bank is); ``alone``: sentences read out of a message."""
        if not texts:
            return []
        model = self.sentence_model() if alone else self.model()
        return model.classify([generic_names(t) for t in texts], self._embed)

    def without_topic_crisis(self, text: str) -> safety.Triage | None:
        """The route of a message the classifier read as a crisis when that reading rests
        on the library's topic words alone (``assistant/crisis_reread.py``): its next
        route, crisis lines beside the answer. None when the crisis reading stands."""
        if not self.crisis_rests_on_topics(text):
            return None
        verdict = self.model().classify([generic_names(text)], self._embed, without=("crisis",))[0]
        verdict = dataclasses.replace(verdict, resources=True)
        return not_now(combine(safety.triage(text), verdict), text)

    def crisis_rests_on_topics(self, text: str) -> bool:
        """Whether a crisis reading of the text rests on the library's topic words alone:
        read again with them written as "MS", it is not even near crisis phrasings."""
        topics = self.topic_words(text) if self.topic_words else []
        if not topics:
            return False
        model, text_read = self.model(), generic_names(text)
        # Drug names are read as their generic names (as the bank is), topic words too.
        topics = [generic_names(w) for w in topics]
        again = without_topics(text_read, topics, model.crisis_words)
        if again == text_read:
            return False
        reread = self.classify([again])[0]
        return "crisis" not in reread.fired and not reread.resources

    def _embed(self, texts: list[str]) -> np.ndarray:
        if len(texts) == 1:  # a question: retrieval asks for the same vector next
            return np.asarray([self.embeddings.embed_query(texts[0])], dtype=np.float32)
        return np.asarray(self.embeddings.embed_documents(texts), dtype=np.float32)

    def model(self) -> TriageModel:
        """The fitted model, built on first use and shared by every triage in the process."""
        return self._fitted(sentences=False)

    def sentence_model(self) -> TriageModel:
        """The model that reads a message's sentences alone, shared like ``model``."""
        return self._fitted(sentences=True)

    def prepare(self) -> None:
        """Fit both models now (or read them from the cache), not on the first question."""
        self.model()
        self.sentence_model()

    def _fitted(self, sentences: bool) -> TriageModel:
        with self._lock:
            found = self._models[sentences]
            if found is None:
                found = self._models[sentences] = shared_model(
                    self.config, self.embeddings, sentences=sentences
                )
            return found


def message_sentences(text: str) -> list[str]:
    """The sentences of a message that are long enough to be read alone."""
    return [s for s in split_sentences(text) if len(s.split()) >= SENTENCE_WORDS]


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
