"""Topic overviews: answers to broad questions no single study answers.

An overview is a YAML file (``<library>/overviews/*.yaml``): the question it
answers, phrasings people use for it, an honest opening that says what the
library does and does not show, and 3-8 points. Every point cites the library
summaries it rests on by id, and every number in it must appear in one of them,
so an overview adds no fact the cited summaries do not give.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from knowledge.cards import card_text, points_back
from knowledge.errors import Problem
from knowledge.factcheck import numbers_in, reading_grade, summary_text
from knowledge.models import NonEmpty, Summary, SummaryId
from knowledge.yaml_files import validate_yaml

MAX_OVERVIEW_GRADE = 8.0


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OverviewPoint(_Strict):
    """One sentence of an overview and the summaries it rests on."""

    text: NonEmpty = Field(description="One standalone sentence in plain words.")
    cites: list[SummaryId] = Field(
        min_length=1, description="Ids of the library summaries this sentence rests on."
    )


class Overview(_Strict):
    """The answer to one broad question, built only from library summaries."""

    id: SummaryId = Field(description="Stable slug; also the file name without .yaml.")
    title: NonEmpty = Field(description="The broad question, as a reader would ask it.")
    questions: list[NonEmpty] = Field(
        min_length=3,
        description="Phrasings people use for it; broad questions are matched on these.",
    )
    opening: NonEmpty = Field(
        description="The honest first sentence: what the library does or does not show. No numbers."
    )
    points: list[OverviewPoint] = Field(min_length=3, max_length=8, description="The answer.")

    def cited_ids(self) -> list[str]:
        """Every cited summary id, in order of first citation."""
        return list(dict.fromkeys(i for p in self.points for i in p.cites))


@dataclass
class LoadedOverviews:
    """The valid overviews of a folder, and the problems of the invalid files."""

    overviews: dict[str, Overview] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def load_overviews(directory: Path) -> LoadedOverviews:
    """Parse every ``*.yaml`` overview in ``directory`` (a missing folder means none)."""
    loaded = LoadedOverviews()
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        overview, problems = validate_yaml(path, Overview)
        if overview is not None and overview.id != path.stem:
            problems = [Problem(str(path), 1, "id", f"must match the file name {path.stem!r}")]
        if overview is None or problems:
            loaded.problems.extend(problems)
            continue
        loaded.overviews[overview.id] = overview
    return loaded


def check_overview(overview: Overview, summaries: Mapping[str, Summary]) -> list[str]:
    """Every way an overview departs from the summaries it cites or the house style."""
    issues = []
    if numbers_in(overview.opening):
        issues.append("opening: must state no number (it cites nothing)")
    for n, point in enumerate(overview.points):
        missing = [i for i in point.cites if i not in summaries]
        if missing:
            issues.append(f"points.{n}: cites summaries not in the library: {', '.join(missing)}")
            continue
        said = set().union(*(_numbers_of(summaries[i]) for i in point.cites))
        extra = sorted(numbers_in(point.text) - said)
        if extra:
            issues.append(f"points.{n}: numbers not in the cited summaries: {', '.join(extra)}")
        if points_back(point.text):
            issues.append(f"points.{n}: opens by pointing back: {point.text[:40]!r}")
    grade = reading_grade(" ".join([overview.opening, *(p.text for p in overview.points)]))
    if grade > MAX_OVERVIEW_GRADE:
        issues.append(f"reads at grade {grade:.1f}, over {MAX_OVERVIEW_GRADE:g}")
    return issues


def _numbers_of(summary: Summary) -> set[str]:
    text = summary_text(summary) + ("\n" + card_text(summary.card) if summary.card else "")
    return numbers_in(text)
