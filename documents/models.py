"""Files attached to records: an agreement's drafts, signed copies, authentic texts and
translations, a meeting's notes verbales, anything else a record needs on file."""

import uuid

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import Classification
from core.models import Primary, RestrictedQuerySet
from documents.choices import DocumentKind, DocumentLanguage
from documents.content import extension_for


def document_path(instance, filename) -> str:
    """Where a file is stored: a dated folder and a random name. The user's file name never
    reaches the storage (it is kept in `original_name` and given back on download)."""
    return (
        f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension_for(instance.mime_type)}"
    )


def record_models() -> list[type[models.Model]]:
    """The models a document can be attached to: every concrete primary record."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Primary) and not model._meta.proxy and model is not Document
    ]


class DocumentQuerySet(RestrictedQuerySet):
    def restrict(self, user, models=None):
        """Documents the user may read: the document's classification AND its record's.

        A record can be reclassified upwards after a document was attached; the document must
        then disappear with it. Each record type is checked with its own `restrict(user)`, as
        a correlated EXISTS on the record's primary key (an index probe per row). `models`
        narrows the check to the record types the caller is after (documents of other types
        are then left out); by default every record type is checked.
        """
        queryset = super().restrict(user)
        if queryset.query.is_empty():
            return queryset
        types = ContentType.objects.get_for_models(*(models or record_models()))
        readable = Q(pk__in=[])
        for model, ct in types.items():
            records = model.objects.restrict(user).filter(pk=OuterRef("object_id"))
            readable |= Q(content_type=ct) & Q(Exists(records))
        return queryset.filter(readable)

    def for_record(self, record):
        """The documents attached to `record`."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )


class Document(Primary):
    """A file attached to a record, checked by content before it was stored.

    Versions count up per record, kind and language (a second English draft is version 2).
    `text` is extracted from PDF, DOCX and XLSX files for search. A document is never
    classified below its record. Create documents with `documents.services.attach`.
    """

    content_type = models.ForeignKey(
        ContentType, models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind)
    language = models.CharField(_("language"), max_length=8, choices=DocumentLanguage)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_authentic = models.BooleanField(
        _("authentic text"),
        default=False,
        help_text=_("This text is one of the instrument's authentic (equally binding) texts."),
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False)
    mime_type = models.CharField(_("type"), max_length=100, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(condition=Q(version__gte=1), name="document_version_positive"),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "language", "version"],
                name="document_version_unique",
                violation_error_message=_(
                    "This record already has this version of a document of this kind and language."
                ),
            ),
        ]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at"], name="document_record_idx"
            ),
            models.Index(fields=["sha256"], name="document_sha256_idx"),
            models.Index(fields=["kind", "language"], name="document_kind_language_idx"),
            models.Index(fields=["-created_at", "-id"], name="document_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("documents:document_download", args=[self.pk])

    @property
    def extension(self) -> str:
        return extension_for(self.mime_type)

    def clean(self):
        super().clean()
        if not self.content_type_id or self.object_id is None:
            return
        # Read afresh, not from the generic relation's cache: the record may have been
        # reclassified since it was loaded.
        model = self.content_type.model_class()
        record = model._base_manager.filter(pk=self.object_id).first() if model else None
        if record is None:
            raise ValidationError(
                {"object_id": _("The record this document belongs to does not exist.")}
            )
        floor = getattr(record, "classification", None)
        levels = Classification.values
        if (
            floor in levels
            and self.classification in levels
            and levels.index(self.classification) < levels.index(floor)
        ):
            raise ValidationError(
                {
                    "classification": _(
                        "A document cannot be classified below its record (%(level)s)."
                    )
                    % {"level": Classification(floor).label}
                }
            )
