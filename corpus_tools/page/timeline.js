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
  var texts = rows.map(function (row) { return fold(row.textContent); });
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
    count.textContent = shown === total
      ? total + (total === 1 ? " event" : " events")
      : shown + " of " + total + " events";
    empty.hidden = shown > 0;
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  search.addEventListener("input", apply);
  minimum.addEventListener("input", apply);
  apply();
})();
