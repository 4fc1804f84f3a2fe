// schemadoc's tables: click a column header to sort by it (again to reverse), type in the box above
// a long table to show only the rows containing the text. Its diagrams: click one to open it over
// the page at full size, then zoom with the wheel (or + and -), drag to pan, Escape or a click on
// the backdrop to close; the link still opens the bare SVG in a new tab with a middle click. Added
// to every site by the schemadoc MkDocs plugin; it needs nothing but the page.
(function () {
  "use strict";
  var FILTER_FROM_ROWS = 10;

  function cellValue(row, column) {
    var cell = row.cells[column];
    return cell ? cell.textContent.trim() : "";
  }

  // "1,234", "8.0 kB", "12 %" sort as numbers (sizes by their unit); anything else as text.
  var UNITS = { b: 1, bytes: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1048576, gib: 1073741824 };
  function asNumber(text) {
    var match = /^(-?[\d,]*\.?\d+)\s*([a-z]*)\s*%?$/i.exec(text);
    if (!match) return null;
    var unit = match[2].toLowerCase();
    if (unit && !(unit in UNITS)) return null;
    return parseFloat(match[1].replace(/,/g, "")) * (unit ? UNITS[unit] : 1);
  }

  function sortBy(table, column, header) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var descending = header.getAttribute("aria-sort") === "ascending";
    var numeric = rows.every(function (row) {
      var text = cellValue(row, column);
      return text === "" || asNumber(text) !== null;
    });
    rows.sort(function (a, b) {
      var x = cellValue(a, column), y = cellValue(b, column);
      var order = numeric ? (asNumber(x) || 0) - (asNumber(y) || 0) : x.localeCompare(y, undefined, { numeric: true });
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  function addFilter(table) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "schemadoc-filter";
    input.placeholder = "Filter these " + table.tBodies[0].rows.length + " rows";
    input.setAttribute("aria-label", "Filter the table's rows");
    input.addEventListener("input", function () {
      var wanted = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = wanted !== "" && row.textContent.toLowerCase().indexOf(wanted) === -1;
      });
    });
    var holder = table.closest(".md-typeset__scrollwrap") || table;
    holder.parentNode.insertBefore(input, holder);
  }

  function openViewer(link) {
    var backdrop = document.createElement("div");
    backdrop.className = "schemadoc-viewer";
    backdrop.setAttribute("role", "dialog");
    backdrop.setAttribute("aria-label", "Diagram at full size: wheel or + and - to zoom, drag to pan");
    var image = document.createElement("img");
    image.src = link.getAttribute("href");
    image.alt = (link.querySelector("img") || {}).alt || "diagram";
    image.draggable = false;
    backdrop.appendChild(image);
    var scale = 1, x = 0, y = 0, dragging = null, moved = false;
    function show() { image.style.transform = "translate(" + x + "px," + y + "px) scale(" + scale + ")"; }
    function zoom(factor) { scale = Math.min(20, Math.max(0.1, scale * factor)); show(); }
    function close() { document.removeEventListener("keydown", onKey); backdrop.remove(); }
    function onKey(event) {
      if (event.key === "Escape") close();
      else if (event.key === "+" || event.key === "=") zoom(1.25);
      else if (event.key === "-") zoom(0.8);
    }
    backdrop.addEventListener("wheel", function (event) {
      event.preventDefault();
      zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15);
    }, { passive: false });
    backdrop.addEventListener("mousedown", function (event) {
      dragging = { x: event.clientX - x, y: event.clientY - y };
      moved = false;
    });
    backdrop.addEventListener("mousemove", function (event) {
      if (!dragging) return;
      x = event.clientX - dragging.x;
      y = event.clientY - dragging.y;
      moved = true;
      show();
    });
    backdrop.addEventListener("mouseup", function (event) {
      dragging = null;
      if (!moved && event.target === backdrop) close();
    });
    document.addEventListener("keydown", onKey);
    document.body.appendChild(backdrop);
    show();
  }

  function enhance(root) {
    Array.prototype.forEach.call(root.querySelectorAll('article a[href$=".svg"]'), function (link) {
      if (link.dataset.schemadoc || !link.querySelector("img")) return;
      link.dataset.schemadoc = "1";
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        openViewer(link);
      });
    });
    Array.prototype.forEach.call(root.querySelectorAll("article table:not([class])"), function (table) {
      if (table.dataset.schemadoc || !table.tHead || !table.tBodies.length) return;
      table.dataset.schemadoc = "1";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
        header.setAttribute("aria-sort", "none");
        header.setAttribute("role", "columnheader");
        header.title = "Sort by this column";
        header.addEventListener("click", function () { sortBy(table, column, header); });
      });
      if (table.tBodies[0].rows.length >= FILTER_FROM_ROWS) addFilter(table);
    });
  }

  // mkdocs-material's instant navigation swaps pages without a reload: enhance each new page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { enhance(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
