"""Read and write library files: Markdown with YAML front matter.

Parsing never raises on bad content: it returns every :class:`Problem` it finds,
each located to a line and field, so an editor can fix a file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from knowledge.errors import Problem
from knowledge.file_guard import FileRefusedError, read_regular_file
from knowledge.models import SECTION_TITLES, Summary

_HEADING_TO_SECTION = {title.lower(): name for name, title in SECTION_TITLES.items()}
_FRONT_MATTER_FIELDS = [
    "id",
    "title",
    "published",
    "credibility",
    "credibility_reason",
    "interest",
    "topics",
    "aliases",
    "source",
    "review",
    "cleared_flags",
    "card",
]


#: libyaml's parser when PyYAML was built with it (the wheels are): parsing the front
#: matter is most of a no-op re-ingest, and the C parser is several times faster
#: (`msra bench parse`).
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NO_TIMESTAMPS = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _front_matter_loader(base: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """A safe loader on ``base`` that leaves dates as text, so pydantic validates them
    (with a line)."""
    return type("FrontMatterLoader", (base,), {"yaml_implicit_resolvers": _NO_TIMESTAMPS})


FRONT_MATTER_LOADER = _front_matter_loader(_SafeBase)
#: PyYAML's pure-Python parser, the baseline of `msra bench parse`.
PURE_PYTHON_LOADER = _front_matter_loader(yaml.SafeLoader)


@dataclass
class ParseResult:
    """A parsed file: the summary if it is valid, and every problem found."""

    path: str
    summary: Summary | None = None
    problems: list[Problem] = field(default_factory=list)
    #: The line of each field (nested ones as ``card.findings.2.text``) and section; a
    #: section's first line of text is ``<section>.text``.
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class _Located:
    """Raw fields of a file with the line each one starts on."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


def read_summary_file(
    path: Path, max_bytes: int = 262_144, root: Path | None = None
) -> ParseResult:
    """Parse one library file from disk, reporting size and encoding problems too.

    Only a regular file inside ``root`` (by default the file's own folder) is read, and
    at most ``max_bytes`` of it: a device, a FIFO or a link leading out of the folder is
    a ``file`` problem on line 1 (see :mod:`knowledge.file_guard`)."""
    name = str(path)
    try:
        raw = read_regular_file(path, max_bytes, path.parent if root is None else root)
    except FileRefusedError as exc:
        return _fail(name, 1, "file", exc.message)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return _fail(name, line, "file", "not valid UTF-8 text")
    result = parse_summary(text, name)
    if result.summary and result.summary.id != path.stem:
        line = _front_line(text, "id")
        result.problems.append(Problem(name, line, "id", f"must match the file name {path.stem!r}"))
        result.summary = None
    return result


def parse_summary(text: str, path: str = "<text>") -> ParseResult:
    """Parse the text of one library file into a validated summary or problems."""
    located, problems = _split(text.replace("\r\n", "\n"), path)
    if problems:
        return ParseResult(path, None, problems)
    try:
        summary = Summary.model_validate(located.data)
    except ValidationError as exc:
        return ParseResult(path, None, _validation_problems(exc, located, path))
    return ParseResult(path, summary, [], located.lines)


def _closing_line(lines: list[str]) -> int | None:
    """The index of the '---' line that ends the front matter, if there is one."""
    return next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)


def front_matter_of(text: str) -> str | None:
    """The YAML between a file's opening and closing '---' lines, if it has both."""
    lines = text.split("\n")
    end = _closing_line(lines) if lines[0].strip() == "---" else None
    return None if end is None else "\n".join(lines[1:end])


def _split(text: str, path: str) -> tuple[_Located, list[Problem]]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return _Located(), [Problem(path, 1, "front matter", "file must start with a '---' line")]
    end = _closing_line(lines)
    if end is None:
        return _Located(), [Problem(path, 1, "front matter", "no closing '---' line")]
    located = _Located()
    problems = _read_front_matter("\n".join(lines[1:end]), path, located)
    problems += _read_sections(lines, end + 1, path, located)
    return located, problems


def _read_front_matter(block: str, path: str, located: _Located) -> list[Problem]:
    try:
        # Anchors are refused before anything is built, so an alias bomb never expands.
        for token in yaml.scan(block, Loader=_SafeBase):
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                line = token.start_mark.line + 2
                return [Problem(path, line, "front matter", "YAML anchors/aliases not allowed")]
        node, data = compose_front_matter(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        return [
            Problem(path, line, "front matter", f"invalid YAML: {getattr(exc, 'problem', exc)}")
        ]
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return [Problem(path, 2, "front matter", "must be a mapping of field: value")]
    _locate(node, "", located.lines)
    located.data.update(data)
    return []


def _locate(node: yaml.Node, prefix: str, lines: dict[str, int]) -> None:
    """Record the line of every field, nested ones as ``card.findings.2.text``, so an error
    deep in the evidence card names its own line."""
    children: list[tuple[str, yaml.Node, int]] = []
    if isinstance(node, yaml.MappingNode):
        children = [(str(k.value), v, k.start_mark.line) for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        children = [(str(i), v, v.start_mark.line) for i, v in enumerate(node.value)]
    for key, child, line in children:
        path = f"{prefix}.{key}" if prefix else key
        lines[path] = line + 2
        _locate(child, path, lines)


def compose_front_matter(
    block: str, loader_class: type[yaml.SafeLoader] = FRONT_MATTER_LOADER
) -> tuple[yaml.Node | None, Any]:
    """The YAML node tree (for line numbers) and the data built from it, in one parse."""
    loader = loader_class(block)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _read_sections(lines: list[str], start: int, path: str, located: _Located) -> list[Problem]:
    problems: list[Problem] = []
    current: str | None = None
    body: dict[str, list[str]] = {}
    for i in range(start, len(lines)):
        line = lines[i]
        if line.startswith("## "):
            heading = line[3:].strip()
            current = _HEADING_TO_SECTION.get(heading.lower())
            if current is None:
                problems.append(Problem(path, i + 1, "section", f"unknown heading {heading!r}"))
            elif current in body:
                problems.append(Problem(path, i + 1, current, "section appears twice"))
                current = None
            else:
                body[current] = []
                located.lines[current] = i + 1
        elif current is not None:
            body[current].append(line)
        elif line.strip():
            problems.append(Problem(path, i + 1, "body", "text outside a '## ' section"))
    for name, section_lines in body.items():
        located.data[name] = "\n".join(section_lines).strip()
        lead = next((k for k, text in enumerate(section_lines) if text.strip()), 0)
        located.lines[f"{name}.text"] = located.lines[name] + 1 + lead
    return problems


def _validation_problems(exc: ValidationError, located: _Located, path: str) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        field_name = ".".join(loc) if loc else "front matter"
        line = _best_line(loc, located.lines)
        message = error["msg"]
        if error["type"] == "missing" and loc and loc[0] in SECTION_TITLES:
            message = f"missing section '## {SECTION_TITLES[loc[0]]}'"
        problems.append(Problem(path, line, field_name, message))
    return sorted(problems, key=lambda p: p.line)


def _best_line(loc: list[str], lines: dict[str, int]) -> int:
    """The line of the most specific located field in ``loc``."""
    for depth in range(len(loc), 0, -1):
        key = ".".join(loc[:depth])
        if key in lines:
            return lines[key]
    return 1


def _front_line(text: str, key: str) -> int:
    for i, line in enumerate(text.split("\n")):
        if line.startswith(f"{key}:"):
            return i + 1
    return 1


def _fail(path: str, line: int, field_name: str, message: str) -> ParseResult:
    return ParseResult(path, None, [Problem(path, line, field_name, message)])


def render_summary(summary: Summary) -> str:
    """The library-file text of a summary (front matter plus the four sections)."""
    front = summary.model_dump(mode="json", include=set(_FRONT_MATTER_FIELDS), exclude_none=True)
    front["published"] = summary.published  # a bare YAML date, not a quoted string
    for optional in ("review", "cleared_flags"):
        if not front.get(optional):
            front.pop(optional, None)
    if front.get("source"):
        front["source"] = {k: v for k, v in front["source"].items() if v is not None}
    ordered = {key: front[key] for key in _FRONT_MATTER_FIELDS if key in front}
    yaml_text = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)
    sections = "\n".join(
        f"## {title}\n\n{summary.section(name)}\n" for name, title in SECTION_TITLES.items()
    )
    return f"---\n{yaml_text}---\n\n{sections}"
