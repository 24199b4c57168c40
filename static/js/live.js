/* Keeps a page live by polling its own URL with ?fragment=1 and an ETag.
 *
 * Unchanged: the server answers 304 and nothing happens. Changed: the new
 * fragment replaces the old one (the projector), or, on the board, is merged
 * card by card so that scroll positions, the selection, focus and any open
 * editor survive.
 */
(function () {
  "use strict";

  var board = document.getElementById("board");
  var wall = document.getElementById("wall-live");
  var host = board || wall;
  if (!host) return;

  var etag = host.dataset.etag || null;
  var inFlight = false;
  var interval = parseInt(host.dataset.interval, 10) || 3000;
  var announcer = document.getElementById("board-announcer");

  function pollUrl() {
    var url = host.dataset.pollUrl;
    return url + (url.indexOf("?") >= 0 ? "&" : "?") + "fragment=1";
  }

  function refresh() {
    if (inFlight) return;
    inFlight = true;
    var headers = { "X-Requested-With": "fetch" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(pollUrl(), { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 304) return null;
        if (!response.ok) throw new Error("HTTP " + response.status);
        etag = response.headers.get("ETag");
        return response.text();
      })
      .then(function (html) {
        if (html !== null) apply(html);
      })
      .catch(function () { /* the next poll tries again */ })
      .then(function () { inFlight = false; });
  }

  function parse(html) {
    var doc = document.implementation.createHTMLDocument("");
    doc.body.innerHTML = html;
    return doc;
  }

  function apply(html) {
    var doc = parse(html);
    if (!board) {
      var fresh = doc.getElementById("wall");
      var old = document.getElementById("wall");
      if (fresh && old) old.replaceWith(document.importNode(fresh, true));
      return;
    }
    var summary = doc.getElementById("board-summary");
    if (summary) document.getElementById("board-summary").replaceWith(document.importNode(summary, true));
    doc.querySelectorAll("section.column").forEach(function (freshColumn) {
      var level = freshColumn.dataset.level;
      var column = board.querySelector('section.column[data-level="' + level + '"]');
      if (!column) return;
      column.querySelector("h2").innerHTML = freshColumn.querySelector("h2").innerHTML;
      mergeCards(column.querySelector("ul.cards"), freshColumn.querySelector("ul.cards"));
    });
    restoreFocus();
  }

  function busy(card) {
    // An open editor or the keyboard focus inside a card: don't redraw it.
    return card.querySelector("details[open]") || card.contains(document.activeElement);
  }

  function editing(card) {
    // An open editor: keep the card even if it left this column meanwhile.
    return !!card.querySelector("details[open]");
  }

  var focusAfterRefresh = null;

  function restoreFocus() {
    if (!focusAfterRefresh || board.contains(document.activeElement)) return;
    var summary = board.querySelector('li.board-card[data-id="' + focusAfterRefresh + '"] summary');
    if (summary) summary.focus();
    focusAfterRefresh = null;
  }

  function mergeCards(list, freshList) {
    var existing = {};
    Array.prototype.forEach.call(list.children, function (card) { existing[card.dataset.key] = card; });
    var wanted = [];
    Array.prototype.forEach.call(freshList.children, function (fresh) {
      var card = existing[fresh.dataset.key];
      delete existing[fresh.dataset.key];
      if (card && (card.dataset.hash === fresh.dataset.hash || busy(card))) {
        wanted.push(card);
      } else {
        var node = document.importNode(fresh, true);
        if (card) {
          var box = card.querySelector("input.select");
          var newBox = node.querySelector("input.select");
          if (box && newBox) newBox.checked = box.checked;
        }
        wanted.push(node);
      }
    });
    Object.keys(existing).forEach(function (key) {
      var card = existing[key];
      if (editing(card)) wanted.push(card); else card.remove();
    });
    wanted.forEach(function (card, i) {
      if (list.children[i] !== card) list.insertBefore(card, list.children[i] || null);
    });
  }

  // Board actions without a reload: forms post in the background.
  function csrf(form) {
    var input = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function post(url, body, token) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "X-Board-Inline": "1" }
    }).then(function (response) {
      if (response.status === 204) { refresh(); return true; }
      return response.json().catch(function () { return {}; }).then(function (data) {
        say(data.error || host.dataset.msgError);
        return false;
      });
    }).catch(function () { say(host.dataset.msgError); return false; });
  }

  function say(message) {
    if (announcer) announcer.textContent = message;
  }

  if (board) {
    board.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList.contains("js-inline")) return;
      event.preventDefault();
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
      var details = form.closest("details");
      var card = form.closest("li.board-card");
      if (card) focusAfterRefresh = card.dataset.id;
      post(form.action, data, csrf(form)).then(function (ok) {
        if (ok && details) {
          details.open = false;
          var summary = details.querySelector("summary");
          if (summary) summary.focus();
        }
      });
    });

    // Drag and drop: dropping a card on a column places it on that level only.
    var dragged = null;
    board.addEventListener("dragstart", function (event) {
      var card = event.target.closest && event.target.closest("li.board-card");
      if (!card) return;
      dragged = card;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.dataset.id);
      card.classList.add("dragging");
    });
    board.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("dragging");
      dragged = null;
      board.querySelectorAll(".drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
    });
    board.addEventListener("dragover", function (event) {
      var column = event.target.closest && event.target.closest("section.column");
      if (!column || !dragged) return;
      event.preventDefault();
      column.classList.add("drop-target");
    });
    board.addEventListener("dragleave", function (event) {
      var column = event.target.closest && event.target.closest("section.column");
      if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-target");
    });
    board.addEventListener("drop", function (event) {
      var column = event.target.closest && event.target.closest("section.column");
      if (!column || !dragged) return;
      event.preventDefault();
      var data = new FormData();
      if (column.dataset.level !== "-") data.append("levels", column.dataset.level);
      var token = csrf(dragged.querySelector("form"));
      post(dragged.dataset.levelsUrl, data, token).then(function (ok) {
        if (ok) say(host.dataset.msgMoved);
      });
    });
  }

  setInterval(function () {
    if (document.visibilityState === "visible") refresh();
  }, interval);
}());

/* Board selection: count selected cards, keep duplicates (one card in two
 * columns) in step, and show cards similar to the last one selected. */
(function () {
  "use strict";
  var board = document.getElementById("board");
  var mergeForm = document.getElementById("merge-form");
  var panel = document.getElementById("similar-panel");
  if (!board || !mergeForm) return;
  var count = mergeForm.querySelector(".merge-count");

  function selectedIds() {
    var ids = {};
    board.querySelectorAll("input.select:checked").forEach(function (box) { ids[box.value] = true; });
    return Object.keys(ids);
  }

  function showCount() {
    var n = selectedIds().length;
    if (n) count.textContent = count.dataset.template.replace("%(n)s", n);
  }

  board.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("select")) return;
    board.querySelectorAll('input.select[value="' + box.value + '"]').forEach(function (other) {
      other.checked = box.checked;
    });
    showCount();
    if (box.checked && panel) {
      var card = box.closest("li.board-card");
      var link = card && card.querySelector("[data-similar-url]");
      if (!link) return;
      fetch(link.dataset.similarUrl, { headers: { "X-Board-Inline": "1" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (!html) return;
          panel.innerHTML = html;
          panel.hidden = false;
        });
    }
  });
  // The board is redrawn by the poll: selections survive in mergeCards, and
  // a new copy of a selected card is ticked too.
  new MutationObserver(function () {
    var ids = selectedIds();
    ids.forEach(function (id) {
      board.querySelectorAll('input.select[value="' + id + '"]').forEach(function (b) { b.checked = true; });
    });
  }).observe(board, { childList: true, subtree: true });
}());
