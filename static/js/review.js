/* Editor helpers: keyboard review of the queue (j/k/a/r/u/x) and htmx error swaps.
 * Without JavaScript every button is a plain form that posts and redirects back. */
(function () {
  "use strict";
  if (window.ctEditor) return;
  window.ctEditor = true;

  // Refusals (400) and conflicts (409: someone else decided first, or a stale version) carry
  // a fragment that explains them: show it instead of dropping the response.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 400 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  var current = null; // the row the keyboard acts on
  var lastDecided = null; // id of the last row decided here, for "u"
  // htmx wires up swapped-in rows only when they settle: keys pressed meanwhile wait here,
  // so a fast "a" then "u" never submits a not-yet-enhanced form as a full page load.
  var busy = false;
  var pending = [];

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#queue > .queue-row"));
  }

  function focusRow(row) {
    if (!row) return;
    rows().forEach(function (r) { r.classList.remove("is-current"); });
    row.classList.add("is-current");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
    current = row.id;
  }

  function currentRow() {
    var row = current && document.getElementById(current);
    return row && row.parentNode ? row : null;
  }

  function move(step) {
    var list = rows();
    if (!list.length) return;
    var row = currentRow();
    var index = row ? list.indexOf(row) + step : step > 0 ? 0 : list.length - 1;
    index = Math.max(0, Math.min(list.length - 1, index));
    focusRow(list[index]);
  }

  function nextSuggestion(after) {
    var list = rows();
    var start = after ? list.indexOf(after) : -1;
    for (var i = start + 1; i < list.length; i++) {
      if (list[i].dataset.state === "suggested") return list[i];
    }
    return null;
  }

  function press(row, key) {
    var button = row && row.querySelector('[data-key="' + key + '"]');
    if (button) {
      if (key === "a" || key === "r") lastDecided = row.id;
      button.click();
      return true;
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (!document.getElementById("queue")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable]")) return;
    if (event.key.length !== 1 || "jkaurx".indexOf(event.key) === -1) return;
    event.preventDefault();
    if (busy) { pending.push(event.key); return; }
    handle(event.key);
  });

  function handle(key) {
    var row = currentRow();
    switch (key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": case "r":
        if (!row) { move(1); row = currentRow(); }
        press(row, key);
        break;
      case "u":
        if (!press(row, "u")) {
          var last = lastDecided && document.getElementById(lastDecided);
          if (last) { focusRow(last); press(last, "u"); }
        }
        break;
      case "x":
        var box = row && row.querySelector('input[type="checkbox"]');
        if (box) box.checked = !box.checked;
        break;
    }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("#queue")) busy = true;
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful) release(); // nothing will be swapped or settled
  });

  function release() {
    busy = false;
    while (!busy && pending.length) handle(pending.shift());
  }

  // After a decision, move on to the next suggestion; after an undo, stay on the row.
  document.addEventListener("htmx:afterSettle", function (event) {
    var row = event.detail.target && event.detail.target.id ? document.getElementById(event.detail.target.id) : null;
    if (!row || !row.classList.contains("queue-row")) {
      // outerHTML swaps replace the target: find the new element by the path's id
      var path = event.detail.requestConfig && event.detail.requestConfig.path;
      var match = path && path.match(/\/review\/(\d+)\//);
      row = match ? document.getElementById("link-" + match[1]) : null;
    }
    if (row && row.classList.contains("queue-row")) {
      if (row.dataset.state === "suggested") {
        focusRow(row);
      } else {
        lastDecided = row.id;
        focusRow(nextSuggestion(row) || row);
      }
    }
    release();
  });

  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest("#queue > .queue-row");
    if (row) {
      current = row.id;
      rows().forEach(function (r) { r.classList.toggle("is-current", r === row); });
    }
  });
})();
