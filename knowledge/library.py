"""Load the whole library folder: every valid summary, every problem, every held file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from knowledge.errors import Problem
from knowledge.library_format import read_summary_file
from knowledge.models import Summary
from knowledge.untrusted import hold_reasons


@dataclass
class LoadedLibrary:
    """The valid summaries of a folder, and the problems of the invalid and held files.

    A held file is valid but not yet fit to be quoted: it has open review flags or
    instruction-like text no editor cleared. It is listed in ``held_files`` and also in
    ``invalid_files``, so an ingest treats it like an invalid file: a version indexed
    earlier stays, a new one is not indexed, and ``--strict`` refuses the run.
    """

    summaries: dict[str, Summary] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    invalid_files: list[str] = field(default_factory=list)
    held_files: list[str] = field(default_factory=list)


def load_library(directory: Path, max_file_bytes: int = 262_144) -> LoadedLibrary:
    """Parse every ``*.md`` file in ``directory`` (sorted, so runs are repeatable)."""
    loaded = LoadedLibrary()
    if not directory.is_dir():
        loaded.problems.append(Problem(str(directory), 0, "library", "folder does not exist"))
        return loaded
    for path in sorted(directory.glob("*.md")):
        result = read_summary_file(path, max_file_bytes, root=directory)
        if result.summary is None:
            loaded.problems.extend(result.problems)
            loaded.invalid_files.append(str(path))
            continue
        if result.summary.id in loaded.summaries:
            loaded.problems.append(Problem(str(path), 1, "id", "duplicate id"))
            loaded.invalid_files.append(str(path))
            continue
        held = hold_reasons(result.summary, str(path), result.lines)
        if held:
            loaded.problems.extend(held)
            loaded.held_files.append(str(path))
            loaded.invalid_files.append(str(path))
            continue
        loaded.summaries[result.summary.id] = result.summary
    return loaded
