"""`{% publish_control record %}`: a record's standing on the portal and, for a manager,
the button that publishes or withdraws it."""

from django import template

from core.choices import Classification
from core.permissions import may_publish
from portal.services import PUBLISHABLE

register = template.Library()
KINDS = {model: kind for kind, model in PUBLISHABLE.items()}


@register.inclusion_tag("portal/partials/publish_control.html", takes_context=True)
def publish_control(context, record, compact=False):
    request = context["request"]
    return {
        "record": record,
        "kind": KINDS[type(record)],
        "public": record.classification == Classification.PUBLIC,
        "may_publish": may_publish(request.user),
        "next": request.get_full_path(),
        "compact": compact,
        "csrf_token": context.get("csrf_token"),
    }
