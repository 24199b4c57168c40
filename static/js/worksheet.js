/* The worksheet on a phone: autosave, offline outbox, add and remove points.
 *
 * Every change gets a revision (a number that only grows) and goes into an
 * outbox kept in localStorage; the outbox is sent shortly after typing stops,
 * and an item leaves it only when the server says it holds that revision.
 * So a phone that goes offline, reloads or is closed loses nothing, and a
 * save that is sent twice changes nothing the second time.
 *
 * Removing a point can be undone for a few seconds: the removal enters the
 * outbox only when that time has passed (or the worksheet is submitted), so
 * an undo sends nothing, and a phone closed meanwhile keeps the point.
 */
(function () {
  "use strict";

  var form = document.getElementById("worksheet");
  if (!form) return;

  var DEBOUNCE_MS = 800;
  var UNDO_MS = 8000;
  var MAX_BACKOFF_MS = 15000;
  var storageKey = form.dataset.storageKey;
  var statusEl = document.getElementById("save-status");
  var template = document.getElementById("entry-template");
  var undoBar = document.getElementById("undo");
  var maxEntries = parseInt(form.dataset.maxEntries, 10) || 20;

  var outbox = load();
  var timer = null;
  var inFlight = false;
  var failing = false;
  var closed = false;
  var backoff = 2000;
  var touched = false;
  var pendingRemoval = null;
  var fieldSizing = !!(window.CSS && CSS.supports && CSS.supports("field-sizing", "content"));

  function load() {
    try {
      var data = JSON.parse(localStorage.getItem(storageKey) || "null");
      if (data && typeof data === "object" && data.fields && data.entries) return data;
    } catch (e) { /* a damaged outbox is started afresh */ }
    return { fields: {}, entries: {} };
  }

  function persist() {
    try {
      localStorage.setItem(storageKey, JSON.stringify(outbox));
    } catch (e) { /* private mode or full: the page still holds the text */ }
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); });
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") +
      "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }

  function nextRev(el) {
    var rev = Math.max(Date.now(), (parseInt(el.dataset.rev, 10) || 0) + 1);
    el.dataset.rev = String(rev);
    return rev;
  }

  // --- what is pending -----------------------------------------------------

  function pendingItems() {
    var n = 0, refused = 0;
    Object.keys(outbox.fields).forEach(function (k) {
      if (outbox.fields[k].refused) refused++; else n++;
    });
    Object.keys(outbox.entries).forEach(function (k) {
      if (outbox.entries[k].refused) refused++; else n++;
    });
    return { pending: n, refused: refused };
  }

  function showStatus() {
    var p = pendingItems();
    var msg, state;
    if (closed) { msg = form.dataset.msgClosed; state = "error"; }
    else if (p.pending && !navigator.onLine) { msg = form.dataset.msgOffline; state = "offline"; }
    else if (p.pending && failing) { msg = form.dataset.msgRetrying; state = "offline"; }
    else if (p.pending) { msg = inFlight ? form.dataset.msgSaving : form.dataset.msgPending; state = "pending"; }
    else if (p.refused) { msg = form.dataset.msgRefused; state = "error"; }
    // Nothing changed since the page opened: nothing to say.
    else if (!touched) { msg = ""; state = "idle"; }
    else { msg = form.dataset.msgSaved; state = "saved"; }
    if (statusEl.textContent !== msg) statusEl.textContent = msg;
    statusEl.dataset.state = state;
  }

  // --- reading the page into changes ---------------------------------------

  function fieldChange(input) {
    var name = input.dataset.field;
    var value;
    if (input.type === "radio") {
      var checked = form.querySelector('input[name="' + name + '"]:checked');
      value = checked ? checked.value : "";
      form.querySelectorAll('input[name="' + name + '"]').forEach(function (r) { r.dataset.rev = input.dataset.rev; });
    } else {
      value = input.value;
    }
    var rev = nextRev(input);
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (r) { r.dataset.rev = String(rev); });
    outbox.fields[name] = { value: value, rev: rev };
    setError(name + "-error", input, "");
  }

  function entryChange(li, removed, list) {
    var id = li.dataset.id;
    list = list || li.parentElement;
    var textarea = li.querySelector("textarea");
    var levels = [];
    li.querySelectorAll('input[type="checkbox"]:checked').forEach(function (c) { levels.push(c.value); });
    outbox.entries[id] = {
      id: id,
      question: parseInt(list ? list.dataset.question : li.dataset.question, 10),
      text: removed ? "" : textarea.value,
      levels: removed ? [] : levels,
      // A point waiting out its undo time is off the page: position 0.
      position: list ? Math.max(0, Array.prototype.indexOf.call(list.children, li)) : 0,
      removed: !!removed,
      rev: nextRev(li)
    };
    if (!removed) setError("e-" + id + "-error", textarea, "");
  }

  function setError(errorId, input, message) {
    var el = document.getElementById(errorId);
    if (el) el.textContent = message;
    if (input) {
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  }

  function changed() {
    touched = true;
    persist();
    showStatus();
    clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  }

  // --- sending ---------------------------------------------------------------

  function payload() {
    var fields = {}, entries = [];
    Object.keys(outbox.fields).forEach(function (k) {
      var f = outbox.fields[k];
      if (!f.refused) fields[k] = { value: f.value, rev: f.rev };
    });
    Object.keys(outbox.entries).forEach(function (k) {
      var e = outbox.entries[k];
      if (!e.refused) entries.push({ id: e.id, question: e.question, text: e.text, levels: e.levels,
        position: e.position, removed: e.removed, rev: e.rev });
    });
    return { fields: fields, entries: entries };
  }

  function flush(options) {
    clearTimeout(timer);
    if (closed) return Promise.resolve(false);
    if (inFlight) {
      timer = setTimeout(flush, DEBOUNCE_MS);
      return Promise.resolve(false);
    }
    var body = payload();
    if (!Object.keys(body.fields).length && !body.entries.length) {
      showStatus();
      return Promise.resolve(true);
    }
    inFlight = true;
    showStatus();
    return fetch(form.dataset.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!(options && options.keepalive),
      headers: { "Content-Type": "application/json", "X-CSRFToken": form.dataset.csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }).then(function (result) {
      inFlight = false;
      if (result.status === 200) {
        failing = false;
        backoff = 2000;
        applyAnswer(result.data);
      } else if (result.status === 409) {
        closed = true;
      } else if (result.status === 400 || result.status === 403) {
        // Refused as a whole: keep everything, say why, and stop resending.
        failing = false;
        markAllRefused(result.data.error || form.dataset.msgRefused);
      } else {
        throw new Error("HTTP " + result.status);
      }
      persist();
      showStatus();
      if (pendingItems().pending) timer = setTimeout(flush, DEBOUNCE_MS);
      return !pendingItems().pending;
    }).catch(function () {
      inFlight = false;
      failing = true;
      showStatus();
      timer = setTimeout(flush, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      return false;
    });
  }

  function ackedKey(key) {
    var i = key.indexOf(":");
    return { kind: key.slice(0, i), name: key.slice(i + 1) };
  }

  function applyAnswer(data) {
    var acks = data.acks || {}, errors = data.errors || {};
    Object.keys(acks).forEach(function (key) {
      var k = ackedKey(key), rev = acks[key];
      var box = k.kind === "field" ? outbox.fields : outbox.entries;
      if (box[k.name] && box[k.name].rev <= rev) delete box[k.name];
    });
    Object.keys(errors).forEach(function (key) {
      var k = ackedKey(key);
      if (k.kind === "field" && outbox.fields[k.name]) {
        outbox.fields[k.name].refused = errors[key];
        setError(k.name + "-error", form.querySelector('[data-field="' + k.name + '"]'), errors[key]);
      } else if (k.kind === "entry" && outbox.entries[k.name]) {
        outbox.entries[k.name].refused = errors[key];
        var ta = document.getElementById("e-" + k.name + "-text");
        setError("e-" + k.name + "-error", ta, errors[key]);
      }
    });
  }

  function markAllRefused(message) {
    Object.keys(outbox.fields).forEach(function (k) { outbox.fields[k].refused = message; });
    Object.keys(outbox.entries).forEach(function (k) { outbox.entries[k].refused = message; });
    statusEl.textContent = message;
  }

  // --- points: add, remove, number -------------------------------------------

  function listFor(question) {
    return form.querySelector('ol.entries[data-question="' + question + '"]');
  }

  function renumber(list) {
    var items = list.querySelectorAll("li.entry");
    items.forEach(function (li, i) {
      li.querySelectorAll(".entry-number").forEach(function (n) { n.textContent = String(i + 1); });
    });
    var add = form.querySelector('button[data-add="' + list.dataset.question + '"]');
    if (add) add.hidden = items.length >= maxEntries;
  }

  function addEntry(question, id) {
    var html = template.innerHTML.split("__ID__").join(id || newId()).split("__Q__").join(String(question));
    var holder = document.createElement("ol");
    holder.innerHTML = html.trim();
    var li = holder.firstElementChild;
    var list = listFor(question);
    list.appendChild(li);
    renumber(list);
    grow(li.querySelector("textarea"));
    return li;
  }

  function focusNear(list, index) {
    var next = list.children[index] || list.children[index - 1];
    var target = next ? next.querySelector("textarea")
      : form.querySelector('button[data-add="' + list.dataset.question + '"]');
    if (target && !target.hidden) target.focus();
  }

  function isBlank(li) {
    return !li.querySelector("textarea").value.trim() && !li.querySelector('input[type="checkbox"]:checked');
  }

  function say(text, withUndo) {
    undoBar.textContent = "";
    var span = document.createElement("span");
    span.textContent = text;
    undoBar.appendChild(span);
    if (withUndo) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button small undo";
      button.textContent = form.dataset.msgUndo;
      undoBar.appendChild(button);
    }
  }

  function removeEntry(li) {
    finishRemoval();
    var list = li.parentElement;
    var index = Array.prototype.indexOf.call(list.children, li);
    li.remove();
    renumber(list);
    if (isBlank(li)) {
      // An empty box holds nothing to undo.
      entryChange(li, true, list);
      changed();
      say(form.dataset.msgRemoved, false);
      focusNear(list, index);
      return;
    }
    var undoMs = parseInt(form.dataset.undoMs, 10) || UNDO_MS;  // tests shorten it
    pendingRemoval = { li: li, list: list, index: index, timer: setTimeout(finishRemoval, undoMs) };
    say(form.dataset.msgRemoved, true);
    undoBar.querySelector("button.undo").focus();
  }

  // The undo time has passed (or a submit or another removal came first):
  // now the removal is a change like any other.
  function finishRemoval() {
    var p = pendingRemoval;
    if (!p) return;
    pendingRemoval = null;
    clearTimeout(p.timer);
    var hadFocus = undoBar.contains(document.activeElement);
    undoBar.textContent = "";
    entryChange(p.li, true, p.list);
    changed();
    if (hadFocus) focusNear(p.list, p.index);
  }

  function undoRemoval() {
    var p = pendingRemoval;
    if (!p) return;
    pendingRemoval = null;
    clearTimeout(p.timer);
    p.list.insertBefore(p.li, p.list.children[p.index] || null);
    renumber(p.list);
    grow(p.li.querySelector("textarea"));
    say(form.dataset.msgRestored, false);
    p.li.querySelector("textarea").focus();
  }

  // Boxes grow with their text: CSS field-sizing where the browser has it.
  function grow(textarea) {
    if (fieldSizing || !textarea || !textarea.classList.contains("grow")) return;
    textarea.style.height = "auto";
    textarea.style.height = (textarea.scrollHeight + textarea.offsetHeight - textarea.clientHeight) + "px";
  }

  // --- wiring -----------------------------------------------------------------

  form.addEventListener("input", function (event) {
    var t = event.target;
    if (t.tagName === "TEXTAREA") grow(t);
    if (t.dataset.field) { fieldChange(t); changed(); return; }
    var li = t.closest("li.entry");
    if (li) { entryChange(li, false); changed(); }
  });

  form.addEventListener("change", function (event) {
    var t = event.target;
    if (t.type !== "checkbox" && t.type !== "radio") return;
    if (t.dataset.field) { fieldChange(t); changed(); return; }
    var li = t.closest("li.entry");
    if (li) { entryChange(li, false); changed(); }
  });

  form.addEventListener("click", function (event) {
    if (event.target.closest("button.undo")) {
      event.preventDefault();
      undoRemoval();
      return;
    }
    var remove = event.target.closest("button.remove");
    if (remove) {
      event.preventDefault();
      removeEntry(remove.closest("li.entry"));
      return;
    }
    var add = event.target.closest("button.add-entry");
    if (add) {
      event.preventDefault();
      var list = listFor(add.dataset.add);
      if (list.children.length >= maxEntries) { statusEl.textContent = form.dataset.msgFull; return; }
      var li = addEntry(add.dataset.add);
      li.querySelector("textarea").focus();
    }
  });

  var submitting = false;
  form.addEventListener("submit", function (event) {
    if (submitting) return;
    // Send what is pending first; the form itself then carries everything once more.
    event.preventDefault();
    finishRemoval();
    flush().then(function (ok) {
      if (ok && !pendingItems().pending) {
        submitting = true;
        // Everything is saved: only say "submit", rather than sending the
        // whole worksheet once more (a room submits at the same moment).
        var done = document.createElement("form");
        done.method = "post";
        done.action = form.dataset.submitUrl;
        var token = document.createElement("input");
        token.type = "hidden";
        token.name = "csrfmiddlewaretoken";
        token.value = form.dataset.csrf;
        done.appendChild(token);
        var action = document.createElement("input");
        action.type = "hidden";
        action.name = "action";
        action.value = "submit";
        done.appendChild(action);
        document.body.appendChild(done);
        HTMLFormElement.prototype.submit.call(done);
      } else if (!closed) {
        statusEl.textContent = form.dataset.msgSubmitOffline;
      }
    });
  });

  window.addEventListener("online", function () { backoff = 2000; flush(); });
  window.addEventListener("offline", showStatus);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush({ keepalive: true });
  });

  // --- start: switch the page from the no-JavaScript form to autosave -------------

  form.querySelectorAll(".nojs, .nojs-only").forEach(function (el) { el.remove(); });
  form.querySelectorAll("button.add-entry").forEach(function (b) { b.hidden = false; });

  // Put back what this phone typed but the server has not confirmed.
  Object.keys(outbox.fields).forEach(function (name) {
    var f = outbox.fields[name];
    var inputs = form.querySelectorAll('[data-field="' + name + '"]');
    if (!inputs.length || f.rev <= (parseInt(inputs[0].dataset.rev, 10) || 0)) {
      if (!f.refused) delete outbox.fields[name];
      return;
    }
    inputs.forEach(function (input) {
      if (input.type === "radio") input.checked = input.value === f.value;
      else input.value = f.value;
      input.dataset.rev = String(f.rev);
    });
    if (f.refused) setError(name + "-error", inputs[0], f.refused);
  });
  Object.keys(outbox.entries).forEach(function (id) {
    var e = outbox.entries[id];
    var li = form.querySelector('li.entry[data-id="' + id + '"]');
    if (li && e.rev <= (parseInt(li.dataset.rev, 10) || 0)) { delete outbox.entries[id]; return; }
    if (e.removed) { if (li) { var list = li.parentElement; li.remove(); renumber(list); } return; }
    if (!li) {
      if (!listFor(e.question)) { delete outbox.entries[id]; return; }
      li = addEntry(e.question, id);
    }
    li.dataset.rev = String(e.rev);
    li.querySelector("textarea").value = e.text;
    li.querySelectorAll('input[type="checkbox"]').forEach(function (c) { c.checked = e.levels.indexOf(c.value) >= 0; });
    if (e.refused) setError("e-" + id + "-error", li.querySelector("textarea"), e.refused);
  });
  persist();

  form.querySelectorAll("textarea.grow").forEach(grow);

  // Every question starts with a box to write in.
  form.querySelectorAll("ol.entries").forEach(function (list) {
    if (!list.children.length) addEntry(list.dataset.question);
    renumber(list);
  });

  showStatus();
  flush();
}());
