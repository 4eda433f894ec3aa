// Small progressive enhancements; every page works without them.
document.addEventListener("click", function (event) {
  var toggle = event.target.closest("[data-nav-toggle]");
  if (toggle) {
    var nav = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
    nav.classList.toggle("open", !open);
  }
  var confirmEl = event.target.closest("[data-confirm]");
  if (confirmEl && !window.confirm(confirmEl.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});

// Form errors: the summary at the top of a refused form gets the focus (screen readers read it out), and
// each of its links moves the focus to its field with the field's label in view. Without script the
// links still jump to the field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-error-summary] a[href^='#']");
  if (!link) return;
  var target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  event.preventDefault();
  var holder = target.closest(".field") || target;
  holder.scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
});

// Checkbox lists (several choices, no Ctrl-click): a long one gets a filter box and the number chosen.
// Texts come from the list's data attributes (partials/form_fields.html), so they follow the user's language.
(function () {
  var LONG = 8;
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
  }
  function enhance(list, index) {
    var boxes = list.querySelectorAll("input[type=checkbox]");
    if (boxes.length <= LONG) return;
    var options = Array.prototype.map.call(boxes, function (box) {
      return { box: box, row: box.closest("label").parentElement, text: fold(box.closest("label").textContent) };
    });
    var bar = document.createElement("div");
    bar.className = "choice-filter";
    var id = "choice-filter-" + index;
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = list.dataset.filterLabel;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    var count = document.createElement("span");
    count.className = "muted";
    count.setAttribute("aria-live", "polite");
    var none = document.createElement("p");
    none.className = "choice-none";
    none.textContent = list.dataset.noneLabel;
    none.hidden = true;
    bar.appendChild(label);
    bar.appendChild(input);
    bar.appendChild(count);
    list.insertBefore(bar, list.firstChild);
    list.appendChild(none);
    function showCount() {
      var n = options.filter(function (o) { return o.box.checked; }).length;
      count.textContent = list.dataset.countLabel.replace("{n}", n);
    }
    input.addEventListener("input", function () {
      var q = fold(input.value.trim());
      var shown = 0;
      options.forEach(function (o) {
        // A chosen item stays in view: hiding it would hide that it will be sent.
        var visible = !q || o.box.checked || o.text.indexOf(q) !== -1;
        o.row.hidden = !visible;
        if (visible) shown += 1;
      });
      none.hidden = shown > 0;
    });
    // Enter in the filter box filters; it must not send the form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
    list.addEventListener("change", showCount);
    showCount();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-choice-list]").forEach(enhance);
  });
})();

// The register form: a new document's "public" box follows its type (Document.PUBLIC_BY_DEFAULT, listed by the
// server in data-public-types) until the coordinator ticks or unticks it themselves.
(function () {
  var select = document.querySelector("select[data-public-types]");
  var box = select && select.form && select.form.querySelector('input[name="is_public"]');
  if (!box) { return; }
  var publicTypes = select.getAttribute("data-public-types").split(" ");
  var touched = false;
  box.addEventListener("change", function () { touched = true; });
  select.addEventListener("change", function () {
    if (!touched) { box.checked = publicTypes.indexOf(select.value) !== -1; }
  });
})();
