/* Document editor: step/record/form table rows added, removed and reordered in place, a small
   offline rich-text editor over the procedure textarea, and confirmations. No inline scripts (CSP). */
(function () {
  "use strict";
  // Texts come from Django's JavaScript catalog (/jsi18n/, loaded by base.html before this file).
  var gettext = window.gettext || function (text) { return text; };

  function rowOf(el) { return el.closest("tr"); }

  function clearRow(row) {
    row.querySelectorAll("input, textarea").forEach(function (f) { f.value = ""; });
  }

  document.addEventListener("click", function (event) {
    var t = event.target;
    if (t.matches("[data-add-row]")) {
      var table = document.querySelector('table[data-rows="' + t.getAttribute("data-add-row") + '"] tbody');
      var template = table.querySelector("tr");
      var row = template.cloneNode(true);
      clearRow(row);
      table.appendChild(row);
      var first = row.querySelector("input, textarea");
      if (first) { first.focus(); }
    } else if (t.matches("[data-row-remove]")) {
      var r = rowOf(t), body = r.parentNode;
      if (body.querySelectorAll("tr").length > 1) { body.removeChild(r); } else { clearRow(r); }
    } else if (t.matches("[data-row-up]")) {
      var up = rowOf(t);
      if (up.previousElementSibling) { up.parentNode.insertBefore(up, up.previousElementSibling); t.focus(); }
    } else if (t.matches("[data-row-down]")) {
      var down = rowOf(t);
      if (down.nextElementSibling) { down.parentNode.insertBefore(down.nextElementSibling, down); t.focus(); }
    }
  });

  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.hasAttribute("data-confirm") && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  /* Rich text: contenteditable + toolbar, kept in sync with the (hidden) textarea that is posted.
     The server sanitises whatever arrives (nh3), so this is convenience, not a safety measure. */
  var COMMANDS = [
    ["bold", "B", gettext("Đậm")], ["italic", "I", gettext("Nghiêng")], ["underline", "U", gettext("Gạch chân")],
    ["insertUnorderedList", "•", gettext("Danh sách")], ["insertOrderedList", "1.", gettext("Danh sách đánh số")],
    ["formatBlock:h3", "H", gettext("Tiêu đề mục")], ["formatBlock:p", "¶", gettext("Đoạn văn")]
  ];

  function setupEditor(textarea) {
    var wrap = document.createElement("div");
    wrap.className = "rte";
    var bar = document.createElement("div");
    bar.className = "rte-toolbar";
    bar.setAttribute("role", "toolbar");
    var area = document.createElement("div");
    area.className = "rte-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-label", (textarea.labels && textarea.labels[0]) ? textarea.labels[0].textContent : "");
    area.innerHTML = textarea.value;
    COMMANDS.forEach(function (c) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "btn btn-small";
      // The glyph is what sighted users see; the name is read out (and matches what voice control hears
      // as the button's text, WCAG 2.5.3), so the glyph is hidden from assistive technology.
      var glyph = document.createElement("span");
      glyph.setAttribute("aria-hidden", "true");
      glyph.textContent = c[1];
      var name = document.createElement("span");
      name.className = "sr-only";
      name.textContent = c[2];
      b.appendChild(glyph);
      b.appendChild(name);
      b.title = c[2];
      b.addEventListener("click", function () {
        var parts = c[0].split(":");
        area.focus();
        document.execCommand(parts[0], false, parts[1] || null);
        textarea.value = area.innerHTML;
      });
      bar.appendChild(b);
    });
    area.addEventListener("input", function () { textarea.value = area.innerHTML; });
    wrap.appendChild(bar);
    wrap.appendChild(area);
    textarea.parentNode.insertBefore(wrap, textarea);
    textarea.hidden = true;
    if (textarea.form) { textarea.form.addEventListener("submit", function () { textarea.value = area.innerHTML; }); }
  }

  function init() { document.querySelectorAll("textarea.rte-source").forEach(setupEditor); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();

/* Live sum of the step times ("0,5 ngày", "2 ngày", "4 giờ") against the stated processing time. days() is
   processes/documents/content.py's parse_days (working days of 8 hours): keep the two in step. The sentences
   are the server's, translated, in data-total-text and the warning's data-warning-text ({n}, {a}, {b} filled in
   here); the warning is templates/processes/documents/partials/time_warning.html, the one the server shows. */
(function () {
  "use strict";
  var AMOUNT = /(\d+(?:[.,]\d+)?)\s*(ngày|ngay|giờ|gio|tiếng|tieng|h|phút|phut)?(?!\p{L})/giu;
  var PER_DAY = {"giờ": 8, "gio": 8, "tiếng": 8, "tieng": 8, "h": 8, "phút": 480, "phut": 480};
  function amounts(text) {
    var found = [], m;
    AMOUNT.lastIndex = 0;
    while ((m = AMOUNT.exec(text)) !== null) { found.push([m[1], (m[2] || "").toLowerCase()]); }
    return found;
  }
  function days(text) {
    text = (text || "").normalize("NFC");
    var found = amounts(text.replace(/\([^)]*\)/g, " "));
    if (!found.length) { found = amounts(text); }
    if (!found.length) { return null; }
    var counted = found.filter(function (a) { return a[1]; });
    if (!counted.length) { counted = [found[0]]; }
    return counted.reduce(function (sum, a) { return sum + parseFloat(a[0].replace(",", ".")) / (PER_DAY[a[1]] || 1); }, 0);
  }
  // As the |days filter (format_days) writes it: at most two decimals, none when whole ("12", never "12,0"),
  // with the language's decimal separator ("12,5"; "12.5" in English).
  function shown(n, separator) {
    return (Math.round(n * 100) / 100).toString().replace(".", separator);
  }
  function update() {
    var out = document.querySelector("[data-step-total]");
    var warning = document.querySelector("[data-time-warning]");
    if (!out || !warning) { return; }
    var separator = warning.getAttribute("data-decimal");
    var total = 0, found = false;
    document.querySelectorAll('input[name="steps__time"]').forEach(function (input) {
      var d = days(input.value);
      if (d !== null) { total += d; found = true; }
    });
    var limitInput = document.getElementById("id_processing_time_days");
    var limit = limitInput && limitInput.value !== "" ? parseFloat(limitInput.value) : null;
    var mismatch = found && limit !== null && Math.abs(limit - total) > 0.01;
    out.textContent = found ? out.getAttribute("data-total-text").replace("{n}", shown(total, separator)) : "";
    warning.textContent = mismatch ? warning.getAttribute("data-warning-text")
      .replace("{a}", shown(total, separator)).replace("{b}", shown(limit, separator)) : "";
    warning.hidden = !mismatch;
  }
  document.addEventListener("input", function (e) {
    if (e.target.name === "steps__time" || e.target.id === "id_processing_time_days") { update(); }
  });
  document.addEventListener("click", function (e) {
    if (e.target.matches("[data-row-remove], [data-add-row]")) { window.setTimeout(update, 0); }
  });
})();
