"""The credibility rubric: a reproducible 1-5 score from study design and size.

See docs/credibility-rubric.md. An editor may set a different score in a
summary's front matter, but must give ``credibility_reason``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

#: Starting score per study design: how well the design can support a causal claim.
BASE_SCORE: dict[str, int] = {
    "meta-analysis": 4,
    "randomized controlled trial": 4,
    "trial extension": 3,
    "cohort study": 3,
    "registry study": 3,
    "case-control study": 3,
    "diagnostic accuracy study": 3,
    "genetic association study": 3,
    "cross-sectional study": 2,
    "case series": 2,
    "laboratory or animal study": 2,
    "narrative review": 2,
}

#: Designs whose evidence grows firmer with size (a big lab study is still a lab study).
_SIZE_SENSITIVE = {
    "randomized controlled trial",
    "cohort study",
    "registry study",
    "case-control study",
    "cross-sectional study",
    "genetic association study",
}
#: Size at or above which a size-sensitive design earns a point.
LARGE_STUDY = {"randomized controlled trial": 300}
LARGE_DEFAULT = 5000
SMALL_STUDY = 50


class RubricScore(BaseModel):
    """A credibility score with the reasons that produced it."""

    model_config = ConfigDict(frozen=True)

    score: int = Field(ge=1, le=5, description="Credibility, 1 (weak) to 5 (strong).")
    reasons: list[str] = Field(description="One line per rule that applied.")


def credibility_score(study_type: str, sample_size: int | None) -> RubricScore:
    """Score a study by the rubric: design first, then size."""
    base = BASE_SCORE.get(study_type)
    if base is None:
        raise ValueError(f"unknown study type {study_type!r}")
    score = base
    reasons = [f"{study_type}: starts at {base}"]
    if study_type == "meta-analysis":
        score += 1
        reasons.append("pools several studies: +1")
    elif study_type in _SIZE_SENSITIVE and sample_size is not None:
        large = LARGE_STUDY.get(study_type, LARGE_DEFAULT)
        if sample_size >= large:
            score += 1
            reasons.append(f"{sample_size} participants (>= {large}): +1")
        elif sample_size < SMALL_STUDY:
            score -= 1
            reasons.append(f"{sample_size} participants (< {SMALL_STUDY}): -1")
    elif sample_size is None and study_type in _SIZE_SENSITIVE:
        reasons.append("size not given: no adjustment")
    return RubricScore(score=max(1, min(5, score)), reasons=reasons)
