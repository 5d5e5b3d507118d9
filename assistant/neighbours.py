"""Nearest exemplars: how close a question is to each route of the bank (pure numpy).

A question's support for a route is the mean cosine similarity of its ``k`` nearest
exemplars of that route. The triage model routes mostly where the question has
support, so text unlike anything in the bank (a cooking question) does not route on
an extrapolation; only for crisis, emergency and urgent, and only when the model is
surer than it is of any ordinary phrasing that far away, may a question with no support
route. The nearest exemplar is also the human-readable reason.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.exemplars import BankRoute, Exemplar

#: Routes the classifier can take, highest priority first.
ROUTES: tuple[BankRoute, ...] = ("crisis", "emergency", "urgent", "medical_decision")
#: Every label of the bank, in column order.
LABELS: tuple[BankRoute, ...] = (*ROUTES, "none")


class NearestExemplars:
    """Exemplar vectors by route, for support scores and nearest phrasings."""

    def __init__(self, exemplars: Sequence[Exemplar], vectors: np.ndarray, k: int = 3) -> None:
        if len(exemplars) != len(vectors):
            raise ValueError("one vector per exemplar")
        self.exemplars = tuple(exemplars)
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.k = k
        self.labels = np.array([LABELS.index(e.route) for e in self.exemplars])

    def support(self, similarities: np.ndarray) -> np.ndarray:
        """(m, len(LABELS)) mean of the k best similarities per label, for (m, n) similarities."""
        scores = np.full((similarities.shape[0], len(LABELS)), -1.0, dtype=np.float32)
        for index in range(len(LABELS)):
            columns = similarities[:, self.labels == index]
            if columns.shape[1] == 0:
                continue
            k = min(self.k, columns.shape[1])
            scores[:, index] = (-np.partition(-columns, k - 1, axis=1)[:, :k]).mean(axis=1)
        return scores

    def own_route_support(self) -> np.ndarray:
        """Each exemplar's support for its own label, leaving itself out."""
        similarities = self.vectors @ self.vectors.T
        np.fill_diagonal(similarities, -np.inf)
        own: np.ndarray = self.support(similarities)[np.arange(len(self.exemplars)), self.labels]
        return own

    def floors(self, quantile: float) -> dict[str, float]:
        """Per route, the support that all but ``quantile`` of its own exemplars reach."""
        own = self.own_route_support()
        return {
            route: float(np.quantile(own[self.labels == i], quantile))
            for i, route in enumerate(ROUTES)
            if (self.labels == i).any()
        }

    def nearest(self, similarities: np.ndarray, route: BankRoute | None = None) -> Exemplar:
        """The nearest exemplar (of ``route`` when given) for one row of similarities."""
        pool = np.arange(len(self.exemplars))
        if route is not None and (self.labels == LABELS.index(route)).any():
            pool = np.flatnonzero(self.labels == LABELS.index(route))
        return self.exemplars[int(pool[np.argmax(similarities[pool])])]
