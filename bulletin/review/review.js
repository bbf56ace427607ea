// The review page's decisions: accept the reading, pick a candidate or type a value; "Save
// corrections" writes them as corrections.csv (one row per cell a decision covers) and shows the
// same text below. Decisions are kept in this browser (localStorage) so a reload loses nothing.
(function () {
  "use strict";
  var columns = JSON.parse(document.body.dataset.columns);
  var storeKey = "bulletin-review:" + location.pathname;
  var decisions = {};
  try { decisions = JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { decisions = {}; }

  function cards() { return Array.prototype.slice.call(document.querySelectorAll("article.entry")); }

  function show(card) {
    var value = decisions[card.dataset.key];
    var status = card.querySelector(".status");
    card.classList.toggle("decided", value !== undefined);
    if (status) { status.textContent = value === undefined ? "" : "→ " + value; }
    var typed = card.querySelector("input.typed");
    if (typed && value !== undefined && document.activeElement !== typed) { typed.value = value; }
  }

  function decide(card, value) {
    if (value === null) { delete decisions[card.dataset.key]; } else { decisions[card.dataset.key] = value; }
    try { localStorage.setItem(storeKey, JSON.stringify(decisions)); } catch (e) { /* private mode */ }
    show(card);
    count();
  }

  function count() {
    var n = Object.keys(decisions).length;
    document.getElementById("count").textContent = n + (n === 1 ? " decision" : " decisions");
  }

  function quote(text) {
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csv() {
    var lines = [columns.join(",")];
    cards().forEach(function (card) {
      var value = decisions[card.dataset.key];
      if (value === undefined) { return; }
      JSON.parse(card.dataset.targets).forEach(function (target) {
        target.value = value;
        lines.push(columns.map(function (c) { return quote(String(target[c])); }).join(","));
      });
    });
    return "\ufeff" + lines.join("\n") + "\n";  // a BOM, as every CSV bulletin writes (Excel)
  }

  function save() {
    var text = csv();
    document.getElementById("csv").value = text.slice(1);
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    link.download = "corrections.csv";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  cards().forEach(function (card) {
    var accept = card.querySelector("button.accept");
    if (accept) { accept.addEventListener("click", function () { decide(card, card.dataset.read); }); }
    var typed = card.querySelector("input.typed");
    if (typed) {
      typed.addEventListener("change", function () { decide(card, typed.value === "" ? null : typed.value); });
    }
    card.querySelectorAll("button.candidate").forEach(function (button) {
      button.addEventListener("click", function () { decide(card, button.dataset.value); });
    });
    show(card);
  });
  document.getElementById("save").addEventListener("click", save);
  count();
}());
