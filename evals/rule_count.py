"""How many hand-made rules steer answers: `msra eval rules`.

Counts, over the answer path's modules (the assistant package without safety
triage, which has its own reviewed bank), the regular expressions compiled, the
entries of word tables (dicts and sets of words), and the tuned module-level
numbers. A figure to compare before and after a change, not a gate.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

#: Safety routing is reviewed separately (patterns plus exemplar bank); not counted here.
SKIPPED = frozenset(
    {"safety.py", "safety_answers.py", "triage.py", "triage_model.py", "exemplars.py"}
)


@dataclass(frozen=True)
class RuleCount:
    """Rules found in one module."""

    module: str
    regexes: int
    table_entries: int
    numbers: int

    @property
    def total(self) -> int:
        """All rules in the module."""
        return self.regexes + self.table_entries + self.numbers


def count_module(path: Path) -> RuleCount:
    """The rules in one Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    regexes = sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "compile"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
    )
    entries = numbers = 0
    for node in tree.body:
        target, value = _assignment(node)
        if target is None or value is None or not target.isupper():
            continue
        if isinstance(value, ast.Constant) and isinstance(value.value, int | float):
            numbers += not isinstance(value.value, bool)
        elif isinstance(value, ast.Dict) and _all_text(value.keys):
            entries += len(value.keys)
        elif isinstance(value, ast.Call) and _word_list(value):
            entries += _word_list(value)
    return RuleCount(path.name, regexes, entries, numbers)


def _assignment(node: ast.stmt) -> tuple[str | None, ast.expr | None]:
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id, node.value
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id, node.value
    return None, None


def _all_text(keys: list[ast.expr | None]) -> bool:
    return bool(keys) and all(
        isinstance(k, ast.Constant) and isinstance(k.value, str) for k in keys
    )


def _word_list(call: ast.Call) -> int:
    """Words in ``frozenset("a b c".split())``-style tables."""
    texts = [n.value for n in ast.walk(call) if isinstance(n, ast.Constant)]
    words = [w for t in texts if isinstance(t, str) for w in t.split()]
    return len(words) if len(words) > 3 and all(w.isalpha() for w in words[:10]) else 0


def count_rules(package: Path) -> list[RuleCount]:
    """Rules per module of the answer path, largest first."""
    found = [count_module(p) for p in sorted(package.glob("*.py")) if p.name not in SKIPPED]
    return sorted((c for c in found if c.total), key=lambda c: -c.total)


def format_counts(counts: list[RuleCount]) -> str:
    """A table of the counts, with totals."""
    lines = [f"{'module':24} {'regexes':>8} {'table':>8} {'numbers':>8}"]
    lines += [f"{c.module:24} {c.regexes:>8} {c.table_entries:>8} {c.numbers:>8}" for c in counts]
    regexes = sum(c.regexes for c in counts)
    entries = sum(c.table_entries for c in counts)
    numbers = sum(c.numbers for c in counts)
    lines.append(f"{'total':24} {regexes:>8} {entries:>8} {numbers:>8}")
    return "\n".join(lines)
