"""Staff pages: import of entities from spreadsheets, and export of the registry.

An import goes: upload → column mapping → check (a background task; nothing written) →
the report → confirm → import (a background task; one transaction) → the result. While a
task runs the page shows its progress, refreshed by htmx every second (a link refreshes it
without JavaScript). Batches of regions the user does not work on answer 404.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from koordynator.accounts.rules import require_perm
from koordynator.accounts.selectors import regions_for_staff, staff_region_ids
from koordynator.core.tenancy import scope_to_regions
from koordynator.core.workflow import TransitionNotAllowed

from .. import exporting
from ..enums import IMPORT_BATCH_WORKFLOW, ImportStatus
from ..importing import batches
from ..importing.forms import MappingForm, UploadForm
from ..importing.reading import ImportFileError
from ..models import ImportBatch
from ..rules import ADD_ENTITY_IN_REGION, EXPORT_ENTITIES, IMPORT_ENTITIES

RUNNING = {ImportStatus.CHECKING, ImportStatus.IMPORTING}
RECENT_BATCHES = 10


def _batches(request: HttpRequest) -> Any:
    return scope_to_regions(
        ImportBatch.objects.select_related("region__voivodeship", "created_by"),
        staff_region_ids(request.user),
    )


def _batch_for(request: HttpRequest, batch_id: int) -> ImportBatch:
    require_perm(request, IMPORT_ENTITIES)
    batch = _batches(request).filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    return batch


def _refused(request: HttpRequest, refusal: TransitionNotAllowed) -> None:
    """Say why the batch cannot move (a second click, a second tab, a stale page)."""
    messages.error(request, " ".join(refusal.errors.values()))


def _percent(batch: ImportBatch) -> int:
    if not batch.total_rows:
        return 0
    return min(100, batch.processed_rows * 100 // batch.total_rows)


# --- Pages -------------------------------------------------------------------------------------


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    """Upload a spreadsheet for the user's region (a choice when they work on several)."""
    require_perm(request, IMPORT_ENTITIES)
    regions = regions_for_staff(request.user)
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None, request.FILES if posted else None, regions=regions
    )
    if posted and form.is_valid():
        region = form.cleaned_data["region"]
        require_perm(request, ADD_ENTITY_IN_REGION, region)
        try:
            batch = batches.batch_create(
                region=region,
                upload=form.cleaned_data["file"],
                actor=request.user,
                language=get_language() or "pl",
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("registry:import_detail", batch_id=batch.pk)
    region_list = list(regions)
    return render(
        request,
        "registry/import_start.html",
        {
            "form": form,
            "regions": region_list,
            "batches": _batches(request)[:RECENT_BATCHES],
        },
        status=400 if form.errors else 200,
    )


def _mapping_page(
    request: HttpRequest, batch: ImportBatch, form: MappingForm, *, status: int = 200
) -> HttpResponse:
    samples = batch.mapping.get("samples", [])
    rows = [
        {
            "index": index,
            "header": header,
            "field": field,
            "samples": [sample[index] for sample in samples if index < len(sample)],
        }
        for index, header, field in form.rows()
    ]
    return render(
        request,
        "registry/import_mapping.html",
        {"batch": batch, "form": form, "rows": rows, "mapping": batch.mapping},
        status=status,
    )


def _mapping_form(batch: ImportBatch, data: Any = None) -> MappingForm:
    return MappingForm(
        data, headers=batch.mapping.get("headers", []), fields=batch.mapping.get("fields", [])
    )


@login_required
@never_cache
@require_GET
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The batch as it is now: mapping, progress, report or result."""
    batch = _batch_for(request, batch_id)
    if batch.status == ImportStatus.UPLOADED:
        return _mapping_page(request, batch, _mapping_form(batch))
    if batch.status in RUNNING:
        return render(
            request, "registry/import_progress.html", {"batch": batch, "percent": _percent(batch)}
        )
    counts = batch.report.get("counts", {})
    context = {"batch": batch, "report": batch.report, "counts": counts}
    if batch.status == ImportStatus.CHECKED:
        context["count_items"] = [
            (_("New entities"), counts.get("new")),
            (_("Entities to update"), counts.get("update")),
            (_("Unchanged"), counts.get("unchanged")),
            (_("Rows with errors, to skip"), counts.get("error")),
        ]
        context["to_import"] = counts.get("new", 0) + counts.get("update", 0)
        return render(request, "registry/import_report.html", context)
    context["count_items"] = [
        (_("Added"), counts.get("new")),
        (_("Updated"), counts.get("update")),
        (_("Unchanged"), counts.get("unchanged")),
        (_("Skipped (errors)"), counts.get("error")),
    ]
    return render(request, "registry/import_result.html", context)


@login_required
@never_cache
@require_GET
def import_progress(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The progress bar alone, for htmx to poll; once the task is done, htmx reloads the
    whole page (and a browser without JavaScript is sent there)."""
    batch = _batch_for(request, batch_id)
    is_htmx = bool(getattr(request, "htmx", False))
    if batch.status not in RUNNING:
        if is_htmx:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return redirect("registry:import_detail", batch_id=batch.pk)
    return render(
        request,
        "registry/import_progress_bar.html",
        {"batch": batch, "percent": _percent(batch)},
    )


@login_required
@require_POST
def import_check_start(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Save the column mapping and start checking every row."""
    batch = _batch_for(request, batch_id)
    try:
        # Before the form: a batch being checked or imported has no mapping to correct.
        IMPORT_BATCH_WORKFLOW.check_named("check", batch.status)
    except TransitionNotAllowed as refusal:
        _refused(request, refusal)
        return redirect("registry:import_detail", batch_id=batch.pk)
    form = _mapping_form(batch, request.POST)
    if not form.is_valid():
        return _mapping_page(request, batch, form, status=400)
    try:
        batches.batch_check_start(
            batch=batch,
            fields=form.mapping_fields(),
            language=get_language() or settings.LANGUAGE_CODE,
            actor=request.user,
        )
    except TransitionNotAllowed as refusal:
        _refused(request, refusal)
    return redirect("registry:import_detail", batch_id=batch.pk)


@login_required
@require_POST
def import_confirm(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Import the good rows of a checked batch."""
    batch = _batch_for(request, batch_id)
    require_perm(request, ADD_ENTITY_IN_REGION, batch.region)
    try:
        batches.batch_confirm(batch=batch, actor=request.user)
    except TransitionNotAllowed as refusal:
        _refused(request, refusal)
    return redirect("registry:import_detail", batch_id=batch.pk)


@login_required
@require_POST
def import_remap(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Back from the report (or a failure) to the column mapping."""
    batch = _batch_for(request, batch_id)
    try:
        batches.batch_remap(batch=batch, actor=request.user)
    except TransitionNotAllowed as refusal:
        _refused(request, refusal)
    return redirect("registry:import_detail", batch_id=batch.pk)


@login_required
@require_POST
def import_cancel(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Drop a batch that was not imported, and its file."""
    batch = _batch_for(request, batch_id)
    try:
        batches.batch_cancel(batch=batch, actor=request.user)
    except TransitionNotAllowed as refusal:
        _refused(request, refusal)
    else:
        messages.info(
            request,
            _("The import of “%(name)s” was cancelled; nothing was saved.")
            % {"name": batch.original_name},
        )
    return redirect("registry:import")


@login_required
def export(request: HttpRequest) -> HttpResponseBase:
    """The export page; with ?format=… the file itself, filtered as the list is."""
    require_perm(request, EXPORT_ENTITIES)
    form = exporting.ExportForm(request.GET or None, user=request.user)
    chosen = request.GET.get("format")
    if chosen not in exporting.FORMATS:
        return render(
            request,
            "registry/export.html",
            {"form": form, "unknown_format": chosen is not None},
            status=400 if chosen is not None else 200,
        )
    entities = exporting.entities_to_export(request.user, form.filters())
    content_type, extension = exporting.FORMATS[chosen]
    name = exporting.file_name(extension)
    response: HttpResponseBase
    if chosen == "xlsx":
        response = FileResponse(
            exporting.xlsx_file(entities),
            as_attachment=True,
            filename=name,
            content_type=content_type,
        )
    else:
        chunks = {
            "csv": exporting.csv_lines,
            "json": exporting.json_chunks,
            "geojson": exporting.geojson_chunks,
        }[chosen](entities)
        response = StreamingHttpResponse(chunks, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("panel/registry/import/", import_start, name="import"),
    path("panel/registry/import/<int:batch_id>/", import_detail, name="import_detail"),
    path(
        "panel/registry/import/<int:batch_id>/progress/",
        import_progress,
        name="import_progress",
    ),
    path("panel/registry/import/<int:batch_id>/check/", import_check_start, name="import_check"),
    path("panel/registry/import/<int:batch_id>/confirm/", import_confirm, name="import_confirm"),
    path("panel/registry/import/<int:batch_id>/mapping/", import_remap, name="import_remap"),
    path("panel/registry/import/<int:batch_id>/cancel/", import_cancel, name="import_cancel"),
    path("panel/registry/export/", export, name="export"),
]
