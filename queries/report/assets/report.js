// pysurvey report: sorting and filtering the repositories table, and
// opening the number tables for printing. Reads the page only; writes
// text and attributes, never HTML.
(function () {
  "use strict";
  var table = document.getElementById("repo-table");
  if (table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, i) { row.dataset.order = String(i); });
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

    // The key of a cell: its data-value (numbers sort as numbers), else its text.
    var key = function (row, col) {
      var cell = row.cells[col];
      var v = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
      var n = Number(v);
      return v !== "" && !isNaN(n) ? n : v.trim().toLowerCase();
    };
    var sortBy = function (col, descending) {
      var sorted = rows.slice().sort(function (a, b) {
        var x = key(a, col), y = key(b, col), d = 0;
        if (typeof x === "number" && typeof y === "number") d = x - y;
        else d = String(x).localeCompare(String(y));
        if (descending) d = -d;
        return d || Number(a.dataset.order) - Number(b.dataset.order);
      });
      sorted.forEach(function (row) { body.appendChild(row); });
      headers.forEach(function (th, i) {
        if (i === col) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      });
    };
    headers.forEach(function (th, col) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        // Numbers sort largest first on the first click, text A to Z.
        var current = th.getAttribute("aria-sort");
        var descending = current ? current === "ascending" : th.classList.contains("num");
        sortBy(col, descending);
      });
    });

    var text = document.getElementById("repo-filter");
    var architecture = document.getElementById("filter-architecture");
    var framework = document.getElementById("filter-framework");
    var count = document.getElementById("repo-count");
    var filter = function () {
      var terms = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var haystack = row.textContent.toLowerCase();
        var ok = terms.every(function (t) { return haystack.indexOf(t) >= 0; });
        if (architecture.value) ok = ok && row.dataset.architecture === architecture.value;
        if (framework.value) ok = ok && row.dataset.frameworks.split(",").indexOf(framework.value) >= 0;
        row.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown === rows.length ? rows.length + " repositories" : shown + " of " + rows.length + " repositories";
    };
    [text, architecture, framework].forEach(function (el) {
      el.addEventListener("input", filter);
      el.addEventListener("change", filter);
    });
  }

  // Print every number table, then restore what was open.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
