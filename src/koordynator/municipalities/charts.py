"""Simple bar charts drawn on the server as SVG: no JavaScript, and every chart has its
data table beside it (the table is what screen readers read)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .templatetags.municipalities import format_number

LABEL_WIDTH = 170
BAR_AREA = 300
ROW_HEIGHT = 28
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    width: int = LABEL_WIDTH + BAR_AREA + 70
    label_width: int = LABEL_WIDTH


def bar_chart(
    rows: list[tuple[str, Decimal | int | None]],
    *,
    maximum: Decimal | int | None = None,
    suffix: str = "",
) -> BarChart:
    """Horizontal bars, one per (label, value); an empty value draws no bar and says "–"."""
    values = [Decimal(value) for _label, value in rows if value is not None]
    top = Decimal(maximum) if maximum is not None else max(values, default=Decimal(0))
    bars = []
    for number, (label, value) in enumerate(rows):
        width = 0
        if value is not None and top > 0:
            width = int(Decimal(value) / top * BAR_AREA)
        y = number * ROW_HEIGHT + 5
        bars.append(
            Bar(
                label=label,
                value_text="–" if value is None else f"{format_number(value)}{suffix}",
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT - 4,
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    return BarChart(bars=bars, height=len(rows) * ROW_HEIGHT + 10)
