"""The public portal's own records: its editable texts, and the generations that tell every
server process when something it shows changed (see portal.cache)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import ChangeLogged
from core.text import bilingual
from portal.choices import PageKey


class PageText(ChangeLogged):
    """A text of the public portal (the sector's introduction, the bilateral and the
    multilateral introductions) in English and Arabic, edited by a manager; its changes are
    kept like any record's. Markdown: paragraphs, lists, bold, links."""

    key = models.CharField(_("text"), max_length=30, choices=PageKey, unique=True)
    title_en = models.CharField(_("English title"), max_length=200)
    title_ar = models.CharField(_("Arabic title"), max_length=200, blank=True)
    body_en = models.TextField(_("English text"))
    body_ar = models.TextField(_("Arabic text"), blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("portal text")
        verbose_name_plural = _("portal texts")

    def __str__(self) -> str:
        return self.get_key_display()

    def get_absolute_url(self) -> str:
        return reverse("portal:text_update", args=[self.key])

    @property
    def title(self) -> str:
        return bilingual(self.title_en, self.title_ar)

    @property
    def body(self) -> str:
        return bilingual(self.body_en, self.body_ar)


class Generation(models.Model):
    """One row per change to what the portal shows; the newest row's number is the portal's
    generation. Cached public pages carry the generation they were made under, so a change
    made through any server process is seen by all of them as soon as it commits (the row
    commits with it). Rows are only ever added (no lock is taken) and old ones pruned."""

    class Meta:
        ordering = ["-id"]
        verbose_name = _("portal generation")

    def __str__(self) -> str:
        return str(self.pk)
