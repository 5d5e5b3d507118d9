"""Importing the site's pages (text and HTML) into draft library files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from knowledge.importer import html_to_text, parse_page_text
from knowledge.library_format import parse_summary, render_summary

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
