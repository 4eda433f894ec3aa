"""Form widgets shared by the apps."""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _escaped(text):
    """conditional_escape without its lazy-string wrapper (measurable over hundreds of options)."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


class FastSelect(forms.Select):
    """A ``<select>`` built in Python rather than through a template per option.

    Filter bars sit on every list page; Django's template-rendered select cost those pages more
    than their rows (one include per option). Same markup as Django's own widget: name, id and
    other attributes, option values and labels escaped, ``selected`` on the chosen option.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # Straight from the choices, without Django's option dicts (create_option copies attributes for every
        # option): a procedure filter has hundreds of options. The selection rule is ChoiceWidget.optgroups'.
        chosen = self.format_value(value)
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        has_selected = False

        def option(option_value, label):
            nonlocal has_selected
            selected = (not has_selected or self.allow_multiple_selected) and str(option_value) in chosen
            has_selected |= selected
            shown = "" if option_value is None else str(option_value)
            return f'<option value="{_escaped(shown)}"{" selected" if selected else ""}>{_escaped(label)}</option>'

        parts = []
        for option_value, label in self.choices:
            if option_value is None:
                option_value = ""
            if isinstance(label, (list, tuple)):
                inner = "".join(option(v, sub) for v, sub in label)
                parts.append(f'<optgroup label="{_escaped(option_value)}">{inner}</optgroup>')
            else:
                parts.append(option(option_value, label))
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs),
                           mark_safe("".join(parts)))  # nosec B703 B308 - every value and label escaped above


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
