"""The audit log: every service that changes state calls `audit_log` in its transaction."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.db.models import F, Value
from django.db.models.functions import Cast, JSONObject, Left
from django.utils import timezone

from .actors import Actor, user_or_none
from .models import AuditEntry


def audit_log(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None,
    changes: dict[str, Any] | None = None,
    region_code: str = "",
    object_type: str = "",
) -> AuditEntry:
    """Record `action` (e.g. ``accounts.token.issued``) done by `actor` to `target`.

    `changes` holds plain values: rows, dates, decimals and enums are written as JSON here
    (see `as_json`). Changes that touch no single row (a register import) pass
    ``target=None`` and name what they changed in `object_type`.
    """
    entry = _entry(actor, action, target, changes, region_code, object_type)
    entry.save()
    return entry


def as_json(value: Any) -> Any:
    """`value` as the audit log keeps it: a row as its primary key, a date or time in ISO
    8601, a decimal as its string (no float rounding), an enum as its value, sets and
    tuples as lists, dicts and lists element by element."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, enum.Enum):
        return as_json(value.value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [as_json(item) for item in value]
    return value


def audit_log_rows(
    *,
    actor: Actor,
    action: str,
    targets: models.QuerySet[Any],
    changes: Iterable[str],
    repr_field: str,
    region_code: str | models.F,
) -> None:
    """`audit_log` of one action on every row of `targets` (rows just written in bulk, such
    as a spreadsheet import), copied by the database in one INSERT ... SELECT: each entry's
    changes are the named fields of its row, its object the row's `repr_field`, its region
    a code or a path to one (``F("region__voivodeship__code")``)."""
    model = targets.model
    user = user_or_none(actor)
    actor_id = user.pk if user is not None else None
    values = {
        "occurred_at": Value(timezone.now(), output_field=models.DateTimeField()),
        "actor_id": Value(actor_id, output_field=models.IntegerField()),
        "action": Value(action, output_field=models.CharField()),
        "object_type": Value(model._meta.label_lower, output_field=models.CharField()),
        "object_id": Cast("pk", output_field=models.CharField()),
        "object_repr": Left(repr_field, 200),
        "region_code": region_code if isinstance(region_code, F) else Value(region_code),
        "changes": JSONObject(**{name: F(name) for name in changes}),
    }
    aliases = {f"audit_{name}": expression for name, expression in values.items()}
    select = targets.order_by().annotate(**aliases).values_list(*aliases)
    sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(AuditEntry._meta.db_table)} ({columns}) {sql}",
            params,
        )


def _entry(
    actor: Actor,
    action: str,
    target: models.Model | None,
    changes: dict[str, Any] | None,
    region_code: str,
    object_type: str,
) -> AuditEntry:
    return AuditEntry(
        actor=user_or_none(actor),
        action=action,
        object_type=target._meta.label_lower if target is not None else object_type,
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:200] if target is not None else "",
        region_code=region_code,
        changes=as_json(changes) if changes else {},
    )


def audit_entries_for(target: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        object_type=target._meta.label_lower, object_id=str(target.pk)
    ).select_related("actor")
