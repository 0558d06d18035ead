"""The audit log: every service that changes state calls `audit_log` in its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from .models import AuditEntry


def audit_log(
    *,
    actor: Any,
    action: str,
    target: models.Model | None,
    changes: dict[str, Any] | None = None,
    region_code: str = "",
    object_type: str = "",
) -> AuditEntry:
    """Record `action` (e.g. ``accounts.token.issued``) done by `actor` to `target`.

    Changes that touch no single row (a register import) pass ``target=None`` and name
    what they changed in `object_type`.
    """
    entry = _entry(actor, action, target, changes, region_code, object_type)
    entry.save()
    return entry


def audit_log_many(
    *,
    actor: Any,
    action: str,
    entries: Iterable[tuple[models.Model, dict[str, Any]]],
    region_code: str = "",
) -> None:
    """`audit_log` of one action on many targets, each with its changes, in a few
    statements (a spreadsheet import)."""
    AuditEntry.objects.bulk_create(
        [_entry(actor, action, target, changes, region_code, "") for target, changes in entries],
        batch_size=500,
    )


def _entry(
    actor: Any,
    action: str,
    target: models.Model | None,
    changes: dict[str, Any] | None,
    region_code: str,
    object_type: str,
) -> AuditEntry:
    return AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=target._meta.label_lower if target is not None else object_type,
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:200] if target is not None else "",
        region_code=region_code,
        changes=changes or {},
    )


def audit_entries_for(target: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        object_type=target._meta.label_lower, object_id=str(target.pk)
    ).select_related("actor")
