"""`msra bench parse`: front-matter parsing, libyaml against PyYAML's pure-Python parser.

Parsing every file's front matter is most of a no-op re-ingest (which re-reads the whole
library), so this is the figure behind that time. Both parsers run in the same process on
the same blocks; read the ratio.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import yaml

from knowledge.library_format import (
    FRONT_MATTER_LOADER,
    PURE_PYTHON_LOADER,
    compose_front_matter,
    front_matter_of,
)


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


def parse_report(directory: Path) -> str:
    """Both parsers' time per file and their ratio, as one line."""
    blocks = front_matter_blocks(directory)
    fast = ms_per_block(blocks, FRONT_MATTER_LOADER)
    slow = ms_per_block(blocks, PURE_PYTHON_LOADER)
    return (
        f"{len(blocks)} front-matter blocks: libyaml {fast:.3f} ms each, "
        f"pure-Python PyYAML {slow:.3f} ms each ({slow / fast:.1f}x)"
    )
