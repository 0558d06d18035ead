"""The audit log: every service that changes state calls `audit_log` in its transaction."""

from __future__ import annotations

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
    return AuditEntry.objects.create(
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
