"""Data flows one way: knowledge -> assistant -> ui and evals; nothing imports ui or evals."""

from __future__ import annotations

import ast

import pytest
from conftest import REPO

FORBIDDEN = {
    "knowledge": {"assistant", "ui", "evals"},
    "assistant": {"ui", "evals"},
    "ui": {"evals"},
    "evals": {"ui"},
}


def imported_packages(path: str) -> set[str]:
    tree = ast.parse((REPO / path).read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_only_import_downwards(layer: str) -> None:
    offenders = {
        str(path.relative_to(REPO)): sorted(
            imported_packages(str(path.relative_to(REPO))) & FORBIDDEN[layer]
        )
        for path in (REPO / layer).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
