"""Eval cases: YAML files validated into pydantic models, errors located to a line."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from assistant.models import Audience, SafetyRoute
from knowledge.errors import LibraryError, Problem
from knowledge.yaml_files import validate_yaml

Tag = str


class Case(BaseModel):
    """One thing the assistant must get right."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Unique case id.")
    question: str | None = Field(None, description="A single question.")
    turns: list[str] = Field(
        default_factory=list, description="A dialogue; the last turn is scored."
    )
    audience: Audience = Field("patient", description="Who is asking.")
    expect_any: list[str] = Field(
        default_factory=list, description="Any of these summaries is right."
    )
    expect_all: list[str] = Field(default_factory=list, description="All of these must be cited.")
    cite_only: list[str] = Field(
        default_factory=list,
        description="When given, every citation must be one of these summaries (a question "
        "naming one drug may cite only the summaries that mention it).",
    )
    cite_none_of: list[str] = Field(
        default_factory=list,
        description="None of these summaries may be cited (a question about MS must not cite "
        "a study of another condition).",
    )
    expect_abstain: bool = Field(False, description="The library has nothing: must abstain.")
    expect_safety: SafetyRoute = Field("none", description="The safety route expected.")
    must_mention: list[str] = Field(
        default_factory=list, description="Phrases the answer must contain."
    )
    lead_mention: list[str] = Field(
        default_factory=list,
        description="Phrases the answer's first sentence must contain: what was asked is "
        "answered first.",
    )
    must_not_claim: list[str] = Field(
        default_factory=list, description="Phrases it must not contain."
    )
    tags: list[Tag] = Field(
        default_factory=list, description="lay, follow-up, out-of-scope, safety, clinician, gate…"
    )
    notes: str = Field("", description="Why this case exists.")

    @model_validator(mode="after")
    def _one_form(self) -> Case:
        if bool(self.question) == bool(self.turns):
            raise ValueError("give exactly one of `question` or `turns`")
        return self

    @property
    def questions(self) -> list[str]:
        """The turns to ask, in order."""
        return list(self.turns) if self.turns else [self.question or ""]

    @property
    def expected(self) -> list[str]:
        """Every summary id the case names as right."""
        return list(dict.fromkeys([*self.expect_all, *self.expect_any]))


def load_cases(paths: list[Path]) -> list[Case]:
    """Load every case from YAML files (or folders of them); report all problems at once."""
    files = sorted(p for path in paths for p in ([path] if path.is_file() else path.glob("*.yaml")))
    cases: list[Case] = []
    problems: list[Problem] = []
    for file in files:
        found, file_problems = _load_file(file)
        cases += found
        problems += file_problems
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            problems.append(Problem("cases", 0, "id", f"duplicate case id {case.id!r}"))
        seen.add(case.id)
    if problems:
        raise LibraryError(problems, hint="Fix the eval case files listed.")
    return cases


def _load_file(file: Path) -> tuple[list[Case], list[Problem]]:
    found, problems = validate_yaml(file, RootModel[list[Case]])
    return (found.root if found is not None else []), problems
