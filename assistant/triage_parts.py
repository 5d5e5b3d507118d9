"""The fitted parts of the triage model, and their state as plain arrays.

``Features`` (word and character n-grams beside the sentence embedding), ``Linear`` (a
class-balanced logistic regression on them) and ``PersonModel`` (whose danger a crisis
message reports). Each can be fitted, or take up the state it saved: a process reads it
from the cache instead of fitting (1.5-2.5 s of every start; docs/performance.md). Only
arrays of numbers and of fixed-width text are written (an ``.npz`` read with
``allow_pickle=False``): the cache folder is a place anything could be dropped into,
and a pickle would run code when loaded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from assistant.exemplars import Exemplar
from assistant.neighbours import LABELS
from assistant.safety_answers import Person


class Features:
    """Word and character n-gram TF-IDF beside the (already normalised) sentence embedding.
    The vectorizers are called directly: a FeatureUnion's dispatch costs more than they do."""

    def __init__(self) -> None:
        self.words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2
        )

    def ngrams(self, texts: Sequence[str], fit: bool) -> csr_matrix:
        """The two n-gram blocks side by side (fitting the vectorizers when ``fit``)."""
        if fit:
            blocks = [self.words.fit_transform(texts), self.chars.fit_transform(texts)]
        else:
            blocks = [self.words.transform(texts), self.chars.transform(texts)]
        return hstack(blocks).tocsr()

    def fit_transform(self, texts: Sequence[str], vectors: np.ndarray) -> csr_matrix:
        return hstack([self.ngrams(texts, fit=True), csr_matrix(vectors)]).tocsr()

    def transform(self, texts: Sequence[str], vectors: np.ndarray) -> csr_matrix:
        return hstack([self.ngrams(texts, fit=False), csr_matrix(vectors)]).tocsr()

    def state(self, prefix: str) -> dict[str, np.ndarray]:
        """The fitted vocabularies and weights, as arrays (see ``restore``)."""
        return {
            **vectorizer_state(self.words, f"{prefix}.words"),
            **vectorizer_state(self.chars, f"{prefix}.chars"),
        }

    def restore(self, arrays: Mapping[str, np.ndarray], prefix: str) -> None:
        """Take up the state ``state`` saved, instead of fitting."""
        restore_vectorizer(self.words, arrays, f"{prefix}.words")
        restore_vectorizer(self.chars, arrays, f"{prefix}.chars")


class Linear:
    """Features plus a class-balanced logistic regression."""

    def __init__(self, c: float) -> None:
        self.features = Features()
        self.model = _regression(c)

    @classmethod
    def fitted(
        cls, texts: Sequence[str], vectors: np.ndarray, labels: np.ndarray, c: float
    ) -> Linear:
        """A model fitted on the texts, their vectors and labels."""
        linear = cls(c)
        linear.model.fit(linear.features.fit_transform(texts, vectors), labels)
        return linear

    @classmethod
    def restored(cls, arrays: Mapping[str, np.ndarray], c: float) -> Linear:
        """The model ``state`` saved."""
        linear = cls(c)
        linear.features.restore(arrays, "linear")
        restore_regression(linear.model, arrays, "linear")
        return linear

    def state(self) -> dict[str, np.ndarray]:
        """The fitted state, as arrays."""
        return {**self.features.state("linear"), **regression_state(self.model, "linear")}

    def probabilities(self, texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
        """(m, len(LABELS)) probabilities, columns in LABELS order."""
        raw = self.model.predict_proba(self.features.transform(texts, vectors))
        out = np.zeros((len(texts), len(LABELS)))
        out[:, self.model.classes_] = raw
        return out


class PersonModel:
    """Whose danger a crisis message reports, learned from the crisis phrasings' ``person``
    labels (word and character n-grams). Below an even chance it says "self": the writer's
    own crisis answer still lists the crisis lines, the reverse error would not fit them."""

    def __init__(self) -> None:
        self.features = Features()
        self.model: LogisticRegression | None = None

    @classmethod
    def fitted(cls, exemplars: Sequence[Exemplar], c: float) -> PersonModel:
        """Learned from the crisis exemplars' labels (no model when all share one)."""
        persons = cls()
        crisis = [e for e in exemplars if e.route == "crisis"]
        labels = [e.person == "other" for e in crisis]
        if len(set(labels)) == 2:
            matrix = persons.features.ngrams(tuple(e.text for e in crisis), fit=True)
            persons.model = _regression(c).fit(matrix, labels)
        return persons

    @classmethod
    def restored(cls, arrays: Mapping[str, np.ndarray], c: float) -> PersonModel:
        """The model ``state`` saved (none when none was saved)."""
        persons = cls()
        if "person.coef" in arrays:
            persons.features.restore(arrays, "person")
            persons.model = _regression(c)
            restore_regression(persons.model, arrays, "person")
        return persons

    def state(self) -> dict[str, np.ndarray]:
        """The fitted state, as arrays (empty when there is no model)."""
        if self.model is None:
            return {}
        return {**self.features.state("person"), **regression_state(self.model, "person")}

    def person(self, text: str) -> Person:
        """'other' when the message more likely reports someone else's crisis."""
        if self.model is None:
            return "self"
        chance = self.model.predict_proba(self.features.ngrams((text,), fit=False))[0, 1]
        return "other" if chance > 0.5 else "self"


def _regression(c: float) -> LogisticRegression:
    """The class-balanced logistic regression both models use."""
    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced")


def vectorizer_state(vectorizer: TfidfVectorizer, name: str) -> dict[str, np.ndarray]:
    """A fitted vectorizer's terms (in column order) and their idf weights."""
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    return {f"{name}.terms": np.array(terms, dtype=str), f"{name}.idf": vectorizer.idf_}


def restore_vectorizer(
    vectorizer: TfidfVectorizer, arrays: Mapping[str, np.ndarray], name: str
) -> None:
    """Give an unfitted vectorizer (built with the same parameters) the saved state."""
    terms = arrays[f"{name}.terms"]
    vectorizer.vocabulary_ = {str(term): column for column, term in enumerate(terms)}
    vectorizer.idf_ = np.asarray(arrays[f"{name}.idf"], dtype=np.float64)  # checks the length


def regression_state(model: LogisticRegression, name: str) -> dict[str, np.ndarray]:
    """A fitted regression's classes, weights and intercepts."""
    return {
        f"{name}.classes": model.classes_,
        f"{name}.coef": model.coef_,
        f"{name}.intercept": model.intercept_,
    }


def restore_regression(
    model: LogisticRegression, arrays: Mapping[str, np.ndarray], name: str
) -> None:
    """Give an unfitted regression (built with the same parameters) the saved state."""
    coef = np.asarray(arrays[f"{name}.coef"], dtype=np.float64)
    intercept = np.asarray(arrays[f"{name}.intercept"], dtype=np.float64)
    classes = np.asarray(arrays[f"{name}.classes"])
    if coef.ndim != 2 or intercept.shape != (coef.shape[0],) or len(classes) < 2:
        raise ValueError(f"saved regression {name!r} has inconsistent shapes")
    model.classes_, model.coef_, model.intercept_ = classes, coef, intercept
    model.n_features_in_ = coef.shape[1]
