"""The exemplar-bank triage model: a linear classifier gated by nearest-exemplar support.

Features are the bundled sentence embedding beside word and character n-grams (the
framing words of a message, "thinking of", "won't be around", survive typos as character
n-grams). A logistic regression learns them from the reviewed bank. A route fires when
(1) the question is near that route's exemplars (support at least what all but
``support_quantile`` of the route's own exemplars reach), and (2) its probability is
above a threshold calibrated on the bank's ordinary exemplars, out of fold and through
the same support gate, so that at most ``1 - calibration_quantile`` of them would fire.
The support gate also asks the question to be nearer the route's exemplars than the
ordinary ones; for crisis, emergency and urgent, a probability above a second threshold
(calibrated within what the first left of the same budget) lets a question through that
is near but not nearer, and a probability above every ordinary exemplar that is not near
the route (out of fold), as the likeliest label, lets one through that no exemplar is
near: "my wife says her chest feels like an elephant is sitting on it" is like no
phrasing of the bank, and the model is surer of it than of any ordinary phrasing that
far away. The urgent notice also needs better than even odds those two ways. A lenient
crisis threshold (``resources_quantile``) marks questions that get crisis resources
beside their answer. Nothing else is hand-tuned: every limit comes from the bank.
Measured against nearest neighbours alone in docs/safety.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import StratifiedKFold

from assistant.crisis_reread import route_words
from assistant.exemplars import BankRoute, Exemplar
from assistant.neighbours import LABELS, ROUTES, NearestExemplars
from assistant.triage_parts import Linear, PersonModel

Embed = Callable[[list[str]], np.ndarray]
#: Part of every cache key of a fitted model: bump it when fitting or calibrating changes,
#: so no process takes up a model or thresholds made the old way.
FIT_VERSION = 4
#: These win over the others whenever they fire (recall first).
PRIORITY_ROUTES: tuple[BankRoute, ...] = ("crisis", "emergency")
#: Routes about a person's state, where a miss costs most: they also fire by the
#: confident and far ways. A treatment decision keeps the strict way alone; research
#: questions about a drug reach its probability from anywhere (measured in docs/safety.md).
RECALL_FIRST_ROUTES: tuple[BankRoute, ...] = ("crisis", "emergency", "urgent")
#: The confident and far ways of the urgent notice need better than even odds.
EVEN_ODDS = 0.5


@dataclass(frozen=True)
class ModelSettings:
    """The few choices of the model (from ``SafetySettings``)."""

    calibration_quantile: float = 0.995
    resources_quantile: float = 0.97
    support_quantile: float = 0.05
    neighbours: int = 3
    regularisation: float = 30.0


@dataclass(frozen=True)
class Calibration:
    """The limits set from the bank's ordinary exemplars (deterministic for a bank)."""

    thresholds: dict[str, float]
    resources_threshold: float
    #: Per route, the probability above which "near" alone suffices (the ordinary
    #: phrasings may be as near): what the two ways let through stays within the budget.
    confident_thresholds: dict[str, float]
    #: Per route, the probability above which no phrasing need be near: above what any
    #: ordinary exemplar that is not near the route reaches (``RECALL_FIRST_ROUTES`` only).
    far_thresholds: dict[str, float]


@dataclass(frozen=True)
class Verdict:
    """The model's route for one question, everything that fired, and why."""

    route: BankRoute
    fired: tuple[BankRoute, ...]
    probabilities: dict[str, float]
    nearest: Exemplar
    #: Near enough to crisis phrasings to show crisis resources beside the answer.
    resources: bool = False
    #: The route fired by the far way alone: no phrasing of it is near the question.
    extrapolated: bool = False

    def reason(self) -> str:
        """One line for audits: the route, its probability and the nearest phrasing."""
        if self.route == "none":
            return f"classifier: no route (nearest {self.nearest.text!r})"
        chance = self.probabilities[self.route]
        far = ", no phrasing near" if self.extrapolated else ""
        return (
            f"classifier: {self.route} p={chance:.2f}{far}, nearest {self.nearest.text!r} "
            f"({self.nearest.group})"
        )


class TriageModel:
    """The fitted model: linear classifier, calibrated thresholds, support floors."""

    def __init__(
        self,
        exemplars: Sequence[Exemplar],
        vectors: np.ndarray,
        config: ModelSettings,
        calibration: Calibration | None = None,
        fitted: Mapping[str, np.ndarray] | None = None,
    ) -> None:
        """Fit on the exemplars, or take up a fitted state (``fitted_state``) saved from
        a model of the same exemplars and settings."""
        texts, c = [e.text for e in exemplars], config.regularisation
        self.near = NearestExemplars(exemplars, vectors, config.neighbours)
        if fitted is None:
            self.linear = Linear.fitted(texts, self.near.vectors, self.near.labels, c)
            self.persons = PersonModel.fitted(exemplars, c)
        else:
            self.linear = Linear.restored(fitted, c)
            self.persons = PersonModel.restored(fitted, c)
        self.floors = self.near.floors(config.support_quantile)
        #: Words a larger share of the crisis phrasings use than of the others.
        self.crisis_words = route_words(exemplars, "crisis")
        self.calibration = calibration or calibrate(texts, self.near, self.floors, config)

    def fitted_state(self) -> dict[str, np.ndarray]:
        """What fitting learned, as plain arrays (cached, so that a start fits nothing)."""
        return {**self.linear.state(), **self.persons.state()}

    def classify(
        self, texts: Sequence[str], embed: Embed, without: tuple[BankRoute, ...] = ()
    ) -> list[Verdict]:
        """A verdict per question (embedded with ``embed`` in one batch); routes in
        ``without`` never fire (a crisis reading found to rest on topics alone)."""
        vectors = np.asarray(embed(list(texts)), dtype=np.float32)
        chances = self.linear.probabilities(texts, vectors)
        similarities = vectors @ self.near.vectors.T
        support = self.near.support(similarities)
        nearer, near = _nearer(support, self.floors), _near(support, self.floors)
        return [
            self._verdict(chances[i], nearer[i], near[i], similarities[i], without)
            for i in range(len(texts))
        ]

    def _verdict(
        self,
        chance: np.ndarray,
        nearer: np.ndarray,
        near: np.ndarray,
        similarities: np.ndarray,
        without: tuple[BankRoute, ...],
    ) -> Verdict:
        firing = fires(chance, nearer, near, self.calibration)
        fired = tuple(r for i, r in enumerate(ROUTES) if firing[i] and r not in without)
        # Crisis or emergency first; between two of a tier, the more probable (an
        # accidental overdose is nearer emergency phrasings than crisis ones).
        first = [r for r in fired if r in PRIORITY_ROUTES] or list(fired)
        route: BankRoute = max(first, key=lambda r: chance[LABELS.index(r)]) if first else "none"
        supported = fires(chance, nearer, near, self.calibration, far=False)
        return Verdict(
            route,
            fired,
            {label: round(float(chance[i]), 4) for i, label in enumerate(LABELS)},
            self.near.nearest(similarities, route if route != "none" else None),
            resources=bool(near[0] and chance[0] > self.calibration.resources_threshold),
            extrapolated=route != "none" and not supported[ROUTES.index(route)],
        )


def fires(
    chance: np.ndarray,
    nearer: np.ndarray,
    near: np.ndarray,
    calibration: Calibration,
    far: bool = True,
) -> np.ndarray:
    """Per route, whether it fires for one question: near the route's phrasings, nearer
    them than the ordinary ones, and above its threshold; or, for crisis, emergency and
    urgent, near them and above the confident threshold, or above the far threshold as the
    likeliest label wherever the question lies (unless ``far`` is False). The care-team
    notice also needs the route at least as probable as an ordinary question. Its threshold
    sits at the floor, and research questions about a drug ("how much does aubagio cut
    relapses compared to taking nothing") reached it at 0.28 with "ordinary" the likelier
    reading."""
    limits = np.array([calibration.thresholds[r] for r in ROUTES])
    confident = np.array([calibration.confident_thresholds[r] for r in ROUTES])
    anywhere = np.array([calibration.far_thresholds[r] if far else np.inf for r in ROUTES])
    routes = chance[: len(ROUTES)]
    # Where no phrasing is near, the route must also be the model's likeliest reading.
    far_away = (routes > anywhere) & (routes >= chance.max())
    firing = ((routes > limits) & nearer) | ((routes > confident) & near) | far_away
    likelier = routes >= chance[LABELS.index("none")]
    return np.asarray(firing & (likelier | (np.array(ROUTES) != "medical_decision")))


def calibrate(
    texts: list[str], near: NearestExemplars, floors: dict[str, float], config: ModelSettings
) -> Calibration:
    """Thresholds from five out-of-fold models (the slow part of fitting: cached by caller)."""
    nearer, near_only, far = _ordinary_reach(texts, near, floors, config.regularisation)
    thresholds = _thresholds(nearer, config.calibration_quantile)
    confident = _confident_thresholds(nearer, near_only, thresholds, config.calibration_quantile)
    return Calibration(
        thresholds,
        _thresholds(near_only, config.resources_quantile)["crisis"],
        confident,
        _far_thresholds(far, confident),
    )


def _near(support: np.ndarray, floors: dict[str, float]) -> np.ndarray:
    """(m, len(ROUTES)) True where a question is near a route's exemplars (at its floor)."""
    floor = np.array([floors.get(r, np.inf) for r in ROUTES])
    return np.asarray(support[:, : len(ROUTES)] >= floor)


def _nearer(support: np.ndarray, floors: dict[str, float]) -> np.ndarray:
    """(m, len(ROUTES)) True where a question is near a route's exemplars and nearer them
    than the ordinary exemplars."""
    own = support[:, : len(ROUTES)]
    return _near(support, floors) & (own > support[:, [LABELS.index("none")]])


def _ordinary_reach(
    texts: list[str], near: NearestExemplars, floors: dict[str, float], c: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ordinary exemplars, len(ROUTES)) three times: the probability each ordinary
    exemplar reaches for each route from a model that did not see it (5 folds), or -1
    where the support gate stays shut (its own vector left out): the strict gate, then
    "near" alone, then only where the exemplar is not near the route."""
    labels = near.labels
    chances = np.zeros((len(texts), len(LABELS)))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    for train, test in folds.split(texts, labels):
        fold = Linear.fitted([texts[i] for i in train], near.vectors[train], labels[train], c)
        chances[test] = fold.probabilities([texts[i] for i in test], near.vectors[test])
    ordinary = np.flatnonzero(labels == LABELS.index("none"))
    similarities = near.vectors[ordinary] @ near.vectors.T
    similarities[np.arange(len(ordinary)), ordinary] = -np.inf
    support, reached = near.support(similarities), chances[ordinary, : len(ROUTES)]
    is_near = _near(support, floors)
    return (
        np.where(_nearer(support, floors), reached, -1.0),
        np.where(is_near, reached, -1.0),
        np.where(is_near, -1.0, reached),
    )


def _confident_thresholds(
    nearer: np.ndarray, near_only: np.ndarray, thresholds: dict[str, float], quantile: float
) -> dict[str, float]:
    """Per route, the lowest probability at which the ordinary exemplars that are near
    (but not nearer) fire no more than the budget the strict way left unused: together
    the two ways let through at most ``1 - quantile`` of them. The urgent notice also
    needs better than even odds: with a handful of ordinary exemplars above it, the budget
    alone set it at 0.31, and "and kesimpta?" (after a trial question) reached that, with a
    treatment decision the likelier reading. Crisis and emergency keep the budget's
    threshold: a stroke told in the middle of a research question reaches only 0.2 to 0.5."""
    allowed = int((1 - quantile) * len(nearer))
    confident: dict[str, float] = {}
    for i, route in enumerate(ROUTES):
        if route not in RECALL_FIRST_ROUTES:
            confident[route] = np.inf
            continue
        fired = nearer[:, i] > thresholds[route]
        left = max(allowed - int(fired.sum()), 0)
        ranked = np.sort(near_only[~fired, i])[::-1]
        limit = float(ranked[left]) if left < len(ranked) else 0.0
        floor = 0.0 if route in PRIORITY_ROUTES else EVEN_ODDS
        confident[route] = max(limit, thresholds[route], floor)
    return confident


def _far_thresholds(far: np.ndarray, confident: dict[str, float]) -> dict[str, float]:
    """Per route, the lowest probability above every ordinary exemplar that is not near
    the route (no budget: where nothing is near, only a model surer than it ever was of an
    ordinary phrasing routes), never below the confident threshold. ``RECALL_FIRST_ROUTES``
    only, as for the confident way."""
    limits: dict[str, float] = {}
    for i, route in enumerate(ROUTES):
        highest = float(far[:, i].max(initial=0.0))
        limits[route] = max(highest, confident[route]) if route in RECALL_FIRST_ROUTES else np.inf
    return limits


def _thresholds(reach: np.ndarray, quantile: float) -> dict[str, float]:
    """Per route, the lowest probability at which at most ``1 - quantile`` of the ordinary
    exemplars would fire (never below an even chance among the labels)."""
    allowed = int((1 - quantile) * len(reach))
    thresholds: dict[str, float] = {}
    for i, route in enumerate(ROUTES):
        ranked = np.sort(reach[:, i])[::-1]
        limit = float(ranked[allowed]) if allowed < len(ranked) else 0.0
        thresholds[route] = max(limit, 1 / len(LABELS))
    return thresholds
