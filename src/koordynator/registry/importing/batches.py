"""Import batches: an uploaded file, checked and then imported by background tasks.

A batch's status moves only as `enums.IMPORT_BATCH_WORKFLOW` allows. What a person decides
(start the check, confirm the import, go back to the mapping, cancel) goes through the
services at the end of this module, each audited; the jobs (`batch_check`, `batch_import`)
move the batch on as they work and record their result on it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koordynator.core.actors import Actor, user_or_none
from koordynator.core.audit import audit_log
from koordynator.territory.models import Region

from ..enums import IMPORT_BATCH_WORKFLOW
from ..models import ImportBatch
from ..tasks import import_check, import_run
from .columns import mapping_from_sheet
from .reading import ImportFileError, Sheet, read_sheet
from .rows import Importer, RowError

logger = logging.getLogger(__name__)


def batch_create(*, region: Region, upload: Any, actor: Actor, language: str) -> ImportBatch:
    """Store an uploaded file as an import batch with the detected column mapping.

    Raises ImportFileError when the file cannot be read."""
    upload.seek(0)
    sheet = read_sheet(upload, upload.name)
    try:
        mapping = mapping_from_sheet(sheet, language=language)
    finally:
        sheet.close()
    upload.seek(0)
    batch = ImportBatch(
        region=region,
        created_by=user_or_none(actor),
        original_name=upload.name[:255],
        mapping=mapping,
        total_rows=sheet.total,
    )
    IMPORT_BATCH_WORKFLOW.check(None, batch.status)
    batch.file.save(upload.name, upload, save=False)
    batch.save()
    return batch


def _open_batch_sheet(batch: ImportBatch) -> Sheet:
    """The batch's file, read as on upload (the mapping refers to its columns)."""
    with batch.file.open("rb") as stream:
        sheet = read_sheet(stream, batch.original_name)
    sheet.header_row = batch.mapping.get("header_row", sheet.header_row)
    sheet.headers = batch.mapping.get("headers", sheet.headers)
    return sheet


def _set(batch: ImportBatch, **values: Any) -> None:
    for key, value in values.items():
        setattr(batch, key, value)
    ImportBatch.objects.filter(pk=batch.pk).update(**values)


def _job_move(batch: ImportBatch, name: str, **values: Any) -> None:
    """A job's move of the batch, checked by the table and written at once, outside any
    transaction: the progress page sees it, and a failure stays recorded when the import's
    transaction rolls back. Not audited: a job decides nothing (the person who started it
    is audited by the service that queued it), and what an import wrote is audited as
    ``registry.import.completed``."""
    _set(batch, status=IMPORT_BATCH_WORKFLOW.check_named(name, batch.status), **values)


def _job_start(batch: ImportBatch, name: str) -> None:
    """Put the batch in the state the job runs in. The pages move it there before they queue
    the job (`batch_check_start`, `batch_confirm`); a job called on a batch directly makes
    the same `name`d move itself."""
    running = IMPORT_BATCH_WORKFLOW[name].target
    if batch.status != running:
        IMPORT_BATCH_WORKFLOW.check_named(name, batch.status)
    _set(batch, status=running, processed_rows=0)


class _SideProgress:
    """Writes processed_rows from outside the import's transaction, so that the progress
    page sees it before the commit. PostgreSQL only: SQLite allows one writer at a time,
    and there the count is written when the import ends."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        self.connection = None
        if connections["default"].vendor == "postgresql":
            self.connection = connections.create_connection("default")

    def __call__(self, processed: int) -> None:
        if self.connection is None:
            return
        table = self.connection.ops.quote_name(ImportBatch._meta.db_table)
        try:
            with self.connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '200ms'")
                cursor.execute(
                    f"UPDATE {table} SET processed_rows = %s WHERE id = %s",  # noqa: S608 (quoted name)
                    [processed, self.batch.pk],
                )
        except DatabaseError:
            logger.warning("import %s: progress not recorded", self.batch.pk, exc_info=True)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def _report(
    importer: Importer, errors: list[tuple[int, RowError]], *, phase: str
) -> dict[str, Any]:
    return {
        "phase": phase,
        "counts": dict(importer.counts),
        "errors": [
            {"row": number, "column": error.column, "message": error.message, "code": error.code}
            for number, error in errors
        ],
        "errors_total": importer.errors_total,
    }


def _language(batch: ImportBatch) -> str:
    return str(batch.mapping.get("language") or settings.LANGUAGE_CODE)


def batch_check(batch_id: int) -> ImportBatch:
    """Check every row of the batch with the current mapping; write no entity."""
    batch = ImportBatch.objects.select_related("region__voivodeship").get(pk=batch_id)
    with translation.override(_language(batch)):
        _job_start(batch, "check")
        try:
            sheet = _open_batch_sheet(batch)
            try:
                importer = Importer(
                    region=batch.region,
                    headers=batch.mapping["headers"],
                    fields=batch.mapping["fields"],
                )
                errors = importer.run(
                    sheet.rows(), progress=lambda n: _set(batch, processed_rows=n)
                )
            finally:
                sheet.close()
        except Exception as error:
            logger.exception("import %s: check failed", batch.pk)
            _fail(batch, error)
            return batch
        report = _report(importer, errors, phase="check")
        _job_move(
            batch,
            "checked",
            processed_rows=sum(importer.counts.values()),
            total_rows=sum(importer.counts.values()),
            report=report,
        )
    return batch


def batch_import(batch_id: int) -> ImportBatch:
    """Check every row again and write the good ones, all in one transaction."""
    batch = ImportBatch.objects.select_related("region__voivodeship", "created_by").get(pk=batch_id)
    with translation.override(_language(batch)):
        _job_start(batch, "confirm")
        progress = _SideProgress(batch)
        try:
            sheet = _open_batch_sheet(batch)
            try:
                with transaction.atomic():
                    importer = Importer(
                        region=batch.region,
                        headers=batch.mapping["headers"],
                        fields=batch.mapping["fields"],
                        actor=batch.created_by,
                    )
                    errors = importer.run(sheet.rows(), progress=progress, write=True)
                    counts = importer.counts
                    if counts["new"] or counts["update"]:
                        audit_log(
                            actor=batch.created_by,
                            action="registry.import.completed",
                            target=batch,
                            region_code=batch.region.code,
                            changes={
                                "file": batch.original_name,
                                "created": counts["new"],
                                "updated": counts["update"],
                                "unchanged": counts["unchanged"],
                                "skipped": counts["error"],
                            },
                        )
            finally:
                sheet.close()
                progress.close()
        except Exception as error:
            logger.exception("import %s: import failed", batch.pk)
            _fail(batch, error)
            return batch
        report = {
            **_report(importer, errors, phase="import"),
            "check": batch.report.get("counts", {}),
        }
        _job_move(
            batch,
            "imported",
            processed_rows=sum(importer.counts.values()),
            total_rows=sum(importer.counts.values()),
            report=report,
            finished_at=timezone.now(),
        )
    return batch


def _fail(batch: ImportBatch, error: Exception) -> None:
    if isinstance(error, ImportFileError):
        message = str(error)
    else:
        message = _("The import stopped because of an unexpected error; nothing was written.")
    _job_move(
        batch,
        "fail",
        report={**batch.report, "failure": message},
        finished_at=timezone.now(),
    )


# --- What a person decides ---------------------------------------------------------------------


def _decided(
    batch: ImportBatch,
    name: str,
    *,
    actor: Actor,
    action: str,
    changes: dict[str, Any] | None = None,
    **values: Any,
) -> ImportBatch:
    """The `name`d move of the batch as it is in the database now, locked: a second click
    or a second tab finds it moved already and is refused, so no job starts twice. `values`
    are written with the status."""
    locked = (
        ImportBatch.objects.select_for_update(of=("self",))
        .select_related("region__voivodeship")
        .get(pk=batch.pk)
    )
    target = IMPORT_BATCH_WORKFLOW.check_named(name, locked.status)
    for key, value in values.items():
        setattr(locked, key, value)
    IMPORT_BATCH_WORKFLOW.move(
        locked,
        target,
        actor=actor,
        action=action,
        region_code=locked.region.code,
        changes=changes,
        update_fields=values,
    )
    return locked


@transaction.atomic
def batch_check_start(
    *, batch: ImportBatch, fields: list[str], language: str, actor: Actor
) -> ImportBatch:
    """Save the column mapping (`fields`, one per column) and queue the check of every row."""
    moved = _decided(
        batch,
        "check",
        actor=actor,
        action="registry.import.check_started",
        changes={"fields": fields},
        mapping={**batch.mapping, "fields": fields, "language": language},
        processed_rows=0,
    )
    transaction.on_commit(lambda: import_check.enqueue(batch_id=moved.pk))
    return moved


@transaction.atomic
def batch_confirm(*, batch: ImportBatch, actor: Actor) -> ImportBatch:
    """Queue the import of a checked batch's good rows."""
    moved = _decided(
        batch, "confirm", actor=actor, action="registry.import.confirmed", processed_rows=0
    )
    transaction.on_commit(lambda: import_run.enqueue(batch_id=moved.pk))
    return moved


@transaction.atomic
def batch_remap(*, batch: ImportBatch, actor: Actor) -> ImportBatch:
    """Back from the report (or a failure) to the column mapping."""
    return _decided(
        batch, "remap", actor=actor, action="registry.import.remapped", processed_rows=0
    )


@transaction.atomic
def batch_cancel(*, batch: ImportBatch, actor: Actor) -> ImportBatch:
    """Drop a batch that was not imported; its file is deleted once that is committed."""
    name, storage = batch.file.name, batch.file.storage
    moved = _decided(batch, "cancel", actor=actor, action="registry.import.cancelled", file="")
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    return moved
