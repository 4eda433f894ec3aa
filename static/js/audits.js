// Nonconformity forms: small helpers; every form works without them.
(function () {
  function toggle(form) {
    var disposition = form.querySelector("#id_disposition");
    var concession = form.querySelector("#id_concession_by");
    if (disposition && concession) {
      var field = concession.closest(".field");
      field.hidden = disposition.value !== "concession";
    }
    var noAction = form.querySelector("input[name=action_needed][value=no]");
    var reason = form.querySelector("#id_no_action_reason");
    if (noAction && reason) {
      reason.closest(".field").hidden = !noAction.checked;
    }
  }
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-nc-form]");
    if (form) toggle(form);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-nc-form]").forEach(toggle);
    var print = document.querySelector("[data-print]");
    if (print) print.addEventListener("click", function () { window.print(); });
  });
})();
