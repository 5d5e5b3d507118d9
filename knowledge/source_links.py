"""Keep each summary's paper identifiers and link in step with its fact sheet.

`msra library sync-links` runs this after the fact sheets are copied in again: only the
``doi``, ``pmid`` and ``url`` lines of a summary's ``source:`` block change, and the edit
is parsed back to prove nothing else did.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from knowledge.errors import LibraryError, Problem
from knowledge.library_format import parse_summary, read_summary_file
from knowledge.models import FactSheet

#: The source fields a fact-sheet update may change: the paper's identifiers and link.
LINK_FIELDS = ("doi", "pmid", "url")
#: Source fields in the order library files write them (``render_summary``).
_SOURCE_ORDER = ("title", "journal", "year", "doi", "pmid", "url", "study_type", "sample_size")
_SOURCE_KEY = re.compile(r"^  ([a-z_]+):")


def sheet_links(sheet: FactSheet) -> dict[str, str | None]:
    """What a summary's source block should say for ``LINK_FIELDS``: the sheet's DOI and
    PMID, and its canonical link (PubMed or doi.org whenever it has an identifier)."""
    return {"doi": sheet.doi, "pmid": sheet.pmid, "url": sheet.canonical_url()}


def sync_source_links(text: str, sheet: FactSheet) -> str:
    """A library file's text with its source block's ``doi``, ``pmid`` and ``url`` set
    from ``sheet``; every other line is left as it was, so the diff is the links alone.

    A field the sheet leaves ``null`` is removed rather than kept from memory. Raises
    ``ValueError`` when the file has no top-level ``source:`` block to edit."""
    lines = text.split("\n")
    start, end = _source_block(lines)
    entries = _source_entries(lines[start + 1 : end])
    kept = [(key, block) for key, block in entries if key not in LINK_FIELDS]
    links = [(k, [_yaml_line(k, v)]) for k, v in sheet_links(sheet).items() if v is not None]
    # The links go where render_summary writes them: after the leading title, journal, year.
    before = _SOURCE_ORDER[: _SOURCE_ORDER.index("doi")]
    position = next((i for i, (key, _) in enumerate(kept) if key not in before), len(kept))
    merged = kept[:position] + links + kept[position:]
    body = [line for _, block in merged for line in block]
    return "\n".join(lines[: start + 1] + body + lines[end:])


def _source_block(lines: list[str]) -> tuple[int, int]:
    """The ``source:`` line of the front matter and the index just after its block."""
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if not lines or lines[0].strip() != "---" or closing is None:
        raise ValueError("no front matter")
    start = next((i for i in range(1, closing) if lines[i].rstrip() == "source:"), None)
    if start is None:
        raise ValueError("no 'source:' block in the front matter")
    end = next((i for i in range(start + 1, closing) if not lines[i].startswith(" ")), closing)
    return start, end


def _source_entries(block: list[str]) -> list[tuple[str, list[str]]]:
    """The block's fields, each with its lines (a long value may run onto more lines)."""
    entries: list[tuple[str, list[str]]] = []
    for line in block:
        match = _SOURCE_KEY.match(line)
        if match or not entries:
            entries.append((match.group(1) if match else "", [line]))
        else:
            entries[-1][1].append(line)
    return entries


def _yaml_line(key: str, value: str) -> str:
    """``  key: value`` as YAML writes it (a PMID stays a quoted string)."""
    dumped = yaml.safe_dump({key: value}, width=10_000, allow_unicode=True).rstrip("\n")
    return f"  {dumped}"


def sync_library_links(
    directory: Path, sheets: dict[str, FactSheet], write: bool = True, max_bytes: int = 262_144
) -> dict[str, dict[str, tuple[str | None, str | None]]]:
    """Set every valid summary's source ``doi``, ``pmid`` and ``url`` from its fact sheet.

    Returns, per summary id whose links differed, each changed field as (old, new); with
    ``write`` the files are rewritten (only those lines). A file is left alone when it is
    invalid or its fact sheet is unknown (``msra library check`` names those). Raises
    ``LibraryError`` if an edit would change anything but the links."""
    changes: dict[str, dict[str, tuple[str | None, str | None]]] = {}
    for path in sorted(directory.glob("*.md")):
        parsed = read_summary_file(path, max_bytes)
        summary = parsed.summary
        sheet = sheets.get(summary.source.fact_sheet or "") if summary and summary.source else None
        if summary is None or summary.source is None or sheet is None:
            continue
        wanted = sheet_links(sheet)
        old = summary.source.model_dump(include=set(LINK_FIELDS))
        if old == wanted:
            continue
        text = sync_source_links(path.read_text(encoding="utf-8"), sheet)
        expected = summary.model_copy(update={"source": summary.source.model_copy(update=wanted)})
        if parse_summary(text, str(path)).summary != expected:
            raise LibraryError([Problem(str(path), 1, "source", "link update would change more")])
        changes[summary.id] = {k: (old[k], wanted[k]) for k in LINK_FIELDS if old[k] != wanted[k]}
        if write:
            path.write_text(text, encoding="utf-8")
    return changes
