"""Public list with filters, the month calendar, the iCalendar feed, the archive, photos."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from PIL import Image

from koordynator.core.models import AuditEntry
from koordynator.events.models import EventPhoto
from koordynator.territory.models import TerritorialUnit
from tests.factories.events import (
    AttendanceFactory,
    EventFactory,
    PastEventFactory,
    ProgrammeFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def photo_upload(name="zdjecie.jpg", size=(1200, 800)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_list_filters_by_kind_programme_and_powiat_of_the_venue(client, region):
    programme = ProgrammeFactory(name="Warsztaty powiatowe")
    krasnik = TerritorialUnit.objects.get(code="0607011")
    workshop = EventFactory(
        title="Warsztat w Kraśniku", kind="workshop", programme=programme, venue_gmina=krasnik
    )
    fair = EventFactory(title="Targi Ekonomii Społecznej", kind="fair")
    url = reverse("events:event_list")
    html = client.get(url, {"kind": "fair"}).content.decode()
    assert fair.title in html
    assert workshop.title not in html
    html = client.get(url, {"programme": programme.pk}).content.decode()
    assert workshop.title in html
    assert fair.title not in html
    html = client.get(url, {"powiat": "0607"}).content.decode()
    assert workshop.title in html
    assert fair.title not in html
    html = client.get(url).content.decode()
    assert workshop.title in html
    assert fair.title in html


def test_month_calendar_is_a_table_with_the_event_on_each_of_its_days(client, region):
    start = timezone.now().replace(day=10, hour=9, minute=0, second=0, microsecond=0) + timedelta(
        days=40
    )
    start = start.replace(day=10)
    event = EventFactory(
        title="Wizyta studyjna", starts_at=start, ends_at=start + timedelta(days=2)
    )
    other = EventFactory(
        title="Inny miesiąc",
        starts_at=start + timedelta(days=40),
        ends_at=start + timedelta(days=40, hours=3),
    )
    response = client.get(reverse("events:calendar"), {"month": start.strftime("%Y-%m")})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<table" in html
    # Three days in the grid and one line in the list below it.
    assert html.count(f'href="/events/{event.pk}/"') == 4
    assert other.title not in html
    assert client.get(reverse("events:calendar"), {"month": "garbage"}).status_code == 200


def test_feed_lists_published_events_as_icalendar(client, region):
    shown = EventFactory(title="Konferencja „Dni z Ekonomią Społeczną”")
    EventFactory(title="Szkic", is_published=False)
    response = client.get(reverse("events:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = [str(component["summary"]) for component in calendar.walk("VEVENT")]
    assert summaries == [shown.title]
    assert str(calendar.walk("VEVENT")[0]["uid"]) == f"event-{shown.pk}@koordynator"


def test_archive_shows_past_events_with_participant_counts(client, region):
    past = PastEventFactory(title="Spotkanie sieciujące ZAZ i WTZ")
    for _n in range(2):
        AttendanceFactory(registration=RegistrationFactory(event=past))
    upcoming = EventFactory(title="Przyszłe spotkanie")
    html = client.get(reverse("events:archive")).content.decode()
    assert past.title in html
    assert upcoming.title not in html
    assert "2" in html
    assert past.title not in client.get(reverse("events:event_list")).content.decode()


def test_staff_add_photos_with_a_description_and_the_archive_shows_them(
    client, region, coordinator
):
    event = PastEventFactory()
    client.force_login(coordinator)
    url = reverse("events:staff_photos", args=[event.pk])
    response = client.post(
        url, {"image": photo_upload(), "alt_text": "Uczestnicy przy stole warsztatowym"}
    )
    assert response.status_code == 302
    photo = EventPhoto.objects.get()
    assert photo.width == 1200
    assert AuditEntry.objects.filter(action="events.photo.added").count() == 1
    not_a_photo = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(url, {"image": not_a_photo, "alt_text": "Coś"})
    assert response.status_code == 200
    assert EventPhoto.objects.count() == 1
    response = client.post(url, {"image": photo_upload(), "alt_text": ""})
    assert EventPhoto.objects.count() == 1
    client.logout()
    page = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert 'alt="Uczestnicy przy stole warsztatowym"' in page
    image = client.get(reverse("events:photo", args=[photo.pk, "small"]))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"


def test_photos_of_an_unpublished_event_are_not_public(client, region):
    event = PastEventFactory(is_published=False)
    photo = EventPhoto.objects.create(
        event=event, image="events/photos/a.jpg", thumbnail="events/photos/b.jpg", alt_text="x"
    )
    assert client.get(reverse("events:photo", args=[photo.pk, "small"])).status_code == 404
