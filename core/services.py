"""The one way records are saved and deleted: the change and its change record are written
together, in one transaction, whether the call comes from a page, the API or a command."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from core.choices import ChangeAction, ChangeChannel
from core.models import ChangeLogged, ChangeRecord

# Told of each record saved or deleted, inside the same transaction: hook(instance, deleted).
# The search index registers itself here (search.apps), so that core depends on no app.
change_hooks: list = []


def notify(instance, *, deleted: bool = False) -> None:
    """Tell the hooks that `instance` was saved (or deleted) in the current transaction;
    a service that writes derived fields after `save` (a document's text) calls it again."""
    for hook in change_hooks:
        hook(instance, deleted=deleted)


# Bookkeeping and derived fields: recording them would only repeat what changed elsewhere.
UNTRACKED = {"id", "created_at", "updated_at", "created_by", "updated_by", "search_text"}


def snapshot(instance) -> dict:
    """The record's field values as JSON-safe text, many-to-many fields as sorted ids.
    A model lists further derived fields to leave out in `untracked_fields`."""
    skip = UNTRACKED | set(getattr(instance, "untracked_fields", ()))
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in skip:
            continue
        value = field.value_from_object(instance)
        data[field.name] = None if value is None else field.value_to_string(instance)
    if instance.pk:
        for field in instance._meta.many_to_many:
            data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return data


def diff(before: dict | None, after: dict) -> dict:
    before = before or {}
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
        and not (before.get(name) in (None, "", []) and value in (None, "", []))
    }


def record_change(instance, user, action, channel, changes, comment="") -> ChangeRecord:
    return ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        action=action,
        changes=changes,
        channel=channel,
        comment=comment,
        user=user if user and user.is_authenticated else None,
    )


@transaction.atomic
def save(instance, user, *, channel=ChangeChannel.PAGE, save_m2m=None, comment="", m2m=None):
    """Validate and save `instance`, then write its change record (nothing if nothing changed).

    `save_m2m` is a form's callback; `m2m` maps many-to-many field names to values (API and
    commands). Raises ValidationError, leaving nothing written.
    """
    adding = instance._state.adding or instance.pk is None
    before = None if adding else snapshot(type(instance)._base_manager.get(pk=instance.pk))
    if isinstance(instance, ChangeLogged) and user is not None and user.is_authenticated:
        if adding:
            instance.created_by = user
        instance.updated_by = user
    instance.full_clean()
    instance.save()
    if save_m2m:
        save_m2m()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    changes = diff(before, snapshot(instance))
    if adding or changes:
        action = ChangeAction.CREATE if adding else ChangeAction.UPDATE
        record_change(instance, user, action, channel, changes, comment)
    notify(instance)
    return instance


class InUse(Exception):
    """Raised when a record cannot be deleted because others depend on it."""

    def __init__(self, instance, dependents):
        self.instance = instance
        self.dependents = dependents
        super().__init__(f"{instance} is used by {len(dependents)} record(s)")

    def describe(self, limit: int = 5) -> str:
        names = [f"{d._meta.verbose_name}: {d}" for d in self.dependents[:limit]]
        extra = len(self.dependents) - limit
        return "; ".join(names) + (f" (+{extra})" if extra > 0 else "")


@transaction.atomic
def delete(instance, user, *, channel=ChangeChannel.PAGE, comment=""):
    """Delete `instance` and record it; refuse with InUse if other records depend on it."""
    changes = {
        name: [value, None]
        for name, value in snapshot(instance).items()
        if value not in (None, "", [])
    }
    pk = instance.pk
    try:
        with transaction.atomic():
            instance.delete()
    except (ProtectedError, RestrictedError) as error:
        objs = list(getattr(error, "protected_objects", None) or error.restricted_objects)
        raise InUse(instance, objs) from error
    instance.pk = pk
    record_change(instance, user, ChangeAction.DELETE, channel, changes, comment)
    notify(instance, deleted=True)
