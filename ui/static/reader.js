// Watches for the reader moving the view (wheel, touch, key, mouse) from now on: a script
// that places the view stops then, and never pulls it back. Prepended to the scripts
// that place the view (after_answer.js, explore.js).
window.msraWatchReader = () => {
  const reader = {moved: false};
  const stop = () => { reader.moved = true; };
  const kinds = ["wheel", "touchmove", "keydown", "mousedown"];
  for (const kind of kinds) window.addEventListener(kind, stop, {capture: true, passive: true});
  reader.finish = () => {
    for (const kind of kinds) window.removeEventListener(kind, stop, {capture: true});
  };
  return reader;
};
