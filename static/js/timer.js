/* Counts down every [data-ends-at] on the page (phones, board, projector). */
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    document.querySelectorAll("[data-ends-at]").forEach(function (el) {
      var left = Math.round((Date.parse(el.dataset.endsAt) - Date.now()) / 1000);
      var text = left > 0 ? Math.floor(left / 60) + ":" + pad(left % 60) : (el.dataset.doneText || "0:00");
      if (el.textContent !== text) el.textContent = text;
      el.classList.toggle("timer-over", left <= 0);
    });
  }
  tick();
  setInterval(tick, 1000);
  // A swap or morph brings the server's empty countdown: fill it before the
  // screen is painted, not a second later.
  document.addEventListener("htmx:afterSwap", tick);
}());
