"""Choices of the documents app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """What a file is to its record."""

    DRAFT = "draft", _("Draft")
    SIGNED_COPY = "signed_copy", _("Signed copy")
    AUTHENTIC_TEXT = "authentic_text", _("Authentic text")
    TRANSLATION = "translation", _("Translation")
    NOTE_VERBALE = "note_verbale", _("Note verbale")
    OTHER = "other", _("Other")


class DocumentLanguage(models.TextChoices):
    """The language a document is written in (the languages of the sector's instruments)."""

    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    OTHER = "other", _("Other")
