from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import models

from koordynator.core.audit import as_json, audit_log
from koordynator.territory.models import TerritorialUnit


class Colour(models.TextChoices):
    RED = "red", "czerwony"


class Size(models.IntegerChoices):
    SMALL = 1, "mały"


def test_as_json_writes_plain_values_of_what_services_hold():
    moment = datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)
    assert as_json(
        {
            "on": date(2025, 3, 1),
            "at": moment,
            "amount": Decimal("12.50"),
            "colour": Colour.RED,
            "size": Size.SMALL,
            "pair": (1, date(2025, 1, 2)),
            "nested": {"items": [Decimal("1.0"), None, "x"]},
            "set": {3},
        }
    ) == {
        "on": "2025-03-01",
        "at": "2025-03-01T09:30:15.123456+00:00",
        "amount": "12.50",
        "colour": "red",
        "size": 1,
        "pair": [1, "2025-01-02"],
        "nested": {"items": ["1.0", None, "x"]},
        "set": [3],
    }
    assert type(as_json(Colour.RED)) is str


@pytest.mark.django_db
def test_audit_log_keeps_a_row_by_its_key():
    unit = TerritorialUnit.objects.get(code="0607011")
    entry = audit_log(
        actor=None,
        action="core.test",
        target=unit,
        changes={"gmina": [None, unit], "since": date(2025, 1, 1)},
    )
    entry.refresh_from_db()
    assert entry.changes == {"gmina": [None, unit.pk], "since": "2025-01-01"}
