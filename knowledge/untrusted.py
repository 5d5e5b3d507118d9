"""Library text is untrusted: find instruction-like text before it is indexed or quoted.

A summary's words reach answers verbatim (the offline composer quotes them) and the chat
model's sources block. A reviewed summary never addresses a model, plays a role, links
out from its prose (the paper's link lives in the front matter) or tells the reader to
start, stop or change a treatment, so text that does is flagged, and the summary is held
until an editor has read each flagged phrase and listed it under ``cleared_flags``.

The pattern table is small and reviewed: every change must keep
tests/test_untrusted.py green, which also checks that no bundled summary is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache

import re2

from knowledge.errors import Problem
from knowledge.models import SECTION_TITLES, Summary

_FLAGS = re.IGNORECASE | re.MULTILINE

#: Everyday words for a treatment; the assistant passes its drug vocabulary as well.
TREATMENT_WORDS = (
    r"(medications?|medicines?|meds|drugs?|treatments?|therap(y|ies)|dmts?|dmds?|doses?|"
    r"dosages?|infusions?|injections?|pills?|tablets?|shots?|steroids?|supplements?|"
    r"prescriptions?)"
)
_VERBS = (
    r"(stop|start|switch|skip|change|quit|discontinue|come\s+off|go\s+off|get\s+off|"
    r"reduce|lower|increase|double|halve|pause|delay|replace|restart)"
)
#: A sentence or list item starts here.
_START = r"(^\s*([-*]\s+)?|[.!?]\s+)"
#: "Do not change your infusion schedule without your MS team" is the safe advice.
_NOT_NEGATED = r"(?<!not\s)(?<!n't\s)(?<!n’t\s)(?<!never\s)"
_MODALS = r"(should|must|can|could|may|might|need\s+to|ought\s+to|have\s+to|are\s+safe\s+to)"

INSTRUCTION = "an instruction to the reader or a model"
ROLE_PLAY = "role play"
MARKUP = "a link or markup inside prose"
ADVICE = "advice to start, stop or change a treatment"

_RULES: tuple[tuple[str, str], ...] = (
    # Instructions aimed at whoever (or whatever) reads the text.
    (
        INSTRUCTION,
        r"\b(ignore|disregard|forget|override|bypass)\s+(all|any|the|your|these|every|"
        r"previous|prior|earlier|preceding|above)\b(\s+\w+){0,3}\s+(instructions?|rules|"
        r"prompts?|guidelines|directions|above|messages?)\b",
    ),
    (INSTRUCTION, r"\b(ignore|disregard|forget)\s+(everything|all)\s+(above|before|else)\b"),
    (INSTRUCTION, r"\b(system|hidden|developer)\s+(prompt|instructions?)\b|\boriginal\s+prompt\b"),
    (INSTRUCTION, r"\byou\s+are\s+now\b"),
    (INSTRUCTION, r"\bfrom\s+now\s+on,?\s+(you|always|only|reply|respond|answer)\b"),
    (INSTRUCTION, r"\b(reply|respond|answer)\s+only\s+(with|in)\b|\bonly\s+(reply|respond)\b"),
    (INSTRUCTION, r"\b(jailbreak|(developer|dan|unrestricted)\s+mode)\b"),
    # Role play: a persona, or the speaker labels of a chat transcript.
    (
        ROLE_PLAY,
        r"\b(act|behave)\s+as\s+(if\s+you\s+(are|were)\s+)?(an?\s+|the\s+|my\s+|your\s+)?"
        r"(ai|assistant|chatbot|bot|doctor|physician|neurologist|pharmacist|expert|"
        r"unfiltered|different|system)\b",
    ),
    (ROLE_PLAY, r"\bpretend\s+(to\s+be|you\s+are|you're|that\s+you)\b"),
    (ROLE_PLAY, r"\brole[- ]?play\w*"),
    (ROLE_PLAY, r"^\s*(system|assistant|user|human|ai|bot)\s*:"),
    (ROLE_PLAY, r"<\|[a-z_]+\|>|\[/?inst\]|<</?sys>>"),
    # Links and markup: prose is plain text; the paper's link lives in the front matter.
    (MARKUP, r"\b(https?|ftp)://\S+|\bwww\.\S+|\b(javascript|vbscript):|\bdata:\w+/"),
    (MARKUP, r"!?\[[^\]\n]*\]\([^)\n]*\)"),
    (MARKUP, r"<!--|</?[a-z][a-z0-9-]*(\s[^<>\n]*)?/?>"),
    (MARKUP, r"^\s{0,3}(#{1,6}\s|```|~~~)"),
)


def _advice_rules(treatments: str) -> tuple[tuple[str, str], ...]:
    """Direct advice to change a treatment; ``treatments`` names what counts as one."""
    return (
        (ADVICE, rf"\byou\s+{_MODALS}\s+(now\s+|safely\s+|simply\s+|just\s+)?{_VERBS}\b"),
        # The verb is looked for first: the negation checks at every position were most
        # of the time a library load spent on these rules.
        (ADVICE, rf"\b(?={_VERBS}\b){_NOT_NEGATED}{_VERBS}\s+(taking\s+|using\s+)?(all\s+)?your\s+"
                 rf"(\w+\s+){{0,2}}?{treatments}\b"),
        (ADVICE, rf"{_START}(please\s+)?{_VERBS}\s+(taking\s+|using\s+)?(all\s+|your\s+)"),
        (ADVICE, rf"{_START}(please\s+)?{_VERBS}\s+(taking\s+|using\s+)?{treatments}\b"),
        (ADVICE, rf"{_START}(please\s+)?(switch|change|move)\s+(over\s+)?to\b"),
        (ADVICE, r"\b(i|we)\s+(would\s+)?(recommend|advise|suggest|urge)\s+(that\s+)?"
                 r"(you\b|\w+ing\b)"),
        (ADVICE, rf"\bit\s+is\s+(safe|fine|ok|okay|better|best)\s+(for\s+you\s+)?to\s+{_VERBS}\b"),
        (ADVICE, rf"\b(do\s+not|don['’]t|never)\s+(take|start|restart)\s+(your|any)\s+"
                 rf"(\w+\s+){{0,2}}?{treatments}\b"),
        (ADVICE, rf"\bno\s+need\s+to\s+(take|keep\s+taking|stay\s+on)\s+(your\s+)?{treatments}\b"),
        (ADVICE, rf"\b(people|patients|everyone|anyone|adults|women|men)\s+with\s+ms\s+"
                 rf"(should|must)\s+(all\s+)?{_VERBS}\b"),
    )  # fmt: skip


@cache
def compiled_rules(treatments: str = TREATMENT_WORDS) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The reviewed rules, compiled: instructions, role play, markup and treatment advice."""
    rules = _RULES + _advice_rules(treatments)
    return tuple((kind, re.compile(pattern, _FLAGS)) for kind, pattern in rules)


def _loose(pattern: str) -> str:
    """``pattern`` without its lookarounds, which only ever narrow a match (RE2 has none)."""
    return pattern.replace(_NOT_NEGATED, "").replace(rf"(?={_VERBS}\b)", "")


@cache
def _prefilter(treatments: str) -> re2.Set:
    """Every rule's loose form in one RE2 set: one linear pass over a text says which
    rules can match it. Library text almost never matches any, and running the 27
    backtracking rules over each field was most of a library load (10k files: 15 s
    without the rules, 73 s with them)."""
    rules = re2.Set.SearchSet(re2.Options())
    for _, pattern in compiled_rules(treatments):
        rules.Add(f"(?im){_loose(pattern.pattern)}")
    rules.Compile()
    return rules


def candidate_rules(text: str, treatments: str = TREATMENT_WORDS) -> list[int]:
    """The indexes (into :func:`compiled_rules`) of the rules that may match ``text``:
    every rule that does, and rarely one whose lookaround then rules it out."""
    if not _classes_agree(text):
        return list(range(len(compiled_rules(treatments))))
    return sorted(_prefilter(treatments).Match(text) or ())


_NON_ASCII_WORD_OR_SPACE = re.compile(r"[^\x00-\x7f\W]|[^\x00-\x7f\S]")


def _classes_agree(text: str) -> bool:
    """Whether RE2 reads ``text`` as Python's ``re`` does. RE2's ``\\w``, ``\\s`` and
    ``\\b`` are ASCII; Python's also take other letters, digits and spaces (and with
    IGNORECASE "İ" matches "i"), so a text holding any of those runs every rule."""
    return text.isascii() or _NON_ASCII_WORD_OR_SPACE.search(text) is None


def findings(text: str, treatments: str = TREATMENT_WORDS) -> list[tuple[str, str, int]]:
    """Each flagged phrase of ``text`` as (kind, phrase, start); matches that overlap
    ("You should stop" and "stop your medication") are one phrase, so an editor clears
    one phrase per place."""
    rules = compiled_rules(treatments)
    spans: list[tuple[int, int, str]] = []
    for index in candidate_rules(text, treatments):
        kind, pattern = rules[index]
        for match in pattern.finditer(text):
            # Rules anchored on a sentence start match the punctuation before it too.
            lead = len(match.group()) - len(match.group().lstrip(" .!?-*\n\t"))
            if match.start() + lead < match.end():
                spans.append((match.start() + lead, match.end(), kind))
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if merged and start < merged[-1][1]:
            first, last, first_kind = merged[-1]
            merged[-1] = (first, max(end, last), first_kind)
        else:
            merged.append((start, end, kind))
    return [(kind, " ".join(text[a:b].split()), a) for a, b, kind in merged]


def advice_phrases(text: str, treatments: str = TREATMENT_WORDS) -> list[str]:
    """The phrases of ``text`` that advise starting, stopping or changing a treatment."""
    return [phrase for kind, phrase, _ in findings(text, treatments) if kind == ADVICE]


def _key(phrase: str) -> str:
    return " ".join(phrase.split()).casefold()


def field_texts(summary: Summary) -> list[str]:
    """The text of every field :func:`text_flags` checks."""
    return [text for _, text in _fields(summary)]


def _fields(summary: Summary) -> Iterator[tuple[str, str]]:
    """Every piece of text a reader or model sees: title, sections, aliases and card."""
    yield "title", summary.title
    for name in SECTION_TITLES:
        yield name, summary.section(name)
    for i, alias in enumerate(summary.aliases):
        yield f"aliases.{i}", alias
    if summary.card is not None:
        card = summary.card
        yield "card.population", card.population
        yield "card.compared", card.compared
        yield "card.length", card.length
        for i, finding in enumerate(card.findings):
            yield f"card.findings.{i}.text", finding.text


def _line_of(field_name: str, text: str, offset: int, lines: Mapping[str, int]) -> int:
    """The file line of ``offset`` in a field: sections count lines from their first text
    line (``<section>.text``), front-matter fields sit on one line."""
    start = lines.get(f"{field_name}.text")
    if start is not None:
        return start + text.count("\n", 0, offset)
    return lines.get(field_name, lines.get(field_name.split(".", 1)[0], 1))


def text_flags(
    summary: Summary, path: str = "<text>", lines: Mapping[str, int] | None = None
) -> list[Problem]:
    """Instruction-like text in every field a reader or model sees, minus the phrases an
    editor cleared; each problem names the file, line, field and phrase."""
    cleared = {_key(p) for p in summary.cleared_flags}
    problems: list[Problem] = []
    for field_name, text in _fields(summary):
        for kind, phrase, offset in findings(text):
            if _key(phrase) in cleared:
                continue
            line = _line_of(field_name, text, offset, lines or {})
            problems.append(Problem(path, line, field_name, f"{kind}: {phrase!r}"))
    return sorted(problems, key=lambda p: p.line)


def hold_reasons(
    summary: Summary, path: str = "<text>", lines: Mapping[str, int] | None = None
) -> list[Problem]:
    """Why a valid summary must not be indexed yet: open review flags and uncleared text
    flags, each worded "held for review: ..." with a hint at what clears it."""
    found = lines or {}
    held = [
        Problem(
            path, found.get(f"review.{i}", found.get("review", 1)), "review", f"open flag {flag!r}"
        )
        for i, flag in enumerate(summary.review)
    ] + text_flags(summary, path, lines)
    return [
        Problem(p.path, p.line, p.field, f"held for review: {p.message}{_hint(p.field)}")
        for p in held
    ]


def _hint(field_name: str) -> str:
    if field_name == "review":
        return " (resolve it and remove it from `review`)"
    return " (if it is meant, add the quoted phrase to `cleared_flags`)"
