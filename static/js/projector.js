/* The projector's poll and its self-paging lists.
 *
 * htmx polls the page (hx-trigger="every 3s") but sends no If-None-Match of
 * its own: this adds the ETag of the last answer, and a 304 ("nothing
 * changed") swaps nothing. Lists longer than the screen ([data-pager]) turn a
 * page every few seconds, so the room sees every card without anyone scrolling.
 */
(function () {
  "use strict";

  var live = document.getElementById("wall-live");
  if (!live) return;
  var etag = live.dataset.etag || null;

  live.addEventListener("htmx:configRequest", function (event) {
    if (etag) event.detail.headers["If-None-Match"] = etag;
  });
  live.addEventListener("htmx:beforeSwap", function (event) {
    // htmx would swap a 304's empty body in: keep what is on the screen.
    if (event.detail.xhr.status === 304) event.detail.shouldSwap = false;
  });
  live.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status === 200) etag = xhr.getResponseHeader("ETag") || etag;
  });
  live.addEventListener("htmx:afterSettle", markPaged);

  var PAGE_SECONDS = 8;

  function overflowing(list) {
    return list.scrollHeight > list.clientHeight + 2;
  }

  function markPaged() {
    live.querySelectorAll("[data-pager]").forEach(function (list) {
      list.classList.toggle("is-paged", overflowing(list));
      if (!overflowing(list)) list.scrollTop = 0;
    });
  }

  function turn(list) {
    if (!overflowing(list)) { list.scrollTop = 0; return; }
    var top = list.scrollTop;
    var bottom = top + list.clientHeight;
    if (bottom >= list.scrollHeight - 2) { list.scrollTop = 0; return; }
    // The next page starts at the first item that is not wholly shown.
    var next = bottom;
    for (var i = 0; i < list.children.length; i++) {
      var item = list.children[i];
      if (item.offsetTop + item.offsetHeight > bottom + 1) {
        if (item.offsetTop > top) next = item.offsetTop;
        break;
      }
    }
    list.scrollTop = next;
  }

  markPaged();
  window.addEventListener("resize", markPaged);
  setInterval(function () {
    live.querySelectorAll("[data-pager]").forEach(turn);
    markPaged();
  }, PAGE_SECONDS * 1000);
}());
