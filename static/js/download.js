// A charter PDF link says "Preparing the PDF…" from the click until the
// download starts: the first download of a version renders it, which takes
// seconds. The server sets the cookie below with the file (see
// principles/views.py PDF_READY_COOKIE); a minute without it gives up.
(function () {
  "use strict";
  var COOKIE = "pdf_ready";
  var GIVE_UP_MS = 60000;

  function ready() {
    return document.cookie.split("; ").some(function (part) {
      return part.indexOf(COOKIE + "=") === 0;
    });
  }

  function forget() {
    document.cookie = COOKIE + "=; Max-Age=0; path=/; SameSite=Lax";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-busy-text]") : null;
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    if (link.getAttribute("aria-busy") === "true") {
      event.preventDefault(); // one download at a time
      return;
    }
    var label = link.textContent;
    forget();
    link.setAttribute("aria-busy", "true");
    link.textContent = link.getAttribute("data-busy-text");
    var started = Date.now();
    var timer = window.setInterval(function () {
      if (ready() || Date.now() - started > GIVE_UP_MS) {
        window.clearInterval(timer);
        forget();
        link.removeAttribute("aria-busy");
        link.textContent = label;
      }
    }, 250);
  });
})();
