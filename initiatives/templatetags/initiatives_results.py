"""Figures of the results framework as the reader's language writes them (grouped Latin
digits, as the multilateral pages write money; Django's Arabic number format would put a
comma for the decimal point), and the results chart's tag."""

import itertools
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from django import template
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

register = template.Library()

_fallback_ids = itertools.count(1)


def _locale() -> str:
    return "ar" if (get_language() or "en").startswith("ar") else "en"


@register.filter
def figure(value) -> str:
    """`1,250` or `12.5`: grouped, with the decimals it has and no trailing zeros."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return format_decimal(number, format="#,##0.##", locale=_locale())


@register.filter
def percent(value) -> str:
    """`96%` for 96 (a share already in per cent)."""
    if value is None or value == "":
        return ""
    return f"{figure(value)}%"


@register.simple_tag(takes_context=True)
def results_chart(context, lines, chart_id=""):
    """`{% results_chart lines chart_id as chart %}`: the chart's geometry, mirrored when
    the page is right-to-left, with an id unique in the page (`chart.id`)."""
    from initiatives.charts import results_chart as draw

    chart = draw(
        lines,
        rtl=get_language_bidi(),
        labels={"target": _("target"), "actual": _("actual"), "missing": _("not set")},
    )
    if not chart_id:
        request = context.get("request")
        if request is not None:
            request._results_chart_seq = getattr(request, "_results_chart_seq", 0) + 1
            number = request._results_chart_seq
        else:
            number = next(_fallback_ids)
        chart_id = f"results-chart-{number}"
    chart.id = chart_id
    return chart


_STATUS_BADGES = {
    "planned": "text-bg-secondary",
    "ongoing": "text-bg-primary",
    "completed": "text-bg-success",
    "suspended": "text-bg-warning",
    "cancelled": "text-bg-dark",
}


@register.filter
def status_badge(status) -> str:
    """The badge class of an initiative's status (the label says it; colour only helps)."""
    return _STATUS_BADGES.get(status, "text-bg-secondary")
