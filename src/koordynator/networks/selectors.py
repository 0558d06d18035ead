"""Reads of cooperation networks and partnerships, scoped to what the reader may see.

Who is a member of a network: a user whose organisation (`accounts.Membership`) is a
member itself, or is the account of a member entity (`registry.Entity.organisation`), or
whose local government, as its officer, is a member.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.accounts.models import Membership, Organisation, User
from koordynator.accounts.selectors import memberships_of, staff_region_ids
from koordynator.core.tenancy import scope_to_regions
from koordynator.core.text import fold
from koordynator.events.models import Event
from koordynator.events.selectors import with_counts
from koordynator.municipalities.models import LocalGovernment
from koordynator.municipalities.selectors import (
    local_governments_of_officer,
    local_governments_of_region,
    officer_unit_ids,
)
from koordynator.registry.models import Entity
from koordynator.registry.selectors import entities_for_staff, entity_rows, public_entities
from koordynator.territory.models import Region

from .enums import MemberKind, PartyKind
from .models import (
    Network,
    NetworkDocument,
    NetworkMeeting,
    NetworkMember,
    Partnership,
    PartnershipParty,
)

_NETWORK_IDS_ATTR = "_koordynator_network_ids"
NAME_CANDIDATES = 50


# --- Membership of users -----------------------------------------------------------------------


def member_organisation_ids(user: Any) -> set[int]:
    """The organisations the user belongs to, whatever their role."""
    return {m.organisation_id for m in memberships_of(user) if m.organisation_id is not None}


def member_network_ids(user: Any) -> frozenset[int]:
    """The networks the user's organisation (or entity, or local government) is an active
    member of; loaded once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached: frozenset[int] | None = getattr(user, _NETWORK_IDS_ATTR, None)
    if cached is not None:
        return cached
    organisation_ids = member_organisation_ids(user)
    condition = Q(pk__in=[])
    if organisation_ids:
        condition |= Q(organisation_id__in=organisation_ids) | Q(
            entity__organisation_id__in=organisation_ids
        )
    if officer_unit_ids(user):
        condition |= Q(local_government__in=local_governments_of_officer(user).values("pk"))
    ids: frozenset[int] = frozenset()
    if organisation_ids or officer_unit_ids(user):
        ids = frozenset(
            NetworkMember.objects.filter(condition, left_on__isnull=True)
            .values_list("network_id", flat=True)
            .distinct()
        )
    setattr(user, _NETWORK_IDS_ATTR, ids)
    return ids


# --- Networks ----------------------------------------------------------------------------------


def _count_of(model: Any, **filters: Any) -> Any:
    """A count of the network's related rows as a subquery, so that several counts do not
    multiply each other's rows."""
    rows = (
        model.objects.filter(network=OuterRef("pk"), **filters)
        .order_by()
        .values("network")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _networks(networks: QuerySet[Network]) -> QuerySet[Network]:
    """Networks with their coordinator and `members_count`, `meetings_count` and
    `documents_count`."""
    return networks.select_related(
        "region__voivodeship", "coordinator", "coordinator_organisation"
    ).annotate(
        members_count=_count_of(NetworkMember, left_on__isnull=True),
        meetings_count=_count_of(NetworkMeeting),
        documents_count=_count_of(NetworkDocument),
    )


def networks_for_staff(user: Any) -> QuerySet[Network]:
    """Every network of the regions the user works on as staff (none for other roles)."""
    return _networks(scope_to_regions(Network.objects.all(), staff_region_ids(user))).order_by(
        "region__voivodeship__code", "name", "id"
    )


def networks_visible_to(user: Any) -> QuerySet[Network]:
    """Staff see their regions' networks; members also the networks they belong to."""
    region_ids = staff_region_ids(user)
    if region_ids is None:
        networks = Network.objects.all()
    else:
        networks = Network.objects.filter(
            Q(region_id__in=region_ids) | Q(pk__in=member_network_ids(user))
        )
    return _networks(networks).order_by("region__voivodeship__code", "name", "id")


def networks_readable_by(user: Any, *, today: date | None = None) -> QuerySet[Network]:
    """Public networks still active for everybody; staff and members also those they may
    see (the API's list)."""
    today = today or timezone.localdate()
    public = Q(is_public=True) & (Q(active_to__isnull=True) | Q(active_to__gte=today))
    region_ids = staff_region_ids(user)
    if region_ids is None:
        networks = Network.objects.all()
    else:
        networks = Network.objects.filter(
            public | Q(region_id__in=region_ids) | Q(pk__in=member_network_ids(user))
        )
    return _networks(networks).order_by("region__voivodeship__code", "name", "id")


def network_visible_to(user: Any, network_id: int) -> Network | None:
    return networks_visible_to(user).filter(pk=network_id).first()


def networks_of_member(user: Any) -> QuerySet[Network]:
    """The networks the user's organisation belongs to, with their active members and
    documents loaded."""
    return (
        _networks(Network.objects.filter(pk__in=member_network_ids(user)))
        .prefetch_related(
            Prefetch("members", queryset=_members(NetworkMember.objects.filter(left_on=None))),
            Prefetch("documents", queryset=_documents(NetworkDocument.objects.all())),
        )
        .order_by("name", "id")
    )


def public_networks(region: Region | None, *, today: date | None = None) -> QuerySet[Network]:
    """The public networks still active, with their members the public may see."""
    today = today or timezone.localdate()
    networks = Network.objects.filter(is_public=True).filter(
        Q(active_to__isnull=True) | Q(active_to__gte=today)
    )
    if region is not None:
        networks = networks.filter(region=region)
    return (
        _networks(networks)
        .prefetch_related(Prefetch("members", queryset=_public_members()))
        .order_by("name", "id")
    )


def public_network(network_id: int) -> Network | None:
    return public_networks(None).filter(pk=network_id).first()


def network_choices(region: Region) -> QuerySet[Network]:
    return Network.objects.filter(region=region).order_by("name", "id")


def coordinator_choices(region: Region) -> QuerySet[User]:
    """The people who may coordinate a network of the region: its staff."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__region=region,
            memberships__role__in=[Role.REGIONAL_COORDINATOR, Role.SUPPORT_CENTRE_STAFF],
        )
        .distinct()
        .order_by("full_name", "email")
    )


def organisation_choices(region: Region) -> QuerySet[Organisation]:
    """The organisations with accounts in the region (support centres and others)."""
    return Organisation.objects.filter(region=region).order_by("name", "id")


# --- Members -----------------------------------------------------------------------------------


# Members are listed by kind in this order, then by name.
MEMBER_ORDER = [
    MemberKind.ENTITY,
    MemberKind.ORGANISATION,
    MemberKind.LOCAL_GOVERNMENT,
    MemberKind.SCIENCE,
    MemberKind.BUSINESS,
    MemberKind.OTHER,
]


def _members(members: QuerySet[NetworkMember]) -> QuerySet[NetworkMember]:
    return (
        members.select_related("entity", "organisation", "local_government")
        .annotate(
            kind_order=Case(
                *(When(kind=kind, then=Value(number)) for number, kind in enumerate(MEMBER_ORDER)),
                default=Value(len(MEMBER_ORDER)),
                output_field=IntegerField(),
            ),
            sort_name=Coalesce(
                "entity__name", "organisation__name", "local_government__name", "name"
            ),
        )
        .order_by("kind_order", "sort_name", "id")
    )


def _public_members() -> QuerySet[NetworkMember]:
    """Active members, without entities hidden from the public directory."""
    hidden = Q(entity__isnull=False) & ~Q(entity__in=public_entities())
    return _members(NetworkMember.objects.filter(left_on=None).exclude(hidden))


def public_members_of(network: Network) -> QuerySet[NetworkMember]:
    return _public_members().filter(network=network)


def members_of(network: Network) -> QuerySet[NetworkMember]:
    """Every membership of the network, active ones first, then those that ended."""
    return _members(NetworkMember.objects.filter(network=network))


def active_members_of(network: Network) -> QuerySet[NetworkMember]:
    return _members(NetworkMember.objects.filter(network=network, left_on=None))


def member_of(network: Network, member_id: int) -> NetworkMember | None:
    return members_of(network).filter(pk=member_id).first()


def entity_suggestions(user: Any, region: Region, typed: str, *, limit: int) -> list[Entity]:
    """At most `limit` entities of the region (of those the user works on) that match
    what was typed, best first (the registry's search)."""
    if len(typed.strip()) < 2:
        return []
    entities = entities_for_staff(user).filter(region=region)
    return list(entity_rows(entities, q=typed)[:limit])


def entity_by_name(region: Region, text: str) -> list[Entity]:
    """The region's entities whose name is `text` (whatever the case and the Polish
    letters) or whose NIP it is; at most two, which is enough to tell that a name is
    ambiguous."""
    text = " ".join(text.split())
    digits = text.replace("-", "").replace(" ", "")
    entities = Entity.objects.filter(region=region)
    if digits.isdigit() and len(digits) == 10:
        return list(entities.filter(nip=digits).order_by("id")[:2])
    wanted = fold(text)
    # The registry's search finds the candidates; the exact name decides among them.
    candidates = entity_rows(entities, q=text)[:NAME_CANDIDATES]
    return [entity for entity in candidates if fold(entity.name) == wanted][:2]


def local_government_choices(region: Region) -> QuerySet[LocalGovernment]:
    return local_governments_of_region(region).order_by("unit__code")


# --- Meetings ----------------------------------------------------------------------------------


def meetings_of(network: Network) -> QuerySet[Event]:
    """The network's meetings as events with their counts from the events context
    (`confirmed_count`, `attended_count`, ...) and `meeting_id`, soonest first."""
    links = NetworkMeeting.objects.filter(network=network, event=OuterRef("pk"))
    return (
        with_counts(Event.objects.filter(Exists(links)).select_related("venue_gmina", "organiser"))
        .annotate(meeting_id=Subquery(links.values("pk")[:1]))
        .order_by("starts_at", "id")
    )


@dataclass(frozen=True)
class Meetings:
    upcoming: list[Event]
    past: list[Event]


def meetings_split(network: Network, *, now: datetime | None = None) -> Meetings:
    """The meetings still to come (or under way) and those that ended, the latest first."""
    now = now or timezone.now()
    events = list(meetings_of(network))
    return Meetings(
        upcoming=[event for event in events if event.ends_at >= now],
        past=[event for event in reversed(events) if event.ends_at < now],
    )


def upcoming_meetings_by_network(
    network_ids: Iterable[int], *, now: datetime | None = None
) -> dict[int, list[Event]]:
    """For each network, its meetings still to come with their counts (two queries)."""
    links = list(
        NetworkMeeting.objects.filter(network_id__in=list(network_ids)).values_list(
            "network_id", "event_id"
        )
    )
    events = {
        event.pk: event
        for event in with_counts(
            Event.objects.filter(
                pk__in={event_id for _network, event_id in links},
                ends_at__gte=now or timezone.now(),
            )
        ).order_by("starts_at", "id")
    }
    found: dict[int, list[Event]] = defaultdict(list)
    for network_id, event_id in links:
        if event_id in events:
            found[network_id].append(events[event_id])
    for meetings in found.values():
        meetings.sort(key=lambda event: (event.starts_at, event.pk))
    return found


def meeting_of(network: Network, meeting_id: int) -> NetworkMeeting | None:
    return (
        NetworkMeeting.objects.filter(network=network, pk=meeting_id)
        .select_related("event")
        .first()
    )


def events_to_link(network: Network) -> QuerySet[Event]:
    """Events of the network's region that are not its meetings yet, the latest first."""
    linked = NetworkMeeting.objects.filter(network=network, event=OuterRef("pk"))
    return (
        Event.objects.filter(region_id=network.region_id)
        .exclude(Exists(linked))
        .order_by("-starts_at", "-id")
    )


def meeting_choices(network: Network) -> QuerySet[NetworkMeeting]:
    return (
        NetworkMeeting.objects.filter(network=network)
        .select_related("event")
        .order_by("-event__starts_at", "-id")
    )


# --- Documents ---------------------------------------------------------------------------------


def _documents(documents: QuerySet[NetworkDocument]) -> QuerySet[NetworkDocument]:
    return documents.select_related("added_by", "meeting__event").order_by("-added_at", "-id")


def documents_of(network: Network) -> QuerySet[NetworkDocument]:
    return _documents(NetworkDocument.objects.filter(network=network))


def document_of(network: Network, document_id: int) -> NetworkDocument | None:
    return documents_of(network).filter(pk=document_id).first()


# --- Partnerships ------------------------------------------------------------------------------


def _partnerships(partnerships: QuerySet[Partnership]) -> QuerySet[Partnership]:
    return partnerships.select_related("region__voivodeship", "network").prefetch_related(
        Prefetch(
            "parties",
            queryset=PartnershipParty.objects.select_related(
                "entity", "local_government__unit"
            ).order_by("id"),
        )
    )


def partnerships_for_staff(user: Any) -> QuerySet[Partnership]:
    return _partnerships(
        scope_to_regions(Partnership.objects.all(), staff_region_ids(user))
    ).order_by("-starts_on", "title", "id")


def partnership_for_staff(user: Any, partnership_id: int) -> Partnership | None:
    return partnerships_for_staff(user).filter(pk=partnership_id).first()


def public_partnerships(region: Region | None) -> QuerySet[Partnership]:
    partnerships = Partnership.objects.filter(is_public=True)
    if region is not None:
        partnerships = partnerships.filter(region=region)
    return _partnerships(partnerships).order_by("-starts_on", "title", "id")


def partnerships_visible_to(user: Any) -> QuerySet[Partnership]:
    """Public agreements for everybody; staff also the others of their regions."""
    region_ids = staff_region_ids(user)
    if region_ids is None:
        partnerships = Partnership.objects.all()
    else:
        partnerships = Partnership.objects.filter(Q(is_public=True) | Q(region_id__in=region_ids))
    return _partnerships(partnerships).order_by("-starts_on", "title", "id")


def partnerships_of_network(network: Network) -> QuerySet[Partnership]:
    return _partnerships(Partnership.objects.filter(network=network)).order_by("-starts_on", "id")


# --- Partnership indicators --------------------------------------------------------------------

# The partner sectors the indicators count; "other" covers other organisations and a
# second social economy entity.
SECTORS = ("business", "science", "local_government", "other")


@dataclass(frozen=True)
class PartnershipCounts:
    year: int
    active: int
    by_sector: dict[str, int] = field(default_factory=dict)
    entities: int = 0
    signed: int = 0

    @property
    def business(self) -> int:
        return self.by_sector.get("business", 0)

    @property
    def science(self) -> int:
        return self.by_sector.get("science", 0)

    @property
    def local_government(self) -> int:
        return self.by_sector.get("local_government", 0)

    @property
    def other(self) -> int:
        return self.by_sector.get("other", 0)


def _in_force(year: int, prefix: str = "") -> Q:
    """Agreements in force on at least one day of `year`."""
    return Q(**{f"{prefix}starts_on__lte": date(year, 12, 31)}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": date(year, 1, 1)})
    )


def _has_party(*kinds: str) -> Exists:
    return Exists(PartnershipParty.objects.filter(partnership=OuterRef("pk"), kind__in=kinds))


def _has_second_entity() -> Exists:
    """Whether an agreement has at least two entities as parties."""
    return Exists(
        PartnershipParty.objects.filter(partnership=OuterRef("pk"), kind=PartyKind.ENTITY)
        .order_by()
        .values("partnership")
        .annotate(count=Count("pk"))
        .filter(count__gte=2)
    )


def partnership_counts_by_year(region: Region, years: Sequence[int]) -> list[PartnershipCounts]:
    """For each year: the agreements in force in it (one spanning two years counts in
    both), of them those with a partner from business, science, local government or other
    organisations (a second entity counts as other), the distinct entities that are
    parties to them, and the agreements signed in the year. Two queries whatever the
    number of years or agreements."""
    if not years:
        return []
    partnerships = Partnership.objects.filter(region=region).annotate(
        with_business=_has_party(PartyKind.BUSINESS),
        with_science=_has_party(PartyKind.SCIENCE),
        with_local_government=_has_party(PartyKind.LOCAL_GOVERNMENT),
        with_other=_has_party(PartyKind.OTHER) | _has_second_entity(),
    )
    aggregates: dict[str, Any] = {}
    for year in years:
        active = _in_force(year)
        aggregates[f"active_{year}"] = Count("pk", filter=active)
        for sector in SECTORS:
            aggregates[f"{sector}_{year}"] = Count(
                "pk", filter=active & Q(**{f"with_{sector}": True})
            )
        aggregates[f"signed_{year}"] = Count("pk", filter=Q(signed_on__year=year))
    totals = partnerships.aggregate(**aggregates)
    entities = PartnershipParty.objects.filter(
        partnership__region=region, kind=PartyKind.ENTITY
    ).aggregate(
        **{
            f"entities_{year}": Count(
                "entity", distinct=True, filter=_in_force(year, "partnership__")
            )
            for year in years
        }
    )
    return [
        PartnershipCounts(
            year=year,
            active=totals[f"active_{year}"],
            by_sector={sector: totals[f"{sector}_{year}"] for sector in SECTORS},
            entities=entities[f"entities_{year}"],
            signed=totals[f"signed_{year}"],
        )
        for year in years
    ]


def partnership_counts(region: Region, year: int) -> PartnershipCounts:
    """The partnership indicators of one year (see `partnership_counts_by_year`)."""
    return partnership_counts_by_year(region, [year])[0]


def partnership_years(region: Region, *, today: date | None = None) -> list[int]:
    """The years from the first agreement's start (or signature) to this year."""
    this_year = (today or timezone.localdate()).year
    first = Partnership.objects.filter(region=region).aggregate(
        started=Min("starts_on"), signed=Min("signed_on")
    )
    if first["started"] is None:
        return []
    start = min(first["started"].year, first["signed"].year, this_year)
    return list(range(start, this_year + 1))


# --- E-mail recipients -------------------------------------------------------------------------


def member_addresses(network: Network) -> list[str]:
    """The e-mail addresses of the active accounts of the network's active members: the
    organisation's people, the member entity's, and the member local government's
    officers."""
    members = list(
        NetworkMember.objects.filter(network=network, left_on=None).values_list(
            "organisation_id",
            "entity__organisation_id",
            "local_government__unit_id",
            "local_government__powiat_id",
            "local_government__kind",
        )
    )
    organisation_ids = {row[0] for row in members if row[0]} | {row[1] for row in members if row[1]}
    unit_ids = {row[2] for row in members if row[2]} | {
        row[3] for row in members if row[3] and row[4] == "city_with_powiat_rights"
    }
    if not organisation_ids and not unit_ids:
        return []
    addresses = (
        Membership.objects.filter(user__is_active=True)
        .filter(
            Q(organisation_id__in=organisation_ids)
            | Q(
                role=Role.LOCAL_GOVERNMENT_OFFICER,
                organisation__territorial_unit_id__in=unit_ids,
            )
        )
        .values_list("user__email", flat=True)
        .distinct()
    )
    return sorted({address for address in addresses if address})
