(() => {
  // A newer view's script takes over from this one. Each view's script carries its own
  // number, so the same target twice in a row is a new script that runs again.
  const run = TURN;
  window.msraPlaceRun = run;
  const target = TARGET, block = BLOCK, focus = FOCUS;
  const reader = window.msraWatchReader();
  const started = Date.now();
  let steady = 0, focused = false;
  const tick = () => {
    // Streamlit draws a view in several passes and keeps the old scroll position: place
    // the target until it has stayed put for a second, never after the reader moves.
    if (reader.moved || run !== window.msraPlaceRun || steady >= 10 || Date.now() - started > 8000) {
      return reader.finish();
    }
    const element = document.querySelector(target);
    if (element) {
      const top = element.getBoundingClientRect().top;
      // "nearest": anywhere its start shows (a search typed at the top keeps its box in
      // view); otherwise in the upper part of the view.
      const lowest = block === "nearest" ? window.innerHeight - 120 : window.innerHeight * 0.6;
      const placed = top >= 0 && top <= lowest;
      steady = placed ? steady + 1 : 0;
      if (!placed) element.scrollIntoView({block: block === "nearest" ? "start" : block});
      const lost = !document.activeElement || document.activeElement === document.body;
      if (focus && !focused && lost) {
        const into = element.querySelector(focus);
        if (into) {
          if (!into.matches("button, a, input, textarea, select")) into.tabIndex = -1;
          into.focus({preventScroll: true});
          focused = true;
        }
      }
    }
    setTimeout(tick, 100);
  };
  tick();
})();
