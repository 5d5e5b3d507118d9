"""A fitted triage model's state as plain arrays, so that a process takes it up from the
cache instead of fitting (1.5-2.5 s of every start; docs/performance.md).

Only arrays of numbers and of fixed-width text are written (an ``.npz`` read with
``allow_pickle=False``): the cache folder is a place anything could be dropped into,
and a pickle would run code when loaded.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


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
