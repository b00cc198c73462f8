/* Suggestions as you type for every search box: the ARIA 1.2 combobox pattern (list autocomplete).
   Without this script the boxes are plain search fields; nothing depends on it. */
(function () {
  "use strict";
  var counter = 0;

  function enhance(input) {
    var form = input.form;
    var url = input.getAttribute("data-suggest") || (form && form.getAttribute("action") + "suggest");
    if (!url) return;
    var texts = document.body.dataset;  // translated by the templates (both catalogs)
    var id = "suggest-" + (++counter);
    var list = document.createElement("ul");
    list.id = id;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", texts.i18nSuggestions || "Suggestions");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.parentNode.appendChild(list);
    input.parentNode.appendChild(status);
    input.parentNode.classList.add("has-suggestions");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    var options = [], active = -1, timer = null, pending = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function mark(index) {
      options.forEach(function (o, i) { o.el.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].el.id);
        options[index].el.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function choose(option) {
      if (option.url) { window.location.href = option.url; return; }
      input.value = option.text;
      close();
      if (form) form.submit();
    }
    function render(data) {
      list.textContent = "";
      options = [];
      (data.titles || []).forEach(function (t) { options.push({ text: t.title, url: t.url, lang: t.lang }); });
      (data.terms || []).forEach(function (t) { options.push({ text: t }); });
      options.forEach(function (o, i) {
        var li = document.createElement("li");
        li.id = id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = o.url ? "suggestion-title" : "suggestion-term";
        li.textContent = o.text;
        if (o.lang) li.lang = o.lang;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(o); });
        list.appendChild(li);
        o.el = li;
      });
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = (texts.i18nSuggestionsCount || "{count}").replace("{count}", String(options.length));
      } else {
        close();
        status.textContent = "";
      }
      active = -1;
    }
    function fetchSuggestions() {
      var text = input.value;
      if (text.trim().length < 2) { close(); return; }
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(text), { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { titles: [], terms: [] }; })
        .then(function (data) { if (input.value === text) render(data); })
        .catch(function () { /* offline or aborted: the box still works as a plain field */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden && options.length;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (!open) { fetchSuggestions(); return; }
        mark(active + 1 >= options.length ? 0 : active + 1);
      } else if (e.key === "ArrowUp") {
        if (!open) return;
        e.preventDefault();
        mark(active <= 0 ? options.length - 1 : active - 1);
      } else if (e.key === "Enter") {
        if (open && active >= 0) { e.preventDefault(); choose(options[active]); }
      } else if (e.key === "Escape") {
        if (open) { e.preventDefault(); close(); } else { input.value = ""; }
      } else if (e.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll('form[role="search"] input[name="q"]').forEach(enhance);
})();
