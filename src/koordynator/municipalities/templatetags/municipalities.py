"""Filters of the local-government pages: percentages and changes as the indicators
show them."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


def format_number(value: Decimal | int | None) -> str:
    """A whole number without decimals (20), else one decimal (20,5) in the locale."""
    if value is None:
        return "–"
    number = Decimal(value)
    if number == number.to_integral_value():
        return number_format(int(number), use_l10n=True, force_grouping=True)
    return number_format(number, decimal_pos=1, use_l10n=True, force_grouping=True)


@register.filter
def percent(value: Decimal | int | None) -> str:
    return "–" if value is None else f"{format_number(value)}%"


@register.filter
def signed(value: Decimal | int | None) -> str:
    """A change with its sign: +2, −1,5, 0; "–" when there is nothing to compare."""
    if value is None:
        return "–"
    text = format_number(abs(Decimal(value)))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


@register.filter
def money(value: Decimal | int | None) -> str:
    if value is None:
        return "–"
    return number_format(Decimal(value), decimal_pos=2, use_l10n=True, force_grouping=True)
