"""Calendar arithmetic the contexts share."""

from __future__ import annotations

import calendar
import datetime


def months_on(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; a day the target month lacks becomes its last
    (31 January + 1 month is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))
