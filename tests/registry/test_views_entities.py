"""The staff pages of the registry: list, detail, create, edit, delete, history, merge."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.accounts.models import User
from koordynator.core.models import AuditEntry
from koordynator.registry import services
from koordynator.registry.enums import LifecycleStatus
from koordynator.registry.forms import form_data_from
from koordynator.registry.models import Entity, SocialEnterpriseStatus
from koordynator.territory.models import TerritorialUnit
from tests.factories import EntityFactory, OrganisationFactory, region_for, user_with_role

pytestmark = pytest.mark.django_db

ROLES = [
    Role.NATIONAL_ADMIN,
    Role.REGIONAL_COORDINATOR,
    Role.SUPPORT_CENTRE_STAFF,
    Role.ENTITY_REPRESENTATIVE,
    Role.LOCAL_GOVERNMENT_OFFICER,
    Role.COMMITTEE_MEMBER,
    Role.REVIEWER,
]
STAFF = {Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.SUPPORT_CENTRE_STAFF}
COORDINATORS = {Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR}

VALID = {
    "name": "Fundacja „Nowy Start”",
    "kind": "foundation",
    "description": "Szkolenia i doradztwo zawodowe.",
    "nip": "526-000-12-46",
    "gmina": "0607011",
    "locality": "Kraśnik",
    "address": "ul. Lubelska 5",
    "postal_code": "23-200",
    "email": "biuro@nowy-start.example",
    "sectors": "85, 88",
    "offer_tags": "szkolenia, doradztwo",
    "status": "active",
    "is_public": "on",
}


def url(name: str, entity: Entity | None = None) -> str:
    return reverse(f"registry:{name}", args=[entity.pk] if entity else [])


def label(field: str) -> str:
    """A field's label as the pages show it (in Polish, the default language)."""
    with translation.override("pl"):
        return str(capfirst(Entity._meta.get_field(field).verbose_name))


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def user_for(role: str, **kwargs: Any) -> User:
    """A user with the role in lubelskie; the representative represents some other entity."""
    if role == Role.ENTITY_REPRESENTATIVE and "organisation" not in kwargs:
        kwargs["organisation"] = OrganisationFactory()
    if role == Role.LOCAL_GOVERNMENT_OFFICER and "organisation" not in kwargs:
        kwargs["organisation"] = OrganisationFactory(kind=OrganisationKind.LOCAL_GOVERNMENT)
    return user_with_role(role, **kwargs)


@pytest.fixture
def coordinator(client) -> User:
    user = user_with_role(Role.REGIONAL_COORDINATOR, region=region_for("06"))
    client.force_login(user)
    return user


# --- Who may open what ----------------------------------------------------------------------

PAGES = [
    ("entity_list", False, STAFF),
    ("entity_create", False, STAFF),
    ("entity_detail", True, STAFF),
    ("entity_edit", True, STAFF),
    ("entity_history", True, STAFF),
    ("entity_delete", True, COORDINATORS),
    ("entity_merge", True, COORDINATORS),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("page", "with_entity", "allowed"), PAGES)
def test_permission_matrix(client, role, page, with_entity, allowed):
    # Not public, so only staff of its region (and its representatives) may see it.
    entity = EntityFactory(is_public=False) if with_entity else None
    client.force_login(user_for(role))
    response = client.get(url(page, entity))
    assert response.status_code == (200 if role in allowed else 404)


@pytest.mark.parametrize(("page", "with_entity", "allowed"), PAGES)
def test_anonymous_is_sent_to_log_in(client, page, with_entity, allowed):
    entity = EntityFactory() if with_entity else None
    response = client.get(url(page, entity))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/panel/registry/")


@pytest.mark.parametrize(
    "name", ["entity_restore", "entity_status_grant", "entity_status_lose", "entity_delete"]
)
def test_anonymous_cannot_post(client, name):
    entity = EntityFactory()
    response = client.post(url(name, entity), {"version": "1"})
    assert response["Location"].startswith("/accounts/login/")
    assert Entity.objects.filter(pk=entity.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_public_entity_shows_internal_fields_only_to_staff(client, role):
    entity = EntityFactory(employees_total=4321, is_public=True)
    client.force_login(user_for(role))
    response = client.get(url("entity_detail", entity))
    assert response.status_code == 200
    assert (b"4321" in response.content) == (role in STAFF)
    assert response.context["can"]["change"] == (role in STAFF)


def test_representative_sees_their_own_private_entity_but_cannot_edit_it(client):
    organisation = OrganisationFactory()
    entity = EntityFactory(is_public=False, organisation=organisation)
    client.force_login(user_with_role(Role.ENTITY_REPRESENTATIVE, organisation=organisation))
    assert client.get(url("entity_detail", entity)).status_code == 200
    assert client.get(url("entity_edit", entity)).status_code == 404


@pytest.mark.parametrize(
    "page", ["entity_detail", "entity_edit", "entity_history", "entity_delete", "entity_merge"]
)
def test_staff_of_another_region_get_404(client, page):
    entity = EntityFactory(is_public=False)
    malopolskie = region_for("12", slug="malopolskie")
    client.force_login(user_with_role(Role.REGIONAL_COORDINATOR, region=malopolskie))
    assert client.get(url(page, entity)).status_code == 404
    # A missing entity looks the same.
    assert client.get(reverse(f"registry:{page}", args=[entity.pk + 1000])).status_code == 404


def test_staff_of_another_region_cannot_change_a_public_entity(client):
    entity = EntityFactory(is_public=True, name="Jawna")
    client.force_login(
        user_with_role(Role.REGIONAL_COORDINATOR, region=region_for("12", slug="malopolskie"))
    )
    assert client.get(url("entity_detail", entity)).status_code == 200
    assert client.get(url("entity_edit", entity)).status_code == 404
    data = {**form_data_from(entity), "name": "Zmieniona"}
    assert client.post(url("entity_edit", entity), data).status_code == 404
    assert client.post(url("entity_delete", entity)).status_code == 404
    entity.refresh_from_db()
    assert entity.name == "Jawna"
    assert client.get(url("entity_list")).context["page"].paginator.count == 0


# --- List -------------------------------------------------------------------------------------


def names(response) -> list[str]:
    return [entity.name for entity in response.context["page"]]


@pytest.fixture
def three(db) -> None:
    EntityFactory(
        name="Spółdzielnia Socjalna Alfa",
        kind="social_cooperative",
        nip="5260001246",
        is_social_enterprise=True,
        has_economic_activity=True,
    )
    EntityFactory(name="Fundacja Beta", kind="foundation", is_public=False)
    EntityFactory(
        name="Stowarzyszenie Gamma",
        gmina=TerritorialUnit.objects.get(code="0663011"),
        status="suspended",
    )
    EntityFactory(
        name="Fundacja Małopolska",
        gmina=TerritorialUnit.objects.filter(level="gmina", code__startswith="12").first()
        or TerritorialUnit.objects.get(code="0607011"),
        region=region_for("12", slug="malopolskie"),
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Fundacja Beta", "Spółdzielnia Socjalna Alfa", "Stowarzyszenie Gamma"]),
        ({"q": "spółdzielnia"}, ["Spółdzielnia Socjalna Alfa"]),
        ({"q": "5260001246"}, ["Spółdzielnia Socjalna Alfa"]),
        ({"kind": "foundation"}, ["Fundacja Beta"]),
        ({"powiat": "0663"}, ["Stowarzyszenie Gamma"]),
        ({"status": "suspended"}, ["Stowarzyszenie Gamma"]),
        ({"is_social_enterprise": "yes"}, ["Spółdzielnia Socjalna Alfa"]),
        ({"has_economic_activity": "no"}, ["Fundacja Beta", "Stowarzyszenie Gamma"]),
        (
            {"kind": "no-such-kind"},
            ["Fundacja Beta", "Spółdzielnia Socjalna Alfa", "Stowarzyszenie Gamma"],
        ),
    ],
)
def test_list_filters_within_the_coordinators_region(client, coordinator, three, params, expected):
    response = client.get(url("entity_list"), params)
    assert response.status_code == 200
    assert names(response) == expected


def test_list_powiats_are_those_of_the_users_region(client, coordinator, three):
    response = client.get(url("entity_list"))
    powiats = [code for code, _label in response.context["form"].fields["powiat"].choices]
    assert powiats[0] == ""
    assert "0607" in powiats
    assert "0663" in powiats
    assert all(code.startswith("06") for code in powiats[1:])


def test_national_admin_lists_every_region(client, three):
    client.force_login(user_with_role(Role.NATIONAL_ADMIN))
    assert "Fundacja Małopolska" in names(client.get(url("entity_list")))


def test_list_shows_count_links_and_add_button(client, coordinator, three):
    response = client.get(url("entity_list"))
    html = response.content.decode()
    assert response.context["page"].paginator.count == 3
    assert re.search(r'id="entity-count"[^>]*>\s*3 ', html)
    alpha = Entity.objects.get(name="Spółdzielnia Socjalna Alfa")
    assert f'href="{url("entity_detail", alpha)}"' in html
    assert f'href="{url("entity_create")}"' in html
    assert 'hx-get="/panel/registry/"' in html
    assert '<th scope="col">' in html


def test_htmx_request_gets_only_the_results(client, coordinator, three):
    response = client.get(url("entity_list"), {"kind": "foundation"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Fundacja Beta" in html
    assert "Stowarzyszenie Gamma" not in html
    assert 'hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"]
    # Going back in history asks for the whole page.
    restore = client.get(
        url("entity_list"), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in restore.content.decode()


def test_list_paginates_by_fifty(client, coordinator):
    for n in range(51):
        EntityFactory(name=f"Podmiot {n:02d}")
    first = client.get(url("entity_list"))
    assert len(first.context["page"]) == 50
    assert "?page=2" in first.content.decode()
    second = client.get(url("entity_list"), {"page": 2})
    assert names(second) == ["Podmiot 50"]


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_does_not_grow(client, coordinator, django_assert_num_queries, count):
    for _ in range(count):
        EntityFactory()
    client.get(url("entity_list"))  # warm the session
    # session, user, memberships, powiats for the filter, count, the page (the middleware's
    # region comes from the cache)
    with django_assert_num_queries(6):
        response = client.get(url("entity_list"))
    assert len(response.context["page"]) == count


# --- Detail and social enterprise status ----------------------------------------------------


def test_detail_shows_every_group_and_the_actions(client, coordinator):
    entity = EntityFactory(
        name="Spółdzielnia Socjalna „Pod Dębem”",
        kind="social_cooperative",
        founder_type="natural_persons",
        nip="5260001246",
        krs="0000123456",
        email="biuro@pod-debem.example",
        employees_total=12,
        support_centre=OrganisationFactory(
            name="OWES Lubelska Sieć", kind=OrganisationKind.SUPPORT_CENTRE
        ),
    )
    response = client.get(url("entity_detail", entity))
    html = response.content.decode()
    for text in [
        "5260001246",
        "0000123456",
        "biuro@pod-debem.example",
        "OWES Lubelska Sieć",
        "0607011",
        'id="social-enterprise-heading"',
        f'href="{url("entity_edit", entity)}"',
        f'href="{url("entity_history", entity)}"',
        f'href="{url("entity_merge", entity)}"',
        f'href="{url("entity_delete", entity)}"',
    ]:
        assert text in html, text
    # The location source is explained.
    assert response.context["location_explained"]


def test_support_centre_staff_sees_no_delete_or_merge(client):
    entity = EntityFactory()
    client.force_login(user_with_role(Role.SUPPORT_CENTRE_STAFF))
    html = client.get(url("entity_detail", entity)).content.decode()
    assert f'href="{url("entity_edit", entity)}"' in html
    assert f'href="{url("entity_delete", entity)}"' not in html
    assert f'href="{url("entity_merge", entity)}"' not in html


def test_grant_and_lose_social_enterprise_status(client, coordinator):
    entity = EntityFactory()
    response = client.post(
        url("entity_status_grant", entity),
        {"grant-decision_number": "WRS.9511.1.2024", "grant-granted_on": "2024-03-01"},
    )
    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.is_social_enterprise
    status = SocialEnterpriseStatus.objects.get(entity=entity)
    assert status.decision_number == "WRS.9511.1.2024"

    response = client.post(url("entity_status_lose", entity), {"lose-lost_on": "2024-09-30"})
    assert response.status_code == 302
    status.refresh_from_db()
    assert status.lost_on == date(2024, 9, 30)
    entity.refresh_from_db()
    assert not entity.is_social_enterprise


def test_status_rule_broken_is_shown_as_a_form_error(client, coordinator):
    entity = EntityFactory()
    services.social_enterprise_status_grant(
        entity=entity, decision_number="1/2024", granted_on=date(2024, 3, 1), actor=None
    )
    response = client.post(
        url("entity_status_grant", entity),
        {"grant-decision_number": "2/2024", "grant-granted_on": "2024-05-01"},
    )
    assert response.status_code == 200
    form = response.context["grant_form"]
    assert form.non_field_errors()
    assert str(form.non_field_errors()[0]) in response.content.decode()
    assert 'value="2/2024"' in response.content.decode()
    assert SocialEnterpriseStatus.objects.filter(entity=entity).count() == 1

    response = client.post(url("entity_status_lose", entity), {"lose-lost_on": "2023-01-01"})
    assert response.status_code == 200
    assert response.context["lose_form"].non_field_errors()
    assert SocialEnterpriseStatus.objects.get(entity=entity).lost_on is None


def test_status_form_needs_a_date(client, coordinator):
    entity = EntityFactory()
    response = client.post(url("entity_status_grant", entity), {"grant-decision_number": "1/2024"})
    assert response.status_code == 200
    assert response.context["grant_form"].errors["granted_on"]
    assert 'aria-describedby="id_grant-granted_on_error"' in response.content.decode()
    assert not SocialEnterpriseStatus.objects.exists()


def test_support_centre_staff_may_record_status_but_others_may_not(client):
    entity = EntityFactory(is_public=True)
    data = {"grant-decision_number": "1/2024", "grant-granted_on": "2024-03-01"}
    client.force_login(user_for(Role.LOCAL_GOVERNMENT_OFFICER))
    assert client.post(url("entity_status_grant", entity), data).status_code == 404
    assert not SocialEnterpriseStatus.objects.exists()
    client.force_login(user_for(Role.SUPPORT_CENTRE_STAFF))
    assert client.post(url("entity_status_grant", entity), data).status_code == 302
    assert SocialEnterpriseStatus.objects.count() == 1


# --- Create and edit --------------------------------------------------------------------------


def test_create_form_groups_every_field_in_fieldsets(client, coordinator):
    response = client.get(url("entity_create"))
    html = response.content.decode()
    form = response.context["form"]
    grouped = [
        field.name for group in response.context["fieldsets"] for field, _ in group["fields"]
    ]
    assert sorted(grouped) == sorted(form.fields)
    assert html.count("<fieldset") >= 6
    assert html.count("<legend") >= 6
    for name in form.fields:
        assert f'for="id_{name}"' in html, name
    # The gmina is chosen from the user's region, grouped by powiat.
    assert '<option value="0607011">' in html
    assert "<optgroup" in html


def test_create_saves_and_redirects_with_a_message(client, coordinator):
    response = client.post(url("entity_create"), VALID)
    entity = Entity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("entity_detail", entity)
    assert entity.nip == "5260001246"
    assert entity.region.code == "06"
    assert sorted(s.code for s in entity.sectors.all()) == ["85", "88"]
    assert entity.history.get().history_user == coordinator
    assert AuditEntry.objects.filter(action="registry.entity.created").count() == 1
    assert any("Fundacja „Nowy Start”" in m for m in messages_of(response))


def test_invalid_create_keeps_the_input_and_writes_nothing(client, coordinator):
    data = {**VALID, "nip": "1234567890", "postal_code": "23200", "year_founded": "1700"}
    response = client.post(url("entity_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert set(form.errors) == {"nip", "postal_code", "year_founded"}
    # Every value typed is back in the form.
    assert 'value="Fundacja „Nowy Start”"' in html
    assert 'value="1234567890"' in html
    assert 'value="ul. Lubelska 5"' in html
    assert 'value="85, 88"' in html
    assert '<option value="0607011" selected>' in html
    assert "Szkolenia i doradztwo zawodowe." in html
    # The summary links to the fields; the fields point at their errors.
    assert 'role="alert"' in html
    assert 'href="#id_nip"' in html
    assert 'aria-describedby="id_nip_error"' in html
    assert 'aria-invalid="true"' in html
    assert Entity.objects.count() == 0
    assert not AuditEntry.objects.filter(action="registry.entity.created").exists()


def test_create_outside_the_users_region_is_refused_on_gmina(client):
    region_for("06")
    client.force_login(
        user_with_role(Role.REGIONAL_COORDINATOR, region=region_for("12", slug="malopolskie"))
    )
    response = client.post(url("entity_create"), VALID)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["gmina"]
    assert Entity.objects.count() == 0


def test_edit_shows_current_values_and_saves_changes(client, coordinator):
    entity = EntityFactory(name="Stara nazwa", status_since=date(2024, 2, 1))
    response = client.get(url("entity_edit", entity))
    html = response.content.decode()
    assert 'value="Stara nazwa"' in html
    assert '<option value="0607011" selected>' in html
    assert 'value="2024-02-01"' in html  # a date input needs an ISO date in every language
    data = {**form_data_from(entity), "name": "Nowa nazwa"}
    response = client.post(url("entity_edit", entity), data)
    assert response.status_code == 302
    assert response["Location"] == url("entity_detail", entity)
    entity.refresh_from_db()
    assert entity.name == "Nowa nazwa"


def test_invalid_edit_keeps_input_and_changes_nothing(client, coordinator):
    entity = EntityFactory(name="Stara nazwa")
    data = {**form_data_from(entity), "name": "Nowa nazwa", "email": "not-an-address"}
    response = client.post(url("entity_edit", entity), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["email"]
    assert 'value="Nowa nazwa"' in response.content.decode()
    assert response.context["title"].endswith("Stara nazwa")
    entity.refresh_from_db()
    assert entity.name == "Stara nazwa"


# --- Delete -----------------------------------------------------------------------------------


def test_delete_asks_then_deletes(client, coordinator):
    entity = EntityFactory(name="Do usunięcia")
    response = client.get(url("entity_delete", entity))
    assert response.status_code == 200
    assert "Do usunięcia" in response.content.decode()
    assert Entity.objects.filter(pk=entity.pk).exists()
    response = client.post(url("entity_delete", entity))
    assert response.status_code == 302
    assert response["Location"] == url("entity_list")
    assert not Entity.objects.filter(pk=entity.pk).exists()
    assert AuditEntry.objects.filter(action="registry.entity.deleted").count() == 1


def test_support_centre_staff_cannot_delete(client):
    entity = EntityFactory()
    client.force_login(user_with_role(Role.SUPPORT_CENTRE_STAFF))
    assert client.post(url("entity_delete", entity)).status_code == 404
    assert Entity.objects.filter(pk=entity.pk).exists()


# --- History ----------------------------------------------------------------------------------


def edit_name(client, entity: Entity, name: str) -> None:
    data = {**form_data_from(entity), "name": name}
    assert client.post(url("entity_edit", entity), data).status_code == 302


def test_history_shows_changes_and_restore_brings_the_old_name_back(client, coordinator):
    entity = services.entity_create(
        data={
            "name": "Stara nazwa",
            "kind": "association",
            "gmina": TerritorialUnit.objects.get(code="0607011"),
            "locality": "Kraśnik",
            "status": "active",
            "is_public": True,
        },
        actor=coordinator,
    )
    edit_name(client, entity, "Nowa nazwa")

    response = client.get(url("entity_history", entity))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["symbol"] for row in rows] == ["~", "+"]
    assert rows[0]["changes"] == [
        {"label": label("name"), "old": "Stara nazwa", "new": "Nowa nazwa"}
    ]
    assert rows[0]["version"].history_user == coordinator
    html = response.content.decode()
    assert "<del>Stara nazwa</del>" in html
    # Only older versions can be restored.
    assert html.count('name="version"') == 1

    oldest = rows[-1]["version"]
    response = client.post(url("entity_restore", entity), {"version": oldest.history_id})
    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.name == "Stara nazwa"
    assert entity.history.count() == 3


def test_history_shows_changed_choices_and_relations_readably(client, coordinator):
    entity = EntityFactory(status="active")
    data = {**form_data_from(entity), "status": "suspended", "gmina": "0607023"}
    assert client.post(url("entity_edit", entity), data).status_code == 302
    changes = client.get(url("entity_history", entity)).context["rows"][0]["changes"]
    by_label = {change["label"]: change for change in changes}
    with translation.override("pl"):
        assert by_label[label("status")]["old"] == str(LifecycleStatus.ACTIVE.label)
        assert by_label[label("status")]["new"] == str(LifecycleStatus.SUSPENDED.label)
    # Related records by name, not by id.
    assert by_label[label("gmina")]["old"].startswith("Kraśnik (")
    assert by_label[label("gmina")]["new"].startswith("Annopol (")


def test_restore_of_an_unknown_version_says_so(client, coordinator):
    entity = EntityFactory()
    response = client.post(url("entity_restore", entity), {"version": "999999"})
    assert response.status_code == 302
    assert response["Location"] == url("entity_history", entity)
    assert messages_of(response)


def test_support_centre_staff_see_history_but_cannot_restore(client):
    entity = EntityFactory()
    edit = user_with_role(Role.REGIONAL_COORDINATOR)
    client.force_login(edit)
    edit_name(client, entity, "Inna nazwa")
    client.force_login(user_with_role(Role.SUPPORT_CENTRE_STAFF))
    response = client.get(url("entity_history", entity))
    assert response.status_code == 200
    assert 'name="version"' not in response.content.decode()
    oldest = entity.history.last()
    assert (
        client.post(url("entity_restore", entity), {"version": oldest.history_id}).status_code
        == 404
    )


# --- Merge ------------------------------------------------------------------------------------


@pytest.fixture
def pair(db) -> tuple[Entity, Entity]:
    survivor = EntityFactory(name="Fundacja Razem", email="", phone="81 111 11 11")
    duplicate = EntityFactory(
        name="Fundacja Razem", email="razem@example.org", phone="81 222 22 22"
    )
    services.social_enterprise_status_grant(
        entity=duplicate, decision_number="7/2023", granted_on=date(2023, 5, 1), actor=None
    )
    return survivor, duplicate


def test_merge_lists_candidates_and_searches(client, coordinator, pair):
    survivor, duplicate = pair
    other = EntityFactory(name="Stowarzyszenie Inne")
    response = client.get(url("entity_merge", survivor))
    assert response.status_code == 200
    choices = [value for value, _label in response.context["form"].fields["duplicate"].choices]
    assert [c.value for c in choices if c] == [duplicate.pk]
    html = response.content.decode()
    assert f'value="{duplicate.pk}"' in html
    assert f'value="{survivor.pk}"' not in html

    response = client.get(url("entity_merge", survivor), {"q": "inne"})
    values = {c.value for c, _ in response.context["form"].fields["duplicate"].choices if c}
    assert values == {duplicate.pk, other.pk}


def test_merge_confirmation_shows_both_records(client, coordinator, pair):
    survivor, duplicate = pair
    response = client.get(url("entity_merge", survivor), {"duplicate": duplicate.pk})
    assert response.status_code == 200
    assert response.templates[0].name == "registry/entity_merge_confirm.html"
    html = response.content.decode()
    assert "81 111 11 11" in html
    assert "81 222 22 22" in html
    filled = {row["label"] for row in response.context["rows"] if row["filled"]}
    assert filled == {label("email")}
    assert response.context["moving"]["statuses"] == 1
    # Nothing has changed yet.
    assert Entity.objects.filter(pk=duplicate.pk).exists()


def test_merge_moves_status_and_deletes_the_duplicate(client, coordinator, pair):
    survivor, duplicate = pair
    response = client.post(url("entity_merge", survivor), {"duplicate": duplicate.pk})
    assert response.status_code == 302
    assert response["Location"] == url("entity_detail", survivor)
    assert not Entity.objects.filter(pk=duplicate.pk).exists()
    status = SocialEnterpriseStatus.objects.get()
    assert status.entity_id == survivor.pk
    survivor.refresh_from_db()
    assert survivor.is_social_enterprise
    assert survivor.email == "razem@example.org"
    assert survivor.phone == "81 111 11 11"
    assert AuditEntry.objects.filter(action="registry.entity.merged").count() == 1


def test_merge_refuses_itself_and_entities_out_of_reach(client, coordinator, pair):
    survivor, _duplicate = pair
    response = client.post(url("entity_merge", survivor), {"duplicate": survivor.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["duplicate"]
    elsewhere = EntityFactory(region=region_for("12", slug="malopolskie"))
    response = client.post(url("entity_merge", survivor), {"duplicate": elsewhere.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["duplicate"]
    assert Entity.objects.filter(pk=elsewhere.pk).exists()
    assert Entity.objects.count() == 3


def test_merge_needs_a_choice(client, coordinator, pair):
    survivor, _ = pair
    response = client.get(url("entity_merge", survivor), {"duplicate": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["duplicate"]
