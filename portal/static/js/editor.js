/* The editor's live Markdown preview (rendered by the portal's own renderer) and slug proposals. */
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  var previewUrl = "/editor/preview";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function showHints(box, hints) {
    box.textContent = "";
    if (!hints.length) { return; }
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = box.getAttribute("data-title") || "Accessibility hints:";
    p.appendChild(strong);
    box.appendChild(p);
    var ul = document.createElement("ul");
    ul.className = "hints";
    hints.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  document.querySelectorAll("textarea[data-preview]").forEach(function (area) {
    var target = document.getElementById(area.getAttribute("data-preview"));
    var hintBox = document.getElementById(area.getAttribute("data-hints"));
    var update = debounce(function () {
      fetch(previewUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.content : "" },
        body: JSON.stringify({ markdown: area.value })
      }).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      }).then(function (data) {
        target.innerHTML = data.html; /* sanitised by the server's nh3 allowlist */
        if (hintBox) { showHints(hintBox, data.hints); }
      }).catch(function () { /* the preview is a help; saving works without it */ });
    }, 400);
    area.addEventListener("input", update);
  });

  var MAP = { "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss" };
  function slugify(text) {
    return text.replace(/[äöüÄÖÜß]/g, function (c) { return MAP[c]; })
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
  }

  document.querySelectorAll("input[data-slug-from]").forEach(function (slug) {
    var source = document.getElementById(slug.getAttribute("data-slug-from"));
    if (!source) { return; }
    var touched = slug.value !== "";
    slug.addEventListener("input", function () { touched = slug.value !== ""; });
    source.addEventListener("input", function () {
      if (!touched) { slug.value = slugify(source.value); }
    });
  });
})();
