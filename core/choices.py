"""Choices shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Classification(models.TextChoices):
    """How sensitive a record is. The order of the members is the order of sensitivity."""

    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    CONFIDENTIAL = "confidential", _("Confidential")
    SECRET = "secret", _("Secret")

    @classmethod
    def up_to(cls, level: str) -> list[str]:
        """The levels a holder of clearance `level` may read, from public up to `level`."""
        values = cls.values
        return values[: values.index(level) + 1] if level in values else []


class Role(models.TextChoices):
    """Roles are Django groups with these names; see core.permissions."""

    VIEWER = "viewer", _("Viewer")
    OFFICER = "officer", _("Officer")
    LEGAL_ADVISER = "legal_adviser", _("Legal adviser")
    MANAGER = "manager", _("Manager")
    ADMINISTRATOR = "administrator", _("Administrator")


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")


class ChangeChannel(models.TextChoices):
    """Which way a change came in: kept so that an audit can tell a page from a script."""

    PAGE = "page", _("Page")
    API = "api", _("API")
    COMMAND = "command", _("Command")
    ADMIN = "admin", _("Admin")
    IMPORT = "import", _("Import")


class OrgUnitKind(models.TextChoices):
    SECTOR = "sector", _("Sector")
    DESK = "desk", _("Desk")
    UNIT = "unit", _("Unit")
