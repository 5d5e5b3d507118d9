"""The reviewed exemplar bank of the safety triage (``assistant/triage_bank/*.yaml``).

One YAML file per route, exemplars in named groups: how people phrase a crisis, an
emergency, an urgent problem or a treatment decision, and ordinary questions that
use the same words without the danger (route ``none``). Errors name file, line and
field. The bank is split in two halves by a hash of each text, so thresholds can
be set on one half and measured on the other.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from assistant.safety_answers import Person
from knowledge.errors import LibraryError, Problem
from knowledge.yaml_files import validate_yaml

BANK_DIR = Path(__file__).resolve().parent / "triage_bank"
BankRoute = Literal["crisis", "emergency", "urgent", "medical_decision", "none"]


class ExemplarGroup(BaseModel):
    """Phrasings of one kind of situation (e.g. passive ideation)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, description="What the phrasings have in common.")
    person: Person = Field("self", description="Whose danger: the writer's or another's.")
    told: bool = Field(
        False,
        description="Statements people tell beside a question (route none only): learnt "
        "by the model that reads a message's sentences alone, not by the one that reads "
        "whole messages.",
    )
    exemplars: list[str] = Field(min_length=1, description="The phrasings.")


class BankFile(BaseModel):
    """One file of the bank: a route and its groups."""

    model_config = ConfigDict(extra="forbid")

    route: BankRoute = Field(description="The route these phrasings should take.")
    groups: list[ExemplarGroup] = Field(min_length=1, description="Groups of phrasings.")

    @field_validator("groups")
    @classmethod
    def _told_only_ordinary(
        cls, groups: list[ExemplarGroup], info: ValidationInfo
    ) -> list[ExemplarGroup]:
        """Told statements teach the sentence model what is ordinary: route none only."""
        told = [group.name for group in groups if group.told]
        if told and info.data.get("route") != "none":
            raise ValueError(f"only ordinary statements are told (group {told[0]!r})")
        return groups


@dataclass(frozen=True)
class Exemplar:
    """One phrasing with its route, group and person."""

    text: str
    route: BankRoute
    group: str
    person: Person = "self"
    #: Learnt only by the model that reads sentences alone (``ExemplarGroup.told``).
    told: bool = False

    @property
    def held_out(self) -> bool:
        """True for the half of the bank kept out of calibration (by a hash of the text)."""
        return int(hashlib.sha256(self.text.encode()).hexdigest()[:8], 16) % 2 == 1


def load_bank(folder: Path = BANK_DIR) -> list[Exemplar]:
    """Every exemplar of every ``*.yaml`` in ``folder``; all problems reported at once."""
    exemplars: list[Exemplar] = []
    problems: list[Problem] = []
    for file in sorted(folder.glob("*.yaml")):
        found, file_problems = _load_file(file)
        exemplars += found
        problems += file_problems
    seen: dict[str, str] = {}
    for item in exemplars:
        key = " ".join(item.text.lower().split())
        if key in seen and seen[key] != item.route:
            problems.append(Problem(str(folder), 0, "exemplars", f"{item.text!r} is in two routes"))
        seen[key] = item.route
    if problems:
        raise LibraryError(problems, hint="Fix the listed lines of the triage bank.")
    return exemplars


def for_messages(bank: list[Exemplar]) -> list[Exemplar]:
    """The exemplars the model that reads whole messages learns: all but told statements."""
    return [e for e in bank if not e.told]


def _load_file(file: Path) -> tuple[list[Exemplar], list[Problem]]:
    bank, problems = validate_yaml(file, BankFile)
    if bank is None:
        return [], problems
    return [
        Exemplar(" ".join(text.split()), bank.route, group.name, group.person, group.told)
        for group in bank.groups
        for text in group.exemplars
    ], []
