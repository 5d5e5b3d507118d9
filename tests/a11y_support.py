"""Accessibility checks run in the page: axe-core (from npm, pinned in tests/axe/) and a
WCAG contrast measurement of every visible piece of text."""

from __future__ import annotations

from typing import Any

from conftest import REPO

AXE = REPO / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BLOCKING = ("serious", "critical")


def axe_violations(page: Any) -> list[str]:
    """The serious and critical WCAG A/AA violations axe finds on the page as it is now,
    one line each: rule, impact, target selector and axe's failure summary."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    found = []
    for rule in results["violations"]:
        for node in rule["nodes"]:
            impact = node.get("impact") or rule.get("impact")
            target = " ".join(str(t) for t in node["target"])
            if impact not in BLOCKING:
                continue
            summary = " ".join(node.get("failureSummary", "").split())
            found.append(f"{rule['id']} ({impact}) at {target}: {summary}")
    return found


# Every element with its own visible text (and every input showing a placeholder): the
# text colour, made opaque over the effective background (the element's and its
# ancestors' backgrounds composited up to the first opaque one, over white), and the WCAG
# contrast ratio. Large text (24px, or 18.66px bold) and icon glyphs need 3:1, other text
# 4.5:1.
_CONTRAST_JS = """
() => {
  // Computed colours are rgb()/rgba(); text with a colour in any other form is not
  // measured: it counts as 0:1 (and shows in the list).
  let unknown = false;
  const parse = c => { const m = /^rgba?\\(/.test(c) && c.match(/[\\d.]+/g);
    if (!m) { unknown = true; return [0, 0, 0, 0]; }
    return [+m[0], +m[1], +m[2], m.length > 3 ? +m[3] : 1]; };
  const over = (top, under) => { const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]); };
  const lum = c => { const l = c.slice(0, 3).map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; };
  const background = el => { const layers = []; let opacity = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const style = getComputedStyle(e); opacity *= +style.opacity;
      const bg = parse(style.backgroundColor);
      if (bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; } }
    let result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return [result, opacity]; };
  const ownText = el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const describe = el => { let s = el.tagName.toLowerCase();
    const tid = el.closest('[data-testid]'); if (tid) s += ` in ${tid.dataset.testid}`;
    return s; };
  const out = [];
  const check = (el, colour, text) => {
    const rect = el.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) return;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return;
    if (el.closest('svg, canvas')) return;  // chart text: drawn with fill, not color
    // WCAG 1.4.3 sets no contrast for the text of an inactive (disabled) control.
    if (el.closest(':disabled, [aria-disabled="true"]')) return;
    const style = getComputedStyle(el);
    unknown = false; const [bg, opacity] = background(el);
    const fg = parse(colour); fg[3] *= opacity;
    const [a, b] = [lum(over(fg, bg)), lum(bg)].sort((x, y) => y - x);
    const ratio = unknown ? 0 : (a + 0.05) / (b + 0.05); const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && +style.fontWeight >= 700);
    // An icon font's ligature ("thumb_up") draws a graphic, not text: 3:1 (WCAG 1.4.11).
    const icon = /material/i.test(style.fontFamily);
    out.push({ratio: Math.round(ratio * 100) / 100, need: large || icon ? 3 : 4.5, colour,
      text: text.trim().slice(0, 60), where: describe(el),
      background: `rgb(${bg.slice(0, 3).map(Math.round)})`});
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'TITLE'].includes(el.tagName)) continue;
    if (ownText(el)) check(el, getComputedStyle(el).color, el.textContent);
  }
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (!el.value && el.placeholder && !el.hidden)
      check(el, getComputedStyle(el, '::placeholder').color, el.placeholder);
  }
  return out;
}
"""


def contrast_offenders(page: Any) -> tuple[int, list[str]]:
    """How many pieces of text were measured, and those below their WCAG AA ratio."""
    measured = page.evaluate(_CONTRAST_JS)
    low = [m for m in measured if m["ratio"] < m["need"]]
    return len(measured), [
        f"{m['ratio']}:1 (needs {m['need']}) {m['colour']} on {m['background']} "
        f"{m['where']}: {m['text']!r}"
        for m in low
    ]


# The focus ring of the focused element: an outline (drawn, not transparent) or a box
# shadow on it or on one of its three nearest ancestors (a wrapper that draws the box the
# reader sees), compared with the same boxes once focus has left, so a shadow that is
# always there does not count.
_RINGS_JS = """
(el) => {
  const drawn = c => !/rgba\\([^)]*,\\s*0\\)|transparent/.test(c);
  const ring = e => { const s = getComputedStyle(e);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      && drawn(s.outlineColor) ? `outline ${s.outlineWidth} ${s.outlineColor}` : '';
    return [outline, s.boxShadow === 'none' ? '' : `shadow ${s.boxShadow}`].join(' ').trim(); };
  const boxes = [];
  for (let e = el; e && e !== document.body && boxes.length < 4; e = e.parentElement)
    boxes.push(e);
  return boxes.map(ring);
}
"""
_FOCUSED_JS = """
() => { const el = document.activeElement; window.msraFocused = el;
  const tid = el.closest('[data-testid]');
  const name = el.getAttribute('aria-label') || el.innerText || el.placeholder || el.value || '';
  return `${el.tagName.toLowerCase()}${tid ? ' in ' + tid.dataset.testid : ''}`
    + ` "${name.trim().split('\\n')[0].slice(0, 50)}"`; }
"""


def focused_control(page: Any) -> str:
    """The focused element, described ('button in stBaseButton-secondary "Sign in"')."""
    return str(page.evaluate(_FOCUSED_JS))


def focus_ring(page: Any) -> str:
    """Why the focused control's focus is visible, or "" when nothing shows it: the
    focused rings that differ from the unfocused ones. Focus goes back afterwards."""
    focused = page.evaluate(f"({_RINGS_JS})(window.msraFocused)")
    page.evaluate("window.msraFocused.blur()")
    page.wait_for_timeout(120)  # Streamlit's rings fade out over 0.1 s or so
    unfocused = page.evaluate(f"({_RINGS_JS})(window.msraFocused)")
    page.evaluate("window.msraFocused.focus()")
    shown = [
        ring for ring, before in zip(focused, unfocused, strict=True) if ring and ring != before
    ]
    return "; ".join(shown)


# WCAG 2.4.11 (new in 2.2 AA): a focused control is not entirely hidden by other content
# (Streamlit's sticky chat box and header). Its centre and four points just inside its
# corners, as the view is once focus has brought it in: each is hit-tested; a point shows
# the control when what is drawn there is the control, inside it, or a box around it.
_COVER_JS = """
(el) => {
  // A visually hidden input (a radio's, a checkbox's, in a 1px clipped wrapper): the box
  // drawn for it instead, around that wrapper.
  for (let e = el, i = 0; e && e.parentElement && i < 3; e = e.parentElement, i++)
    if (e.offsetWidth < 4 || e.offsetHeight < 4) el = e.parentElement;
  const r = el.getBoundingClientRect();
  const xs = [r.left + r.width / 2, r.left + 2, r.right - 2];
  const ys = [r.top + r.height / 2, r.top + 2, r.bottom - 2];
  const points = [[xs[0], ys[0]], [xs[1], ys[1]], [xs[2], ys[1]], [xs[1], ys[2]], [xs[2], ys[2]]];
  const covers = [];
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) {
      covers.push('off screen'); continue; }
    const hit = document.elementFromPoint(x, y);
    if (!hit || hit === el || el.contains(hit) || hit.contains(el)) return '';
    const tid = hit.closest('[data-testid]');
    covers.push(hit.tagName.toLowerCase() + (tid ? ' in ' + tid.dataset.testid : ''));
  }
  return [...new Set(covers)].join(', ');
}
"""


def covered_by(page: Any) -> str:
    """What hides the whole focused control ("" when part of it shows)."""
    return str(page.evaluate(f"({_COVER_JS})(window.msraFocused)"))
