"""Template tags shared by every form page."""

from django import template

register = template.Library()


def field_anchor(bound_field):
    """The id a link to this field should land on: the input itself, or the first choice of a radio/checkbox list
    (a group has no single input, and its label points nowhere)."""
    if bound_field.use_fieldset:
        for option in bound_field.subwidgets:
            return option.id_for_label
    return bound_field.id_for_label or bound_field.auto_id


@register.inclusion_tag("partials/_error_summary_box.html")
def error_summary(form, title_id=""):
    """Every error of ``form`` at its top: a field's error links to the field; the form's own errors are plain text.

    The person sees at once that the page came back refused and why, even when the field is far below (a long
    plan with lists of departments, documents and people)."""
    items = [{"text": str(error), "anchor": ""} for error in form.non_field_errors()]
    for bound_field in form:
        for error in bound_field.errors:
            anchor = "" if bound_field.is_hidden else field_anchor(bound_field)
            items.append({"text": f"{bound_field.label}: {error}", "anchor": anchor})
    if not title_id:
        title_id = f"error-summary-{form.prefix}" if form.prefix else "error-summary"
    return {"items": items, "count": len(items), "title_id": title_id}
