from django import template

register = template.Library()

_NC = {
    "open": "status-bad",
    "correction": "status-warn",
    "cause_analysed": "status-warn",
    "actions_planned": "status-info",
    "actions_done": "status-info",
    "verified": "status-ok",
    "closed": "status-ok",
    "rejected": "",
}
_ACTION = {"planned": "status-info", "done": "status-ok", "cancelled": ""}
_FEEDBACK = {"received": "status-warn", "answered": "status-ok", "dismissed": ""}
_CHECK = {"pending": "status-info", "effective": "status-ok", "not_effective": "status-bad"}


@register.filter
def nc_status_class(status):
    return _NC.get(status, "")


@register.filter
def action_status_class(status):
    return _ACTION.get(status, "")


@register.filter
def feedback_status_class(status):
    return _FEEDBACK.get(status, "")


@register.filter
def check_result_class(result):
    return _CHECK.get(result, "")
