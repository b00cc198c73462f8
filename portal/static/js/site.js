/* The menu button on phones and the "copy link" button. Without this script the menu button is a
   link that opens the navigation by its anchor (#main-nav:target) and "copy link" stays hidden. */
(function () {
  "use strict";
  var toggle = document.querySelector("[data-menu-toggle]");
  var nav = document.getElementById("main-nav");
  if (toggle && nav) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = toggle.className;
    button.textContent = toggle.textContent;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "main-nav");
    toggle.parentNode.replaceChild(button, toggle);
    var header = button.closest("header");
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("nav-open", open);
    }
    button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") { set(false); button.focus(); }
    });
  }
  var copy = document.querySelector("[data-copy-link]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var status = copy.parentNode.querySelector(".copy-status");
      navigator.clipboard.writeText(copy.getAttribute("data-copy-link")).then(function () {
        if (status) status.textContent = copy.getAttribute("data-copied");
      });
    });
  }
})();
