"""Helpers of the actions tests."""

from actions.models import Action
from core.models import OrgUnit


def make_action(title="Send the draft", *, source=None, **fields):
    """File an action directly (tests of reading; writes go through services elsewhere)."""
    if "owner" not in fields and "owner_unit" not in fields:
        fields["owner_unit"] = OrgUnit.objects.get_or_create(
            code="desk", defaults={"name_en": "A desk"}
        )[0]
    if source is not None:
        fields["source"] = source
        fields.setdefault("classification", source.classification)
    return Action.objects.create(title_en=title, **fields)
