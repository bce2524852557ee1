"""The document FilterSet, shared by the API (and any document list to come)."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from documents.choices import DocumentKind, DocumentLanguage
from documents.models import Document


class RecordTypeFilter(django_filters.CharFilter):
    """A record type as `app_label.model`, e.g. `agreements.agreement`."""

    def filter(self, qs, value):
        if not value:
            return qs
        app_label, _dot, model = value.lower().partition(".")
        try:
            ct = ContentType.objects.get_by_natural_key(app_label, model)
        except ContentType.DoesNotExist:
            return qs.none()
        return qs.filter(content_type=ct)


class DocumentFilter(django_filters.FilterSet):
    record_type = RecordTypeFilter(
        label=_("Record type"), help_text=_("app_label.model, e.g. partners.partner")
    )
    record_id = django_filters.NumberFilter(field_name="object_id", label=_("Record id"))
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label=_("Kind"))
    language = django_filters.ChoiceFilter(choices=DocumentLanguage.choices, label=_("Language"))
    is_authentic = django_filters.BooleanFilter(label=_("Authentic text"))
    sha256 = django_filters.CharFilter(method="filter_sha256", label=_("SHA-256"))
    ordering = django_filters.OrderingFilter(
        fields=(("created_at", "created"), ("title", "title"), ("version", "version")),
        field_labels={
            "created_at": _("Uploaded"),
            "title": _("Title"),
            "version": _("Version"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Document
        fields = ["record_type", "record_id", "kind", "language", "is_authentic", "sha256"]

    def filter_sha256(self, queryset, name, value):
        return queryset.filter(sha256=value.strip().lower())
