/* The monitoring's pages, enhanced: exact values on hover, stepping through a chart's points with
   the arrow keys (each announced), buttons that show and hide a chart's lines, sortable tables. Everything works without this file: the charts
   are drawn on the server, the tables hold every value, the forms are plain GET forms. */
(function () {
  "use strict";
  var de = document.documentElement.lang === "de";
  var HELP = de ? "Diagramm: mit den Pfeiltasten durch die Werte gehen" : "Chart: use the arrow keys to step through the values";
  var TOGGLES = de ? "Linien zeigen oder ausblenden:" : "Show or hide lines:";

  function points(svg) {
    return Array.prototype.slice.call(svg.querySelectorAll(".mark-symbol path[aria-label], .mark-rect path[aria-label]"));
  }

  function enhanceChart(box) {
    var svg = box.querySelector("svg");
    if (!svg) return;
    var marks = points(svg);
    if (!marks.length) return;
    var tip = document.createElement("div");
    tip.className = "chart-tip";
    tip.hidden = true;
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    box.appendChild(tip);
    box.appendChild(live);
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", HELP);
    var current = -1;

    function show(mark, announce) {
      marks.forEach(function (m) { m.classList.remove("is-current"); });
      mark.classList.add("is-current");
      var r = mark.getBoundingClientRect(), b = box.getBoundingClientRect();
      tip.textContent = mark.getAttribute("aria-label");
      tip.hidden = false;
      tip.style.left = Math.max(0, Math.min(r.left - b.left + r.width / 2, b.width - 200)) + "px";
      tip.style.top = Math.max(0, r.top - b.top - 34) + "px";
      if (announce) live.textContent = tip.textContent;
    }

    marks.forEach(function (mark, i) {
      mark.addEventListener("mouseenter", function () { current = i; show(mark, false); });
    });
    box.addEventListener("mouseleave", function () { if (document.activeElement !== box) tip.hidden = true; });
    box.addEventListener("blur", function () { tip.hidden = true; });
    box.addEventListener("keydown", function (event) {
      var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -Infinity, End: Infinity }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      var shown = marks.filter(function (m) { return !m.classList.contains("is-hidden"); });
      if (!shown.length) return;
      var at = shown.indexOf(marks[current]);
      at = step === -Infinity ? 0 : step === Infinity ? shown.length - 1 : Math.max(0, Math.min(shown.length - 1, at + step));
      current = marks.indexOf(shown[at]);
      show(shown[at], true);
    });
    enhanceLegend(box, svg, marks);
  }

  /* One toggle button per line (its colour and dash as a swatch): a line and its points are hidden
     together; the table below keeps every value. */
  function enhanceLegend(box, svg, marks) {
    var lines = Array.prototype.slice.call(svg.querySelectorAll(".mark-line path[aria-label]"));
    if (lines.length < 2) return;
    var group = document.createElement("div");
    group.className = "chart-toggles";
    group.setAttribute("role", "group");
    var label = document.createElement("p");
    label.id = (box.parentNode.id || "chart") + "-toggles";
    label.textContent = TOGGLES;
    group.setAttribute("aria-labelledby", label.id);
    group.appendChild(label);
    lines.forEach(function (line) {
      var name = line.getAttribute("aria-label");
      var own = marks.filter(function (m) { return m.getAttribute("aria-label").indexOf(name + ", ") === 0; });
      var button = document.createElement("button");
      button.type = "button";
      button.className = "chart-toggle";
      button.setAttribute("aria-pressed", "true");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.setAttribute("aria-hidden", "true");
      swatch.style.borderTopColor = line.getAttribute("stroke");
      swatch.style.borderTopStyle = (line.getAttribute("stroke-dasharray") || "1,0") === "1,0" ? "solid" : "dashed";
      button.appendChild(swatch);
      button.appendChild(document.createTextNode(name));
      button.addEventListener("click", function () {
        var hide = button.getAttribute("aria-pressed") === "true";
        button.setAttribute("aria-pressed", hide ? "false" : "true");
        [line].concat(own).forEach(function (el) { el.classList.toggle("is-hidden", hide); });
      });
      group.appendChild(button);
    });
    box.parentNode.insertBefore(group, box.nextSibling);
  }

  function enhanceTable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column];
          var p = x.getAttribute("data-sort"), q = y.getAttribute("data-sort");
          var result = (p !== null && q !== null && p !== "" && q !== "") ? parseFloat(p) - parseFloat(q)
            : (p === "" ? 1 : q === "" ? -1 : x.textContent.trim().localeCompare(y.textContent.trim(), document.documentElement.lang));
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  document.querySelectorAll(".chart .chart-box").forEach(enhanceChart);
  document.querySelectorAll("table.sortable").forEach(enhanceTable);
})();
