// "Copy citation" buttons: shown only where the clipboard can be written; the status line says it worked.
(function () {
  if (!navigator.clipboard) return;
  var status = document.querySelector(".cite [data-copied]");
  document.querySelectorAll(".copy-citation").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = document.getElementById(button.dataset.copy).textContent.trim();
      navigator.clipboard.writeText(text).then(function () {
        if (status) status.textContent = status.dataset.copied;
      });
    });
  });
})();
