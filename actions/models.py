"""Follow-up actions: the commitments and next steps that come out of any record (an
agreement, a meeting, a committee decision, a membership, an initiative) or stand alone."""

from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.choices import ActionStatus, Priority
from core.choices import Classification
from core.models import OrgUnit, Primary, RestrictedQuerySet
from core.text import bilingual, normalize


def source_key(record) -> str:
    """How a source record is named in URLs, filters and the API: `<app_label>.<model>:<pk>`
    (e.g. `partners.partner:12`)."""
    opts = record._meta
    return f"{opts.app_label}.{opts.model_name}:{record.pk}"


def source_model(label: str):
    """The model that `<app_label>.<model>` names, if it can be a source: a classified record
    (its manager has `restrict`). None for anything else. Reads no table."""
    app_label, _dot, model_name = (label or "").partition(".")
    if not (app_label and model_name):
        return None
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return None
    return model if hasattr(getattr(model, "objects", None), "restrict") else None


def readable_source(key: str, user):
    """The record that `key` (`<app_label>.<model>:<pk>`) names, if `user` may read it; None
    when it names nothing, nothing classified, or something above the user's clearance."""
    label, _colon, pk = (key or "").partition(":")
    model = source_model(label)
    if model is None or not pk.isdigit():
        return None
    return model.objects.restrict(user).filter(pk=int(pk)).first()


def attach_sources(actions, user):
    """Set `source_record` on each action: its source when `user` may read it, else None.

    One query per kind of source among `actions` (not per action); each through the source
    model's `restrict(user)`, so that a list never names a record above the reader's
    clearance, even when the source was classified higher after the action was filed.
    """
    wanted = defaultdict(set)
    for action in actions:
        if action.source_type_id and action.source_id:
            wanted[action.source_type_id].add(action.source_id)
    found = {}
    for ct_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()  # cached
        manager = getattr(model, "objects", None)
        if model is None or not hasattr(manager, "restrict"):
            continue
        for record in manager.restrict(user).filter(pk__in=ids):
            found[(ct_id, record.pk)] = record
    for action in actions:
        action.source_record = found.get((action.source_type_id, action.source_id))
    return actions


def level_rank(level: str) -> int:
    """A classification's place in the order of sensitivity (public is 0)."""
    return Classification.values.index(level) if level in Classification.values else -1


class ActionQuerySet(RestrictedQuerySet):
    def active(self):
        """Actions that still wait for someone: open or in progress."""
        return self.filter(status__in=ActionStatus.active())

    def overdue(self, today=None):
        """Active actions whose due date has passed."""
        return self.active().filter(due_date__lt=today or timezone.localdate())

    def for_source(self, record):
        """The actions of one record, for its page (the `actions/_actions.html` partial):
        active ones first by due date, then the finished ones; owner and desk in the same
        query. Chain it after `restrict(user)`."""
        ct = ContentType.objects.get_for_model(record)  # cached
        finished = Case(When(status__in=ActionStatus.active(), then=Value(0)), default=Value(1))
        return (
            self.filter(source_type=ct, source_id=record.pk)
            .select_related("owner", "owner_unit")
            .order_by(finished, F("due_date").asc(nulls_last=True), "-priority_rank", "id")
        )


class Action(Primary):
    """A follow-up action: a commitment or next step, owned by a person, a desk or both, with
    a due date and a status. It may come from any classified record (`source`) or stand
    alone; it is never classified below its source, so whoever reads it may read the source.
    """

    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    title_ar = models.CharField(_("Arabic title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    source_type = models.ForeignKey(
        ContentType,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # led by action_source_idx
        verbose_name=_("kind of source record"),
    )
    source_id = models.PositiveBigIntegerField(_("source record"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        db_index=False,  # led by action_owner_status_idx
        verbose_name=_("owner"),
        help_text=_("The person who sees the action through."),
    )
    owner_unit = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        db_index=False,  # led by action_unit_status_idx
        verbose_name=_("desk"),
        help_text=_("The desk responsible, with the owner or instead of one."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    # Indexed by action_status_due_idx, which it leads.
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus, default=ActionStatus.OPEN
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority, default=Priority.NORMAL
    )
    # The priorities' order, computed by the database so that every write path (bulk_create
    # and update() too) keeps it right; the list sorts on it through an index. Only for SQL:
    # an instance just saved may hold the previous value until it is read again.
    priority_rank = models.GeneratedField(
        expression=Case(
            *[When(priority=value, then=Value(rank)) for value, rank in Priority.ranks().items()],
            default=Value(0),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = [F("due_date").asc(nulls_last=True), "-priority_rank", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | Q(owner_unit__isnull=False),
                name="action_owner_or_desk",
                violation_error_message=_("Choose who owns the action: a person, a desk or both."),
            ),
            models.CheckConstraint(
                condition=~Q(title_en="") | ~Q(title_ar=""),
                name="action_has_title",
                violation_error_message=_("Give the action a title, in English or Arabic."),
            ),
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="action_source_complete",
                violation_error_message=_("A source needs both its kind and its record."),
            ),
            models.CheckConstraint(
                condition=Q(status=ActionStatus.DONE, completed_on__isnull=False)
                | (~Q(status=ActionStatus.DONE) & Q(completed_on__isnull=True)),
                name="action_completed_when_done",
                violation_error_message=_("Only a done action has a completion date."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(priority__in=Priority.values), name="action_priority_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="action_source_idx"),
            models.Index(fields=["status", "due_date"], name="action_status_due_idx"),
            models.Index(fields=["owner", "status", "due_date"], name="action_owner_status_idx"),
            models.Index(
                fields=["owner_unit", "status", "due_date"], name="action_unit_status_idx"
            ),
            models.Index(fields=["-priority_rank", "due_date"], name="action_priority_idx"),
            models.Index(fields=["-updated_at"], name="action_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The title in the active language, falling back to the other one."""
        return bilingual(self.title_en, self.title_ar)

    def get_absolute_url(self) -> str:
        return reverse("actions:action_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ActionStatus.active()

    @property
    def is_overdue(self) -> bool:
        """Still open or in progress after its due date."""
        return bool(self.due_date and self.is_active and self.due_date < timezone.localdate())

    @property
    def status_css(self) -> str:
        """The Bootstrap badge class of the status."""
        return {
            ActionStatus.OPEN: "text-bg-primary",
            ActionStatus.IN_PROGRESS: "text-bg-info",
            ActionStatus.DONE: "text-bg-success",
            ActionStatus.CANCELLED: "text-bg-secondary",
        }.get(self.status, "text-bg-light")

    @property
    def priority_css(self) -> str:
        return {
            Priority.LOW: "text-bg-light border",
            Priority.NORMAL: "text-bg-light border",
            Priority.HIGH: "text-bg-warning",
            Priority.URGENT: "text-bg-danger",
        }.get(self.priority, "text-bg-light border")

    @property
    def source_kind(self) -> str:
        """What kind of record the source is (its model's name), without a query."""
        if not self.source_type_id:
            return ""
        model = ContentType.objects.get_for_id(self.source_type_id).model_class()  # cached
        return str(model._meta.verbose_name) if model is not None else ""

    def source_or_none(self):
        """The source record, read without restriction (for validation), or None when there
        is none or it no longer exists."""
        if not (self.source_type_id and self.source_id):
            return None
        model = ContentType.objects.get_for_id(self.source_type_id).model_class()
        if model is None:
            return None
        try:
            return self.source
        except model.DoesNotExist:
            return None

    def clean(self):
        errors = {}
        self.title_en = self.title_en.strip()
        self.title_ar = self.title_ar.strip()
        if not (self.title_en or self.title_ar):
            errors["title_en"] = _("Give the action a title, in English or Arabic.")
        if not (self.owner_id or self.owner_unit_id):
            errors["owner"] = _("Choose who owns the action: a person, a desk or both.")
        elif self.owner_id and level_rank(self.classification) > level_rank(self.owner.clearance):
            errors["owner"] = _(
                "%(owner)s could not read an action classified %(level)s: choose another "
                "owner or a lower classification."
            ) % {"owner": self.owner, "level": self.get_classification_display()}
        if (self.source_type_id is None) != (self.source_id is None):
            errors[NON_FIELD_ERRORS] = _("A source needs both its kind and its record.")
        source = self.source_or_none()
        level = getattr(source, "classification", None)
        if (
            level in Classification.values
            and self.classification in Classification.values
            and level_rank(self.classification) < level_rank(level)
        ):
            errors["classification"] = _(
                "An action cannot be classified below its source record (%(level)s)."
            ) % {"level": Classification(level).label}
        # The completion date follows the status, whichever way the status was changed.
        if self.status == ActionStatus.DONE:
            self.completed_on = self.completed_on or timezone.localdate()
        else:
            self.completed_on = None
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_text = normalize(f"{self.title_en} {self.title_ar}")
        super().save(*args, **kwargs)
