(function () {
  "use strict";
  var form = document.querySelector(".controls");
  var search = document.getElementById("q");
  var minimum = document.getElementById("min");
  var count = document.getElementById("count");
  var empty = document.getElementById("empty");
  var rows = Array.prototype.slice.call(document.querySelectorAll(".event"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".group"));
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  // what a row says (its date, heading, summary, conflict, sources and their sentences), not the page's own
  // words around them ("What each source says", "12 more sources"): a search for "says" matched every row
  var said = "h3, .summary, .conflict, .sources, .said";
  var texts = rows.map(function (row) {
    return fold(Array.prototype.map.call(row.querySelectorAll(said), function (part) {
      return part.textContent;
    }).join(" "));
  });
  var total = rows.length;

  function apply() {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var least = parseInt(minimum.value, 10) || 1;
    var shown = 0;
    rows.forEach(function (row, i) {
      var keep = Number(row.getAttribute("data-sources")) >= least &&
        words.every(function (word) { return texts[i].indexOf(word) !== -1; });
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector(".event:not([hidden])");
    });
    // the filters said with the count: print hides the controls, and a printout said "76 of 1378 events" alone
    var filters = [];
    if (words.length) { filters.push("matching \u201c" + search.value.trim().replace(/\s+/g, " ") + "\u201d"); }
    if (least > 1) { filters.push("with at least " + least + " sources"); }
    count.textContent = shown === total && !filters.length
      ? total + (total === 1 ? " event" : " events")
      : shown + " of " + total + (total === 1 ? " event" : " events") + (filters.length ? " " + filters.join(", ") : "");
    empty.hidden = shown > 0;
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  search.addEventListener("input", apply);
  minimum.addEventListener("input", apply);
  apply();
})();
