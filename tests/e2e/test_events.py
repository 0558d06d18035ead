"""Events in the browser: a person registers, sees the state page and cancels; staff check
a person in with one click; the public list, calendar, event page, state page, certificate
check and the check-in screen pass axe-core."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from koordynator.demo.data import DEMO_PASSWORD
from koordynator.events import services
from koordynator.events.models import Attendance, Event, Registration

from .conftest import check_page, load_demo_data, transitions_finished

FAIR = "Targi Ekonomii Społecznej"


def _log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill("rops@demo.example")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


def test_register_see_the_state_page_and_cancel(page: Page, live_server) -> None:
    load_demo_data()
    fair = Event.objects.get(title=FAIR)
    page.goto(f"{live_server.url}/events/")
    check_page(page, "events-list")
    page.goto(f"{live_server.url}/events/calendar/?month={fair.starts_at:%Y-%m}")
    expect(page.locator("main table")).to_contain_text(FAIR)
    check_page(page, "events-calendar")
    page.get_by_role("link", name=FAIR).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FAIR)
    check_page(page, "events-detail")
    page.locator("#id_first_name").fill("Zuzanna")
    page.locator("#id_last_name").fill("Świątek-Łoś")
    page.locator("#id_email").fill("zuzanna@example.org")
    # Typing suggests organisations of the directory; the full name links the entry.
    page.locator("#id_organisation_name").press_sequentially("kolo gospodyn zakrzow")
    expect(
        page.locator(
            "#organisation-suggestions option[value='Koło Gospodyń Wiejskich w gminie Zakrzówek']"
        )
    ).to_have_count(1)
    page.locator("#id_organisation_name").fill("Koło Gospodyń Wiejskich w gminie Zakrzówek")
    page.locator("#id_consent_personal_data").check()
    page.locator("section[aria-labelledby=registration] form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/events/registrations/\d+/\w+/$"))
    expect(page.locator(".registration-status .alert-success")).to_contain_text("Świątek-Łoś")
    check_page(page, "events-registration")
    page.locator("form[action$='/cancel/'] button[type=submit]").click()
    expect(page.locator(".registration-status .alert-secondary")).to_be_visible()
    registration = Registration.objects.get(email="zuzanna@example.org")
    assert registration.status == "cancelled"
    assert registration.entity is not None
    assert registration.entity.name == "Koło Gospodyń Wiejskich w gminie Zakrzówek"


def test_staff_check_a_person_in_and_the_certificate_is_verified(page: Page, live_server) -> None:
    load_demo_data()
    fair = Event.objects.get(title=FAIR)
    person = fair.registrations.filter(status="confirmed").order_by("id").first()
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/panel/events/{fair.pk}/check-in/")
    check_page(page, "events-checkin")
    page.locator("#checkin-q").fill(person.last_name)
    page.locator("main form[role=search] button[type=submit]").click()
    row = page.locator(f"#checkin-{person.pk}")
    expect(row).to_be_visible()
    row.locator("button[type=submit]").click()
    expect(page.locator(f"#checkin-{person.pk} .badge.text-bg-success")).to_be_visible()
    assert Attendance.objects.filter(registration=person).count() == 1
    page.mouse.move(0, 0)  # a hovered button is caught mid-transition by the contrast check
    transitions_finished(page)
    check_page(page, "events-checkin-marked")

    registration = services.certificate_issue(registration=person, actor=None)
    page.goto(f"{live_server.url}/events/certificates/verify/")
    check_page(page, "events-certificate-verify")
    page.locator("#id_code").fill(registration.certificate_code.lower())
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(person.full_name)
    check_page(page, "events-certificate")


def test_after_an_error_each_consent_box_sits_beside_its_own_label(page: Page, live_server) -> None:
    load_demo_data()
    fair = Event.objects.get(title=FAIR)
    page.goto(f"{live_server.url}/events/{fair.pk}/")
    page.locator("#id_first_name").fill("Zuzanna")
    page.get_by_role("button", name="Zapisz się").click()
    expect(page.locator("#id_consent_personal_data_error")).to_be_visible()
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        page.set_viewport_size(viewport)
        for name in ("consent_personal_data", "consent_photos"):
            box = page.locator(f"#id_{name}").bounding_box()
            label = page.locator(f"label[for=id_{name}]").bounding_box()
            assert box
            assert label
            # The box is level with its label's first line, at its left.
            assert abs(box["y"] - label["y"]) < label["height"], (name, viewport, box, label)
            assert box["x"] < label["x"]
        consent = page.locator("#id_consent_personal_data").bounding_box()
        photos = page.locator("#id_consent_photos").bounding_box()
        assert consent
        assert photos
        assert consent["y"] < photos["y"]
    check_page(page, "events-registration-error")
