"""Parsing library files: valid files round-trip, bad files report every problem."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA

from evals.parse_bench import front_matter_blocks
from knowledge.library import load_library
from knowledge.library_format import (
    FRONT_MATTER_LOADER,
    PURE_PYTHON_LOADER,
    compose_front_matter,
    parse_summary,
    read_summary_file,
    render_summary,
)

OBESITY = DATA / "library" / "adolescent-obesity-ms-risk-nurses-health-munger-2009.md"


def test_valid_file_parses_with_all_sections() -> None:
    result = read_summary_file(OBESITY)
    assert result.problems == []
    summary = result.summary
    assert summary is not None
    assert summary.credibility == 4
    assert summary.source is not None and summary.source.pmid == "19901245"
    assert summary.key_takeaway.startswith("Women who were obese at age 18")
    assert "memory can be wrong" in summary.important_considerations


def test_render_then_parse_round_trips() -> None:
    summary = read_summary_file(OBESITY).summary
    assert summary is not None
    again = parse_summary(render_summary(summary))
    assert again.problems == []
    assert again.summary == summary


def test_every_problem_in_a_file_is_reported_with_line_and_field() -> None:
    result = read_summary_file(DATA / "broken" / "bad-fields.md")
    assert result.summary is None
    rendered = [str(p) for p in result.problems]
    path = str(DATA / "broken" / "bad-fields.md")
    assert f"{path}:4: published: " in "\n".join(rendered)
    assert any(r.startswith(f"{path}:5: credibility: ") for r in rendered)
    assert any(r.startswith(f"{path}:7: topics: ") and "not a real topic" in r for r in rendered)
    assert any(r.startswith(f"{path}:12: source.url: ") for r in rendered)
    assert any("important_considerations" in r and "missing section" in r for r in rendered)
    assert len(rendered) >= 5


def test_yaml_aliases_are_refused_before_expansion() -> None:
    result = read_summary_file(DATA / "broken" / "yaml-bomb.md")
    assert result.summary is None
    assert "anchors/aliases not allowed" in str(result.problems[0])
    assert result.problems[0].line == 3


def test_unknown_heading_and_text_outside_sections(tmp_path: Path) -> None:
    text = OBESITY.read_text().replace("## Key Takeaway", "stray text\n\n## Key Takeaway")
    text = text.replace("## Who Should Care and Why", "## Who Cares")
    path = tmp_path / "adolescent-obesity-ms-risk-nurses-health-munger-2009.md"
    path.write_text(text)
    problems = [str(p) for p in read_summary_file(path).problems]
    assert any(": body: text outside a '## ' section" in p for p in problems)
    assert any(": section: unknown heading 'Who Cares'" in p for p in problems)


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = tmp_path / "other-name.md"
    path.write_text(OBESITY.read_text())
    problems = read_summary_file(path).problems
    assert [(p.line, p.field) for p in problems] == [(2, "id")]


def test_path_tricks_in_ids_are_rejected(tmp_path: Path) -> None:
    text = OBESITY.read_text().replace(
        "id: adolescent-obesity-ms-risk-nurses-health-munger-2009", "id: ../../etc/passwd"
    )
    result = parse_summary(text, "x.md")
    assert result.summary is None
    assert result.problems[0].field == "id"


def test_not_utf8_and_oversize_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"---\nid: x\n\xff\xfe\n")
    assert str(read_summary_file(bad).problems[0]).endswith(":3: file: not valid UTF-8 text")
    big = tmp_path / "big.md"
    big.write_text("x" * 2000)
    assert "over the 1000-byte limit" in str(read_summary_file(big, max_bytes=1000).problems[0])


def test_drafts_need_review_flags_for_missing_ratings() -> None:
    text = OBESITY.read_text().replace("credibility: 4\n", "")
    result = parse_summary(text)
    assert result.summary is None
    assert "credibility missing" in result.problems[0].message
    flagged = text.replace("topics:\n", "review:\n- rate credibility\ntopics:\n")
    assert parse_summary(flagged).summary is not None


def test_load_library_keeps_valid_files_and_lists_invalid(tmp_path: Path) -> None:
    (tmp_path / OBESITY.name).write_text(OBESITY.read_text())
    (tmp_path / "bad-fields.md").write_text((DATA / "broken" / "bad-fields.md").read_text())
    loaded = load_library(tmp_path)
    assert list(loaded.summaries) == [OBESITY.stem]
    assert loaded.invalid_files == [str(tmp_path / "bad-fields.md")]
    assert loaded.problems


def test_libyaml_and_pure_python_read_every_front_matter_alike() -> None:
    blocks = front_matter_blocks(Path(__file__).parents[1] / "knowledge" / "library")
    assert len(blocks) == 109
    for block in blocks:
        fast_node, fast = compose_front_matter(block, FRONT_MATTER_LOADER)
        slow_node, slow = compose_front_matter(block, PURE_PYTHON_LOADER)
        assert fast == slow
        assert isinstance(fast["published"], str)  # dates stay text for pydantic
        assert fast_node is not None and slow_node is not None
        lines = [(k.value, k.start_mark.line) for k, _ in fast_node.value]
        assert lines == [(k.value, k.start_mark.line) for k, _ in slow_node.value]


def test_aliases_are_read_rendered_and_carried_to_the_index() -> None:
    from knowledge.chunking import chunk_summary
    from knowledge.store import chunk_to_record, record_to_chunk

    summary = read_summary_file(OBESITY).summary
    assert summary is not None
    named = summary.model_copy(update={"aliases": ["NHS II"]})
    again = parse_summary(render_summary(named))
    assert again.problems == [] and again.summary is not None
    assert again.summary.aliases == ["NHS II"]
    chunk = chunk_summary(again.summary)[0]
    stored = record_to_chunk(chunk.id, chunk.text, chunk_to_record(chunk))
    assert stored.aliases == ["NHS II"]
