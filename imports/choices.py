"""Choices of the imports app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    """What a file holds: each kind is declared in imports.kinds."""

    PARTNERS = "partners", _("Partners")
    PEOPLE = "people", _("People")
    AGREEMENTS = "agreements", _("Agreements with their parties")
    TREATY_ACTIONS = "treaty_actions", _("Treaty actions per party")
    MEETINGS = "meetings", _("Meetings")
    MEMBERSHIPS = "memberships", _("Memberships")
    CONTRIBUTIONS = "contributions", _("Dues and contributions")


class JobStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded: choose the columns")
    CHECKING = "checking", _("Checking the rows")
    CHECKED = "checked", _("Checked: review and import")
    QUEUED = "queued", _("Waiting to import")
    IMPORTING = "importing", _("Importing")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed: nothing was imported")
    UNDONE = "undone", _("Undone")


class Outcome(models.TextChoices):
    """What a row will do (after the check) or did (after the import)."""

    CREATE = "create", _("New")
    UPDATE = "update", _("Update")
    UNCHANGED = "unchanged", _("Already there")
    AMBIGUOUS = "ambiguous", _("Needs a choice")
    ERROR = "error", _("Error")


class DateOrder(models.TextChoices):
    """How a date such as 05/06/2019 is read (ISO dates are always read as ISO)."""

    DMY = "dmy", _("Day first (31/12/2019)")
    MDY = "mdy", _("Month first (12/31/2019)")
    YMD = "ymd", _("Year first (2019/12/31)")
