// The site's only script: a tooltip for the map and filtering and sorting for the tables.
// Everything it shows is already in the page; the map and tables work without it.
(function () {
  "use strict";

  function program() {
    var chosen = document.querySelector('input[name="program"]:checked');
    return chosen ? chosen.value : "wso";
  }

  function tooltip(figure) {
    var tip = figure.querySelector(".tooltip");
    function show(link, x, y) {
      var verdict = link.getAttribute("data-" + program()) || "no verdict";
      tip.textContent = link.getAttribute("data-name") + ": " + program().toUpperCase() + " " + verdict;
      tip.hidden = false;
      var box = figure.getBoundingClientRect();
      tip.style.left = Math.min(x - box.left + 12, box.width - tip.offsetWidth) + "px";
      tip.style.top = (y - box.top + 12) + "px";
    }
    function hide() { tip.hidden = true; }
    figure.addEventListener("mousemove", function (event) {
      var link = event.target.closest("a");
      if (link) { show(link, event.clientX, event.clientY); } else { hide(); }
    });
    figure.addEventListener("mouseleave", hide);
    figure.addEventListener("focusin", function (event) {
      var link = event.target.closest("a");
      if (!link) { return; }
      var box = link.getBoundingClientRect();
      show(link, box.left + box.width / 2, box.top + box.height / 2);
    });
    figure.addEventListener("focusout", hide);
  }

  function sortable(table) {
    var body = table.tBodies[0];
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      var button = header.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
          var cell = row.cells[column];
          return cell.getAttribute("data-sort") || cell.textContent.trim();
        }
        rows.sort(function (a, b) {
          var order = key(a).localeCompare(key(b), undefined, { numeric: true, sensitivity: "base" });
          return ascending ? order : -order;
        });
        var fragment = document.createDocumentFragment();
        rows.forEach(function (row) { fragment.appendChild(row); });
        body.appendChild(fragment);
      });
    });
  }

  function filterable(controls) {
    var table = document.getElementById(controls.getAttribute("data-table"));
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var search = controls.querySelector('[data-filter="search"]');
    var state = controls.querySelector('[data-filter="state"]');
    var verdict = controls.querySelector('[data-filter="verdict"]');
    var count = controls.querySelector("[data-count]");
    function apply() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, index) {
        var visible = (!state.value || row.getAttribute("data-state") === state.value) &&
          (!verdict.value || row.getAttribute("data-" + program()) === verdict.value) &&
          words.every(function (word) { return texts[index].indexOf(word) >= 0; });
        row.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      count.textContent = shown + " of " + rows.length;
    }
    search.addEventListener("input", apply);
    [state, verdict].forEach(function (select) { select.addEventListener("change", apply); });
    document.querySelectorAll('input[name="program"]').forEach(function (radio) {
      radio.addEventListener("change", apply);
    });
    apply();
  }

  document.querySelectorAll(".map").forEach(tooltip);
  document.querySelectorAll("table.sortable").forEach(sortable);
  document.querySelectorAll(".controls[data-table]").forEach(filterable);
})();
