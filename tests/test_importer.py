"""Importing the site's pages (text and HTML) into draft library files."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st
from test_hostile_files import without_hanging
from typer.testing import CliRunner

from knowledge.cli import app
from knowledge.importer import (
    MAX_PAGE_BYTES,
    PageError,
    draft_text,
    html_to_text,
    parse_page_text,
    slugify,
)
from knowledge.library_format import parse_summary, read_summary_file, render_summary
from knowledge.models import ID_PATTERN, SECTION_TITLES

SEED_TEXT = (Path(__file__).parent / "data" / "summary-page-example.txt").read_text()
TODAY = dt.date(2026, 11, 25)


def test_seed_page_becomes_a_valid_flagged_draft() -> None:
    summary = parse_page_text(SEED_TEXT, TODAY)
    assert summary.id == "how-immune-and-nervous-systems-shape-ms-care"
    assert summary.title == "How Immune and Nervous Systems Shape MS Care"
    assert summary.credibility is None and summary.interest is None
    flags = " ".join(summary.review)
    assert "credibility not shown" in flags and "interest not shown" in flags
    assert "source not shown" in flags
    assert summary.key_takeaway.startswith("Understanding how the immune system")
    assert "much like how two friends" in summary.what_they_found
    assert summary.important_considerations.endswith("understanding and treating MS.")
    assert summary.topics == ["immune system and brain biology"]
    text = render_summary(summary)
    assert "You May Also Like" not in text and "Gut Bacteria" not in text
    assert "Understanding MS Research" not in text
    assert parse_summary(text).summary == summary


def test_ratings_and_date_on_the_page_are_kept() -> None:
    page = SEED_TEXT.replace("Credibility\nInterest", "5/1/2026\nCredibility: 4/5\nInterest: 3")
    summary = parse_page_text(page, TODAY)
    assert (summary.credibility, summary.interest) == (4, 3)
    assert summary.published == dt.date(2026, 5, 1)
    assert not any("credibility" in flag or "date" in flag for flag in summary.review)


def test_html_page_imports_like_the_text_page() -> None:
    html = (
        "<html><head><style>p{}</style><script>alert(1)</script></head><body>"
        "<h1>Quick Eye Scan Helps</h1><div>Credibility</div><div>Interest</div>"
        "<h2>Key Takeaway</h2><p>Eye scans help.</p>"
        "<h2>What They Found</h2><p>They  found\nthings.</p>"
        "<h2>Who Should Care and Why</h2><p>Patients.</p><h2>Important Considerations</h2>"
        "<p>Small study.</p><p>Article Topics: optic neuritis, MOGAD</p>"
        '<a href="https://pubmed.ncbi.nlm.nih.gov/123/">More Details</a>'
        "<h2>You May Also Like</h2><p>Other</p></body></html>"
    )
    text, links = html_to_text(html)
    assert "alert(1)" not in text
    summary = parse_page_text(text, TODAY, links)
    assert summary.what_they_found == "They found things."
    assert summary.topics == ["mogad", "optic neuritis and the eye"]
    assert any("pubmed.ncbi.nlm.nih.gov/123/" in flag for flag in summary.review)


# --- hostile pages (issue #14) ---------------------------------------------------------

SECTIONS_HTML = (
    "<h2>Key Takeaway</h2><p>Eye scans help.</p><h2>What They Found</h2><p>Found things.</p>"
    "<h2>Who Should Care and Why</h2><p>Patients.</p>"
    "<h2>Important Considerations</h2><p>Small study.</p>"
)


def test_hidden_and_non_content_html_is_dropped() -> None:
    hidden = [
        "<div hidden>H1</div>",
        '<p style="color: red; DISPLAY : none !important">H2</p>',
        '<span style="visibility:hidden">H3</span>',
        '<div aria-hidden="true">H4</div>',
        "<noscript>H5</noscript>",
        "<template><p>H6</p></template>",
        "<textarea>H7 <p>still H7</p></textarea>",
        "<nav><a href='/'>H8</a></nav>",
        "<header>H9</header>",
        "<footer>H10</footer>",
        "<form><label>H11</label><input value=x></form>",
        "<button>H12</button>",
        "<select><option>H13</option></select>",
        "<iframe>H14</iframe>",
        "<svg><text>H15</text><title>H16</title></svg>",
        '<p class="sr-only">H17</p>',
        "<script>document.write('H18')</script><style>p::after{content:'H19'}</style>",
        "<dialog>H20</dialog>",
        "<aside>H21</aside>",
        '<p style="opacity: 0.0">H22</p>',
        '<div class="card d-none">H23</div>',
    ]
    html = (
        "<html><head><title>H0 site title</title><meta name=x content=H0></head><body>"
        f"<h1>Visible Title</h1>{''.join(hidden)}{SECTIONS_HTML}</body></html>"
    )
    text, _ = html_to_text(html)
    assert not [marker for marker in re.findall(r"H\d+", text)], text
    assert text.split("\n")[0] == "Visible Title" and "Small study." in text


def test_a_hidden_element_hides_only_itself() -> None:
    html = (
        "<p>one <img hidden src=x.png> two</p>"
        "<p hidden>secret-a<p>three</p>"  # a <p> ends where the next one starts
        "<ul><li hidden>secret-b<li>four</ul>"
        "<div><span hidden>secret-c</div><p>five</p>"  # closing </div> ends the span too
        "<table><tr><td hidden>secret-d<td>six</table>"
        '<p style="display:block">seven</p><a href="https://doi.org/10.1/x" hidden>x</a>'
    )
    text, links = html_to_text(html)
    assert text.split("\n") == ["one two", "three", "four", "five", "six", "seven"]
    assert links == [], "a hidden link is not the page's paper link"


def test_the_id_comes_from_the_article_title_not_the_head_or_navigation() -> None:
    html = (
        "<html><head><title>MS News | Research Summaries</title></head><body>"
        "<header><a href='/'>MS News</a> Home Research</header>"
        "<nav><a>Summaries</a> <a>About</a></nav><div>Home &gt; Summaries</div>"
        "<main><article><header><h1>Vitamin D After a First Attack</h1></header>"
        f"{SECTIONS_HTML}<footer>Article Topics: vitamin D</footer></article></main>"
        "<footer>Copyright MS News</footer></body></html>"
    )
    text, links = html_to_text(html)
    summary = parse_page_text(text, TODAY, links)
    assert summary.id == "vitamin-d-after-a-first-attack"
    assert summary.title == "Vitamin D After a First Attack"
    assert summary.topics == ["vitamin d and sunlight"]


def test_ids_transliterate_accents_and_hash_other_scripts() -> None:
    assert slugify("Étude: la sclérose en plaques à Zürich") == (
        "etude-la-sclerose-en-plaques-a-zurich"
    )
    assert slugify("Straße und Ærø") == "strasse-und-aero"
    titles = [
        "Рассеянный склероз и витамин D",
        "Рассеянный склероз и беременность",
        "多发性硬化症与维生素D",
        "التصلب المتعدد",
        "MS",
        "Рассеянный склероз: MS",
        "x" * 150,
        "x" * 150 + "y",
    ]
    ids = [slugify(title) for title in titles]
    assert len(set(ids)) == len(ids), ids
    assert all(ID_PATTERN.match(i) for i in ids), ids
    assert ids[0].startswith("summary-") and ids[2].startswith("summary-")
    assert ids[5].startswith("summary-") and ids[4].startswith("ms-")
    assert ids == [slugify(title) for title in titles], "stable across runs"


def test_a_repeated_section_heading_is_refused_clearly() -> None:
    page = SEED_TEXT.replace("Who Should Care and Why\n", "Key Takeaway\n", 1)
    with pytest.raises(PageError, match="'Key Takeaway' appears twice"):
        parse_page_text(page, TODAY)


def test_markdown_headings_in_a_page_cannot_break_the_draft() -> None:
    page = (
        "# A Markdown Page\n\n## Key Takeaway\nIt helps.\n## What They Found\n"
        "## Background\n### Results\nThey found things.\n---\n## Who Should Care and Why\n"
        "Patients.\n## Important Considerations\nSmall.\x1b[31m\u2028Red text\x00.\n"
    )
    summary = parse_page_text(page, TODAY)
    assert summary.title == "A Markdown Page"
    assert summary.what_they_found.split("\n\n") == [
        "Background",
        "Results",
        "They found things.",
        "---",
    ]
    assert "\x1b" not in summary.important_considerations
    parsed = parse_summary(render_summary(summary))
    assert parsed.problems == [] and parsed.summary == summary


def _write_pages(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    big_section = ("A sentence that repeats to make a very long section. " * 6000) + "\n"
    pages = {
        "good": SEED_TEXT,
        "again": SEED_TEXT,  # the same id as "good": the draft exists by then
        "oversize": SEED_TEXT.replace("What They Found\n", "What They Found\n" + big_section),
        "repeated": SEED_TEXT.replace("Who Should Care and Why\n", "Key Takeaway\n", 1),
        "empty": "\n\n",
        "russian": SEED_TEXT.replace(
            "How Immune and Nervous Systems Shape MS Care", "Иммунная и нервная системы при РС"
        ),
        "awkward": (
            "\ufeff---\n# Title: --- {not: yaml} \x1b[2J\n---\nKey Takeaway\n## Risks\n"
            "---\nWhat They Found\n- item: 1\n...\nWho Should Care and Why\n"
            "'quoted'\u2028next\x0bline\nImportant Considerations\n| a | b |\n"
            "Article Topics: " + "gut --- " * 60 + "\n"
        ),
    }
    paths = {name: folder / f"{name}.txt" for name in pages}
    for name, text in pages.items():
        paths[name].write_text(text, encoding="utf-8")
    html = f"<html><body><h1 hidden>Gone</h1><div style='display:none'>{SECTIONS_HTML}</div>"
    paths["all-hidden"] = folder / "all-hidden.html"
    paths["all-hidden"].write_text(html + "</body></html>")
    paths["huge"] = folder / "huge.txt"
    with paths["huge"].open("wb") as huge:
        huge.truncate(MAX_PAGE_BYTES + 1)
    paths["pipe"] = folder / "pipe.txt"
    os.mkfifo(paths["pipe"])
    return paths


def test_import_pages_exits_1_when_any_page_fails_and_writes_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MSRA_LIBRARY__MAX_FILE_BYTES", "262144")
    paths = _write_pages(tmp_path / "pages")
    out = tmp_path / "drafts"
    args = ["import-pages", *map(str, paths.values()), "--out", str(out)]
    result = without_hanging(lambda: CliRunner().invoke(app, args), paths["pipe"])
    assert result.exit_code == 1, result.output
    failed = {
        name: line
        for name, path in paths.items()
        for line in result.stderr.splitlines()
        if line.startswith(f"{path}:1: page: cannot import: ")
    }
    assert set(failed) == {"again", "oversize", "repeated", "empty", "all-hidden", "huge", "pipe"}
    assert "exists" in failed["again"] and "--overwrite" in failed["again"]
    assert "over the 262144-byte limit" in failed["oversize"]
    assert "'Key Takeaway' appears twice" in failed["repeated"]
    assert "no title" in failed["empty"] and "no title" in failed["all-hidden"]
    assert f"over the {MAX_PAGE_BYTES}-byte limit" in failed["huge"]
    assert "a FIFO (named pipe), not a regular file" in failed["pipe"]
    assert "imported 3 of 10 pages" in result.stdout
    drafts = sorted(out.glob("*.md"))
    assert len(drafts) == 3 and len(re.findall(r"^wrote ", result.stdout, re.M)) == 3
    for draft in drafts:
        parsed = read_summary_file(draft, root=out)
        assert parsed.problems == [] and parsed.summary is not None, parsed.problems
        assert parsed.summary.review
    russian = slugify("Иммунная и нервная системы при РС")
    assert russian.startswith("summary-") and (out / f"{russian}.md").is_file()


def test_an_imported_draft_never_writes_through_a_link(tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / "how-immune-and-nervous-systems-shape-ms-care.md").symlink_to(victim)
    page = DATA / "summary-page-example.txt"
    args = ["import-pages", str(page), "--out", str(out), "--overwrite"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "keep me"
    draft = out / "how-immune-and-nervous-systems-shape-ms-care.md"
    assert not draft.is_symlink() and read_summary_file(draft).summary is not None


_LINE = st.text(max_size=60) | st.sampled_from(
    ["## Key Takeaway", "## Notes", "# x", "---", "...", "- a: b", "Key Takeaway", "#"]
)


@given(
    title=st.text(min_size=1, max_size=150) | st.sampled_from(["---", "## MS", "Key Takeaway"]),
    bodies=st.lists(st.lists(_LINE, min_size=1, max_size=4), min_size=4, max_size=4),
)
@settings(max_examples=300, deadline=None)
def test_any_page_makes_a_draft_that_passes_the_format_check_or_a_refusal(
    title: str, bodies: list[list[str]]
) -> None:
    sections = [
        f"{h}\n" + "\n".join(b) for h, b in zip(SECTION_TITLES.values(), bodies, strict=True)
    ]
    try:
        summary = parse_page_text("\n".join([title, *sections]), TODAY)
        text = draft_text(summary, 262_144)
    except PageError as refused:
        assert refused.message.strip()
        return
    parsed = parse_summary(text, f"{summary.id}.md")
    assert parsed.problems == [] and parsed.summary == summary
