/* stet portal: optional enhancements. Every page works without this script. */
(function () {
  "use strict";

  // Register: sort by a column heading, filter by text.
  var table = document.getElementById("register");
  if (table) {
    var body = table.tBodies[0];
    var headings = table.tHead.rows[0].cells;
    var direction = {};
    Array.prototype.forEach.call(headings, function (heading, column) {
      heading.tabIndex = 0;
      heading.setAttribute("aria-sort", "none");
      var sort = function () {
        direction[column] = !direction[column];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].textContent.trim();
          var y = b.cells[column].textContent.trim();
          var nx = Number(x), ny = Number(y);
          var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return direction[column] ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        Array.prototype.forEach.call(headings, function (h) { h.setAttribute("aria-sort", "none"); });
        heading.setAttribute("aria-sort", direction[column] ? "ascending" : "descending");
      };
      heading.addEventListener("click", sort);
      heading.addEventListener("keydown", function (event) { if (event.key === "Enter") { sort(); } });
    });
    var filterRow = document.querySelector(".filter-row");
    var filter = document.getElementById("register-filter");
    if (filterRow && filter) {
      filterRow.hidden = false;
      filter.addEventListener("input", function () {
        var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
        Array.prototype.forEach.call(body.rows, function (row) {
          var text = row.textContent.toLowerCase();
          row.hidden = !words.every(function (word) { return text.indexOf(word) >= 0; });
        });
      });
    }
  }

  // Search: the prebuilt index (assets/search-index.js) filtered in the page.
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (input && results && status && window.STET_SEARCH_INDEX) {
    var index = window.STET_SEARCH_INDEX;
    var ready = index.length + (index.length === 1 ? " effective document" : " effective documents") + " indexed. Type to search.";
    status.textContent = ready;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      while (results.firstChild) { results.removeChild(results.firstChild); }
      if (words.length === 0) { status.textContent = ready; return; }
      var hits = index.filter(function (entry) {
        var text = (entry.id + " " + entry.title + " " + entry.text).toLowerCase();
        return words.every(function (word) { return text.indexOf(word) >= 0; });
      });
      hits.forEach(function (entry) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = entry.href;
        link.textContent = entry.id + " — " + entry.title;
        item.appendChild(link);
        item.appendChild(document.createTextNode(" (revision " + entry.revision + ")"));
        results.appendChild(item);
      });
      status.textContent = hits.length + (hits.length === 1 ? " document matches." : " documents match.");
    });
  }
}());
