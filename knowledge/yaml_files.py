"""YAML files validated into pydantic models, every problem located to a file and line."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.errors import Problem
from knowledge.library_format import compose_front_matter

_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

M = TypeVar("M", bound=BaseModel)


def validate_yaml(file: Path, model: type[M]) -> tuple[M | None, list[Problem]]:
    """A YAML file validated into ``model``; or None and every problem, located to a line."""
    found, problems, _ = validate_yaml_node(file, model)
    return found, problems


def validate_yaml_node(
    file: Path, model: type[M]
) -> tuple[M | None, list[Problem], yaml.Node | None]:
    """As ``validate_yaml``, with the file's YAML node too, for a caller that locates
    problems of its own (``line_of``) without parsing the file again."""
    text = file.read_text(encoding="utf-8")
    try:
        # One parse with libyaml gives both the nodes (for lines) and the data; composing
        # and loading separately in pure Python took seconds for the triage bank.
        node, data = compose_front_matter(text, _SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return None, [Problem(str(file), line, "yaml", str(exc).splitlines()[0])], None
    try:
        return model.model_validate(data), [], node
    except ValidationError as exc:
        problems = [
            Problem(str(file), line_of(node, error["loc"]), _field(error["loc"]), error["msg"])
            for error in exc.errors()
        ]
        return None, problems, node


def _field(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "file"


def line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int:
    """The 1-based line of the deepest YAML node the error location reaches."""
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line
