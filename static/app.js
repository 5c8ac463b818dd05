// Small progressive enhancements. Every page works without this file, and no
// manifest rule lives here: the server validates, this only reports and shows.
(function () {
  "use strict";

  // A page, or a part htmx swapped in, gets what only scripts can do:
  // column names for narrow tables, times in the viewer's own time zone,
  // and the buttons that start hidden.
  function enhance(root) {
    labelCells(root);
    root.querySelectorAll("time[data-local]").forEach(function (time) {
      var at = new Date(time.getAttribute("datetime"));
      time.textContent = time.getAttribute("data-local") === "time" ? at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) :
        at.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
    });
    root.querySelectorAll("[data-reveal-target][hidden], [data-js-only][hidden]").forEach(function (b) { b.hidden = false; });
    if (navigator.clipboard) {
      root.querySelectorAll("[data-copy-target][hidden]").forEach(function (b) { b.hidden = false; });
    }
  }

  // Narrow screens show a table row as a block: give each cell its
  // column's name, which the stylesheet puts before it.
  function labelCells(root) {
    root.querySelectorAll("table").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          var head = heads[i];
          if (cell.tagName === "TD" && head && !head.querySelector(".visually-hidden")) cell.setAttribute("data-label", head.textContent.trim());
        });
      });
    });
  }

  // Copy buttons: <button data-copy-target="ID"> copies the value or text of #ID.
  function copy(button) {
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source || !navigator.clipboard) return;
    navigator.clipboard.writeText(source.value !== undefined ? source.value : source.textContent).then(function () {
      var label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1500);
    });
  }

  // Show or mask a secret input (header values).
  function toggleSecret(button) {
    var input = document.getElementById(button.getAttribute("data-reveal-target"));
    if (!input) return;
    var show = input.type === "password";
    input.type = show ? "text" : "password";
    button.setAttribute("aria-pressed", show ? "true" : "false");
    button.firstChild.textContent = show ? "Hide" : "Show";
  }

  // The JSON section's line numbers: one per line of the text, which grows
  // to show every line, so that each number stays beside its line.
  function numberLines(area) {
    var n = area.value.split("\n").length, numbers = "";
    for (var i = 1; i <= n; i++) numbers += i + "\n";
    area.previousElementSibling.textContent = numbers;
    area.rows = n + 1;
  }

  // A syntax error's "line 3, column 12" puts the cursor there (columns
  // count characters, as the server does) and brings the line into view.
  function goToPlace(link) {
    var area = document.getElementById("json-text"), line = +link.getAttribute("data-line");
    var before = area.value.split("\n").slice(0, line), last = before.pop() || "";
    var at = before.join("\n").length + (before.length ? 1 : 0) +
      Array.from(last).slice(0, link.getAttribute("data-column") - 1).join("").length;
    area.focus();
    area.setSelectionRange(at, at);
    scrollTo(0, area.getBoundingClientRect().top + scrollY + (line - 1) * parseFloat(getComputedStyle(area).lineHeight) - innerHeight / 3);
  }

  document.addEventListener("click", function (event) {
    var copyButton = event.target.closest("[data-copy-target]");
    if (copyButton) copy(copyButton);
    var revealButton = event.target.closest("[data-reveal-target]");
    if (revealButton) toggleSecret(revealButton);
    var place = event.target.closest("[data-line]");
    if (place) {
      event.preventDefault();
      goToPlace(place);
    }
  });

  // Character counters: "12 / 100", counted in code points as the server does.
  document.addEventListener("input", function (event) {
    var input = event.target;
    var limit = input.getAttribute && input.getAttribute("data-limit");
    var count = limit && document.getElementById(input.id + "-count");
    if (count) count.textContent = Array.from(input.value).length + " / " + limit;
    if (input.id === "json-text") numberLines(input);
  });

  // Tell the server which field (or button) caused an autosave, so it shows
  // problems only at fields the person has touched.
  document.addEventListener("htmx:configRequest", function (event) {
    var trigger = event.detail.triggeringEvent;
    if (!trigger) return;
    var source = trigger.submitter || trigger.target;
    if (source && source.name) event.detail.parameters["_changed"] = source.name;
  });

  // After a swap, mark inputs invalid exactly when their problems say so.
  function syncInvalid() {
    document.querySelectorAll(".field-problems[id]").forEach(function (box) {
      var invalid = box.querySelector(".field-error") ? "true" : "false";
      document.querySelectorAll('[aria-describedby~="' + box.id + '"]').forEach(function (input) {
        if (input.matches("input, textarea, select")) input.setAttribute("aria-invalid", invalid);
      });
    });
  }

  // A link to #field focuses the field (problem summary -> field).
  function focusFromHash() {
    var id = location.hash.slice(1);
    var target = id && document.getElementById(id);
    if (!target) return;
    var field = target.matches("input, textarea, select") ? target : target.querySelector("input, textarea, select");
    (field || target).focus();
  }

  // Saving, as the page says beside the draft's name: "Saving..." from a
  // change until the server answers; then the stamp the answer brings
  // ("Saved 14:03", in the viewer's own time), or "Not saved yet, retrying"
  // while the server is busy or out of reach: the request goes again by
  // itself, after the Retry-After of a busy answer (503, which changed
  // nothing) or a pause that grows. Leaving while anything is unsaved asks
  // first. Any request answered busy goes again, with what its form holds
  // then (and what the button that sent it said), and the busy notice goes
  // with it. One request waits to go again at a time: the latest.
  var dirty = false, sending = 0, failed = false, pause = 1, retry;
  function isSave(elt) { return elt.closest && elt.closest("#section-form, #json-form"); }
  function saveState(text) {
    var state = document.querySelector("#saved-stamp .save-state");
    if (!state) return;
    state.textContent = text;
    state.nextElementSibling.hidden = true; // who saved last: with the next stamp
  }
  function again(elt, config, seconds) {
    var values = {};
    ["_changed", "_action", "_discard"].forEach(function (name) {
      if (config.parameters[name]) values[name] = config.parameters[name];
    });
    clearTimeout(retry);
    retry = setTimeout(function () {
      var flash = document.getElementById("flash");
      if (flash) flash.textContent = "";
      // The form as it is now, should the section have been drawn again.
      htmx.ajax(config.verb, config.path, { source: document.getElementById(elt.id) || elt, values: values });
    }, seconds * 1000);
  }
  function retrying(detail, seconds) {
    failed = true;
    again(detail.elt, detail.requestConfig, seconds >= 0 ? seconds : (pause = Math.min(pause * 2, 30)));
    saveState("Not saved yet, retrying");
  }
  document.addEventListener("input", function (event) {
    if (event.target.closest("#section-form")) {
      dirty = true;
      saveState("Saving…");
    }
  });
  // The answer is awaited on the request itself: a section drawn again
  // takes its form, where htmx says what became of it, out of the page.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var detail = event.detail, xhr = detail.xhr, save = isSave(detail.elt);
    if (save) {
      dirty = false;
      sending++;
      saveState("Saving…");
    }
    xhr.addEventListener("error", function () {
      if (save) retrying(detail, NaN);
    });
    xhr.addEventListener("loadend", function () {
      var status = xhr.status, seconds = status === 503 ? parseInt(xhr.getResponseHeader("Retry-After"), 10) : NaN;
      if (!save) {
        if (seconds >= 0) again(detail.elt, detail.requestConfig, seconds);
        return;
      }
      sending--;
      // Status 0: the request failed to go (error, above) or a newer one replaced it.
      if (status >= 500) retrying(detail, seconds);
      else if (status >= 300) {
        failed = true;
        saveState("Not saved");
      } else if (status) {
        failed = false;
        pause = 1;
        clearTimeout(retry);
        if (dirty || sending) saveState("Saving…");
      }
    });
  });
  addEventListener("beforeunload", function (event) {
    var area = document.getElementById("json-text");
    if (dirty || sending || failed || (area && area.value !== area.defaultValue)) event.preventDefault();
  });

  document.addEventListener("htmx:afterSettle", syncInvalid);
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    syncInvalid();
    enhance(event.target);
  });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
  window.addEventListener("hashchange", focusFromHash);
  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    focusFromHash();
  });
})();
