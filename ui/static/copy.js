(() => {
  if (window.msraCopyInstalled) return;
  window.msraCopyInstalled = true;
  const fallback = (text) => {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.cssText = "position:fixed;top:0;left:0;opacity:0";
    document.body.appendChild(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done;
  };
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    const source = document.getElementById(button.dataset.copy);
    const text = source ? source.value : "";
    let done = false;
    try {
      await navigator.clipboard.writeText(text);
      done = true;
    } catch (error) {
      done = fallback(text);
      button.focus();
    }
    const status = button.parentElement.querySelector(".msra-copied");
    if (status) status.textContent = done ? "Copied." : "Copying did not work here.";
  });
})();
