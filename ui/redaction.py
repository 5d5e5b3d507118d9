"""Redaction of personal details people type (emails, phone numbers) before storage.

Phone numbers are found by ``phonenumbers`` (Google's libphonenumber), not by a digit
pattern: a pattern that caught "555-1234" also ate research text such as "1950-2021",
"2016-03-03" and "CI 0.40-0.70". Only what people type is redacted; the engine's own
answer text keeps its figures (see :func:`personal_details` for echoes of typed ones).
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

EMAIL_REMOVED = "[email removed]"
PHONE_REMOVED = "[phone removed]"

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Spelled-out addresses: "john at example dot com", "john(at)example.com",
# "john [at] example [dot] com", "john dot smith at example dot co dot uk".
_AT_BRACKETED = r"\s*[(\[{<]\s*at\s*[)\]}>]\s*"
_DOT_WORD = r"(?:\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+)"
_LOCAL = rf"[\w+-]+(?:(?:\.|{_DOT_WORD})[\w+-]+)*"
_DOMAIN = r"[\w-]+"
_TLD = r"[a-z]{2,24}\b"
_SPELLED_EMAIL = re.compile(
    rf"\b{_LOCAL}(?:{_AT_BRACKETED}{_DOMAIN}(?:(?:\.|{_DOT_WORD}){_DOMAIN})*(?:\.|{_DOT_WORD}){_TLD}"
    # A bare " at " is everyday English ("I read at nationalmssociety.org"): it counts
    # only with a spelled-out "dot".
    rf"|\s+at\s+{_DOMAIN}(?:(?:\.|{_DOT_WORD}){_DOMAIN})*{_DOT_WORD}{_TLD})",
    re.IGNORECASE,
)
# A number glued to letters, "/", "." or a hyphenated word ("jnnp-2012-303816") is part
# of an identifier (DOI, NCT), not a phone; so is one labelled as a PubMed id or DOI.
_GLUED = re.compile(r"[\w/.]|(?<=\w)-")
# "1390-1401" (pages), "1105/546" (group sizes): a range or ratio, whatever the digits.
_RANGE = re.compile(r"(\d+)\s*[-–]\s*(\d+)")
_ID_LABEL = re.compile(r"\b(?:pmid|pmcid|doi|nct|isrctn|isbn|issn|eudract)\W{0,4}$", re.IGNORECASE)
#: Regions whose national formats are recognised without a "+" prefix.
REGIONS = ("US", "GB")
#: Digits a national (non-"+") British number needs: the matcher's "possible" level also
#: takes four-digit years and "0.40-0.70" as short local numbers there.
_MIN_GB_DIGITS = 10


def personal_details(text: str) -> dict[str, str]:
    """The emails and phone numbers typed in ``text``, as written, each with the
    placeholder that replaces it."""
    details = {m.group(0): EMAIL_REMOVED for m in _EMAIL.finditer(text)}
    details |= {m.group(0): EMAIL_REMOVED for m in _SPELLED_EMAIL.finditer(text)}
    for number in _phone_numbers(text):
        details.setdefault(number, PHONE_REMOVED)
    return details


def scrub(text: str, details: dict[str, str]) -> str:
    """``text`` with each detail replaced by its placeholder, the longest first (so a
    number inside an address goes with the address)."""
    for detail in sorted(details, key=len, reverse=True):
        text = text.replace(detail, details[detail])
    return text


def redact(text: str) -> str:
    """``text`` with typed emails and phone numbers replaced by a placeholder."""
    return scrub(text, personal_details(text))


def _phone_numbers(text: str) -> list[str]:
    """Phone numbers in ``text``: anything libphonenumber finds possible for the US (its
    matcher already refuses dates, years and decimals there), and British numbers of full
    length; none glued to letters or identifiers."""
    found = []
    for region in REGIONS:
        for match in PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE):
            if _glued(text, match.start, match.end) or _range_or_ratio(match.raw_string):
                continue
            digits = sum(ch.isdigit() for ch in match.raw_string)
            national = not match.raw_string.lstrip("(").startswith("+")
            if region == "GB" and national and digits < _MIN_GB_DIGITS:
                continue
            if phonenumbers.is_possible_number(match.number):
                found.append(match.raw_string)
    return found


def _range_or_ratio(raw: str) -> bool:
    pair = _RANGE.fullmatch(raw)
    return "/" in raw or (pair is not None and len(pair[1]) == len(pair[2]))


def _glued(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is part of an identifier."""
    if _ID_LABEL.search(text, 0, start) or (start and _GLUED.match(text, start - 1)):
        return True
    # A sentence's full stop after a number is fine; a decimal point or "/" is not.
    full_stop = text[end : end + 1] == "." and text[end + 1 : end + 2].strip() == ""
    return _GLUED.match(text, end) is not None and not full_stop
