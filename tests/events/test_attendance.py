"""Attendance: the check-in screen, the attendance list as PDF, the report, certificates."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pypdf import PdfReader

from koordynator.core.api import DomainValidationError
from koordynator.core.models import AuditEntry
from koordynator.events import selectors, services
from koordynator.events.enums import OrganisationType
from koordynator.events.models import Attendance, Event
from tests.factories import EntityFactory
from tests.factories.events import (
    AttendanceFactory,
    EventFactory,
    PastEventFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def viewed(event: Event) -> list[str]:
    return list(
        AuditEntry.objects.filter(
            action="events.participants.viewed", object_id=str(event.pk)
        ).values_list("changes__view", flat=True)
    )


# --- Services ----------------------------------------------------------------------------------


def test_marking_present_is_recorded_once_and_can_be_undone(region, coordinator):
    event = PastEventFactory()
    registration = RegistrationFactory(event=event)
    first, second = event.days
    for _n in range(2):
        services.attendance_mark(
            registration=registration, day=first, present=True, actor=coordinator
        )
    services.attendance_mark(registration=registration, day=second, present=True, actor=coordinator)
    assert sorted(registration.attendances.values_list("day", flat=True)) == [first, second]
    services.attendance_mark(
        registration=registration, day=second, present=False, actor=coordinator
    )
    assert list(registration.attendances.values_list("day", flat=True)) == [first]
    assert list(
        AuditEntry.objects.filter(object_type="events.registration").values_list(
            "action", flat=True
        )
    ) == ["events.attendance.unmarked", "events.attendance.marked", "events.attendance.marked"]


def test_a_day_outside_the_event_or_a_waiting_person_writes_nothing(region, coordinator):
    event = PastEventFactory()
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted", queue_number=1)
    with pytest.raises(DomainValidationError) as error:
        services.attendance_mark(
            registration=confirmed,
            day=event.days[-1] + timedelta(days=1),
            present=True,
            actor=coordinator,
        )
    assert "day" in error.value.errors
    with pytest.raises(DomainValidationError):
        services.attendance_mark(
            registration=waiting, day=event.days[0], present=True, actor=coordinator
        )
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="events.attendance").exists()


def test_counts_by_day_attended_count_and_report_by_kind_and_powiat(region):
    event = PastEventFactory()
    first, second = event.days
    entity = EntityFactory()  # gmina Kraśnik (urban), powiat kraśnicki
    both = RegistrationFactory(event=event, entity=entity, organisation_type="entity")
    AttendanceFactory(registration=both, day=first)
    AttendanceFactory(registration=both, day=second)
    only_first = RegistrationFactory(event=event, organisation_type="local_government")
    AttendanceFactory(registration=only_first, day=first)
    RegistrationFactory(event=event)  # confirmed, never came
    assert selectors.attendance_counts(event) == [(first, 2), (second, 1)]
    assert selectors.with_counts(Event.objects.filter(pk=event.pk)).get().attended_count == 2
    report = selectors.event_report(event)
    assert report.participants == 2
    assert report.by_organisation_type == sorted(
        [(str(OrganisationType.LOCAL_GOVERNMENT.label), 1), (str(OrganisationType.ENTITY.label), 1)]
    )
    assert report.by_powiat == [("pow. kraśnicki", 1), ("unknown", 1)]


# --- Check-in screen ---------------------------------------------------------------------------


def test_checkin_screen_searches_marks_without_javascript_and_is_audited(
    client, region, coordinator
):
    event = PastEventFactory()
    anna = RegistrationFactory(event=event, first_name="Anna", last_name="Łukasiewicz")
    RegistrationFactory(event=event, first_name="Piotr", last_name="Zając")
    client.force_login(coordinator)
    url = reverse("events:staff_checkin", args=[event.pk])
    response = client.get(url, {"q": "lukasiewicz", "day": event.days[1].isoformat()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Łukasiewicz" in html
    assert "Zając" not in html
    assert viewed(event) == ["checkin"]
    mark = reverse("events:staff_checkin_mark", args=[event.pk, anna.pk])
    response = client.post(
        mark, {"day": event.days[1].isoformat(), "present": "1", "q": "lukasiewicz"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(url + "?day=")
    assert list(anna.attendances.values_list("day", flat=True)) == [event.days[1]]


def test_checkin_with_htmx_answers_the_row(client, region, coordinator):
    event = PastEventFactory()
    anna = RegistrationFactory(event=event, first_name="Anna", last_name="Wiśniewska")
    client.force_login(coordinator)
    mark = reverse("events:staff_checkin_mark", args=[event.pk, anna.pk])
    response = client.post(
        mark, {"day": event.days[0].isoformat(), "present": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="checkin-{anna.pk}">')
    assert _("present") in html
    assert 'name="present" value="0"' in html
    assert anna.attendances.count() == 1


def test_checkin_is_404_for_other_regions_and_needs_a_login(client, region, other_coordinator):
    event = PastEventFactory()
    registration = RegistrationFactory(event=event)
    url = reverse("events:staff_checkin", args=[event.pk])
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    mark = reverse("events:staff_checkin_mark", args=[event.pk, registration.pk])
    assert client.post(mark, {"day": event.days[0].isoformat(), "present": "1"}).status_code == 404
    assert not Attendance.objects.exists()


def test_registration_list_is_audited(client, region, coordinator):
    event = EventFactory()
    RegistrationFactory(event=event)
    client.force_login(coordinator)
    assert client.get(reverse("events:staff_registrations", args=[event.pk])).status_code == 200
    assert viewed(event) == ["registration_list"]


# --- Attendance list PDF -----------------------------------------------------------------------


def test_attendance_pdf_has_a_page_set_per_day_with_names_and_organisations(
    client, region, coordinator
):
    event = PastEventFactory(title="Warsztaty powiatowe: plan rozwoju ekonomii społecznej")
    RegistrationFactory(
        event=event, first_name="Żaneta", last_name="Gęślicka", organisation_name="KIS w Łęcznej"
    )
    RegistrationFactory(event=event, status="cancelled", first_name="Odwołany", last_name="Ktoś")
    client.force_login(coordinator)
    url = reverse("events:staff_attendance_pdf", args=[event.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, pages = pdf_text(response.content)
    assert pages == 2
    assert text.count("Gęślicka Żaneta") == 2
    assert "KIS w Łęcznej" in text
    assert "Odwołany" not in text
    assert "Warsztaty powiatowe" in text
    one_day, pages = pdf_text(client.get(url, {"day": event.days[1].isoformat()}).content)
    assert pages == 1
    assert "Gęślicka Żaneta" in one_day
    assert client.get(url, {"day": "2001-01-01"}).status_code == 404
    assert viewed(event) == ["attendance_pdf", "attendance_pdf"]


# --- Report and certificates -------------------------------------------------------------------


def test_report_page_says_how_many_took_part(client, region, coordinator):
    event = PastEventFactory()
    for _n in range(3):
        AttendanceFactory(registration=RegistrationFactory(event=event))
    client.force_login(coordinator)
    response = client.get(reverse("events:staff_report", args=[event.pk]))
    assert response.status_code == 200
    sentence = ngettext(
        "%(counter)s person took part in the event.",
        "%(counter)s people took part in the event.",
        3,
    ) % {"counter": 3}
    assert sentence in response.content.decode()
    public = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert sentence in public


def test_certificates_have_codes_that_the_public_page_verifies(client, region, coordinator):
    event = PastEventFactory(title="Spotkanie sieciujące CIS i KIS")
    present = RegistrationFactory(event=event, first_name="Michał", last_name="Żółkiewski")
    AttendanceFactory(registration=present)
    RegistrationFactory(event=event, first_name="Nieobecny", last_name="Nowak")
    client.force_login(coordinator)
    response = client.get(reverse("events:staff_certificates_pdf", args=[event.pk]))
    assert response.status_code == 200
    present.refresh_from_db()
    code = present.certificate_code
    assert len(code) == 9
    assert code[4] == "-"
    text, pages = pdf_text(response.content)
    assert pages == 1
    assert "Michał Żółkiewski" in text
    assert code in text
    assert "Nieobecny" not in text
    # The same code ever after.
    client.get(reverse("events:staff_certificates_pdf", args=[event.pk]))
    present.refresh_from_db()
    assert present.certificate_code == code
    assert AuditEntry.objects.filter(action="events.certificate.issued").count() == 1

    client.logout()
    typed = code.lower().replace("-", " ")
    response = client.get(reverse("events:certificate_verify"), {"code": typed})
    assert response["Location"] == reverse("events:certificate", args=[code])
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Michał Żółkiewski" in html
    assert "Spotkanie sieciujące CIS i KIS" in html
    missing = client.get(reverse("events:certificate", args=["ABCD-2345"]))
    assert missing.status_code == 404
    assert "ABCD-2345" in missing.content.decode()
    assert client.get(reverse("events:certificate_verify")).status_code == 200


def test_certificates_without_anybody_present_redirect_with_a_message(client, region, coordinator):
    event = PastEventFactory()
    RegistrationFactory(event=event)
    client.force_login(coordinator)
    response = client.get(reverse("events:staff_certificates_pdf", args=[event.pk]))
    assert response.status_code == 302
    assert not event.registrations.exclude(certificate_code="").exists()
