"""Template helpers for showing a record's follow-up actions (`actions/_actions.html`)."""

from django import template

from actions.models import Action
from actions.models import source_key as _source_key
from core.permissions import can

register = template.Library()


@register.filter
def source_key(record) -> str:
    """`<app_label>.<model>:<pk>`: how the create page and the list name a source record."""
    return _source_key(record) if record is not None and record.pk else ""


@register.simple_tag(takes_context=True)
def can_add_action(context) -> bool:
    request = context.get("request")
    return bool(request and can(request.user, "add", Action))


@register.simple_tag
def action_summary(actions) -> dict:
    """How many of `actions` there are, are still active, and are overdue. Reads the list
    (or the queryset's cached rows) already loaded for the page: no query of its own."""
    rows = list(actions or [])
    return {
        "total": len(rows),
        "active": sum(1 for a in rows if a.is_active),
        "overdue": sum(1 for a in rows if a.is_overdue),
    }
