"""Form widgets shared by the apps."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A ``<select>`` built in Python rather than through a template per option.

    Filter bars sit on every list page; Django's template-rendered select cost those pages more
    than their rows (one include per option). Same markup as Django's own widget: name, id and
    other attributes, option values and labels escaped, ``selected`` on the chosen option.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "", "<option value=\"{}\"{}>{}</option>",
                (("" if o["value"] is None else str(o["value"]), flatatt(o["attrs"]), o["label"]) for o in options),
            )
            groups.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, html) if group_name else html)
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]),
                           mark_safe("".join(groups)))  # nosec B703 B308 - each part built by format_html above


class DescribedRadioSelect(forms.RadioSelect):
    """Radio buttons, each followed by a one-line explanation tied to it with ``aria-describedby``.

    For choices whose meaning matters (a finding's grade): the person reads what each one means where
    they choose, and no option is preselected unless the form's data or initial says so.
    ``descriptions`` maps a choice's value to its explanation (lazy translations welcome).
    """

    def __init__(self, descriptions, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.descriptions = descriptions

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for _group, group_options, _index in widget["optgroups"]:
            for option in group_options:
                option_attrs = dict(option["attrs"])
                option_id = option_attrs.pop("id", "")
                text = self.descriptions.get(option["value"], "")
                if text and option_id:
                    option_attrs["aria-describedby"] = f"{option_id}_desc"
                options.append(format_html(
                    '<div class="choice"><input type="radio" name="{}" value="{}" id="{}"{}>'
                    '<label for="{}">{}</label>{}</div>',
                    option["name"], option["value"], option_id, flatatt(option_attrs), option_id, option["label"],
                    format_html('<div class="helptext" id="{}_desc">{}</div>', option_id, text) if text else "",
                ))
        return format_html('<div class="choices choices-described" id="{}">{}</div>', widget["attrs"].get("id", ""),
                           mark_safe("".join(options)))  # nosec B703 B308 - each part built by format_html above
