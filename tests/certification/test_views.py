"""The pages of the certification cycle: a call made by staff, an application completed
and submitted by a representative, the formal check, the board's scoring, the decision,
the licence and its renewal; each page checked against the roles that may not see it."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.certification.models import Application, Call, Licence, Renewal, Review
from tests.factories import region_for, user_with_role
from tests.factories.certification import (
    bring_to,
    make_applicant,
    make_application,
    make_call,
    make_licence,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"certification:{name}", args=args)


@pytest.fixture
def call(region, coordinator, board):
    return make_call(region=region, coordinator=coordinator, reviewers=board)


@pytest.fixture
def representative(region):
    return make_applicant(region)


# --- Calls -----------------------------------------------------------------------------------


def test_coordinator_creates_a_call_with_criteria_rules_and_board(client, coordinator, board):
    client.force_login(coordinator)
    assert client.get(url("staff_call_create")).status_code == 200
    now = timezone.localtime()
    data = {
        "title": "Nabór 2026: produkty i usługi",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
        "pass_threshold": "60",
        "scoring_deadline": (now + datetime.timedelta(days=45)).strftime("%Y-%m-%d"),
        "reviewers": [r.pk for r in board],
        "rules_document": pdf_upload("regulamin.pdf"),
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "30",
        "criteria-0-name": "Jakość wykonania",
        "criteria-0-max_points": "10",
        "criteria-0-weight": "2",
        "criteria-1-name": "Wartość społeczna",
        "criteria-1-description": "Zatrudnienie osób zagrożonych wykluczeniem.",
        "criteria-1-max_points": "5",
        "criteria-1-weight": "1",
        "criteria-2-weight": "1",  # an empty row as the browser sends it
    }
    response = client.post(url("staff_call_create"), data)
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["criteria"].errors,
        response.context["criteria"].non_form_errors(),
    )
    call = Call.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("staff_call", call.pk)
    assert [(c.name, c.max_points, c.weight) for c in call.criteria.all()] == [
        ("Jakość wykonania", 10, Decimal(2)),
        ("Wartość społeczna", 5, Decimal(1)),
    ]
    assert set(call.reviewers.all()) == set(board)
    assert call.rules_document.name.endswith(".pdf")
    rules = client.get(url("rules", call.pk))
    assert rules.status_code == 200
    assert b"".join(rules.streaming_content).startswith(b"%PDF-")


def test_the_rules_must_be_a_document_by_content_and_the_board_reviewers(
    client, coordinator, region
):
    outsider = user_with_role(Role.REGIONAL_COORDINATOR, region=region)
    client.force_login(coordinator)
    now = timezone.localtime()
    response = client.post(
        url("staff_call_create"),
        {
            "title": "Nabór",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "pass_threshold": "60",
            "rules_document": SimpleUploadedFile("regulamin.pdf", b"MZ not a pdf"),
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-name": "",
            "criteria-0-weight": "1",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "closes_at" in form.errors
    assert response.context["criteria"].non_form_errors()
    assert not Call.objects.exists()
    # The board's choices are the region's reviewers only.
    choices = list(form.fields["reviewers"].queryset)
    assert outsider not in choices


def test_the_rules_file_is_refused_by_content(client, coordinator, board):
    client.force_login(coordinator)
    now = timezone.localtime()
    response = client.post(
        url("staff_call_create"),
        {
            "title": "Nabór",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "pass_threshold": "60",
            "rules_document": SimpleUploadedFile("regulamin.pdf", b"MZ not a pdf"),
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-name": "Jakość",
            "criteria-0-max_points": "10",
            "criteria-0-weight": "1",
        },
    )
    assert response.status_code == 200
    assert "rules_document" in response.context["form"].errors
    assert not Call.objects.exists()


def test_editing_a_call_keeps_its_criteria_once_scoring_began(
    client, call, coordinator, representative
):
    user, entity = representative
    application = make_application(call, user, entity)
    bring_to(application, "in_review", coordinator)
    from koordynator.certification import services

    services.review_begin(
        reviewer=call.reviewers.first(), application=application, no_conflict=True
    )
    client.force_login(coordinator)
    page = client.get(url("staff_call_edit", call.pk))
    assert page.status_code == 200
    form = page.context["form"]
    criteria = page.context["criteria"]
    data = {
        "title": "Nowy tytuł",
        "opens_at": form["opens_at"].value().strftime("%Y-%m-%dT%H:%M"),
        "closes_at": form["closes_at"].value().strftime("%Y-%m-%dT%H:%M"),
        "pass_threshold": "60",
        "reviewers": [r.pk for r in call.reviewers.all()],
        "criteria-TOTAL_FORMS": str(criteria.total_form_count()),
        "criteria-INITIAL_FORMS": "2",
        "criteria-2-weight": "1",
        "criteria-3-weight": "1",
    }
    for number, criterion in enumerate(call.criteria.all()):
        data |= {
            f"criteria-{number}-name": criterion.name,
            f"criteria-{number}-max_points": str(criterion.max_points + 1),
            f"criteria-{number}-weight": str(criterion.weight),
        }
    response = client.post(url("staff_call_edit", call.pk), data)
    assert response.status_code == 200
    assert response.context["criteria"].non_form_errors()
    call.refresh_from_db()
    assert call.title == "Nabór 2026"
    for number, criterion in enumerate(call.criteria.all()):
        data[f"criteria-{number}-max_points"] = str(criterion.max_points)
    response = client.post(url("staff_call_edit", call.pk), data)
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.title == "Nowy tytuł"


def test_public_page_lists_open_calls_with_their_rules(client, call, region):
    closed = make_call(
        region=region,
        title="Nabór zamknięty",
        opens_at=timezone.now() - datetime.timedelta(days=40),
        closes_at=timezone.now() - datetime.timedelta(days=10),
    )
    response = client.get(url("about"))
    assert response.status_code == 200
    assert list(response.context["calls"]) == [call]
    assert closed.title not in response.content.decode()
    assert "Zakup" in response.content.decode()
    assert "<svg" in response.content.decode()
    assert client.get(url("call", call.pk)).status_code == 200


# --- The applicant ---------------------------------------------------------------------------


def test_representative_applies_saves_a_draft_and_sees_what_is_missing(
    client, call, representative
):
    user, entity = representative
    client.force_login(user)
    response = client.post(url("apply", call.pk), {"entity": entity.pk})
    application = Application.objects.get()
    assert response["Location"] == url("application_edit", application.pk)
    page = client.get(url("application_edit", application.pk))
    assert {key for key, _message in page.context["problems"]} == {
        "items",
        "recommendations",
        "declarations",
        "evidence",
    }
    # Submitting too early changes nothing and says what is missing.
    response = client.post(url("application_transition", application.pk, "submit"), follow=True)
    application.refresh_from_db()
    assert application.status == "draft"
    assert any(m.level_tag == "error" for m in response.context["messages"])

    client.post(
        url("item_add", application.pk),
        {
            "item-name": "Pierogi lubelskie",
            "item-kind": "product",
            "item-category": "food",
            "item-description": "Ręcznie lepione.",
            "item-photo": SimpleUploadedFile("photo.png", _png(), content_type="image/png"),
        },
    )
    client.post(
        url("application_edit", application.pk),
        {
            "declarations-declares_legal_form": "on",
            "declarations-declares_social_goals": "on",
            "declarations-declares_six_months": "on",
            "declarations-declares_own_revenue": "on",
            "declarations-evidence": pdf_upload("statut.pdf"),
        },
    )
    client.post(
        url("recommendation_add", application.pk),
        {"recommendation-referee_name": "Anna Nowak", "recommendation-letter": pdf_upload()},
    )
    bad = client.post(
        url("recommendation_add", application.pk),
        {"recommendation-referee_name": "Jan Kowalski"},
    )
    assert bad.status_code == 422
    assert "referee_contact" in bad.context["recommendation"].errors
    client.post(
        url("recommendation_add", application.pk),
        {
            "recommendation-referee_name": "Jan Kowalski",
            "recommendation-referee_contact": "jan@example.org",
        },
    )
    page = client.get(url("application_edit", application.pk))
    assert page.context["problems"] == []
    item = application.items.get()
    assert item.photo.name.endswith(".png")
    assert client.get(url("item_photo", item.pk)).status_code == 200
    response = client.post(url("application_transition", application.pk, "submit"))
    application.refresh_from_db()
    assert application.status == "submitted"
    # Submitted, it cannot be changed.
    response = client.post(url("item_remove", item.pk), follow=True)
    assert application.items.count() == 1
    assert any(m.level_tag == "error" for m in response.context["messages"])


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_photo_that_is_not_an_image_is_refused(client, call, representative):
    user, entity = representative
    client.force_login(user)
    client.post(url("apply", call.pk), {"entity": entity.pk})
    application = Application.objects.get()
    response = client.post(
        url("item_add", application.pk),
        {
            "item-name": "Pierogi",
            "item-kind": "product",
            "item-category": "food",
            "item-description": "Ręcznie lepione.",
            "item-photo": SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo"),
        },
    )
    assert response.status_code == 422
    assert "photo" in response.context["item"].errors
    assert not application.items.exists()


def test_correction_is_shown_to_the_applicant_who_corrects_and_resubmits(
    client, call, coordinator, representative
):
    user, entity = representative
    application = bring_to(make_application(call, user, entity), "submitted", coordinator)
    client.force_login(coordinator)
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(
        url("application_transition", application.pk, "request_correction"),
        {"correction-message": "Dołącz sprawozdanie finansowe.", "correction-deadline": deadline},
    )
    assert response.status_code == 302
    client.force_login(user)
    page = client.get(url("application_edit", application.pk))
    content = page.content.decode()
    assert "Dołącz sprawozdanie finansowe." in content
    assert page.context["can_submit"] is True
    client.post(
        url("application_edit", application.pk),
        {
            **{f"declarations-{name}": "on" for name in _declarations()},
            "declarations-evidence": pdf_upload("sprawozdanie.pdf"),
        },
    )
    client.post(url("application_transition", application.pk, "submit"))
    application.refresh_from_db()
    assert application.status == "submitted"


def _declarations():
    return [
        "declares_legal_form",
        "declares_social_goals",
        "declares_six_months",
        "declares_own_revenue",
    ]


# --- Staff: formal check, review, decision ---------------------------------------------------


def test_staff_check_start_review_see_scores_and_grant(
    client, call, coordinator, board, representative
):
    user, entity = representative
    application = bring_to(make_application(call, user, entity), "submitted", coordinator)
    client.force_login(coordinator)
    listing = client.get(url("staff_call", call.pk))
    assert list(listing.context["applications"]) == [application]
    page = client.get(url("application", application.pk))
    assert page.context["moves"] == ["request_correction", "accept_formally", "reject_formally"]
    client.post(url("application_transition", application.pk, "accept_formally"))
    client.post(url("application_transition", application.pk, "start_review"))
    application.refresh_from_db()
    assert application.status == "in_review"

    # Each board member declares no conflict, then scores.
    first, second = board
    for reviewer, points in ((first, (8, 4)), (second, (5, 5))):
        client.force_login(reviewer)
        assert client.get(url("review", application.pk)).context["can_begin"] is True
        refused = client.post(url("review", application.pk), {})
        assert refused.status_code == 422
        assert not Review.objects.filter(reviewer=reviewer).exists()
        client.post(url("review", application.pk), {"no_conflict": "on"})
        criteria = list(call.criteria.all())
        page = client.get(url("review", application.pk))
        assert page.context["can_score"] is True
        assert page.context["reviews"] == []
        data = {}
        for criterion, value in zip(criteria, points, strict=True):
            data[f"scoring-points_{criterion.pk}"] = str(value)
            data[f"scoring-justification_{criterion.pk}"] = "Uzasadnienie."
        response = client.post(url("review", application.pk), data)
        assert response.status_code == 302
    page = client.get(url("review", application.pk))
    assert len(page.context["reviews"]) == 2

    client.force_login(coordinator)
    page = client.get(url("application", application.pk))
    summary = page.context["summary"]
    assert (summary.average, summary.threshold, summary.passes) == (
        Decimal("70.00"),
        Decimal("60.00"),
        True,
    )
    assert page.context["moves"] == ["grant", "refuse"]
    empty = client.post(url("application_transition", application.pk, "grant"), {})
    assert empty.status_code == 422
    client.post(
        url("application_transition", application.pk, "grant"),
        {"grant-reason": "Wynik powyżej progu."},
    )
    application.refresh_from_db()
    assert application.status == "granted"
    assert Licence.objects.filter(item__application=application).count() == 1


def test_a_forbidden_move_says_why_and_changes_nothing(client, call, coordinator, representative):
    user, entity = representative
    application = bring_to(make_application(call, user, entity), "submitted", coordinator)
    client.force_login(coordinator)
    response = client.post(
        url("application_transition", application.pk, "grant"),
        {"grant-reason": "Za wcześnie."},
        follow=True,
    )
    application.refresh_from_db()
    assert application.status == "submitted"
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    # It names the status it is in and the one it cannot reach.
    assert errors == ["Wniosku o statusie „przesłano” nie można przenieść do statusu „przyznany”."]


def test_a_reviewer_does_not_see_the_others_scores_before_submitting(
    client, call, coordinator, board, representative
):
    from koordynator.certification import services

    user, entity = representative
    application = bring_to(make_application(call, user, entity), "in_review", coordinator)
    first, second = board
    services.review_record(
        reviewer=first,
        application=application,
        no_conflict=True,
        scores={c.pk: (1, "Słabo.") for c in call.criteria.all()},
    )
    services.review_begin(reviewer=second, application=application, no_conflict=True)
    client.force_login(second)
    page = client.get(url("review", application.pk))
    assert page.context["reviews"] == []
    assert "Słabo." not in page.content.decode()
    # Nor on the application's page.
    page = client.get(url("application", application.pk))
    assert "summary" not in page.context
    assert "Słabo." not in page.content.decode()


# --- Who may see what ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "can_see_application", "can_edit", "can_review", "can_manage"),
    [
        ("coordinator", True, False, False, True),
        ("other_coordinator", False, False, False, False),
        ("applicant", True, True, False, False),
        ("other_applicant", False, False, False, False),
        ("board", True, False, True, False),
        ("other_reviewer", False, False, False, False),
        ("support_centre", False, False, False, False),
        ("admin", True, False, False, True),
    ],
)
def test_page_permission_matrix(
    client,
    call,
    coordinator,
    board,
    representative,
    region,
    role,
    can_see_application,
    can_edit,
    can_review,
    can_manage,
):
    user, entity = representative
    application = bring_to(make_application(call, user, entity), "in_review", coordinator)
    other_region = region_for("12")
    users = {
        "coordinator": coordinator,
        "other_coordinator": user_with_role(Role.REGIONAL_COORDINATOR, region=other_region),
        "applicant": user,
        "other_applicant": make_applicant(region, name="Fundacja Inna")[0],
        "board": board[0],
        "other_reviewer": user_with_role(Role.REVIEWER, region=region),
        "support_centre": user_with_role(Role.SUPPORT_CENTRE_STAFF, region=region),
        "admin": user_with_role(Role.NATIONAL_ADMIN),
    }
    client.force_login(users[role])

    def status(path):
        return client.get(path).status_code

    assert status(url("application", application.pk)) == (200 if can_see_application else 404)
    assert status(url("application_edit", application.pk)) == (200 if can_edit else 404)
    assert status(url("review", application.pk)) == (200 if can_review else 404)
    assert status(url("staff_call", call.pk)) == (200 if can_manage else 404)
    assert status(url("staff_call_edit", call.pk)) == (200 if can_manage else 404)
    assert status(url("evidence", application.pk)) == (200 if can_see_application else 404)
    transition = client.post(
        url("application_transition", application.pk, "refuse"), {"refuse-reason": "Nie."}
    )
    # Staff may refuse, but not an application still in review: nothing changes.
    assert transition.status_code == (302 if can_manage else 404)
    application.refresh_from_db()
    assert application.status == "in_review"


def test_panel_pages_need_a_login(client, call):
    for path in (url("home"), url("staff_call_create"), url("licences"), url("staff_call", 1)):
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_call_list_query_count_does_not_grow(
    client, coordinator, region, board, representative, django_assert_max_num_queries
):
    client.force_login(coordinator)
    call = make_call(region=region, coordinator=coordinator, reviewers=board)
    user, entity = representative
    bring_to(make_application(call, user, entity), "submitted", coordinator)
    client.get(url("staff_call", call.pk))
    with django_assert_max_num_queries(30) as one:
        client.get(url("staff_call", call.pk))
    for number in range(2):
        other_user, other_entity = make_applicant(region, name=f"Fundacja {number}")
        bring_to(make_application(call, other_user, other_entity), "submitted", coordinator)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url("staff_call", call.pk))


# --- Licences, renewal, certificate ----------------------------------------------------------


def test_holder_renews_and_staff_grant_the_renewal(client, coordinator):
    licence = make_licence(coordinator=coordinator)
    holder = licence.item.application.created_by
    client.force_login(holder)
    listing = client.get(url("licences"))
    assert [row[0] for row in listing.context["rows"]] == [licence]
    page = client.get(url("licence", licence.pk))
    assert page.context["can_renew"] is True
    assert page.context["can_manage"] is False
    empty = client.post(url("licence_renew", licence.pk), {})
    assert empty.status_code == 422
    client.post(url("licence_renew", licence.pk), {"renewal-nothing_changed": "on"})
    renewal = Renewal.objects.get()
    assert client.post(url("renewal_decide", renewal.pk), {}).status_code == 404
    client.force_login(coordinator)
    end = licence.valid_until
    client.post(url("renewal_decide", renewal.pk), {"decision-decision": "grant"})
    licence.refresh_from_db()
    assert licence.valid_until > end
    renewal.refresh_from_db()
    assert renewal.status == "granted"


def test_staff_filter_licences_by_state_and_revoke(client, coordinator):
    licence = make_licence(coordinator=coordinator)
    expired = make_licence(coordinator=coordinator, item="Świece sojowe", category="crafts")
    Licence.objects.filter(pk=expired.pk).update(
        valid_from=timezone.localdate() - datetime.timedelta(days=400),
        valid_until=timezone.localdate() - datetime.timedelta(days=35),
    )
    client.force_login(coordinator)
    rows = client.get(url("licences"), {"status": "expired"}).context["rows"]
    assert [(row[0].pk, row[1]) for row in rows] == [(expired.pk, "expired")]
    rows = client.get(url("licences"), {"status": "active"}).context["rows"]
    assert [row[0].pk for row in rows] == [licence.pk]
    assert client.post(url("licence_revoke", licence.pk), {}).status_code == 422
    client.post(url("licence_revoke", licence.pk), {"revoke-reason": "Produkt wycofany."})
    licence.refresh_from_db()
    assert licence.revoked_at is not None
    holder = licence.item.application.created_by
    client.force_login(holder)
    assert client.post(url("licence_revoke", expired.pk), {"revoke-reason": "x"}).status_code == (
        404
    )


def test_certificate_pdf_carries_the_number_and_the_code(client, coordinator):
    from io import BytesIO

    from pypdf import PdfReader

    licence = make_licence(coordinator=coordinator)
    client.force_login(licence.item.application.created_by)
    response = client.get(url("certificate", licence.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert licence.number in text
    assert licence.verification_code in text
    assert "Pierogi lubelskie" in text
    assert f"/certification/verify/{licence.verification_code}/" in text
    outsider = user_with_role(Role.ENTITY_REPRESENTATIVE)
    client.force_login(outsider)
    assert client.get(url("certificate", licence.pk)).status_code == 404


def test_verification_page_by_code_and_by_form(client, coordinator):
    licence = make_licence(coordinator=coordinator)
    response = client.get(url("verify"), {"code": licence.verification_code.lower()})
    assert response["Location"] == url("verify_code", licence.verification_code)
    page = client.get(url("verify_code", licence.verification_code))
    assert page.status_code == 200
    assert page.context["status"] == "active"
    assert licence.number in page.content.decode()
    assert client.get(url("verify_code", "NOSUCHCODE")).status_code == 404
    Licence.objects.filter(pk=licence.pk).update(revoked_at=timezone.now())
    assert client.get(url("verify_code", licence.verification_code)).context["status"] == "revoked"
