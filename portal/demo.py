"""The demo's public face: a manager's selection of what to publish, made with the same
rule a real one would follow (only public records; signed agreements, meetings held, current
memberships, seats and posts). Idempotent: a record already published is left as it is."""

from django.db import transaction
from django.utils import timezone

from agreements.choices import Status
from core import services
from core.choices import ChangeChannel
from portal import content
from portal.services import PUBLISHABLE

SIGNED = [Status.SIGNED, Status.IN_FORCE, Status.EXPIRED, Status.TERMINATED]


def candidates() -> dict:
    """What the demo publishes, per kind: public records not yet published."""
    public = {
        kind: model.objects.filter(classification="public", published=False)
        for kind, model in PUBLISHABLE.items()
    }
    return {
        "agreement": public["agreement"].filter(status__in=SIGNED),
        "meeting": public["meeting"].filter(start__lt=timezone.now()),
        "membership": public["membership"].filter(member__in=content.partners()),
        "seat": public["seat"],
        "electedpost": public["electedpost"].filter(person__in=content.people()),
        "initiative": public["initiative"].none(),  # the initiatives' demo chooses its own
    }


@transaction.atomic
def publish_demo() -> int:
    published = 0
    for records in candidates().values():
        for record in records:
            record.published = True
            services.save(record, None, channel=ChangeChannel.COMMAND, comment="Published (demo)")
            published += 1
    return published
