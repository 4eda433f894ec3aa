"""``{% copy_panel %}``: the PDF status and copy buttons on the revision page (processes/copies/_copy_actions.html)."""

from django import template

register = template.Library()


@register.inclusion_tag("processes/copies/_copy_panel.html", takes_context=True)
def copy_panel(context, revision):
    from processes.copies.views import panel_context

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    ctx = panel_context(revision, user)
    ctx["csrf_token"] = context.get("csrf_token")
    return ctx
