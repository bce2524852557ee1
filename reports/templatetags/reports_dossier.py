"""Filters of the dossier's templates: dates, figures and text direction, formatted in the
dossier's language by the same functions the DOCX renderer uses."""

import unicodedata

from django import template

from reports import dossier

register = template.Library()


@register.filter
def day(value):
    return dossier.day(value)


@register.filter
def figure(value):
    return dossier.number(value)


@register.filter
def percent(value):
    return dossier.percent(value)


def text_direction(text: str) -> str:
    """ "rtl" or "ltr" after the first letter of `text` with a strong direction (the
    rule of dir="auto"); "" when it has none."""
    for char in str(text or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return ""


@register.filter
def textdir(value):
    return text_direction(value)


@register.filter
def mark(level):
    """A record's classification beside it, when it is above public (portion marking)."""
    return "" if level in ("", "public", None) else dossier.level_label(level)
