"""/api/v1/networks/... and /api/v1/partnerships/...: cooperation networks (members,
meetings) and cooperation agreements (parties, yearly indicators). Public networks and
agreements need no token; a staff token also sees its regions' others and may write. A
move the state forbids (a member who has left leaving again, an agreement ended twice)
answers 409 and changes nothing."""

from datetime import date, datetime
from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from koordynator.accounts.auth import public_or_token, token_auth
from koordynator.accounts.models import Organisation
from koordynator.accounts.rules import require_perm
from koordynator.core.api import DomainValidationError, Id, Page, Year
from koordynator.municipalities.models import LocalGovernment
from koordynator.registry.models import Entity
from koordynator.territory.models import Region
from koordynator.territory.selectors import served_region

from . import selectors, services
from .enums import MemberKind, PartyKind
from .models import Network, NetworkMember, Partnership, PartnershipParty
from .rules import (
    ADD_NETWORK,
    LIST_PARTNERSHIPS,
    MANAGE_NETWORK,
    MANAGE_PARTNERSHIPS,
    VIEW_NETWORK,
    VIEW_PARTNERSHIP,
)

router = Router(tags=["networks"])


# --- Networks ----------------------------------------------------------------------------------


class NetworkOut(Schema):
    id: int
    region: str = Field(description="TERYT code of the region's voivodeship")
    name: str
    kind: str
    kind_label: str
    purpose: str
    description: str
    coordinator: str = Field(description="The coordinating organisation and/or person")
    is_public: bool
    active_from: date
    active_to: date | None
    members_count: int = Field(description="Active members")
    meetings_count: int


class NetworkFilters(Schema):
    region: str | None = Field(None, pattern=r"^\d{2}$", description="TERYT code of a region")
    kind: str | None = None


def _network_out(network: Network) -> NetworkOut:
    return NetworkOut(
        id=network.pk,
        region=network.region.code,
        name=network.name,
        kind=network.kind,
        kind_label=network.get_kind_display(),
        purpose=network.purpose,
        description=network.description,
        coordinator=network.coordinator_label,
        is_public=network.is_public,
        active_from=network.active_from,
        active_to=network.active_to,
        members_count=network.members_count,  # type: ignore[attr-defined]
        meetings_count=network.meetings_count,  # type: ignore[attr-defined]
    )


def _network(request: HttpRequest, network_id: int) -> tuple[Network, bool]:
    """The network and whether the caller sees it as staff or a member (else: public)."""
    network = selectors.network_visible_to(request.user, network_id)
    if network is not None and request.user.has_perm(VIEW_NETWORK, network):
        return network, True
    network = selectors.public_network(network_id)
    if network is None:
        raise Http404
    return network, False


@router.get("/networks", response=list[NetworkOut], auth=[public_or_token])
@paginate
def list_networks(request: HttpRequest, filters: Query[NetworkFilters]) -> Page[NetworkOut]:
    """Public networks still active; a staff token also gets its regions' others, a
    member's token the networks of its organisation."""
    networks = selectors.networks_readable_by(request.user)
    if filters.region:
        networks = networks.filter(region__voivodeship__code=filters.region)
    if filters.kind:
        networks = networks.filter(kind=filters.kind)
    return Page(networks, _network_out)


@router.get("/networks/{network_id}", response=NetworkOut, auth=[public_or_token])
def get_network(request: HttpRequest, network_id: int) -> NetworkOut:
    network, _sees_all = _network(request, network_id)
    return _network_out(network)


class MemberOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    entity: int | None = Field(None, description="Id of the registry's entity")
    organisation: int | None = Field(None, description="Id of the organisation")
    local_government: str | None = Field(None, description="TERYT code of the local government")
    nip: str | None = Field(None, description="Of businesses and other named members")
    website: str | None = None
    joined_on: date
    left_on: date | None


def _member_out(member: NetworkMember) -> MemberOut:
    return MemberOut(
        id=member.pk,
        kind=member.kind,
        kind_label=member.get_kind_display(),
        name=member.display_name,
        entity=member.entity_id,
        organisation=member.organisation_id,
        local_government=member.local_government.unit.code if member.local_government else None,
        nip=member.nip or None,
        website=member.website or None,
        joined_on=member.joined_on,
        left_on=member.left_on,
    )


class MemberFilters(Schema):
    former: bool = Field(False, description="Also the memberships that ended (staff and members)")


@router.get("/networks/{network_id}/members", response=list[MemberOut], auth=[public_or_token])
@paginate
def list_members(
    request: HttpRequest, network_id: int, filters: Query[MemberFilters]
) -> Page[MemberOut]:
    """The network's active members; the public sees the entities of the public directory
    only."""
    network, sees_all = _network(request, network_id)
    if not sees_all:
        members = selectors.public_members_of(network)
    elif filters.former:
        members = selectors.members_of(network)
    else:
        members = selectors.active_members_of(network)
    return Page(members.select_related("local_government__unit"), _member_out)


class MeetingOut(Schema):
    id: int = Field(description="Id of the event (events API)")
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    venue_name: str
    is_published: bool
    capacity: int | None
    confirmed: int
    waitlisted: int
    attended: int = Field(description="People present on at least one day")
    url: str | None = Field(description="The event's public page, if published")


def _meeting_out(event: Any) -> MeetingOut:
    return MeetingOut(
        id=event.pk,
        title=event.title,
        kind=event.kind,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue_name=event.venue_name,
        is_published=event.is_published,
        capacity=event.capacity,
        confirmed=event.confirmed_count,
        waitlisted=event.waitlist_count,
        attended=event.attended_count,
        url=f"/events/{event.pk}/" if event.is_published else None,
    )


@router.get("/networks/{network_id}/meetings", response=list[MeetingOut], auth=[public_or_token])
@paginate
def list_meetings(request: HttpRequest, network_id: int) -> Page[MeetingOut]:
    """The network's meetings, soonest first, with their registration and attendance
    counts; the public sees published ones only."""
    network, sees_all = _network(request, network_id)
    meetings = selectors.meetings_of(network)
    if not sees_all:
        meetings = meetings.filter(is_published=True)
    return Page(meetings, _meeting_out)


class NetworkIn(Schema):
    region: str | None = Field(
        None, pattern=r"^\d{2}$", description="TERYT code; needed when several are served"
    )
    name: str
    kind: Literal[
        "support_centre_network",
        "thematic_group",
        "cooperation_platform",
        "partnership_network",
        "other",
    ]
    purpose: str
    description: str = ""
    coordinator_organisation: Id | None = Field(None, description="Id of an organisation")
    is_public: bool = True
    active_from: date
    active_to: date | None = None


@router.post("/networks", response={201: NetworkOut}, auth=token_auth)
def create_network(request: HttpRequest, payload: NetworkIn) -> Status[NetworkOut]:
    """Create a network (a coordinator's or national administrator's token)."""
    region = served_region(payload.region)
    require_perm(request, ADD_NETWORK, region)
    organisation = None
    if payload.coordinator_organisation is not None:
        organisation = Organisation.objects.filter(
            pk=payload.coordinator_organisation, region=region
        ).first()
        if organisation is None:
            raise DomainValidationError(
                {"coordinator_organisation": _("Choose an organisation of the network's region.")}
            )
    network = services.network_create(
        region=region,
        data={
            **payload.dict(exclude={"region", "coordinator_organisation"}),
            "coordinator_organisation": organisation,
            "coordinator": None,
        },
        actor=request.user,
    )
    created = selectors.network_visible_to(request.user, network.pk)
    return Status(201, _network_out(created or network))


class MemberIn(Schema):
    kind: Literal["entity", "organisation", "local_government", "business", "science", "other"]
    entity: Id | None = Field(None, description="Id of the registry's entity (kind entity)")
    organisation: Id | None = Field(None, description="Id of the organisation")
    local_government: str | None = Field(
        None, pattern=r"^\d{2}(\d{2}(\d{3})?)?$", description="TERYT code (kind local_government)"
    )
    name: str = Field("", description="For business, science and other")
    nip: str = ""
    website: str = ""
    joined_on: date | None = Field(None, description="Today when not given")


def _managed_network(request: HttpRequest, network_id: int) -> Network:
    network = selectors.network_visible_to(request.user, network_id)
    if network is None or not request.user.has_perm(MANAGE_NETWORK, network):
        raise Http404
    return network


@router.post("/networks/{network_id}/members", response={201: MemberOut}, auth=token_auth)
def add_member(request: HttpRequest, network_id: int, payload: MemberIn) -> Status[MemberOut]:
    network = _managed_network(request, network_id)
    entity = organisation = local_government = None
    if payload.kind == MemberKind.ENTITY and payload.entity is not None:
        entity = Entity.objects.filter(pk=payload.entity).first()
        if entity is None:
            raise DomainValidationError({"entity": _("There is no entity with this id.")})
    if payload.kind == MemberKind.ORGANISATION and payload.organisation is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation).first()
        if organisation is None:
            raise DomainValidationError(
                {"organisation": _("There is no organisation with this id.")}
            )
    if payload.kind == MemberKind.LOCAL_GOVERNMENT and payload.local_government:
        local_government = _local_government(network.region, payload.local_government)
    member = services.member_add(
        network=network,
        kind=payload.kind,
        entity=entity,
        organisation=organisation,
        local_government=local_government,
        name=payload.name,
        nip=payload.nip,
        website=payload.website,
        joined_on=payload.joined_on,
        actor=request.user,
    )
    added = selectors.members_of(network).select_related("local_government__unit").get(pk=member.pk)
    return Status(201, _member_out(added))


class LeaveIn(Schema):
    left_on: date | None = Field(None, description="Today when not given")


@router.post(
    "/networks/{network_id}/members/{member_id}/leave",
    response={200: MemberOut},
    auth=token_auth,
)
def leave_member(
    request: HttpRequest, network_id: int, member_id: int, payload: LeaveIn
) -> MemberOut:
    """End a membership; it stays in the history (409 if it has ended already)."""
    network = _managed_network(request, network_id)
    member = selectors.member_of(network, member_id)
    if member is None:
        raise Http404
    services.member_leave(member=member, left_on=payload.left_on, actor=request.user)
    return _member_out(
        selectors.members_of(network).select_related("local_government__unit").get(pk=member.pk)
    )


def _local_government(region: Region, teryt: str) -> LocalGovernment:
    found = (
        selectors.local_government_choices(region).filter(unit__code=teryt).first()
        or selectors.local_government_choices(region)
        .filter(kind="city_with_powiat_rights", powiat__code=teryt)
        .first()
    )
    if found is None:
        raise DomainValidationError(
            {
                "local_government": _(
                    "There is no local government with this TERYT code in the region."
                )
            }
        )
    return found


# --- Partnerships ------------------------------------------------------------------------------


class PartyOut(Schema):
    kind: str
    kind_label: str
    name: str
    entity: int | None = Field(None, description="Id of the registry's entity")
    local_government: str | None = Field(None, description="TERYT code")
    nip: str | None = None
    website: str | None = None


class PartnershipOut(Schema):
    id: int
    region: str
    title: str
    subject: str
    signed_on: date
    starts_on: date
    ends_on: date | None
    status: str
    status_label: str
    network: int | None
    is_public: bool
    parties: list[PartyOut]


def _party_out(party: PartnershipParty, *, public: bool) -> PartyOut:
    hidden = public and party.entity is not None and not party.entity.is_public
    return PartyOut(
        kind=party.kind,
        kind_label=party.get_kind_display(),
        name="" if hidden else party.display_name,
        entity=None if hidden else party.entity_id,
        local_government=party.local_government.unit.code if party.local_government else None,
        nip=party.nip or None,
        website=party.website or None,
    )


def _partnership_out(partnership: Partnership, *, public: bool) -> PartnershipOut:
    return PartnershipOut(
        id=partnership.pk,
        region=partnership.region.code,
        title=partnership.title,
        subject=partnership.subject,
        signed_on=partnership.signed_on,
        starts_on=partnership.starts_on,
        ends_on=partnership.ends_on,
        status=partnership.status,
        status_label=partnership.get_status_display(),
        network=partnership.network_id,
        is_public=partnership.is_public,
        parties=[_party_out(party, public=public) for party in partnership.parties.all()],
    )


class PartnershipFilters(Schema):
    region: str | None = Field(None, pattern=r"^\d{2}$")
    status: Literal["not_started", "active", "ended"] | None = None
    network: Id | None = None


@router.get("/partnerships", response=list[PartnershipOut], auth=[public_or_token])
@paginate
def list_partnerships(
    request: HttpRequest, filters: Query[PartnershipFilters]
) -> Page[PartnershipOut]:
    """Public agreements for everybody; a staff token also its regions' others. Entities
    hidden from the public directory are not named to the public."""
    partnerships = selectors.partnerships_visible_to(request.user)
    if filters.region:
        partnerships = partnerships.filter(region__voivodeship__code=filters.region)
    if filters.network:
        partnerships = partnerships.filter(network_id=filters.network)
    if filters.status:
        partnerships = partnerships.filter(pk__in=_with_status(partnerships, filters.status))
    is_staff = request.user.has_perm(LIST_PARTNERSHIPS)
    return Page(
        partnerships,
        lambda partnership: _partnership_out(
            partnership,
            public=not (is_staff and request.user.has_perm(VIEW_PARTNERSHIP, partnership)),
        ),
    )


def _with_status(partnerships: QuerySet[Partnership], status: str) -> Any:
    today = timezone.localdate()
    conditions = {
        "not_started": Q(starts_on__gt=today),
        "active": Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today)),
        "ended": Q(ends_on__lt=today),
    }
    return partnerships.filter(conditions[status]).values("pk")


class CountsOut(Schema):
    year: int
    active: int = Field(description="Agreements in force on at least one day of the year")
    business: int = Field(description="Of them, with a business as a partner")
    science: int = Field(description="Of them, with a university or research institution")
    local_government: int = Field(description="Of them, with a local government")
    other: int = Field(description="Of them, with another organisation or a second entity")
    entities: int = Field(description="Distinct social economy entities party to them")
    signed: int = Field(description="Agreements signed in the year")


class CountsFilters(Schema):
    region: str | None = Field(
        None, pattern=r"^\d{2}$", description="TERYT code; needed when several are served"
    )
    year: Year | None = Field(None, description="One year; every year if empty")


@router.get("/partnerships/counts", response=list[CountsOut], auth=[public_or_token])
def partnership_counts(request: HttpRequest, filters: Query[CountsFilters]) -> list[CountsOut]:
    """The monitoring indicators of partnerships per year, computed at the time of the
    request from every agreement of the region (figures only, no names)."""
    region = served_region(filters.region)
    years = [filters.year] if filters.year else selectors.partnership_years(region)
    return [
        CountsOut(
            year=row.year,
            active=row.active,
            business=row.business,
            science=row.science,
            local_government=row.local_government,
            other=row.other,
            entities=row.entities,
            signed=row.signed,
        )
        for row in selectors.partnership_counts_by_year(region, years)
    ]


@router.get("/partnerships/{partnership_id}", response=PartnershipOut, auth=[public_or_token])
def get_partnership(request: HttpRequest, partnership_id: int) -> PartnershipOut:
    partnership = selectors.partnerships_visible_to(request.user).filter(pk=partnership_id).first()
    if partnership is None:
        raise Http404
    staff = request.user.has_perm(VIEW_PARTNERSHIP, partnership)
    return _partnership_out(partnership, public=not staff)


class PartyIn(Schema):
    kind: Literal["entity", "business", "science", "local_government", "other"]
    entity: Id | None = Field(None, description="Id of the registry's entity (kind entity)")
    local_government: str | None = Field(
        None, pattern=r"^\d{2}(\d{2}(\d{3})?)?$", description="TERYT code (kind local_government)"
    )
    name: str = Field("", description="For business, science and other")
    nip: str = ""
    website: str = ""


class PartnershipIn(Schema):
    region: str | None = Field(
        None, pattern=r"^\d{2}$", description="TERYT code; needed when several are served"
    )
    title: str
    subject: str = ""
    signed_on: date
    starts_on: date
    ends_on: date | None = Field(None, description="Empty: for an indefinite period")
    network: Id | None = Field(None, description="Id of a network of the region")
    is_public: bool = True
    parties: list[PartyIn]


@router.post("/partnerships", response={201: PartnershipOut}, auth=token_auth)
def create_partnership(request: HttpRequest, payload: PartnershipIn) -> Status[PartnershipOut]:
    """Register an agreement (a coordinator's or national administrator's token): at
    least one social economy entity and one partner."""
    region = served_region(payload.region)
    require_perm(request, MANAGE_PARTNERSHIPS, region)
    errors: dict[str, str] = {}
    parties = []
    for number, party in enumerate(payload.parties):
        entity = local_government = None
        if party.kind == PartyKind.ENTITY and party.entity is not None:
            entity = Entity.objects.filter(pk=party.entity).first()
            if entity is None:
                errors[f"parties.{number}.entity"] = _("There is no entity with this id.")
        if party.kind == PartyKind.LOCAL_GOVERNMENT and party.local_government:
            try:
                local_government = _local_government(region, party.local_government)
            except DomainValidationError as error:
                errors[f"parties.{number}.local_government"] = error.errors["local_government"]
        parties.append(
            services.Party(
                kind=party.kind,
                entity=entity,
                local_government=local_government,
                name=party.name,
                nip=party.nip,
                website=party.website,
            )
        )
    network = None
    if payload.network is not None:
        network = selectors.network_choices(region).filter(pk=payload.network).first()
        if network is None:
            errors["network"] = _("Choose a network of the agreement's region.")
    if errors:
        raise DomainValidationError(errors)
    partnership = services.partnership_create(
        region=region,
        data={**payload.dict(exclude={"region", "parties", "network"}), "network": network},
        parties=parties,
        actor=request.user,
    )
    created = selectors.partnerships_for_staff(request.user).filter(pk=partnership.pk).first()
    return Status(201, _partnership_out(created or partnership, public=False))


class EndIn(Schema):
    ends_on: date | None = Field(None, description="The last day in force; today if empty")


@router.post("/partnerships/{partnership_id}/end", response={200: PartnershipOut}, auth=token_auth)
def end_partnership(request: HttpRequest, partnership_id: int, payload: EndIn) -> PartnershipOut:
    """End an agreement in force (409 if it is not in force)."""
    partnership = selectors.partnership_for_staff(request.user, partnership_id)
    if partnership is None or not request.user.has_perm(MANAGE_PARTNERSHIPS, partnership):
        raise Http404
    services.partnership_end(partnership=partnership, ends_on=payload.ends_on, actor=request.user)
    ended = selectors.partnerships_for_staff(request.user).get(pk=partnership.pk)
    return _partnership_out(ended, public=False)
