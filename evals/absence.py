"""The grader's own check of an answer's claim that summaries do not mention something,
or do not give a number asked.

'The summary “…” does not mention “hair loss”.' is true when the summaries it names are
cited and none of their texts (title, sections, card) has any word of the quoted thing as
a whole word, singular or plural. 'The summary “…” does not give the number of centres.'
is true when no figure in its texts is followed, within three words, by "centre(s)" (for
people, by any word for people); "… how long each session lasted" when no sentence with
"session(s)" gives a length in minutes to years; "… the ages of the people in it" when no
figure follows "age(d)" or comes before "years old"; "… how many were women" when no
sentence with "women" gives a percentage, "N of M", "most" or "half". Kept apart from the
composer's checks (``assistant.unmentioned``, ``assistant.asked_measure``), which also read
stems, word forms and lay words: a claim they make must pass this plainer one, so the
grader checks it rather than repeating it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from assistant.compose import summary_texts
from assistant.corpus import SummaryView

_CLAIM = re.compile(
    r"^The summar(?:y|ies) (?P<titles>“.+”) do(?:es)? not mention (?P<things>“.+”)\.$"
)
_UNMEASURED = re.compile(
    r"^The summary “(?P<title>.+)” does not (give the number of (?P<count>[\w']+)|say how long "
    r"each (?P<length>[\w']+) lasted|give the ages of the people in it|"
    r"give how many (were|was|are|is) (?P<share>[\w' -]+))\.$"
)
_PEOPLE = frozenset("people patients participants adults volunteers children women men".split())
_FIGURE = r"(?<!\w)\d[\d,.]*"
_QUOTED = re.compile(r"“([^”]+)”")
#: Words that measure or change a thing rather than name it ("heart rate", "weight gain").
_MEASURES = frozenset(
    "rate rates level levels count counts gain gains loss losses change changes problem "
    "problems risk risks working work function".split()
)
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
    """No word of the thing, singular or plural, is among the summaries' words; a word
    that measures ("rate", "gain", "level") counts only for a thing of that word alone:
    a "relapse rate" does not mention a "heart rate"."""
    said = _WORD.findall(thing.lower())
    named = [w for w in said if w not in _MEASURES] or said
    for word in named:
        forms = {word, word.rstrip("s"), f"{word}s", f"{word}es"}
        if forms & words:
            return False
    return True


def true_unmeasured(sentence: str, cited: Sequence[SummaryView]) -> bool:
    """Whether ``sentence`` says a cited summary does not give a number asked, truly."""
    claim = _UNMEASURED.match(sentence.strip())
    by_title = {view.title: view for view in cited}
    if claim is None or claim.group("title") not in by_title:
        return False
    # Each text ends a sentence: a card's fields carry no full stop.
    text = ". ".join(_texts([by_title[claim.group("title")]]))
    if claim.group("count"):
        thing = claim.group("count").lower()
        forms = _PEOPLE if thing in _PEOPLE else _spellings(thing)
        given = rf"{_FIGURE}(\s+[\w-]+){{0,2}}\s+({'|'.join(sorted(forms))})\b"
    elif claim.group("length"):
        thing = claim.group("length").lower()
        unit = r"(minute|hour|day|week|month|year)s?"
        given = rf"\b{thing}s?\b[^.]*{_FIGURE}[\s-]*{unit}|{_FIGURE}[\s-]*{unit}[^.]*\b{thing}s?\b"
    elif claim.group("share"):
        word = "|".join(sorted(_spellings(claim.group("share").split()[0].lower())))
        share = rf"{_FIGURE}\s*(%|percent)|{_FIGURE}\s+(out\s+)?of\s+(the\s+)?\d|\bmost\b|\bhalf\b"
        given = rf"\b({word})\b[^.]*({share})|({share})[^.]*\b({word})\b"
    else:
        given = rf"\bage[ds]?\b[^.]{{0,25}}{_FIGURE}|{_FIGURE}[\s-]*years?[\s-]*old"
    return re.search(given, text) is None


def _spellings(thing: str) -> set[str]:
    """The thing singular and plural, in British and American spelling ("centres",
    "centers")."""
    base = thing.removesuffix("s")
    bases = {base, re.sub(r"tre$", "ter", base), re.sub(r"ter$", "tre", base)}
    return bases | {f"{b}s" for b in bases}


_PICKED = re.compile(
    r"^(?:Of the \d+ studies in the (?:last|earlier) answer(?: that give [a-z ]+)?, |"
    r"The (?:last|earlier) answer cited one study, )(?P<rest>.+)\.$"
)
_SIZE = re.compile(r"study size of (?P<n>[\d,]+)")
_DATED = re.compile(r"dated (?P<date>\d{1,2} [A-Z][a-z]+ \d{4})")
_RATED = re.compile(r"(?P<k>[1-5]) of 5")


def true_record(sentence: str, cited: Sequence[SummaryView]) -> bool:
    """Whether ``sentence`` says which of the last answer's studies has the most (or least)
    of a record ("Of the 3 studies in the last answer, the largest was “…”, with a study
    size of 1,882."), naming cited summaries by title, and the record it gives (study size,
    date or credibility rating) is each named summary's own. Which study of the last answer
    had the most is for the reader to check there: that answer showed each one's record."""
    found = _PICKED.match(sentence)
    named = [v for v in cited if f"“{v.title}”" in sentence]
    if found is None or not named or len(named) != len(_QUOTED.findall(sentence)):
        return False
    rest = found.group("rest")
    if size := _SIZE.search(rest):
        wanted = int(size.group("n").replace(",", ""))
        return all(v.source is not None and v.source.sample_size == wanted for v in named)
    if dated := _DATED.search(rest):
        return all(f"{v.published.day} {v.published:%B %Y}" == dated.group("date") for v in named)
    if rated := _RATED.search(rest):
        return all(v.credibility == int(rated.group("k")) for v in named)
    return False
