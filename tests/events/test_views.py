"""Public event pages, the registration form and state page; staff pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koordynator.accounts.enums import Role
from koordynator.events.models import Event, Registration
from koordynator.events.tokens import registration_token
from tests.factories import EntityFactory, region_for, user_with_role
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Anna",
    "last_name": "Wiśniewska",
    "email": "anna@example.org",
    "organisation_name": "Spółdzielnia Socjalna Razem",
    "organisation_type": "entity",
    "dietary_needs": "wegetariańska",
    "consent_personal_data": "on",
    "colleagues-TOTAL_FORMS": "3",
    "colleagues-INITIAL_FORMS": "0",
    "colleagues-MIN_NUM_FORMS": "0",
    "colleagues-MAX_NUM_FORMS": "10",
}


def test_public_list_shows_upcoming_published_events(client, region):
    shown = EventFactory(title="Targi Ekonomii Społecznej")
    EventFactory(title="Szkic wydarzenia", is_published=False)
    response = client.get("/events/")
    assert response.status_code == 200
    assert shown.title in response.content.decode()
    assert "Szkic wydarzenia" not in response.content.decode()


def test_registration_redirects_to_the_state_page(client, region):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    response = client.post(reverse("events:event_detail", args=[event.pk]), FORM)
    registration = Registration.objects.get(email="anna@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "events:registration", args=[registration.pk, registration_token(registration)]
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert registration.status == "waitlisted"
    assert "1" in page.content.decode()
    assert registration.dietary_needs == "wegetariańska"


def test_form_errors_are_in_polish_and_keep_what_was_typed(client, region):
    event = EventFactory()
    data = {**FORM, "email": "anna(at)example", "consent_personal_data": ""}
    response = client.post(reverse("events:event_detail", args=[event.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wprowadź poprawny adres email." in html  # Django's own Polish message
    assert _("Registration needs your consent to the processing of personal data.") in html
    assert 'value="Wiśniewska"' in html
    assert 'value="anna(at)example"' in html
    assert 'value="wegetariańska"' in html
    assert not Registration.objects.exists()


def test_a_colleague_row_needs_both_names(client, region):
    event = EventFactory()
    data = {**FORM, "colleagues-0-first_name": "Ewa"}
    response = client.post(reverse("events:event_detail", args=[event.pk]), data)
    assert response.status_code == 200
    assert "To pole jest wymagane." in response.content.decode()
    assert 'value="Ewa"' in response.content.decode()


def test_duplicate_e_mail_is_shown_beside_the_field(client, region):
    event = EventFactory()
    RegistrationFactory(event=event, email="anna@example.org")
    response = client.post(reverse("events:event_detail", args=[event.pk]), FORM)
    assert response.status_code == 200
    assert "anna@example.org" in response.context["form"].errors["email"][0]


def test_closed_registration_shows_no_form(client, region):
    event = EventFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    response = client.get(reverse("events:event_detail", args=[event.pk]))
    assert _("Registration for this event is closed.") in response.content.decode()
    assert 'name="first_name"' not in response.content.decode()
    client.post(reverse("events:event_detail", args=[event.pk]), FORM)
    assert not Registration.objects.exists()


def test_state_page_needs_the_right_token_and_cancels_by_post(client, region):
    registration = RegistrationFactory(event=EventFactory())
    wrong = reverse("events:registration", args=[registration.pk, "0" * 40])
    assert client.get(wrong).status_code == 404
    token = registration_token(registration)
    url = reverse("events:registration", args=[registration.pk, token])
    assert client.get(url).status_code == 200
    cancel = reverse("events:registration_cancel", args=[registration.pk, token])
    assert client.get(cancel).status_code == 405
    response = client.post(cancel)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    page = client.get(url).content.decode()
    assert f'action="{cancel}"' not in page


@pytest.mark.parametrize("url_name", ["staff_event_list", "staff_event_create"])
def test_staff_pages_need_a_login(client, region, url_name):
    response = client.get(reverse(f"events:{url_name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_pages_of_an_event_need_its_region(client, region, other_coordinator):
    event = EventFactory()
    client.force_login(other_coordinator)
    assert client.get(reverse("events:staff_event_edit", args=[event.pk])).status_code == 404
    assert client.get(reverse("events:staff_registrations", args=[event.pk])).status_code == 404
    representative = user_with_role(Role.ENTITY_REPRESENTATIVE, region=region)
    client.force_login(representative)
    assert client.get(reverse("events:staff_event_list")).status_code == 404


def test_coordinator_creates_an_event_and_decides_registrations(client, region, coordinator):
    client.force_login(coordinator)
    start = (timezone.localtime() + timedelta(days=7)).replace(second=0, microsecond=0)
    response = client.post(
        reverse("events:staff_event_create"),
        {
            "kind": "consultation_meeting",
            "title": "Konsultacje z JST",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "venue_country": "PL",
            "venue_gmina": "0607011",
            "is_published": "on",
            "has_registration": "on",
            "requires_approval": "on",
            "capacity": "70",
            "target_groups": ["local_governments"],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get()
    assert event.starts_at == start
    assert event.venue_gmina.code == "0607011"
    pending = RegistrationFactory(event=event, status="pending")
    page = client.get(reverse("events:staff_registrations", args=[event.pk]))
    assert page.status_code == 200
    assert pending.full_name in page.content.decode()
    approve = reverse("events:staff_registration_decide", args=[pending.pk, "approve"])
    assert client.post(approve).status_code == 302
    pending.refresh_from_db()
    assert pending.status == "confirmed"
    again = client.post(approve, follow=True)
    assert pending.get_status_display() in again.content.decode() or again.status_code == 200
    pending.refresh_from_db()
    assert pending.status == "confirmed"


def test_staff_list_query_count_does_not_grow(
    client, region, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    EventFactory()
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("events:staff_event_list"))
    for _n in range(2):
        RegistrationFactory(event=EventFactory())
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("events:staff_event_list"))


def test_the_organisation_is_suggested_from_the_directory_and_linked_by_its_name(client, region):
    from tests.factories import EntityFactory

    event = EventFactory()
    razem = EntityFactory(name="Spółdzielnia Socjalna Razem", locality="Kraśnik")
    EntityFactory(name="Fundacja Razem", locality="Lublin")
    EntityFactory(name="Spółdzielnia Socjalna Ukryta Razem", is_public=False)
    url = reverse("events:organisation_suggestions")
    typed = {"region": event.region_id, "organisation_name": "spoldzielnia razem"}
    html = client.get(url, typed).content.decode()
    assert '<option value="Spółdzielnia Socjalna Razem">Kraśnik</option>' in html
    assert "Ukryta" not in html
    assert client.get(url, {**typed, "organisation_name": "r"}).content.decode().strip() == ""
    assert client.get(url, {**typed, "region": "x"}).content.decode().strip() == ""

    client.post(reverse("events:event_detail", args=[event.pk]), FORM)
    assert Registration.objects.get(email="anna@example.org").entity == razem


def test_a_name_not_in_the_directory_or_shared_by_two_is_kept_as_typed(client, region):
    from tests.factories import EntityFactory

    event = EventFactory()
    EntityFactory(name="Koło Gospodyń Wiejskich")
    EntityFactory(name="Koło Gospodyń Wiejskich")
    for number, name in enumerate(["Koło Gospodyń Wiejskich", "Stowarzyszenie Spoza Katalogu"]):
        client.post(
            reverse("events:event_detail", args=[event.pk]),
            {**FORM, "email": f"osoba{number}@example.org", "organisation_name": name},
        )
        registration = Registration.objects.get(email=f"osoba{number}@example.org")
        assert (registration.entity, registration.organisation_name) == (None, name)


def test_staff_name_a_host_from_the_directory(client):
    from django.urls import reverse

    from koordynator.accounts.enums import Role
    from koordynator.events.models import Event
    from tests.factories import user_with_role
    from tests.factories.events import EventFactory

    region = region_for("06")
    host = EntityFactory(name="Centrum Integracji Społecznej „Przystań”", kind="cis")
    event = EventFactory(region=region)
    client.force_login(user_with_role(Role.REGIONAL_COORDINATOR, region=region))
    from koordynator.events.forms import event_form_data

    url = reverse("events:staff_event_edit", args=[event.pk])
    data = {**event_form_data(event), "host_name": "Nie ma takiego podmiotu"}
    response = client.post(url, data)
    assert "host_name" in response.context["form"].errors
    client.post(url, {**data, "host_name": host.name})
    assert Event.objects.get(pk=event.pk).host == host


def test_after_an_error_the_consent_box_is_drawn_before_its_error_and_the_photo_box(client, region):
    event = EventFactory()
    data = {**FORM, "consent_personal_data": ""}
    html = client.post(reverse("events:event_detail", args=[event.pk]), data).content.decode()
    consent_box = html.index('id="id_consent_personal_data"')
    consent_error = html.index(
        _("Registration needs your consent to the processing of personal data."), consent_box
    )
    assert consent_box < html.index('for="id_consent_personal_data"') < consent_error
    assert consent_error < html.index('id="id_consent_photos"')
