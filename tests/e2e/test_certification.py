"""In the browser, the whole cycle of the "Zakup Prospołeczny" mark: the regional
coordinator opens a call; the entity's representative applies, is asked for a correction
and submits again; the coordinator checks it formally and starts the review; two board
members declare no conflict of interest and score it; the coordinator grants the mark;
the product appears in the public register, its certificate is checked on the public
page; the holder asks for a renewal and the coordinator grants it. Every page passes
axe-core. The pages are found by their addresses and form fields, not by their words, so
the test holds in every language."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from koordynator.accounts.enums import Role
from koordynator.accounts.services import membership_grant
from koordynator.certification.models import Application, Call, Licence, Renewal
from koordynator.demo.data import DEMO_PASSWORD
from koordynator.territory.models import Region
from tests.factories import UserFactory

from .conftest import (
    BROWSER_LOCALE,
    COORDINATOR,
    VIEWPORTS,
    check_page,
    load_demo_data,
    log_in,
    screenshot_path,
    transitions_finished,
    watch_errors,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

REPRESENTATIVE = "pes@demo.example"
REVIEWER = "recenzent@demo.example"
SECOND_REVIEWER = "kapitula2@demo.example"
PRODUCT = "Miód wielokwiatowy z pasieki spółdzielni"


def new_page(browser: Browser) -> Page:
    """A page in its own browser context: one person per context."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale=BROWSER_LOCALE)
    page = context.new_page()
    watch_errors(page)
    return page


def phone_screenshot(page: Page, name: str) -> None:
    """Also at 390 px, the width of a common phone."""
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("() => document.documentElement.clientWidth <= 390")
    transitions_finished(page)
    page.screenshot(path=str(screenshot_path(name, "390")), full_page=True)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways at 390 px"
    if size:
        page.set_viewport_size(size)


def submit(page: Page, action: str) -> None:
    """Press the button of the form posting to the address ending with `action`."""
    page.locator(f"form[action$='{action}'] button[type=submit]").click()


def tiny_pdf(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    return str(path)


def photo(tmp_path: Path) -> str:
    path = tmp_path / "miod.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), (230, 170, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_the_whole_cycle_from_call_to_renewal(
    page: Page, browser: Browser, live_server, tmp_path: Path
) -> None:
    load_demo_data()
    base = live_server.url
    region = Region.objects.get(voivodeship__code="06")
    second = UserFactory(email=SECOND_REVIEWER, full_name="Zofia Kapitulna")
    membership_grant(user=second, role=Role.REVIEWER, region=region)

    # 1. The coordinator opens a call with its rules, criteria and board.
    log_in(page, base, COORDINATOR)
    page.goto(f"{base}/panel/certification/")
    check_page(page, "certification-staff-home")
    page.goto(f"{base}/panel/certification/calls/new/")
    now = timezone.localtime()
    page.locator("input[name=title]").fill("Nabór testowy 2026")
    page.locator("input[name=rules_document]").set_input_files(tiny_pdf(tmp_path, "zasady.pdf"))
    page.locator("input[name=opens_at]").fill(
        (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.locator("input[name=closes_at]").fill(
        (now + datetime.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    )
    page.locator("input[name='criteria-0-name']").fill("Jakość")
    page.locator("input[name='criteria-0-max_points']").fill("10")
    page.locator("input[name='criteria-0-weight']").fill("2")
    page.locator("input[name='criteria-1-name']").fill("Wartość społeczna")
    page.locator("input[name='criteria-1-max_points']").fill("5")
    page.locator("input[name=pass_threshold]").fill("60")
    for email in (REVIEWER, SECOND_REVIEWER):
        page.locator("label", has_text=email).click()
    check_page(page, "certification-call-form")
    page.locator("main form button[type=submit]").click()
    call = Call.objects.get(title="Nabór testowy 2026")
    expect(page).to_have_url(f"{base}/panel/certification/calls/{call.pk}/")
    assert call.criteria.count() == 2
    assert call.reviewers.count() == 2

    # 2. The representative finds the call on the public page and applies.
    applicant = new_page(browser)
    log_in(applicant, base, REPRESENTATIVE)
    applicant.goto(f"{base}/certification/")
    check_page(applicant, "certification-about")
    applicant.locator(f"a[href='/certification/calls/{call.pk}/']").click()
    check_page(applicant, "certification-call")
    applicant.locator(f"a[href='/panel/certification/calls/{call.pk}/apply/']").click()
    applicant.locator("main form button[type=submit]").click()
    application = Application.objects.get(call=call)
    edit = f"/panel/certification/applications/{application.pk}/edit/"
    expect(applicant).to_have_url(f"{base}{edit}")
    # Submitting too early lists what is missing and changes nothing.
    submit(applicant, f"/applications/{application.pk}/transitions/submit/")
    expect(applicant.locator(".alert-danger")).to_be_visible()
    expect(applicant.locator(".problems-list li")).to_have_count(4)
    application.refresh_from_db()
    assert application.status == "draft"

    applicant.locator("input[name='item-name']").fill(PRODUCT)
    applicant.locator("input[name='item-kind'][value=product]").check()
    applicant.locator("select[name='item-category']").select_option("food")
    applicant.locator("textarea[name='item-description']").fill(
        "Miód z pasieki, w której pracują uczestnicy reintegracji."
    )
    applicant.locator("input[name='item-price_range']").fill("40–60 zł")
    applicant.locator("input[name='item-where_to_buy']").fill("Sklep spółdzielni, Kraśnik")
    applicant.locator("input[name='item-photo']").set_input_files(photo(tmp_path))
    submit(applicant, f"/applications/{application.pk}/items/")
    expect(applicant.locator("#items h3").first).to_have_text(PRODUCT)

    for name in ("declares_legal_form", "declares_social_goals", "declares_six_months"):
        applicant.locator(f"input[name='declarations-{name}']").check()
    applicant.locator("input[name='declarations-evidence']").set_input_files(
        tiny_pdf(tmp_path, "statut.pdf")
    )
    submit(applicant, edit)
    expect(applicant.locator(".problems-list li")).to_have_count(2)  # revenue, recommendations

    applicant.locator("input[name='recommendation-referee_name']").fill("Anna Nowak")
    applicant.locator("input[name='recommendation-letter']").set_input_files(
        tiny_pdf(tmp_path, "list.pdf")
    )
    submit(applicant, f"/applications/{application.pk}/recommendations/")
    applicant.locator("input[name='recommendation-referee_name']").fill("Jan Kowalski")
    applicant.locator("input[name='recommendation-referee_contact']").fill("jan@example.org")
    submit(applicant, f"/applications/{application.pk}/recommendations/")
    applicant.locator("input[name='declarations-declares_own_revenue']").check()
    submit(applicant, edit)
    expect(applicant.locator(".problems-list")).to_have_count(0)
    applicant.goto(f"{base}{edit}")
    check_page(applicant, "certification-application-form")
    phone_screenshot(applicant, "certification-application-form")
    submit(applicant, f"/applications/{application.pk}/transitions/submit/")
    application.refresh_from_db()
    assert application.status == "submitted"

    # 3. The coordinator asks for a correction; the applicant sees it and submits again.
    detail = f"{base}/panel/certification/applications/{application.pk}/"
    page.goto(f"{base}/panel/certification/calls/{call.pk}/")
    check_page(page, "certification-call-applications")
    page.goto(detail)
    check_page(page, "certification-formal-check")
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    page.locator("textarea[name='correction-message']").fill("Dołącz sprawozdanie finansowe.")
    page.locator("input[name='correction-deadline']").fill(deadline.isoformat())
    submit(page, "/transitions/request_correction/")
    application.refresh_from_db()
    assert application.status == "correction_requested"

    applicant.goto(f"{base}{edit}")
    expect(applicant.get_by_text("Dołącz sprawozdanie finansowe.")).to_be_visible()
    check_page(applicant, "certification-correction")
    applicant.locator("input[name='declarations-evidence']").set_input_files(
        tiny_pdf(tmp_path, "sprawozdanie.pdf")
    )
    submit(applicant, edit)
    submit(applicant, f"/applications/{application.pk}/transitions/submit/")
    application.refresh_from_db()
    assert application.status == "submitted"

    # 4. Formal acceptance, then the review starts.
    page.goto(detail)
    submit(page, "/transitions/accept_formally/")
    submit(page, "/transitions/start_review/")
    application.refresh_from_db()
    assert application.status == "in_review"

    # 5. Two board members declare no conflict of interest and score.
    review_url = f"{base}/panel/certification/applications/{application.pk}/review/"
    for email, password, points in (
        (REVIEWER, DEMO_PASSWORD, ("9", "4")),
        (SECOND_REVIEWER, "correct-horse-battery", ("7", "5")),
    ):
        reviewer = new_page(browser)
        log_in(reviewer, base, email, password)
        reviewer.goto(f"{base}/panel/certification/")
        reviewer.locator(
            f"a[href='/panel/certification/applications/{application.pk}/review/']"
        ).click()
        check_page(reviewer, f"certification-conflict-{email.split('@')[0]}")
        reviewer.locator("input[name=no_conflict]").check()
        submit(reviewer, f"/applications/{application.pk}/review/")
        expect(reviewer.locator("input[name^='scoring-points_']")).to_have_count(2)
        expect(reviewer.locator("table")).to_have_count(0)  # the others' scores stay hidden
        for field, value in zip(
            reviewer.locator("input[name^='scoring-points_']").all(), points, strict=True
        ):
            field.fill(value)
        for field in reviewer.locator("textarea[name^='scoring-justification_']").all():
            field.fill("Dobra jakość, lokalny surowiec.")
        if email == REVIEWER:
            check_page(reviewer, "certification-scoring")
            phone_screenshot(reviewer, "certification-scoring")
        submit(reviewer, f"/applications/{application.pk}/review/")
        expect(reviewer).to_have_url(review_url)
        check_page(reviewer, f"certification-reviewed-{email.split('@')[0]}")
        reviewer.context.close()
    application.refresh_from_db()
    assert application.status == "scored"
    assert application.score == pytest.approx(82, abs=0.01)  # (22/25 + 19/25) / 2

    # 6. The coordinator sees the scores against the threshold and grants the mark.
    page.goto(detail)
    expect(page.locator("#scores-heading")).to_be_visible()
    check_page(page, "certification-decision")
    page.locator("textarea[name='grant-reason']").fill("Wynik 82% powyżej progu 60%.")
    submit(page, "/transitions/grant/")
    application.refresh_from_db()
    assert application.status == "granted"
    licence = Licence.objects.get(item__application=application)

    # 7. The public register shows it, found without Polish letters; the code checks out.
    public = new_page(browser)
    public.goto(f"{base}/certification/register/?q=miod+wielokwiatowy")
    expect(public.locator(".register-list article")).to_have_count(1)
    expect(public.locator(".register-list h2")).to_have_text(PRODUCT)
    expect(public.locator(".register-list")).to_contain_text(licence.number)
    public.goto(f"{base}/certification/register/")
    check_page(public, "certification-register")
    phone_screenshot(public, "certification-register")
    public.goto(f"{base}/certification/verify/")
    public.locator("input[name=code]").fill(licence.verification_code.lower())
    public.locator("main form button[type=submit]").click()
    expect(public).to_have_url(re.compile(rf"/certification/verify/{licence.verification_code}/$"))
    expect(public.locator(".alert-success")).to_be_visible()
    check_page(public, "certification-verify")

    # 8. The holder downloads the certificate and asks for a renewal; it is granted.
    applicant.goto(f"{base}/panel/certification/licences/")
    check_page(applicant, "certification-licences")
    applicant.locator(f"a[href='/panel/certification/licences/{licence.pk}/']").click()
    with applicant.expect_download() as download:
        applicant.locator(f"a[href$='/licences/{licence.pk}/certificate.pdf']").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    applicant.locator("input[name='renewal-nothing_changed']").check()
    submit(applicant, f"/licences/{licence.pk}/renew/")
    check_page(applicant, "certification-renewal-sent")
    renewal = Renewal.objects.get(licence=licence)
    end = licence.valid_until
    page.goto(f"{base}/panel/certification/licences/{licence.pk}/")
    check_page(page, "certification-licence-staff")
    page.locator("input[name='decision-decision'][value=grant]").check()
    submit(page, f"/renewals/{renewal.pk}/decide/")
    licence.refresh_from_db()
    assert licence.valid_until > end
    applicant.context.close()
    public.context.close()
