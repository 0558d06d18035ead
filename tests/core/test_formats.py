"""Dates as people here read them: 07.12.2026 in Polish, 7 Dec 2026 in English, set once
for every template and document (config/formats), not per page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import formats, translation

DAY = datetime.date(2026, 12, 7)
MOMENT = datetime.datetime(2026, 12, 7, 14, 30, tzinfo=ZoneInfo("Europe/Warsaw"))


@pytest.mark.parametrize(
    ("language", "short", "short_datetime"),
    [("pl", "07.12.2026", "07.12.2026 14:30"), ("en", "7 Dec 2026", "7 Dec 2026, 14:30")],
)
def test_short_dates_are_in_day_month_year_order(language, short, short_datetime):
    with translation.override(language):
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == short
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == short_datetime
        assert Template('{{ day|date:"SHORT_DATE_FORMAT" }}').render(Context({"day": DAY})) == short


def test_english_dates_are_never_in_us_order():
    with translation.override("en"):
        assert Template("{{ day|date }}").render(Context({"day": DAY})) == "7 Dec 2026"
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == "7 Dec 2026, 14:30"
