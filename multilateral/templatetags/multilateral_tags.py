"""Amounts of money as the reader's language writes them: grouped Latin digits and the ISO
4217 code (after the number in Arabic, before it in English)."""

from decimal import Decimal

from babel.numbers import format_decimal
from django import template
from django.utils.translation import get_language

register = template.Library()


def money(amount, currency: str = "") -> str:
    """`12,345 CHF` in Arabic, `CHF 12,345` in English; cents only when there are any."""
    if amount is None or amount == "":
        return ""
    amount = Decimal(amount)
    pattern = "#,##0" if amount == amount.to_integral_value() else "#,##0.00"
    arabic = (get_language() or "en").startswith("ar")
    number = format_decimal(amount, format=pattern, locale="ar" if arabic else "en")
    if not currency:
        return number
    return f"{number}\xa0{currency}" if arabic else f"{currency}\xa0{number}"


register.filter("money", money)
