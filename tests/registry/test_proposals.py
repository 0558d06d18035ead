"""Self-service of entity profiles: representatives propose, regional staff decide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.accounts.models import User
from koordynator.core.models import AuditEntry
from koordynator.registry import services
from koordynator.registry.enums import ProposalStatus
from koordynator.registry.forms import PUBLIC_PROFILE_FIELDS
from koordynator.registry.models import ChangeProposal, Entity
from koordynator.territory.models import Region, TerritorialUnit
from tests.factories import EntityFactory, OrganisationFactory, region_for, user_with_role

pytestmark = pytest.mark.django_db

OLD_DESCRIPTION = "Spółdzielnia socjalna: catering i sprzątanie."
NEW_DESCRIPTION = "Catering, sprzątanie biur i pielęgnacja zieleni w powiecie kraśnickim."


@dataclass
class Setting:
    region: Region
    entity: Entity
    representative: User
    coordinator: User


def make_setting() -> Setting:
    region = region_for("06")
    organisation = OrganisationFactory(region=region, name="Spółdzielnia Socjalna „Pod Lipą”")
    entity = EntityFactory(
        organisation=organisation,
        name="Spółdzielnia Socjalna „Pod Lipą”",
        description=OLD_DESCRIPTION,
        phone="81 825 00 00",
    )
    return Setting(
        region=region,
        entity=entity,
        representative=user_with_role(Role.ENTITY_REPRESENTATIVE, organisation=organisation),
        coordinator=user_with_role(Role.REGIONAL_COORDINATOR, region=region),
    )


@pytest.fixture
def s() -> Setting:
    return make_setting()


def profile_data(entity: Entity, **changes: str) -> dict[str, Any]:
    """The propose form's POST data: the current values with `changes` on top."""
    return {**{field: getattr(entity, field) for field in PUBLIC_PROFILE_FIELDS}, **changes}


def propose_url(entity: Entity) -> str:
    return f"/panel/my-entity/{entity.pk}/propose/"


def detail_url(proposal: ChangeProposal) -> str:
    return f"/panel/registry/proposals/{proposal.pk}/"


def polish(message: str) -> str:
    with translation.override("pl"):
        return gettext(message)


def label(field: str) -> str:
    with translation.override("pl"):
        return str(capfirst(Entity._meta.get_field(field).verbose_name))


def badge(status: ProposalStatus) -> str:
    """How a proposal's status shows on a page."""
    with translation.override("pl"):
        return f">{capfirst(status.label)}</span>"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def propose(client, s: Setting, **changes: str) -> ChangeProposal:
    client.force_login(s.representative)
    response = client.post(propose_url(s.entity), profile_data(s.entity, **changes))
    assert response.status_code == 302, response.content.decode()
    return ChangeProposal.objects.get(entity=s.entity, status=ProposalStatus.PENDING)


# --- The whole flow ---------------------------------------------------------------------------


def test_whole_flow_from_proposal_to_approval_and_e_mail(
    client, s, immediate_tasks, django_capture_on_commit_callbacks
):
    api = f"/api/v1/entities/{s.entity.pk}"

    # The representative sees the current public profile and a link to propose changes.
    client.force_login(s.representative)
    page = client.get("/panel/my-entity/")
    assert page.status_code == 200
    assert [item["entity"] for item in page.context["entities"]] == [s.entity]
    assert OLD_DESCRIPTION in page.content.decode()
    assert propose_url(s.entity) in page.content.decode()

    # The form starts from the current values.
    form = client.get(propose_url(s.entity)).context["form"]
    assert form.initial["description"] == OLD_DESCRIPTION
    assert form.initial["phone"] == "81 825 00 00"

    response = client.post(
        propose_url(s.entity), profile_data(s.entity, description=NEW_DESCRIPTION)
    )
    assert response.status_code == 302
    assert response["Location"] == "/panel/my-entity/"
    proposal = ChangeProposal.objects.get()
    assert proposal.status == ProposalStatus.PENDING
    assert proposal.proposed_by == s.representative
    assert proposal.changes == {"description": NEW_DESCRIPTION}
    assert proposal.previous == {"description": OLD_DESCRIPTION}
    assert AuditEntry.objects.filter(
        action="registry.proposal.submitted", object_id=str(proposal.pk)
    ).exists()

    # Nothing public changes yet.
    s.entity.refresh_from_db()
    assert s.entity.description == OLD_DESCRIPTION
    client.logout()
    assert client.get(api).json()["description"] == OLD_DESCRIPTION
    client.force_login(s.representative)
    page = client.get("/panel/my-entity/").content.decode()
    assert badge(ProposalStatus.PENDING) in page

    # The coordinator sees the comparison field by field, with the field's verbose name.
    client.force_login(s.coordinator)
    listing = client.get("/panel/registry/proposals/")
    assert listing.status_code == 200
    assert [row["proposal"] for row in listing.context["rows"]] == [proposal]
    html = listing.content.decode()
    assert label("description") in html
    assert OLD_DESCRIPTION in html
    assert NEW_DESCRIPTION in html
    assert detail_url(proposal) in html
    detail = client.get(detail_url(proposal))
    assert detail.status_code == 200
    assert [(c.label, c.current, c.proposed) for c in detail.context["changes"]] == [
        (label("description"), OLD_DESCRIPTION, NEW_DESCRIPTION)
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail_url(proposal),
            {"decision": "approve", "comment": "Dziękujemy, opis jest jaśniejszy."},
        )
    assert response.status_code == 302
    assert response["Location"] == "/panel/registry/proposals/"

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert proposal.decided_by == s.coordinator
    assert proposal.comment == "Dziękujemy, opis jest jaśniejszy."
    s.entity.refresh_from_db()
    assert s.entity.description == NEW_DESCRIPTION
    latest = s.entity.history.first()
    assert latest.description == NEW_DESCRIPTION
    assert latest.history_user == s.coordinator
    assert latest.history_type == "~"
    assert client.get("/panel/registry/proposals/").context["rows"] == []

    client.logout()
    assert client.get(api).json()["description"] == NEW_DESCRIPTION

    # The representative is told by e-mail, with the comment.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [s.representative.email]
    assert s.entity.name in message.subject
    assert "Dziękujemy, opis jest jaśniejszy." in message.body
    assert NEW_DESCRIPTION in message.body

    # ... and sees the outcome on their page.
    client.force_login(s.representative)
    page = client.get("/panel/my-entity/").content.decode()
    assert NEW_DESCRIPTION in page
    assert badge(ProposalStatus.APPROVED) in page
    assert "Dziękujemy, opis jest jaśniejszy." in page


def test_rejection_keeps_the_profile_and_tells_the_representative_why(
    client, s, immediate_tasks, django_capture_on_commit_callbacks
):
    proposal = propose(client, s, description=NEW_DESCRIPTION, phone="+48 600 000 000")
    client.force_login(s.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail_url(proposal), {"decision": "reject", "comment": "Proszę podać numer biura."}
        )
    assert response.status_code == 302

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert proposal.comment == "Proszę podać numer biura."
    s.entity.refresh_from_db()
    assert (s.entity.description, s.entity.phone) == (OLD_DESCRIPTION, "81 825 00 00")
    assert s.entity.history.count() == 1  # only the creation
    assert client.get(f"/api/v1/entities/{s.entity.pk}").json()["phone"] == "81 825 00 00"
    assert AuditEntry.objects.filter(
        action="registry.proposal.rejected", object_id=str(proposal.pk)
    ).exists()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [s.representative.email]
    assert "Proszę podać numer biura." in mail.outbox[0].body

    client.force_login(s.representative)
    page = client.get("/panel/my-entity/").content.decode()
    assert badge(ProposalStatus.REJECTED) in page
    assert "Proszę podać numer biura." in page
    # Decided: the representative may propose again.
    assert "form" in client.get(propose_url(s.entity)).context


def test_a_decided_proposal_cannot_be_decided_again(
    client, s, immediate_tasks, django_capture_on_commit_callbacks
):
    proposal = propose(client, s, description=NEW_DESCRIPTION)
    client.force_login(s.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail_url(proposal), {"decision": "approve", "comment": ""})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail_url(proposal), {"decision": "reject", "comment": "Jednak nie."}
        )
    assert response.status_code == 302
    assert response["Location"] == detail_url(proposal)
    assert polish("This proposal has already been decided.") in messages_of(response)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.comment) == (ProposalStatus.APPROVED, "")
    assert len(mail.outbox) == 1

    # The detail page shows the decision and offers no form.
    detail = client.get(detail_url(proposal))
    assert detail.context["form"] is None
    assert 'name="decision"' not in detail.content.decode()
    with pytest.raises(services.RegistryError):
        services.proposal_decide(proposal=proposal, approve=False, comment="", actor=s.coordinator)


def test_a_decision_needs_approve_or_reject(client, s):
    proposal = propose(client, s, description=NEW_DESCRIPTION)
    client.force_login(s.coordinator)
    response = client.post(detail_url(proposal), {"decision": "maybe", "comment": "Hm."})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "Hm." in response.content.decode()  # the comment is kept
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING


def test_national_admin_decides_in_any_region(client, s, immediate_tasks):
    proposal = propose(client, s, description=NEW_DESCRIPTION)
    client.force_login(user_with_role(Role.NATIONAL_ADMIN))
    assert [r["proposal"] for r in client.get("/panel/registry/proposals/").context["rows"]] == [
        proposal
    ]
    response = client.post(detail_url(proposal), {"decision": "approve", "comment": ""})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED


# --- Proposing --------------------------------------------------------------------------------


def test_only_the_changed_fields_are_proposed(client, s):
    proposal = propose(
        client, s, description=NEW_DESCRIPTION, website="pod-lipa.example", postal_code="23-200"
    )
    assert proposal.changes == {
        "description": NEW_DESCRIPTION,
        "postal_code": "23-200",
        "website": "https://pod-lipa.example",
    }
    assert proposal.previous == {"description": OLD_DESCRIPTION, "postal_code": "", "website": ""}


def test_unchanged_form_is_refused_as_changing_nothing(client, s):
    client.force_login(s.representative)
    # Browsers send text areas with CRLF line ends and may add spaces: still no change.
    s.entity.description = "Pierwsza linia.\nDruga linia."
    s.entity.save()
    data = profile_data(s.entity, description="Pierwsza linia.\r\nDruga linia.  ")
    response = client.post(propose_url(s.entity), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [polish("The proposal changes nothing.")]
    assert polish("The proposal changes nothing.") in response.content.decode()
    assert not ChangeProposal.objects.exists()


def test_validation_errors_keep_the_input_and_write_nothing(client, s):
    client.force_login(s.representative)
    audit_before = AuditEntry.objects.count()
    data = profile_data(
        s.entity,
        description=NEW_DESCRIPTION,
        postal_code="23200",
        email="biuro(at)pod-lipa",
        website="nie adres",
    )
    response = client.post(propose_url(s.entity), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"postal_code", "email", "website"}
    html = response.content.decode()
    assert NEW_DESCRIPTION in html
    assert 'value="23200"' in html
    assert 'value="biuro(at)pod-lipa"' in html
    assert 'aria-invalid="true"' in html
    assert not ChangeProposal.objects.exists()
    assert AuditEntry.objects.count() == audit_before
    s.entity.refresh_from_db()
    assert s.entity.description == OLD_DESCRIPTION


def test_only_one_pending_proposal_per_entity(client, s):
    first = propose(client, s, description=NEW_DESCRIPTION)

    page = client.get(propose_url(s.entity))
    assert page.status_code == 200
    assert page.context["pending"] == first
    assert "form" not in page.context
    assert NEW_DESCRIPTION in page.content.decode()
    assert '<form method="post" novalidate>' not in page.content.decode()

    response = client.post(propose_url(s.entity), profile_data(s.entity, phone="+48 600 000 000"))
    assert response.status_code == 302
    assert response["Location"] == propose_url(s.entity)
    assert polish("A proposal for this entity is already waiting for a decision.") in messages_of(
        response
    )
    assert ChangeProposal.objects.count() == 1

    # The service refuses too, whoever calls it.
    with pytest.raises(services.RegistryError) as refused:
        services.proposal_submit(
            entity=s.entity, changes={"phone": "+48 600 000 000"}, actor=s.representative
        )
    assert str(refused.value) == polish(
        "A proposal for this entity is already waiting for a decision."
    )
    assert ChangeProposal.objects.count() == 1


def test_service_refuses_fields_outside_the_public_profile(s):
    with pytest.raises(ValueError, match="name"):
        services.proposal_submit(entity=s.entity, changes={"name": "Inna"}, actor=s.representative)
    assert not ChangeProposal.objects.exists()


def test_service_compares_with_the_stored_values_not_the_callers_copy(s):
    stale = Entity.objects.get(pk=s.entity.pk)
    stale.description = NEW_DESCRIPTION  # changed in memory only, never saved
    proposal = services.proposal_submit(
        entity=stale, changes={"description": NEW_DESCRIPTION}, actor=s.representative
    )
    assert proposal.previous == {"description": OLD_DESCRIPTION}


# --- Who may do what --------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, s):
    for url in ("/panel/my-entity/", propose_url(s.entity), "/panel/registry/proposals/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_my_entity_lists_only_the_users_own_entities(client, s):
    other = EntityFactory(organisation=OrganisationFactory(region=s.region))
    EntityFactory()  # no organisation at all
    client.force_login(s.representative)
    page = client.get("/panel/my-entity/")
    assert [item["entity"] for item in page.context["entities"]] == [s.entity]
    assert other.name not in page.content.decode()


def test_representative_of_an_organisation_without_entity_is_told_so(client, s):
    organisation = OrganisationFactory(region=s.region)
    client.force_login(user_with_role(Role.ENTITY_REPRESENTATIVE, organisation=organisation))
    page = client.get("/panel/my-entity/")
    assert page.status_code == 200
    assert page.context["entities"] == []


@pytest.mark.parametrize(
    "role",
    [
        Role.REGIONAL_COORDINATOR,
        Role.SUPPORT_CENTRE_STAFF,
        Role.LOCAL_GOVERNMENT_OFFICER,
        Role.NATIONAL_ADMIN,
        Role.REVIEWER,
    ],
)
def test_my_entity_is_for_representatives_only(client, s, role):
    client.force_login(user_with_role(role, region=s.region))
    assert client.get("/panel/my-entity/").status_code == 404


def other_representative(s: Setting) -> User:
    organisation = OrganisationFactory(region=s.region)
    EntityFactory(organisation=organisation)
    return user_with_role(Role.ENTITY_REPRESENTATIVE, organisation=organisation)


def jst_officer(s: Setting) -> User:
    gmina = OrganisationFactory(region=s.region, kind=OrganisationKind.LOCAL_GOVERNMENT)
    return user_with_role(Role.LOCAL_GOVERNMENT_OFFICER, organisation=gmina)


def owes_staff(s: Setting) -> User:
    owes = OrganisationFactory(region=s.region, kind=OrganisationKind.SUPPORT_CENTRE)
    return user_with_role(Role.SUPPORT_CENTRE_STAFF, organisation=owes)


def other_coordinator(s: Setting) -> User:
    return user_with_role(Role.REGIONAL_COORDINATOR, region=region_for("12", slug="malopolskie"))


@pytest.mark.parametrize(
    "make_user", [other_representative, jst_officer, owes_staff, other_coordinator]
)
def test_others_cannot_propose_for_an_entity(client, s, make_user):
    client.force_login(make_user(s))
    assert client.get(propose_url(s.entity)).status_code == 404
    response = client.post(propose_url(s.entity), profile_data(s.entity, description="Obce."))
    assert response.status_code == 404
    assert not ChangeProposal.objects.exists()


def test_coordinator_cannot_propose_either(client, s):
    client.force_login(s.coordinator)
    assert client.get(propose_url(s.entity)).status_code == 404


def test_missing_entity_answers_404(client, s):
    client.force_login(s.representative)
    assert client.get("/panel/my-entity/999999/propose/").status_code == 404


@pytest.mark.parametrize(
    "make_user",
    [
        other_representative,
        jst_officer,
        owes_staff,
        other_coordinator,
        lambda s: s.representative,  # not even their own proposal
    ],
    ids=["other-representative", "jst", "owes", "other-region-coordinator", "own-representative"],
)
def test_only_regional_coordinators_and_admins_decide(client, s, make_user, immediate_tasks):
    proposal = propose(client, s, description=NEW_DESCRIPTION)
    client.force_login(make_user(s))
    assert client.get(detail_url(proposal)).status_code == 404
    response = client.post(detail_url(proposal), {"decision": "approve", "comment": "Tak."})
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    s.entity.refresh_from_db()
    assert s.entity.description == OLD_DESCRIPTION
    assert mail.outbox == []


@pytest.mark.parametrize("make_user", [other_representative, jst_officer, owes_staff])
def test_the_proposal_list_is_for_deciders_only(client, s, make_user):
    propose(client, s, description=NEW_DESCRIPTION)
    client.force_login(make_user(s))
    assert client.get("/panel/registry/proposals/").status_code == 404


def test_coordinator_lists_only_their_regions_proposals(client, s):
    propose(client, s, description=NEW_DESCRIPTION)
    client.force_login(other_coordinator(s))
    listing = client.get("/panel/registry/proposals/")
    assert listing.status_code == 200
    assert listing.context["rows"] == []
    assert NEW_DESCRIPTION not in listing.content.decode()


def test_the_list_shows_when_the_entity_changed_after_the_proposal(client, s):
    proposal = propose(client, s, description=NEW_DESCRIPTION)
    services.entity_update(
        entity=s.entity, data={"description": "Poprawione przez ROPS."}, actor=s.coordinator
    )
    client.force_login(s.coordinator)
    detail = client.get(detail_url(proposal))
    (change,) = detail.context["changes"]
    assert change.current == "Poprawione przez ROPS."
    assert change.previous == OLD_DESCRIPTION
    assert change.changed_since_proposed
    assert polish("Changed since the proposal was made. It was:") in detail.content.decode()


# --- The e-mail through the real queue ---------------------------------------------------------


@pytest.fixture
def territory():
    """Transactional tests flush the database: bring the shipped territory back if it is gone."""
    if not TerritorialUnit.objects.filter(code="0607011").exists():
        from koordynator.territory.services import places_load, units_import, units_locate
        from koordynator.territory.terc import builtin_units

        units_import(records=builtin_units())
        places_load()
        units_locate()


@pytest.mark.django_db(transaction=True)
def test_decision_e_mail_goes_through_the_database_queue(client, territory):
    """The default backend (django_tasks_db): the decision queues the e-mail once committed,
    and one batch run of the worker sends it."""
    s = make_setting()
    proposal = propose(client, s, description=NEW_DESCRIPTION)
    client.force_login(s.coordinator)
    response = client.post(detail_url(proposal), {"decision": "approve", "comment": "W porządku."})
    assert response.status_code == 302

    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("send_proposal_decision")
    assert queued.args_kwargs["kwargs"] == {"proposal_id": proposal.pk}
    assert mail.outbox == []

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL", queued.exception_class_path
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [s.representative.email]
    assert "W porządku." in mail.outbox[0].body
