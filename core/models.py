"""Core models: users and their clearance, the abstract bases, change records, notes,
org units and the areas of cooperation."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.choices import ChangeAction, ChangeChannel, Classification, OrgUnitKind
from core.text import bilingual


class BilingualNameMixin:
    """`name` returns the name in the active language, falling back to the other one."""

    @property
    def name(self) -> str:
        return bilingual(self.name_en, self.name_ar)


class OrgUnit(BilingualNameMixin, models.Model):
    """A unit of the sector: the sector itself, its desks (Arab, African, ...), its units."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgUnitKind, default=OrgUnitKind.DESK)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. Roles are groups; clearance caps the classification they read."""

    clearance = models.CharField(
        _("clearance"),
        max_length=20,
        choices=Classification,
        default=Classification.INTERNAL,
        help_text=_("The most sensitive classification this user may read."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Remembered from the language switch."),
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("desk"),
    )

    class Meta(AbstractUser.Meta):
        ordering = ["username"]
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class AreaOfCooperation(BilingualNameMixin, models.Model):
    """A field of cooperation (artificial intelligence, submarine cables, ...): the taxonomy
    every record is tagged with."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("broader area"),
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("area of cooperation")
        verbose_name_plural = _("areas of cooperation")

    def __str__(self) -> str:
        return self.name


class ChangeRecord(models.Model):
    """One change to one record: who, when, through which channel, and each field's before
    and after. Written by core.services in the same transaction as the change itself."""

    content_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("record"), max_length=300)
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=ChangeChannel)
    comment = models.TextField(_("comment"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="change_object_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def labelled_changes(self) -> list[tuple[str, str, str]]:
        """(field label, before, after) in the reader's language: choices shown by their
        label, not their code. Reads no table (content types are cached)."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        rows = []
        for name, (before, after) in self.changes.items():
            try:
                field = model._meta.get_field(name) if model else None
            except FieldDoesNotExist:
                field = None
            choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
            label = getattr(field, "verbose_name", name)
            rows.append((label, choices.get(before, before), choices.get(after, after)))
        return rows


class FieldNamedConstraints:
    """Report a constraint over several fields on the one field the user chose (the partner
    listed twice, the indicator measured twice), not as a general error: forms show it
    beside that field and the API names it. `constraint_fields` maps constraint names to
    field names. The check runs even on fields a form leaves out (the parent record,
    which the view sets), since the database would refuse the row anyway."""

    constraint_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        errors = {}
        for constraint in self._meta.constraints:
            field = self.constraint_fields.get(constraint.name)
            if field is None:
                continue
            try:
                constraint.validate(type(self), self)
            except ValidationError as error:
                errors.setdefault(field, []).extend(error.messages)
        if errors:
            raise ValidationError(errors)
        super().validate_constraints(exclude=exclude)


class Publishable(models.Model):
    """A record a manager may publish on the public portal and in the open data.

    Only a public record can be published: each model adds `published_is_public(name)` to its
    constraints, so that the database itself refuses the rest, and `validate_constraints`
    names the field the user acted on: the classification of a record already published,
    the box of one being published. The portal reads only `published()` rows, whatever else
    is stored."""

    published = models.BooleanField(
        _("published"),
        default=False,
        db_index=True,
        help_text=_("Shown on the public portal and in the open data. Only public records can be."),
    )

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None):
        if self.published and self.classification != Classification.PUBLIC:
            was_published = (
                self.pk is not None
                and type(self)._base_manager.filter(pk=self.pk, published=True).exists()
            )
            if was_published:  # the classification changed under a published record
                error = {
                    "classification": _("A published record must stay public: unpublish it first.")
                }
            else:
                error = {"published": _("Only a public record can be published.")}
            raise ValidationError(error)
        super().validate_constraints(exclude=exclude)


def published_is_public(prefix: str) -> models.CheckConstraint:
    """The database's guarantee that nothing but a public record is ever published."""
    return models.CheckConstraint(
        condition=Q(published=False) | Q(classification=Classification.PUBLIC),
        name=f"{prefix}_published_is_public",
        violation_error_message=_("Only a public record can be published."),
    )


class ChangeLogged(models.Model):
    """Abstract base for every record whose changes are kept: when and by whom."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("updated by"),
    )

    class Meta:
        abstract = True


class RestrictedQuerySet(models.QuerySet):
    """The one way to read classified records: `Model.objects.restrict(user)`."""

    def restrict(self, user):
        from core.permissions import readable_levels

        levels = readable_levels(user)
        if not levels:
            return self.none()
        return self.filter(classification__in=levels)

    def published(self):
        """What the public may see: published and public records (the public portal and the
        open data read only these, whoever asks)."""
        return self.filter(published=True, classification=Classification.PUBLIC)


class Primary(ChangeLogged):
    """Abstract base for the primary records: classification, areas of cooperation, notes."""

    classification = models.CharField(
        _("classification"),
        max_length=20,
        choices=Classification,
        default=Classification.INTERNAL,
        db_index=True,
    )
    areas = models.ManyToManyField(
        AreaOfCooperation,
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("areas of cooperation"),
    )
    notes = GenericRelation("core.Note")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True


class Note(ChangeLogged):
    """A journal note on any record. It is read only by those who may read the record and
    the note's own classification."""

    content_type = models.ForeignKey(ContentType, models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    text = models.TextField(_("note"))
    classification = models.CharField(
        _("classification"),
        max_length=20,
        choices=Classification,
        default=Classification.INTERNAL,
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at"], name="note_object_idx"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]
