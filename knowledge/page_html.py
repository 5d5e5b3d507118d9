"""The visible article text of a saved HTML page, for the importer.

Only what a reader of the article sees is kept: the head, site navigation, forms,
scripts and every element hidden by attribute, style or class are dropped with all
they contain, so no hidden text (a prompt injection, an off-screen keyword list) gets
into a draft. The article title is the first visible ``<h1>``, preferring one inside
``<article>`` or ``<main>``; the page's ``<title>`` (site name, section) is never used.

Python's :class:`html.parser.HTMLParser` reports tags, not a tree, so this keeps a stack
of open elements and applies the HTML rules that matter for hiding: void elements have
no content, ``</x>`` closes what was opened inside ``<x>``, and a new ``<p>``, ``<li>`` or
cell closes the open one. Anything left unclosed stays hidden: text is dropped, never
let through.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser

_VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)
#: Never article text, wherever they are (header and footer only outside an article).
_NOT_CONTENT = frozenset(
    "head title script style noscript template textarea nav form button select option "
    "datalist iframe frame frameset object embed applet canvas svg audio video map "
    "menu".split()
)
_PAGE_CHROME = frozenset({"header", "footer", "aside"})
_ARTICLE = frozenset({"article", "main"})
_FOREIGN = frozenset({"svg", "math"})
_HIDING_CLASSES = frozenset(
    {"hidden", "d-none", "invisible", "sr-only", "visually-hidden", "screen-reader-text"}
)
_HIDING_STYLES = {
    "display": {"none"},
    "visibility": {"hidden", "collapse"},
    "content-visibility": {"hidden"},
    "opacity": {"0"},
    "font-size": {"0"},
}
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li br section article span main header footer blockquote "
    "figcaption pre table tr td th dt dd".split()
)
#: A start tag closes these open elements (up to the enclosing list or table).
_CLOSED_BY = {
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr", "td", "th"},
    "td": {"td", "th"},
    "th": {"td", "th"},
}
_LIST_BOUNDARIES = frozenset({"ul", "ol", "dl", "table", "tbody", "thead", "tfoot"})
#: A start tag of these closes an open <p> (the HTML standard's list).
_CLOSES_P = frozenset(
    "address article aside blockquote details dialog div dl fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table "
    "ul".split()
)
_P = frozenset({"p"})
_P_SCOPE = frozenset(
    {"html", "table", "td", "th", "caption", "button", "object", "template", "applet"}
)
_IN_HEAD = frozenset({"title", "meta", "link", "style", "script", "noscript", "base"})


@dataclass
class _Open:
    tag: str
    hidden: bool


def is_hidden(tag: str, attrs: dict[str, str | None], in_article: bool) -> bool:
    """True if an element with these attributes is not shown to a reader."""
    if tag in _NOT_CONTENT or (tag in _PAGE_CHROME and not in_article):
        return True
    if "hidden" in attrs or (tag == "dialog" and "open" not in attrs):
        return True
    if (attrs.get("aria-hidden") or "").strip().lower() == "true":
        return True
    if _HIDING_CLASSES.intersection((attrs.get("class") or "").lower().split()):
        return True
    return _hiding_style(attrs.get("style") or "")


def _hiding_style(style: str) -> bool:
    """True if an inline style hides the element (display:none, visibility:hidden, ...)."""
    for declaration in style.lower().split(";") if style else ():
        name, _, value = declaration.partition(":")
        value = re.sub(r"!\s*important", "", value).strip()
        value = re.sub(r"^0(?:\.0*)?(?:px|em|rem|%|pt)?$", "0", value)
        if value in _HIDING_STYLES.get(name.strip(), ()):
            return True
    return False


class _VisibleText(HTMLParser):
    """Collects the visible text (a line per block), link targets and the title.

    Every step is constant time (amortized): each open element records whether it is
    hidden (itself or by an ancestor), and ``_open`` keeps where each tag is open, so a
    page of a million nested tags cannot make it quadratic."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.titles: dict[str, list[str]] = {}  # "article" / "page" -> first h1's text
        self._stack: list[_Open] = []
        self._open: dict[str, list[int]] = defaultdict(list)  # tag -> its stack positions
        self._capture: tuple[str, int] | None = None  # (kind, stack position) of an open h1

    def _hidden(self) -> bool:
        return bool(self._stack) and self._stack[-1].hidden

    def _in(self, tags: frozenset[str]) -> bool:
        return any(self._open[tag] for tag in tags)

    def _top(self, tags: frozenset[str] | set[str]) -> int:
        """The stack position of the innermost open element among ``tags``, or -1."""
        return max((self._open[tag][-1] for tag in tags if self._open[tag]), default=-1)

    def _pop_to(self, index: int) -> None:
        while len(self._stack) > index:
            if self._stack[-1].tag in _BLOCKS and not self._hidden():
                self.parts.append("\n")
            self._open[self._stack.pop().tag].pop()
        if self._capture and self._capture[1] >= index:
            self._capture = None

    def _close_implied(self, tag: str) -> None:
        if self._open["head"] and (tag == "body" or tag not in _IN_HEAD):
            self._pop_to(self._open["head"][-1])
        elif tag in _CLOSES_P and self._open["p"] and (i := self._top(_P)) > self._top(_P_SCOPE):
            self._pop_to(i)
        closes = _CLOSED_BY.get(tag)
        if closes and (index := self._top(closes)) > self._top(_LIST_BOUNDARIES):
            self._pop_to(index)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._close_implied(tag)
        values = {name.lower(): value for name, value in attrs}
        hidden = self._hidden() or is_hidden(tag, values, self._in(_ARTICLE))
        if tag == "a" and values.get("href") and not hidden:
            self.links.append(values["href"] or "")
        if tag in _BLOCKS and not hidden:
            self.parts.append("\n")
        kind = "article" if self._in(_ARTICLE) else "page"
        if tag == "h1" and not hidden and kind not in self.titles:
            self.titles[kind] = []
            self._capture = (kind, len(self._stack))
        if tag not in _VOID:
            self._open[tag].append(len(self._stack))
            self._stack.append(_Open(tag, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # "<div/>" opens a div, as in a browser; only void and SVG/MathML elements close.
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self._in(_FOREIGN):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open[tag]:
            self._pop_to(self._open[tag][-1])
        elif tag in _BLOCKS and not self._hidden():
            self.parts.append("\n")  # a stray </p> or </br> still ends a line

    def handle_data(self, data: str) -> None:
        if self._hidden():
            return
        text = re.sub(r"\s+", " ", data)  # line breaks inside HTML text are just spaces
        self.parts.append(text)
        if self._capture:
            self.titles[self._capture[0]].append(text)


def html_to_text(html: str) -> tuple[str, list[str]]:
    """Visible text of an HTML page (a line per block, the article title first) and the
    targets of its visible links."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    text = "\n".join(line for line in lines if line)
    parts = parser.titles.get("article") or parser.titles.get("page") or []
    title = " ".join("".join(parts).split())
    return (f"{title}\n{text}" if title else text), parser.links
