/* The live board.
 *
 * htmx polls the board's body (hx-trigger on #board) and, after any action,
 * at once (the server answers an action with the "board-changed" event). The
 * poll carries the last ETag, so an unchanged board costs a 304 and no swap;
 * a changed one is morphed in place by idiomorph, keyed by element ids, so a
 * card is one element per column and never doubled or left behind. When
 * only phones wrote since, the poll (which says when its board was read)
 * gets a delta instead: the summary, each column's card ids in order and
 * the changed cards alone, which applyDelta puts in place.
 *
 * This script keeps what only the browser knows: which cards are ticked,
 * open editors and what is typed in them, which drawers are open, the compact
 * view, and the keyboard focus after a card moves. It also sends drag and
 * drop, and shows similar cards for the last card ticked.
 */
(function () {
  "use strict";

  var board = document.getElementById("board");
  if (!board) return;
  var etag = board.dataset.etag || null;
  var since = board.dataset.since || null;
  var needFull = false;
  var fullAt = Date.now();
  var FULL_EVERY_MS = 60000;
  var announcer = document.getElementById("board-announcer");
  var mergeForm = document.getElementById("merge-form");
  var panel = document.getElementById("similar-panel");
  var selected = {};
  var focusCardId = null;

  function say(message) {
    if (announcer) announcer.textContent = message;
  }

  function inOpenEditor(element) {
    var tools = element.closest && element.closest("details.card-tools");
    return !!(tools && tools.open);
  }

  // What the server does not know survives a morph: open drawers and
  // editors (with what is typed in them) and the ticked cards.
  if (window.Idiomorph) {
    Idiomorph.defaults.ignoreActiveValue = true;
    Idiomorph.defaults.callbacks.beforeAttributeUpdated = function (name, element) {
      if (name === "open" && element.tagName === "DETAILS") return false;
      if (name === "checked" && element.classList.contains("select")) return false;
      if ((name === "value" || name === "checked") && inOpenEditor(element)) return false;
      return true;
    };
    Idiomorph.defaults.callbacks.beforeNodeMorphed = function (oldNode) {
      // Loaded tools of an open card stay as they are until it is closed.
      return !(oldNode.classList && oldNode.classList.contains("tools-body") &&
               oldNode.dataset.loaded === "1" && inOpenEditor(oldNode));
    };
  }

  // A card's tools are fetched when it is opened: 300 cards would otherwise
  // carry 300 sets of forms. Without JavaScript the link opens them as a page.
  board.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!details.classList || !details.classList.contains("card-tools") || !details.open) return;
    var body = details.querySelector(".tools-body");
    if (!body || body.dataset.loaded === "1" || !window.htmx) return;
    // The address is the no-JavaScript link's, kept for when it is reopened.
    var link = body.querySelector("a");
    if (!body.dataset.url && link) body.dataset.url = link.getAttribute("href");
    if (!body.dataset.url) return;
    body.dataset.loaded = "1";
    var column = details.closest("section.column");
    var url = body.dataset.url + (body.dataset.url.indexOf("?") < 0 ? "?" : "&") + "slot=" + encodeURIComponent(column ? column.dataset.level : "");
    htmx.ajax("GET", url, { target: body, swap: "innerHTML" });
  }, true);

  // The poll sends the ETag it holds and when its board was read; a 304
  // swaps nothing (htmx-config).
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt !== board) return;
    // Once a minute, and when a delta could not be placed, the whole body
    // whatever the ETag says: a change the deltas missed (a save whose
    // commit came later than their overlap) shows within a minute.
    if (needFull || Date.now() - fullAt > FULL_EVERY_MS) return;
    if (etag) event.detail.headers["If-None-Match"] = etag;
    if (since) event.detail.headers["X-Board-Since"] = since;
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (event.detail.elt !== board || xhr.status !== 200) return;
    var isDelta = xhr.getResponseHeader("X-Board-Delta") === "1";
    // A delta that could not be placed (beforeSwap runs first) leaves the
    // board waiting for the whole body, not holding the delta's version.
    if (needFull && isDelta) return;
    if (!isDelta) {
      needFull = false;
      fullAt = Date.now();
    }
    etag = xhr.getResponseHeader("ETag") || etag;
    since = xhr.getResponseHeader("X-Board-Since") || since;
  });
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    // Fired on the swap's target; the poll is the one #board sent.
    var xhr = event.detail.xhr;
    var config = event.detail.requestConfig;
    if (!config || config.elt !== board || xhr.status !== 200) return;
    if (xhr.getResponseHeader("X-Board-Delta") !== "1") return;
    event.detail.shouldSwap = false;
    if (!applyDelta(xhr.responseText)) {
      // Something the delta can't place (a card that slid into a full
      // column unchanged): the whole body at once.
      needFull = true;
      htmx.trigger(document.body, "board-changed");
      return;
    }
    applySelection();
    restoreFocus();
  });

  function applyDelta(html) {
    var delta = new DOMParser().parseFromString(html, "text/html").getElementById("board-delta");
    var summary = document.getElementById("board-summary");
    if (!delta || !summary || !window.Idiomorph) return false;
    Idiomorph.morph(summary, delta.querySelector("#board-summary"));
    var placed = true;
    delta.querySelectorAll("section[data-level]").forEach(function (part) {
      var column = board.querySelector('section.column[data-level="' + CSS.escape(part.dataset.level) + '"]');
      var list = column && column.querySelector("ul.cards");
      if (!list) { placed = false; return; }
      Idiomorph.morph(column.querySelector("h2"), part.querySelector("h2"));
      var have = {};
      Array.prototype.forEach.call(list.children, function (card) { have[card.dataset.id] = card; });
      var changed = {};
      part.querySelectorAll("li.board-card").forEach(function (card) { changed[card.dataset.id] = card; });
      var ids = part.dataset.ids ? part.dataset.ids.split(",") : [];
      // The gone cards first, so the ones that stay are not moved (a moved
      // element loses the keyboard focus).
      var wanted = {};
      ids.forEach(function (id) { wanted[id] = true; });
      Object.keys(have).forEach(function (id) {
        if (!wanted[id]) list.removeChild(have[id]);
      });
      var at = 0;
      ids.forEach(function (id) {
        var card = have[id];
        if (changed[id]) {
          if (card) Idiomorph.morph(card, changed[id]);
          else card = document.importNode(changed[id], true);
        }
        if (!card) { placed = false; return; }
        var here = list.children[at] || null;
        if (here !== card) {
          if (card.parentNode === list && list.moveBefore) list.moveBefore(card, here);
          else list.insertBefore(card, here);
        }
        at += 1;
      });
      var more = column.querySelector("p.more");
      if (more) more.remove();
      more = part.querySelector("p.more");
      if (more) column.appendChild(document.importNode(more, true));
    });
    return placed;
  }
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.elt !== board && event.detail.target && event.detail.target.id !== "board-body") return;
    applySelection();
    restoreFocus();
  });

  // Card actions post in the background (hx-post, no swap): close the
  // editor, keep the focus on the card, tell a screen reader if it failed.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || form.tagName !== "FORM" || !board.contains(form)) return;
    if (!event.detail.successful) return;
    var card = form.closest("li.board-card");
    var details = form.closest("details");
    if (card) focusCardId = card.dataset.id;
    if (details) {
      var body = details.querySelector(".tools-body");
      if (body) body.dataset.loaded = "";
      details.open = false;
      var summary = details.querySelector("summary");
      if (summary) summary.focus();
    }
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    var text = event.detail.xhr && event.detail.xhr.responseText;
    var plain = event.detail.xhr.getResponseHeader("Content-Type") || "";
    say(plain.indexOf("text/plain") === 0 && text ? text : board.dataset.msgError);
  });
  document.body.addEventListener("htmx:sendError", function () {
    say(board.dataset.msgError);
  });

  function restoreFocus() {
    if (!focusCardId) return;
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) {
      if (!active.closest("li.board-card") || active.closest("li.board-card").dataset.id === focusCardId) {
        focusCardId = null;
        return;
      }
    }
    var summary = board.querySelector('li.board-card[data-id="' + focusCardId + '"] summary');
    if (summary) summary.focus();
    focusCardId = null;
  }

  // Selection: by entry id, in every column and in the similar-cards panel.
  function count() {
    return Object.keys(selected).length;
  }

  function applySelection() {
    document.querySelectorAll("input.select").forEach(function (box) {
      box.checked = !!selected[box.value];
    });
    showCount();
  }

  function showCount() {
    if (!mergeForm) return;
    var label = mergeForm.querySelector(".merge-count");
    var n = count();
    label.textContent = n === 0 ? label.dataset.none
      : n === 1 ? label.dataset.one : label.dataset.many.replace("__N__", n);
    var clear = document.getElementById("clear-selection");
    if (clear) clear.hidden = n === 0;
  }

  function select(id, on) {
    if (on) selected[id] = true; else delete selected[id];
    applySelection();
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("select")) return;
    select(box.value, box.checked);
    if (box.checked && board.contains(box)) showSimilar(box.closest("li.board-card"));
  });

  var clear = document.getElementById("clear-selection");
  if (clear) {
    clear.addEventListener("click", function () {
      selected = {};
      applySelection();
    });
  }

  // Similar cards: offers to add, never ticked by themselves.
  function showSimilar(card) {
    var link = card && card.querySelector("a.similar-link");
    if (!link || !panel || !window.htmx) return;
    htmx.ajax("GET", link.getAttribute("href"), { target: panel, swap: "innerHTML" }).then(function () {
      panel.hidden = false;
      applySelection();
    });
  }

  board.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.similar-link");
    if (!link || !panel) return;
    event.preventDefault();
    showSimilar(link.closest("li.board-card"));
    panel.focus();
  });

  if (panel) {
    panel.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("[data-close-panel]")) {
        panel.hidden = true;
        panel.innerHTML = "";
      }
    });
  }

  // Drawers and the compact view remember their state in this browser.
  function remember(details) {
    var key = "board:" + details.id;
    try {
      var saved = localStorage.getItem(key);
      if (saved !== null) details.open = saved === "1";
    } catch (e) { /* private mode: nothing to remember */ }
    details.addEventListener("toggle", function () {
      try { localStorage.setItem(key, details.open ? "1" : "0"); } catch (e) { /* ignore */ }
    });
  }
  document.querySelectorAll("details[data-remember]").forEach(remember);

  // The inspiration cards come when their drawer is first open.
  var inspiration = document.getElementById("drawer-inspiration");
  function loadInspiration() {
    var body = inspiration.querySelector(".inspiration-body");
    var link = body && body.querySelector("a");
    if (!inspiration.open || !link || body.dataset.loaded === "1" || !window.htmx) return;
    body.dataset.loaded = "1";
    htmx.ajax("GET", link.getAttribute("href"), { target: body, swap: "innerHTML" });
  }
  if (inspiration) {
    inspiration.addEventListener("toggle", loadInspiration);
    loadInspiration();
  }

  var compact = document.getElementById("compact-toggle");
  if (compact) {
    var setCompact = function (on) {
      board.classList.toggle("compact", on);
      compact.setAttribute("aria-pressed", on ? "true" : "false");
      try { localStorage.setItem("board:compact", on ? "1" : "0"); } catch (e) { /* ignore */ }
    };
    var saved = null;
    try { saved = localStorage.getItem("board:compact"); } catch (e) { /* ignore */ }
    setCompact(saved === "1");
    compact.hidden = false;
    compact.addEventListener("click", function () {
      setCompact(!board.classList.contains("compact"));
    });
  }

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
    if (!column || !dragged || !window.htmx) return;
    event.preventDefault();
    var values = column.dataset.level === "-" ? {} : { levels: column.dataset.level };
    var url = board.dataset.levelsUrl.replace(board.dataset.levelsSample, dragged.dataset.id);
    htmx.ajax("POST", url, { source: dragged, swap: "none", values: values })
      .then(function () { say(board.dataset.msgMoved); });
  });
}());
