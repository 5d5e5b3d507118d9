"""The credibility rubric is reproducible and follows design, then size."""

from __future__ import annotations

import pytest

from knowledge.models import STUDY_TYPES
from knowledge.rubric import credibility_score


@pytest.mark.parametrize(
    ("study_type", "size", "expected"),
    [
        ("randomized controlled trial", 942, 5),
        ("randomized controlled trial", 120, 4),
        ("randomized controlled trial", 33, 3),
        ("meta-analysis", None, 5),
        ("cohort study", 238371, 4),
        ("cohort study", 500, 3),
        ("cross-sectional study", 20, 1),
        ("laboratory or animal study", 100000, 2),
        ("narrative review", None, 2),
        ("case series", 33, 2),
    ],
)
def test_scores(study_type: str, size: int | None, expected: int) -> None:
    result = credibility_score(study_type, size)
    assert result.score == expected
    assert result.reasons[0].startswith(study_type)


def test_every_study_type_has_a_rule() -> None:
    for study_type in STUDY_TYPES:
        assert 1 <= credibility_score(study_type, None).score <= 5


def test_unknown_study_type_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown study type"):
        credibility_score("vibes", 10)
