(() => {
  let region = document.getElementById("msra-live");
  if (!region) {
    region = document.createElement("div");
    region.id = "msra-live";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.style.cssText = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;" +
      "border:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap";
    document.body.appendChild(region);
  }
  region.textContent = "";
  setTimeout(() => { region.textContent = MESSAGE; }, 150);
  const run = (window.msraAfterRun || 0) + 1;  // a newer answer's script takes over
  window.msraAfterRun = run;
  const reader = window.msraWatchReader();
  // Streamlit's bottom-sticking takes a scroll as the reader's only when no other scroll
  // came in the 100 ms before it: move the view when the page has been still that long.
  let stirred = Date.now();
  const still = () => { stirred = Date.now(); };
  document.addEventListener("scroll", still, {capture: true, passive: true});
  const started = Date.now();
  let steady = 0;
  const tick = () => {
    const late = Date.now() - started > 15000;
    if (reader.moved || late || run !== window.msraAfterRun || steady >= 20) {
      document.removeEventListener("scroll", still, {capture: true});
      return reader.finish();
    }
    const target = document.querySelector(TARGET);
    if (target) {
      const top = target.getBoundingClientRect().top;
      const view = target.closest('[data-testid="stAppScrollToBottomContainer"]');
      const atEnd = view && view.scrollHeight - view.scrollTop - view.clientHeight < 2;
      // At the start: just below the header, or as near as the page can scroll.
      const near = BLOCK === "start" && !atEnd ? 120 : window.innerHeight - 40;
      const placed = top >= 0 && top < near;
      steady = placed ? steady + 1 : 0;
      if (!placed && Date.now() - stirred > 150) target.scrollIntoView({block: BLOCK});
    }
    setTimeout(tick, 100);
  };
  tick();
})();
