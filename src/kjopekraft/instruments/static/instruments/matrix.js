// Who does what: highlight a phase's column without reloading the page. Without JavaScript the
// phase links reload the page with ?phase=..., and the server highlights the same column.
(function () {
  "use strict";
  var table = document.getElementById("matrix");
  var note = document.getElementById("matrix-highlight");
  if (!table || !note || !window.history || !window.URL) {
    return;
  }
  table.querySelectorAll("thead a[data-phase]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var phase = link.getAttribute("data-phase");
      table.querySelectorAll(".highlight").forEach(function (cell) {
        cell.classList.remove("highlight");
      });
      table.querySelectorAll('[data-phase="' + phase + '"]').forEach(function (cell) {
        if (cell.tagName !== "A") {
          cell.classList.add("highlight");
        }
      });
      note.textContent = link.getAttribute("data-caption");
      var url = new URL(window.location.href);
      url.searchParams.set("phase", phase);
      window.history.replaceState(null, "", url.toString());
      var select = document.getElementById("id_phase");
      if (select) {
        select.value = phase;
      }
    });
  });
})();
