"""`msra bench parse`: what reading a library file costs, each part against its baseline.

Front matter: libyaml against PyYAML's pure-Python parser. Parsing every file's front
matter is most of a no-op re-ingest (which re-reads the whole library).

Untrusted-text check: the RE2 prefilter (one linear pass says which rules can match)
against running every reviewed rule over every field, as the check first did.

Each pair runs in the same process on the same input; read the ratios.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from knowledge.library import load_library
from knowledge.library_format import (
    FRONT_MATTER_LOADER,
    PURE_PYTHON_LOADER,
    compose_front_matter,
    front_matter_of,
)
from knowledge.models import Summary
from knowledge.untrusted import compiled_rules, field_texts, text_flags


def front_matter_blocks(directory: Path) -> list[str]:
    """The front matter of every library file, cut out as ingest cuts it."""
    texts = (path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.md")))
    return [block for text in texts if (block := front_matter_of(text)) is not None]


def ms_per_block(blocks: Sequence[str], loader: type[yaml.SafeLoader], rounds: int = 5) -> float:
    """Best-of-``rounds`` milliseconds to parse one block with ``loader``."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for block in blocks:
            compose_front_matter(block, loader)
        best = min(best, (time.perf_counter() - started) * 1000 / max(len(blocks), 1))
    return best


def _every_rule_everywhere(summary: Summary) -> None:
    """The baseline check: every rule scans every field, matching or not."""
    for text in field_texts(summary):
        for _, pattern in compiled_rules():
            for _ in pattern.finditer(text):
                pass


def ms_per_summary(summaries: Sequence[Summary], check: Callable[[Summary], object]) -> float:
    """Best-of-three milliseconds to run ``check`` on one summary."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for summary in summaries:
            check(summary)
        best = min(best, (time.perf_counter() - started) * 1000 / max(len(summaries), 1))
    return best


def parse_report(directory: Path) -> str:
    """Each part's time per file against its baseline, one line per part."""
    blocks = front_matter_blocks(directory)
    fast = ms_per_block(blocks, FRONT_MATTER_LOADER)
    slow = ms_per_block(blocks, PURE_PYTHON_LOADER)
    summaries = list(load_library(directory).summaries.values())
    checked = ms_per_summary(summaries, text_flags)
    every = ms_per_summary(summaries, _every_rule_everywhere)
    return (
        f"{len(blocks)} front-matter blocks: libyaml {fast:.3f} ms each, "
        f"pure-Python PyYAML {slow:.3f} ms each ({slow / fast:.1f}x)\n"
        f"{len(summaries)} summaries, untrusted-text check: RE2 prefilter {checked:.3f} ms "
        f"each, every rule over every field {every:.3f} ms each ({every / checked:.1f}x)"
    )
