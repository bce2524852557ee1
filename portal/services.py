"""Publishing records on the portal, and editing its texts: one function per use case,
each validating, saving and writing its change record in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import Agreement
from core import services
from core.choices import ChangeChannel, Classification
from core.permissions import may_publish
from engagements.models import Meeting
from initiatives.models import Initiative
from multilateral.models import ElectedPost, Membership, Seat

# What a manager can publish, by the name used in the publish button's address.
PUBLISHABLE = {
    "agreement": Agreement,
    "meeting": Meeting,
    "membership": Membership,
    "seat": Seat,
    "electedpost": ElectedPost,
    "initiative": Initiative,
}


@transaction.atomic
def set_published(record, user, published: bool, *, channel=ChangeChannel.PAGE):
    """Publish or unpublish `record` (any `core.models.Publishable`): a manager's call, and
    only a public record can be published. Recorded like any change, with a comment that
    says which it was; nothing is written when the record is already so."""
    if not may_publish(user):
        raise PermissionDenied(_("Only a manager can publish or unpublish."))
    # Read the row again under a lock: what is published is what the database holds now.
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if published and record.classification != Classification.PUBLIC:
        raise ValidationError(
            {
                "published": _("Only a public record can be published: this one is %(level)s.")
                % {"level": record.get_classification_display()}
            }
        )
    if record.published == published:
        return record
    record.published = published
    comment = _("Published on the portal") if published else _("Withdrawn from the portal")
    return services.save(record, user, channel=channel, comment=comment)


@transaction.atomic
def save_text(text, user, *, channel=ChangeChannel.PAGE):
    """Save a portal text (a manager's call), with its change record."""
    if not may_publish(user):
        raise PermissionDenied(_("Only a manager can edit the portal's texts."))
    return services.save(text, user, channel=channel)
