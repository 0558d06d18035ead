"""How an import batch moves: the person's moves (start the check, confirm, go back to the
mapping, cancel) are services checked by `IMPORT_BATCH_WORKFLOW` and audited; the jobs move
a batch on as they work; a move the table forbids is refused, and a page says so."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koordynator.accounts.enums import Role
from koordynator.core.models import AuditEntry
from koordynator.core.workflow import TransitionNotAllowed
from koordynator.registry.enums import IMPORT_BATCH_WORKFLOW, ImportStatus
from koordynator.registry.importing.batches import (
    batch_cancel,
    batch_check,
    batch_check_start,
    batch_confirm,
    batch_create,
    batch_import,
    batch_remap,
)
from koordynator.registry.models import ImportBatch
from tests.factories import region_for, user_with_role

from .fixtures import to_csv

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
FIELDS = ["name", "kind", "gmina"]


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def region():
    return region_for("06")


@pytest.fixture
def coordinator(region):
    return user_with_role(Role.REGIONAL_COORDINATOR, region=region)


def batch_in(status: str, region, actor) -> ImportBatch:
    data = to_csv([["Nazwa", "Forma prawna", "Gmina"], ["Fundacja A", "fundacja", "Lublin"]])
    batch = batch_create(
        region=region, upload=SimpleUploadedFile("p.csv", data), actor=actor, language="pl"
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status=status)
    batch.refresh_from_db()
    return batch


def check_start(batch, actor):
    return batch_check_start(batch=batch, fields=FIELDS, language="pl", actor=actor)


def confirm(batch, actor):
    return batch_confirm(batch=batch, actor=actor)


def remap(batch, actor):
    return batch_remap(batch=batch, actor=actor)


def cancel(batch, actor):
    return batch_cancel(batch=batch, actor=actor)


# move name in the table, service, audit action, callbacks queued on commit when allowed
MOVES = [
    ("check", check_start, "registry.import.check_started", 1),
    ("confirm", confirm, "registry.import.confirmed", 1),
    ("remap", remap, "registry.import.remapped", 0),
    ("cancel", cancel, "registry.import.cancelled", 1),  # the file's deletion
]
CASES = [
    pytest.param(name, service, action, queued, status, id=f"{name}-from-{status}")
    for name, service, action, queued in MOVES
    for status in ImportStatus.values
]


def test_the_table_says_where_each_move_of_a_person_may_start():
    sources = {name: IMPORT_BATCH_WORKFLOW[name].sources for name, *_rest in MOVES}
    assert sources == {
        "check": {ImportStatus.UPLOADED, ImportStatus.CHECKED},
        "confirm": {ImportStatus.CHECKED},
        "remap": {ImportStatus.CHECKED, ImportStatus.FAILED},
        "cancel": {ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED},
    }
    # Nothing leaves an imported or cancelled batch; nothing a person does stops a job.
    assert IMPORT_BATCH_WORKFLOW.allowed(ImportStatus.IMPORTED) == []
    assert IMPORT_BATCH_WORKFLOW.allowed(ImportStatus.CANCELLED) == []
    for running in (ImportStatus.CHECKING, ImportStatus.IMPORTING):
        assert {t.name for t in IMPORT_BATCH_WORKFLOW.allowed(running)} <= {
            "checked",
            "imported",
            "fail",
        }
    assert IMPORT_BATCH_WORKFLOW.targets(None) == {ImportStatus.UPLOADED}


@pytest.mark.parametrize(("name", "service", "action", "queued", "status"), CASES)
def test_each_move_of_a_person_is_allowed_by_the_table_and_audited_or_refused(
    name, service, action, queued, status, region, coordinator, django_capture_on_commit_callbacks
):
    batch = batch_in(status, region, coordinator)
    transition = IMPORT_BATCH_WORKFLOW[name]
    audit_before = AuditEntry.objects.count()
    if status in transition.sources:
        with django_capture_on_commit_callbacks() as callbacks:
            moved = service(batch, coordinator)
        assert moved.status == transition.target
        batch.refresh_from_db()
        assert batch.status == transition.target
        assert len(callbacks) == queued
        entry = AuditEntry.objects.get(action=action)
        assert entry.actor == coordinator
        assert (entry.object_type, entry.object_id) == ("registry.importbatch", str(batch.pk))
        assert entry.region_code == region.code
        assert entry.changes["status"] == [status, transition.target]
    else:
        with (
            django_capture_on_commit_callbacks() as callbacks,
            pytest.raises(TransitionNotAllowed) as refused,
        ):
            service(batch, coordinator)
        assert "nie może zmienić się" in refused.value.errors["status"]
        batch.refresh_from_db()
        assert batch.status == status
        assert callbacks == []
        assert AuditEntry.objects.count() == audit_before


def test_starting_the_check_saves_the_mapping_and_queues_the_job(
    region, coordinator, django_capture_on_commit_callbacks
):
    batch = batch_in(ImportStatus.UPLOADED, region, coordinator)
    audit_before = AuditEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        check_start(batch, coordinator)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CHECKED  # the job ran (immediate backend)
    assert batch.mapping["fields"] == FIELDS
    assert batch.report["counts"]["new"] == 1
    entry = AuditEntry.objects.get(action="registry.import.check_started")
    assert entry.changes["fields"] == FIELDS
    # Only the person's move is audited; the job's own moves are recorded on the batch.
    assert AuditEntry.objects.count() == audit_before + 1


def test_confirming_queues_the_import(region, coordinator, django_capture_on_commit_callbacks):
    batch = batch_check(batch_in(ImportStatus.UPLOADED, region, coordinator).pk)
    ImportBatch.objects.filter(pk=batch.pk).update(mapping={**batch.mapping, "fields": FIELDS})
    batch = batch_check(batch.pk)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(batch, coordinator)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    assert list(
        AuditEntry.objects.filter(object_type="registry.importbatch")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["registry.import.confirmed", "registry.import.completed"]


def test_cancelling_deletes_the_file_once_committed(
    region, coordinator, django_capture_on_commit_callbacks
):
    batch = batch_in(ImportStatus.CHECKED, region, coordinator)
    name, storage = batch.file.name, batch.file.storage
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        cancel(batch, coordinator)
    batch.refresh_from_db()
    assert (batch.status, batch.file.name) == (ImportStatus.CANCELLED, "")
    assert not storage.exists(name)


def test_a_refused_move_keeps_the_file(region, coordinator):
    batch = batch_in(ImportStatus.IMPORTED, region, coordinator)
    with pytest.raises(TransitionNotAllowed):
        cancel(batch, coordinator)
    batch.refresh_from_db()
    assert batch.file.storage.exists(batch.file.name)


@pytest.mark.parametrize(
    ("job", "status"),
    [
        (batch_check, ImportStatus.IMPORTED),
        (batch_check, ImportStatus.CANCELLED),
        (batch_check, ImportStatus.IMPORTING),
        (batch_import, ImportStatus.UPLOADED),
        (batch_import, ImportStatus.IMPORTED),
        (batch_import, ImportStatus.CHECKING),
    ],
)
def test_a_job_refuses_a_batch_the_table_does_not_let_it_move(job, status, region, coordinator):
    batch = batch_in(status, region, coordinator)
    with pytest.raises(TransitionNotAllowed):
        job(batch.pk)
    batch.refresh_from_db()
    assert batch.status == status
    assert not AuditEntry.objects.filter(object_type="registry.importbatch").exists()


@pytest.mark.parametrize(
    ("job", "running"),
    [(batch_check, ImportStatus.CHECKING), (batch_import, ImportStatus.IMPORTING)],
)
def test_a_job_goes_on_from_the_state_the_page_moved_the_batch_to(
    job, running, region, coordinator
):
    batch = batch_in(ImportStatus.UPLOADED, region, coordinator)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=running, mapping={**batch.mapping, "fields": FIELDS}
    )
    done = job(batch.pk)
    assert done.status in {ImportStatus.CHECKED, ImportStatus.IMPORTED}, done.report


# --- Pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "status"),
    [
        ("registry:import_confirm", ImportStatus.UPLOADED),
        ("registry:import_remap", ImportStatus.IMPORTED),
        ("registry:import_check", ImportStatus.IMPORTING),
    ],
)
def test_a_refused_move_is_said_on_the_page_not_raised(
    client, url_name, status, region, coordinator
):
    client.force_login(coordinator)
    batch = batch_in(status, region, coordinator)
    response = client.post(reverse(url_name, args=[batch.pk]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == reverse("registry:import_detail", args=[batch.pk])
    assert "nie może zmienić się" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == status
    assert not AuditEntry.objects.filter(object_type="registry.importbatch").exists()


def test_cancelling_an_imported_batch_is_refused_on_the_page(client, region, coordinator):
    client.force_login(coordinator)
    batch = batch_in(ImportStatus.IMPORTED, region, coordinator)
    response = client.post(reverse("registry:import_cancel", args=[batch.pk]), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "nie może zmienić się" in page
    assert "został anulowany" not in page
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED


def test_the_pages_moves_are_audited_with_the_person(client, region, coordinator):
    client.force_login(coordinator)
    batch = batch_in(ImportStatus.FAILED, region, coordinator)
    client.post(reverse("registry:import_remap", args=[batch.pk]))
    client.post(reverse("registry:import_cancel", args=[batch.pk]))
    entries = AuditEntry.objects.filter(object_type="registry.importbatch").order_by("pk")
    assert [(e.action, e.actor) for e in entries] == [
        ("registry.import.remapped", coordinator),
        ("registry.import.cancelled", coordinator),
    ]
