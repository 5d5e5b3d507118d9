"""The grader's own check of an answer's claim that summaries do not mention something.

'The summary “…” does not mention “hair loss”.' is true when the summaries it names are
cited and none of their texts (title, sections, card) has any word of the quoted thing as
a whole word, singular or plural. Kept apart from the composer's check
(``assistant.unmentioned``), which also reads stems, word forms and lay words: a claim it
makes must pass this plainer one, so the grader checks it rather than repeating it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from assistant.compose import summary_texts
from assistant.corpus import SummaryView

_CLAIM = re.compile(
    r"^The summar(?:y|ies) (?P<titles>“.+”) do(?:es)? not mention (?P<things>“.+”)\.$"
)
_QUOTED = re.compile(r"“([^”]+)”")
_WORD = re.compile(r"[a-z0-9]+")


def true_absence(sentence: str, cited: Sequence[SummaryView]) -> bool:
    """Whether ``sentence`` is such a claim, about cited summaries, and true of them."""
    claim = _CLAIM.match(sentence.strip())
    if claim is None:
        return False
    by_title = {view.title: view for view in cited}
    titles = _QUOTED.findall(claim.group("titles"))
    if not titles or any(title not in by_title for title in titles):
        return False
    words = {w for text in _texts(by_title[t] for t in titles) for w in _WORD.findall(text)}
    things = _QUOTED.findall(claim.group("things"))
    return bool(things) and all(_absent(thing, words) for thing in things)


def _texts(views: Iterable[SummaryView]) -> list[str]:
    return [text.lower() for view in views for text in summary_texts(view)]


def _absent(thing: str, words: set[str]) -> bool:
    """No word of the thing, singular or plural, is among the summaries' words."""
    for word in _WORD.findall(thing.lower()):
        forms = {word, word.rstrip("s"), f"{word}s", f"{word}es"}
        if forms & words:
            return False
    return True
