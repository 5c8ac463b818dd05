// Small progressive enhancements. Every page works without this file, and no
// manifest rule lives here: the server validates, this only reports and shows.
(function () {
  "use strict";

  // A page, or a part htmx swapped in, gets what only scripts can do:
  // column names for narrow tables, and the buttons that start hidden.
  function enhance(root) {
    labelCells(root);
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

  // Leaving with JSON text not applied yet asks first.
  addEventListener("beforeunload", function (event) {
    var area = document.getElementById("json-text");
    if (area && area.value !== area.defaultValue) event.preventDefault();
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

  // A busy server answers 503 with Retry-After, having changed nothing: send
  // the element's request again after that long, with what the form holds
  // then, once per element. The busy notice goes as the request does; a
  // second busy answer brings it back.
  var retries = new WeakMap();
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt, xhr = event.detail.xhr, config = event.detail.requestConfig;
    if (!xhr || !config || xhr.status !== 503) return;
    var seconds = parseInt(xhr.getResponseHeader("Retry-After"), 10);
    if (!(seconds >= 0)) return;
    var changed = config.parameters && config.parameters._changed;
    clearTimeout(retries.get(elt));
    retries.set(elt, setTimeout(function () {
      var flash = document.getElementById("flash");
      if (flash) flash.textContent = "";
      htmx.ajax(config.verb, config.path, { source: elt, values: changed ? { _changed: changed } : {} });
    }, seconds * 1000));
  });

  document.addEventListener("htmx:afterSettle", syncInvalid);
  document.addEventListener("htmx:oobAfterSwap", syncInvalid);
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
  window.addEventListener("hashchange", focusFromHash);
  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    focusFromHash();
  });
})();
