"""The search index: one row per searchable thing, kept by search.index in the same
transaction as the record it comes from.

The full-text part is the database's own (see search.backends): on SQLite an FTS5 table
that mirrors `title_index` and `body` through triggers; on PostgreSQL a generated
`tsvector` column with a GIN index. Neither is a model field: the ORM writes the row and
the database keeps the full-text index in step, whatever the write path (save, bulk_create,
update, delete, a rollback).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import Classification
from core.text import bilingual
from search.choices import Kind


class SearchEntry(models.Model):
    """One searchable thing: a record (a partner, an agreement...), or a part of one that is
    found on its own (a meeting's minutes and decisions, a document's text).

    `classification` is the record's (for a part, its record's; for a document, the higher
    of the document's and its record's), so that `restrict` filters entries in the query.
    `text` is what is searched besides the title, as written; `body` is the same text
    normalized (core.text.normalize, punctuation as spaces) and padded so that each word
    starts at the same offset in both: a snippet is cut from `text` where the match is in
    `body`, without reading the whole text. `title_index` is the normalized titles.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    content_type = models.ForeignKey(ContentType, models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    # A document's record, whose reclassification or deletion reaches its documents' entries.
    parent_type = models.ForeignKey(
        ContentType, models.CASCADE, null=True, blank=True, related_name="+"
    )
    parent_id = models.PositiveBigIntegerField(null=True, blank=True)
    classification = models.CharField(
        _("classification"), max_length=20, choices=Classification, db_index=True
    )
    title_en = models.CharField(_("English title"), max_length=500, blank=True)
    title_ar = models.CharField(_("Arabic title"), max_length=500, blank=True)
    context_en = models.CharField(_("context (English)"), max_length=500, blank=True)
    context_ar = models.CharField(_("context (Arabic)"), max_length=500, blank=True)
    url = models.CharField(_("address"), max_length=500)
    title_index = models.TextField(blank=True)
    text = models.TextField(blank=True)
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(_("indexed"), auto_now=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"], name="search_entry_unique"
            )
        ]
        indexes = [
            models.Index(fields=["parent_type", "parent_id"], name="search_entry_parent_idx"),
            models.Index(fields=["kind", "classification"], name="search_entry_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def title(self) -> str:
        return bilingual(self.title_en, self.title_ar)
