// The checklist page (templates/audits/internal/checklist_page.html): one form holding every question.
// Typing in a question marks it unsaved; the count shows beside "Lưu tất cả"; leaving the page with
// unsaved answers asks first. A question saved in place (htmx) comes back from the server unmarked, or
// still marked when it was refused. Texts come from the form's data attributes (translated by the page).
(function () {
  var form = document.querySelector("form[data-checklist]");
  if (!form) return;
  var sending = false;

  function unsaved() {
    return form.querySelectorAll("[data-item][data-unsaved]").length;
  }
  function showCount() {
    var n = unsaved();
    var label = form.querySelector("[data-unsaved-count]");
    if (label) label.textContent = n ? form.dataset.unsavedCount.replace("{n}", n) : "";
  }
  function touched(event) {
    var field = event.target;
    if (field.form !== form) return; // the evidence upload belongs to its own form
    var item = field.closest("[data-item]");
    if (item && !item.hasAttribute("data-unsaved")) {
      item.setAttribute("data-unsaved", "");
      showCount();
    }
  }
  form.addEventListener("input", touched);
  form.addEventListener("change", touched);
  // Sending the whole checklist saves everything typed (or brings it back with the errors): no warning.
  form.addEventListener("submit", function () { sending = true; });
  document.body.addEventListener("htmx:afterSettle", showCount);
  window.addEventListener("beforeunload", function (event) {
    if (sending || !unsaved()) return undefined;
    event.preventDefault();
    event.returnValue = form.dataset.unsavedWarning; // most browsers show their own text; this is for the rest
    return form.dataset.unsavedWarning;
  });
  showCount();
})();
