"""In the browser: a representative proposes a new description of their entity, the regional
coordinator approves it with a comment, and the representative sees the outcome."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from koordynator.accounts.models import Organisation
from koordynator.demo.data import DEMO_PASSWORD
from koordynator.registry.models import Entity
from tests.factories import EntityFactory

from .conftest import check_page, load_demo_data

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

REPRESENTATIVE = "pes@demo.example"
COORDINATOR = "rops@demo.example"
ORGANISATION = "Spółdzielnia Socjalna „Zielony Zakątek” (fikcyjna)"
NEW_DESCRIPTION = (
    "Spółdzielnia socjalna z Kraśnika: catering na uroczystości, sprzątanie biur "
    "i pielęgnacja zieleni. Zatrudniamy osoby zagrożone wykluczeniem społecznym."
)
COMMENT = "Zatwierdzone, dziękujemy za aktualizację."


def log_in(page: Page, base_url: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base_url}/panel/")


def representatives_entity() -> Entity:
    organisation = Organisation.objects.get(name=ORGANISATION)
    entity = Entity.objects.filter(organisation=organisation).first()
    if entity is None:  # the demo data did not link one
        entity = EntityFactory(organisation=organisation, name=ORGANISATION)
    return entity


def test_representative_proposes_and_coordinator_approves(page: Page, live_server, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    load_demo_data()
    mail.outbox.clear()  # what the demo's own events and applications sent
    entity = representatives_entity()
    old_description = entity.description
    url = live_server.url
    main = page.locator("main")

    # The representative opens their entity and the proposal form.
    log_in(page, url, REPRESENTATIVE)
    page.goto(f"{url}/panel/my-entity/")
    expect(main.get_by_role("heading", level=2)).to_have_text(entity.name)
    main.locator(f"a[href='/panel/my-entity/{entity.pk}/propose/']").click()
    expect(page).to_have_url(f"{url}/panel/my-entity/{entity.pk}/propose/")
    description = main.locator("textarea[name=description]")
    expect(description).to_have_value(old_description)
    check_page(page, "registry-proposal-form")

    # A mistake is shown next to its field, and what was typed stays.
    description.fill(NEW_DESCRIPTION)
    main.locator("input[name=postal_code]").fill("23200")
    main.locator("form button[type=submit]").click()
    expect(main.locator("[role=alert]")).to_be_visible()
    expect(main.locator("input[name=postal_code]")).to_have_attribute("aria-invalid", "true")
    expect(main.locator("textarea[name=description]")).to_have_value(NEW_DESCRIPTION)
    check_page(page, "registry-proposal-form-errors")

    main.locator("input[name=postal_code]").fill("23-200")
    main.locator("form button[type=submit]").click()
    expect(page).to_have_url(f"{url}/panel/my-entity/")
    expect(main.locator(".alert-info")).to_be_visible()  # the pending proposal
    expect(main.locator("dl.profile-fields")).not_to_contain_text(NEW_DESCRIPTION)

    # The coordinator compares and approves with a comment.
    log_in(page, url, COORDINATOR)
    page.goto(f"{url}/panel/registry/proposals/")
    card = main.locator("section.card", has_text=entity.name)
    expect(card.locator("table")).to_contain_text(NEW_DESCRIPTION)
    expect(card.locator("table")).to_contain_text("23-200")
    check_page(page, "registry-proposal-list")

    card.get_by_role("link", name=entity.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(entity.name)
    check_page(page, "registry-proposal-detail")

    main.locator("textarea[name=comment]").fill(COMMENT)
    main.locator("button[name=decision][value=approve]").click()
    expect(page).to_have_url(f"{url}/panel/registry/proposals/")
    expect(main.locator(".messages [role=status]")).to_contain_text(entity.name)
    expect(main.locator("section.card")).to_have_count(0)

    entity.refresh_from_db()
    assert entity.description == NEW_DESCRIPTION
    assert entity.postal_code == "23-200"
    assert [message.to for message in mail.outbox] == [[REPRESENTATIVE]]

    # The representative sees the new profile and the coordinator's comment.
    log_in(page, url, REPRESENTATIVE)
    page.goto(f"{url}/panel/my-entity/")
    expect(main.locator("dl.profile-fields")).to_contain_text(NEW_DESCRIPTION)
    expect(main).to_contain_text(COMMENT)
    expect(main.locator(".badge")).to_have_text(re.compile(r"\S"))
    check_page(page, "registry-my-entity")
