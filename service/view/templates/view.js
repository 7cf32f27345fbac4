// Choosing an item marks every segment of its evidence and scrolls to the first one.
// Static code: nothing here is built from article data, and no inline handlers exist.
"use strict";
(function () {
  const byItem = new Map();
  for (const mark of document.querySelectorAll("mark[data-items]")) {
    for (const id of mark.dataset.items.split(" ")) {
      if (!byItem.has(id)) byItem.set(id, []);
      byItem.get(id).push(mark);
    }
  }
  const status = document.getElementById("status");
  let marked = [];
  let pressed = null;

  function choose(id, focusText) {
    for (const mark of marked) mark.classList.remove("current");
    if (pressed) pressed.setAttribute("aria-pressed", "false");
    marked = byItem.get(id) || [];
    pressed = document.getElementById("item-" + id);
    if (!pressed) { marked = []; return; }
    pressed.setAttribute("aria-pressed", "true");
    for (const mark of marked) mark.classList.add("current");
    const label = pressed.querySelector(".label").textContent;
    status.textContent = marked.length ? "Evidence for " + label + " is marked in the text." : "No evidence in the text for " + label + ".";
    if (marked.length) {
      marked[0].scrollIntoView({ block: "center" });
      if (focusText) marked[0].focus({ preventScroll: true });
    }
  }

  function fromHash() {
    const hash = decodeURIComponent(location.hash.slice(1));
    if (hash.startsWith("item-")) choose(hash.slice(5), false);
  }

  document.getElementById("items").addEventListener("click", function (event) {
    const button = event.target.closest("button[data-item]");
    if (!button) return;
    history.replaceState(null, "", "#item-" + button.dataset.item);
    choose(button.dataset.item, false);
  });
  document.getElementById("text").addEventListener("click", function (event) {
    const mark = event.target.closest("mark[data-items]");
    if (!mark) return;
    const id = mark.dataset.items.split(" ")[0];  // names and dates come first: the narrowest item
    choose(id, false);
    if (pressed) pressed.scrollIntoView({ block: "nearest" });
  });
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
