"""Reads of the committee context, scoped to what the reader may see: staff their regions'
committees, committee members their own committee's materials, the public the composition,
adopted resolutions and approved minutes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.accounts.models import User
from koordynator.accounts.selectors import region_ids_with_role, staff_region_ids
from koordynator.core.tenancy import scope_to_regions
from koordynator.core.text import search_terms
from koordynator.territory.models import Region

from .enums import (
    PRESENT_STATUSES,
    TOOK_PLACE,
    UPCOMING,
    AttendanceStatus,
    MemberRole,
    MinutesStatus,
    ResolutionStatus,
    Sector,
    SittingStatus,
)
from .models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Committee,
    Member,
    Minutes,
    Resolution,
    ResolutionAttachment,
    Sitting,
    current_on,
)

# Unexcused absences in a row that are grounds for dismissal.
ABSENCES_FOR_DISMISSAL = 3
# The register, the latest first: by year, the sitting's day, resolutions before opinions.
REGISTER_ORDER = ("-year", "-sitting__event__starts_at", "-kind", "-number", "-id")
ROLE_ORDER = [MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR, MemberRole.SECRETARY, MemberRole.MEMBER]


# --- Committees ----------------------------------------------------------------------------------


def _committees() -> QuerySet[Committee]:
    return Committee.objects.select_related("region__voivodeship")


def committees_for_staff(user: Any) -> QuerySet[Committee]:
    """The committees of the regions the user works on as staff."""
    return scope_to_regions(_committees(), staff_region_ids(user))


def committee_for_staff(user: Any, committee_id: int) -> Committee | None:
    return committees_for_staff(user).filter(pk=committee_id).first()


def committee_of_region(region: Region) -> Committee | None:
    return _committees().filter(region=region).first()


def member_region_ids(user: Any) -> set[int]:
    """Regions whose committee the user sits on: the committee member role there, or a
    current member record linked to the account."""
    region_ids = region_ids_with_role(user, {Role.COMMITTEE_MEMBER})
    if getattr(user, "is_authenticated", False) and user.is_active:
        cached: set[int] | None = getattr(user, "_koordynator_committee_regions", None)
        if cached is None:
            cached = set(
                Member.objects.filter(current_on(timezone.localdate()), user=user).values_list(
                    "committee__region_id", flat=True
                )
            )
            user._koordynator_committee_regions = cached
        region_ids |= cached
    return region_ids


def reader_region_ids(user: Any) -> set[int] | None:
    """Regions whose committee materials the user may read: staff and members; None: all."""
    staff = staff_region_ids(user)
    if staff is None:
        return None
    return staff | member_region_ids(user)


def committees_for_reader(user: Any) -> QuerySet[Committee]:
    return scope_to_regions(_committees(), reader_region_ids(user))


def committees_of_member(user: Any) -> QuerySet[Committee]:
    return _committees().filter(region_id__in=member_region_ids(user))


# --- Members -------------------------------------------------------------------------------------


def members_of(committee: Committee) -> QuerySet[Member]:
    return Member.objects.filter(committee=committee).select_related("user")


def current_members(committee: Committee, day: date | None = None) -> QuerySet[Member]:
    return members_of(committee).filter(current_on(day or timezone.localdate()))


def former_members(committee: Committee, day: date | None = None) -> QuerySet[Member]:
    """Members whose membership has ended (or whose term has run out), latest first."""
    today = day or timezone.localdate()
    return (
        members_of(committee)
        .filter(Q(ended_on__lt=today) | Q(term_ends_on__lt=today))
        .order_by("-term_ends_on", "full_name")
    )


def future_members(committee: Committee, day: date | None = None) -> QuerySet[Member]:
    return members_of(committee).filter(term_starts_on__gt=day or timezone.localdate())


def _role_rank(member: Member) -> int:
    return ROLE_ORDER.index(MemberRole(member.role))


def by_sector(members: list[Member]) -> list[tuple[str, list[Member]]]:
    """Members grouped by the sector they represent, sectors in the law's order, the chair,
    deputies and secretary first within each."""
    groups: dict[str, list[Member]] = defaultdict(list)
    for member in members:
        groups[member.sector].append(member)
    return [
        (
            str(Sector(value).label),
            sorted(groups[value], key=lambda m: (_role_rank(m), m.full_name)),
        )
        for value in Sector.values
        if groups.get(value)
    ]


def officers(members: list[Member]) -> list[Member]:
    """The chair, deputy chairs and secretary, in that order."""
    return sorted(
        (m for m in members if m.role != MemberRole.MEMBER),
        key=lambda m: (_role_rank(m), m.full_name),
    )


def member_account_choices(committee: Committee) -> QuerySet[User]:
    """Accounts with the committee member role in the committee's region, to link to a
    member record."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.COMMITTEE_MEMBER,
            memberships__region_id=committee.region_id,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def members_for_staff(user: Any) -> QuerySet[Member]:
    return scope_to_regions(
        Member.objects.select_related("committee__region__voivodeship", "user"),
        staff_region_ids(user),
        field="committee__region",
    )


def member_for_staff(user: Any, member_id: int) -> Member | None:
    return members_for_staff(user).filter(pk=member_id).first()


def absence_streaks(committee: Committee) -> dict[int, int]:
    """Per member, the unexcused absences in a row up to their latest sitting: counted back
    from the last sitting that took place and at which their attendance was marked, until
    one they attended or were excused from. A member who has come since is not flagged:
    the streak was broken. One query for the whole committee."""
    rows = (
        Attendance.objects.filter(
            sitting__committee=committee, sitting__status__in=sorted(TOOK_PLACE)
        )
        .order_by("member_id", "-sitting__event__starts_at", "-sitting__number")
        .values_list("member_id", "status")
    )
    streaks: dict[int, int] = {}
    finished: set[int] = set()
    for member_id, status in rows:
        if member_id in finished:
            continue
        if status == AttendanceStatus.UNEXCUSED:
            streaks[member_id] = streaks.get(member_id, 0) + 1
        else:
            streaks.setdefault(member_id, 0)
            finished.add(member_id)
    return streaks


def flagged_member_ids(committee: Committee) -> set[int]:
    return {
        member_id
        for member_id, streak in absence_streaks(committee).items()
        if streak >= ABSENCES_FOR_DISMISSAL
    }


def attendance_history(member: Member) -> QuerySet[Attendance]:
    """The member's attendance at every sitting, latest first."""
    return (
        Attendance.objects.filter(member=member)
        .select_related("sitting__event")
        .order_by("-sitting__event__starts_at", "-sitting__number")
    )


# --- Sittings ------------------------------------------------------------------------------------


def _sittings(sittings: QuerySet[Sitting]) -> QuerySet[Sitting]:
    return sittings.select_related(
        "event__venue_gmina", "committee__region__voivodeship", "minutes"
    )


def sittings_of(committee: Committee) -> QuerySet[Sitting]:
    """The committee's sittings, latest first."""
    return _sittings(Sitting.objects.filter(committee=committee)).order_by(
        "-event__starts_at", "-number"
    )


def sittings_for_staff(user: Any) -> QuerySet[Sitting]:
    return _sittings(
        scope_to_regions(Sitting.objects.all(), staff_region_ids(user), field="committee__region")
    ).order_by("-event__starts_at", "-number")


def sitting_for_staff(user: Any, sitting_id: int) -> Sitting | None:
    return sittings_for_staff(user).filter(pk=sitting_id).first()


def sittings_for_reader(user: Any) -> QuerySet[Sitting]:
    """The sittings whose materials the user may read (staff and committee members)."""
    return _sittings(
        scope_to_regions(Sitting.objects.all(), reader_region_ids(user), field="committee__region")
    ).order_by("-event__starts_at", "-number")


def sitting_for_reader(user: Any, sitting_id: int) -> Sitting | None:
    return sittings_for_reader(user).filter(pk=sitting_id).first()


def convened_sitting(sitting_id: int) -> Sitting | None:
    """A sitting still convened (a cancelled one sends no invitations)."""
    return (
        _sittings(Sitting.objects.filter(status=SittingStatus.CONVENED))
        .filter(pk=sitting_id)
        .first()
    )


def sittings_visible_to(user: Any) -> QuerySet[Sitting]:
    """Every sitting but cancelled ones for everybody; readers of a committee's materials
    also see its cancelled ones."""
    region_ids = reader_region_ids(user)
    visible = ~Q(status=SittingStatus.CANCELLED)
    if region_ids is None:
        visible = Q()
    elif region_ids:
        visible |= Q(committee__region_id__in=region_ids)
    return _sittings(Sitting.objects.filter(visible))


def public_sittings(committee: Committee, years: list[int]) -> QuerySet[Sitting]:
    """The committee's sittings of the given years, except cancelled ones, in order."""
    return (
        _sittings(Sitting.objects.filter(committee=committee, event__starts_at__year__in=years))
        .exclude(status=SittingStatus.CANCELLED)
        .order_by("event__starts_at", "number")
    )


def approved_minutes_sitting(sitting_id: int) -> Sitting | None:
    """A sitting whose minutes are approved: their PDF is public."""
    return (
        _sittings(Sitting.objects.filter(minutes__status=MinutesStatus.APPROVED))
        .filter(pk=sitting_id)
        .first()
    )


def agenda_of(sitting: Sitting) -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.filter(sitting=sitting)
        .prefetch_related(
            Prefetch("documents", queryset=AgendaDocument.objects.order_by("uploaded_at", "id"))
        )
        .order_by("position", "id")
    )


def agenda_item_for_staff(user: Any, item_id: int) -> AgendaItem | None:
    return (
        scope_to_regions(
            AgendaItem.objects.select_related("sitting__committee__region__voivodeship"),
            staff_region_ids(user),
            field="sitting__committee__region",
        )
        .filter(pk=item_id)
        .first()
    )


def document_for_reader(user: Any, document_id: int) -> AgendaDocument | None:
    return (
        scope_to_regions(
            AgendaDocument.objects.select_related("item__sitting__committee"),
            reader_region_ids(user),
            field="item__sitting__committee__region",
        )
        .filter(pk=document_id)
        .first()
    )


def minutes_of(sitting: Sitting) -> Minutes | None:
    return Minutes.objects.filter(sitting=sitting).select_related("approved_by").first()


@dataclass(frozen=True)
class Quorum:
    """The quorum of a sitting: `present` of `members` current members came (in person or
    through a deputy); `required` is the committee's share of them, rounded up."""

    members: int
    present: int
    required: int

    @property
    def is_present(self) -> bool:
        return self.members > 0 and self.present >= self.required


def required_for_quorum(members: int, percent: int) -> int:
    return (members * percent + 99) // 100


def quorum_of(sitting: Sitting) -> Quorum:
    day = sitting.day
    members = Member.objects.filter(current_on(day), committee_id=sitting.committee_id)
    counts = members.aggregate(
        total=Count("pk", distinct=True),
        present=Count(
            "attendances",
            filter=Q(
                attendances__sitting=sitting, attendances__status__in=sorted(PRESENT_STATUSES)
            ),
            distinct=True,
        ),
    )
    total = counts["total"] or 0
    return Quorum(
        members=total,
        present=counts["present"] or 0,
        required=required_for_quorum(total, sitting.committee.quorum_percent),
    )


def with_agenda_and_attendance(sittings: QuerySet[Sitting]) -> QuerySet[Sitting]:
    """Sittings with their agenda (and documents) and attendance read in one query each,
    for lists that show them (`quorum_among`, `attendance_rows_among`)."""
    return sittings.prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.order_by("position", "id").prefetch_related(
                Prefetch("documents", queryset=AgendaDocument.objects.order_by("uploaded_at", "id"))
            ),
        ),
        Prefetch("attendances", queryset=Attendance.objects.select_related("member")),
    )


def quorum_among(sitting: Sitting, members: list[Member]) -> Quorum:
    """`quorum_of` from the committee's members and the sitting's prefetched attendance."""
    current = {member.pk for member in members if member.is_current_on(sitting.day)}
    present = sum(
        1
        for attendance in sitting.attendances.all()
        if attendance.member_id in current and attendance.status in PRESENT_STATUSES
    )
    return Quorum(
        members=len(current),
        present=present,
        required=required_for_quorum(len(current), sitting.committee.quorum_percent),
    )


@dataclass(frozen=True)
class AttendanceRow:
    member: Member
    status: str


def attendance_rows(sitting: Sitting) -> list[AttendanceRow]:
    """Every member current on the sitting's day (and anyone whose attendance was marked),
    with their attendance ("" when not marked), by name."""
    marked = {
        a.member_id: a.status
        for a in Attendance.objects.filter(sitting=sitting).only("member_id", "status")
    }
    members = Member.objects.filter(
        Q(current_on(sitting.day)) | Q(pk__in=list(marked)), committee_id=sitting.committee_id
    ).order_by("full_name", "id")
    return [AttendanceRow(member=m, status=marked.get(m.pk, "")) for m in members]


def attendance_rows_among(sitting: Sitting, members: list[Member]) -> list[AttendanceRow]:
    """`attendance_rows` from the committee's members and the prefetched attendance."""
    marked = {a.member_id: a.status for a in sitting.attendances.all()}
    return [
        AttendanceRow(member=member, status=marked.get(member.pk, ""))
        for member in sorted(members, key=lambda m: (m.full_name, m.pk))
        if member.is_current_on(sitting.day) or member.pk in marked
    ]


def invitation_recipients(sitting: Sitting) -> list[tuple[Member, list[str]]]:
    """Every member current on the sitting's day with the addresses their invitation goes
    to: their own (or their account's) and their deputy's."""
    result = []
    for member in current_members(sitting.committee, sitting.day).order_by("full_name", "id"):
        own = member.email or (member.user.email if member.user is not None else "")
        addresses = [address for address in (own, member.deputy_email) if address]
        result.append((member, list(dict.fromkeys(addresses))))
    return result


@dataclass(frozen=True)
class YearOfSittings:
    year: int
    held: int
    planned: int
    minimum: int
    is_current: bool
    is_founding_year: bool = False

    @property
    def falls_short(self) -> bool:
        """This year's count includes the sittings still planned; a past year's only
        those held. The year the committee was founded is not a whole year: it never
        falls short."""
        if self.is_founding_year:
            return False
        if self.is_current:
            return self.held + self.planned < self.minimum
        return self.held < self.minimum


def sittings_per_year(committee: Committee, today: date | None = None) -> list[YearOfSittings]:
    """For every year from the committee's first (its founding or its first sitting) to
    this one, and any later year with a sitting planned: sittings held and planned."""
    today = today or timezone.localdate()
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"held": 0, "planned": 0})
    for sitting in Sitting.objects.filter(committee=committee).select_related("event"):
        year = sitting.day.year
        if sitting.status in TOOK_PLACE:
            counts[year]["held"] += 1
        elif sitting.status in UPCOMING:
            counts[year]["planned"] += 1
    founded = committee.founding_resolution_date
    first = min([today.year, *counts] + ([founded.year] if founded is not None else []))
    last = max([today.year, *counts])
    return [
        YearOfSittings(
            year=year,
            held=counts[year]["held"],
            planned=counts[year]["planned"],
            minimum=committee.minimum_sittings_per_year,
            is_current=year == today.year,
            is_founding_year=founded is not None and year == founded.year,
        )
        for year in range(last, first - 1, -1)
        if year <= today.year or counts.get(year)
    ]


# --- Resolutions ---------------------------------------------------------------------------------


def _resolutions(resolutions: QuerySet[Resolution]) -> QuerySet[Resolution]:
    return resolutions.select_related(
        "committee__region__voivodeship", "sitting__event", "agenda_item"
    )


def resolutions_of(sitting: Sitting) -> QuerySet[Resolution]:
    return _resolutions(Resolution.objects.filter(sitting=sitting)).order_by(
        "agenda_item__position", "id"
    )


def resolutions_for_staff(user: Any) -> QuerySet[Resolution]:
    return _resolutions(
        scope_to_regions(
            Resolution.objects.all(), staff_region_ids(user), field="committee__region"
        )
    )


def resolution_for_staff(user: Any, resolution_id: int) -> Resolution | None:
    return resolutions_for_staff(user).filter(pk=resolution_id).first()


def resolutions_for_reader(user: Any) -> QuerySet[Resolution]:
    return _resolutions(
        scope_to_regions(
            Resolution.objects.all(), reader_region_ids(user), field="committee__region"
        )
    )


def resolutions_visible_to(user: Any) -> QuerySet[Resolution]:
    """Adopted resolutions for everybody; readers of a committee's materials also see its
    drafts and those not adopted."""
    region_ids = reader_region_ids(user)
    visible = Q(status=ResolutionStatus.ADOPTED)
    if region_ids is None:
        visible = Q()
    elif region_ids:
        visible |= Q(committee__region_id__in=region_ids)
    return _resolutions(Resolution.objects.filter(visible))


def resolution_terms(text: str) -> str:
    """What the register searches: the title's terms (folded, one ending stripped)."""
    return " ".join(search_terms(text))


def public_resolutions(
    *,
    region: Region | None = None,
    year: int | None = None,
    kind: str = "",
    q: str = "",
) -> QuerySet[Resolution]:
    """The public register: adopted resolutions and opinions, the latest first; `q` finds
    every word of the title, with or without Polish letters, in any inflected form."""
    resolutions = Resolution.objects.filter(status=ResolutionStatus.ADOPTED)
    if region is not None:
        resolutions = resolutions.filter(committee__region=region)
    if year:
        resolutions = resolutions.filter(year=year)
    if kind:
        resolutions = resolutions.filter(kind=kind)
    for term in search_terms(q):
        resolutions = resolutions.filter(search_text__contains=term)
    return _resolutions(resolutions).order_by(*REGISTER_ORDER)


def public_resolution(resolution_id: int) -> Resolution | None:
    return (
        _resolutions(Resolution.objects.filter(status=ResolutionStatus.ADOPTED))
        .prefetch_related(
            Prefetch(
                "attachments", queryset=ResolutionAttachment.objects.order_by("uploaded_at", "id")
            )
        )
        .filter(pk=resolution_id)
        .first()
    )


def resolution_years(region: Region | None = None) -> list[int]:
    resolutions = Resolution.objects.filter(status=ResolutionStatus.ADOPTED)
    if region is not None:
        resolutions = resolutions.filter(committee__region=region)
    return sorted(set(resolutions.values_list("year", flat=True)), reverse=True)


def attachment_for(user: Any, attachment_id: int) -> ResolutionAttachment | None:
    """An attachment: public once its resolution is adopted; otherwise for those who read
    the committee's materials."""
    attachment = (
        ResolutionAttachment.objects.select_related("resolution__committee")
        .filter(pk=attachment_id)
        .first()
    )
    if attachment is None:
        return None
    if attachment.resolution.status == ResolutionStatus.ADOPTED:
        return attachment
    region_ids = reader_region_ids(user)
    if region_ids is None or attachment.resolution.committee.region_id in region_ids:
        return attachment
    return None


def member_votes_of(resolution: Resolution) -> dict[int, str]:
    return dict(resolution.member_votes.values_list("member_id", "choice"))
