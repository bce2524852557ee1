"""The use cases of follow-up actions. Each validates, saves and records the change in one
transaction through core.services, for pages, the API and commands alike."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.choices import ActionStatus
from actions.models import Action
from core import services
from core.choices import ChangeChannel


@transaction.atomic
def change_status(action, to_status, user, comment="", *, channel=ChangeChannel.PAGE):
    """Move `action` to `to_status`, keeping the comment on the change record.

    Any status may follow any other; cancelling needs a comment (why it will not be done).
    Done sets the completion date to today; leaving done clears it. Raises ValidationError
    naming the field (`status` or `comment`), and then nothing is written.
    """
    comment = (comment or "").strip()
    if to_status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if to_status == action.status:
        raise ValidationError(
            {
                "status": _("The action is already %(status)s.")
                % {"status": action.get_status_display()}
            }
        )
    if to_status == ActionStatus.CANCELLED and not comment:
        raise ValidationError({"comment": _("Say why the action is cancelled.")})
    previous = (action.status, action.completed_on)
    action.status = to_status
    action.completed_on = timezone.localdate() if to_status == ActionStatus.DONE else None
    try:
        return services.save(action, user, channel=channel, comment=comment)
    except ValidationError:
        action.status, action.completed_on = previous
        raise


def create_for(source, user, *, channel=ChangeChannel.PAGE, m2m=None, **fields):
    """Create an action for `source` (any classified record, or None for a standalone one).

    Unless given, the classification is the source's: an action may not be classified below
    its source. Raises ValidationError naming the field.
    """
    action = Action(**fields)
    if source is not None:
        action.source = source
        if "classification" not in fields and getattr(source, "classification", None):
            action.classification = source.classification
    return services.save(action, user, channel=channel, m2m=m2m)
