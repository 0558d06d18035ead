"""/api/v1/committee/...: the regional committees, their members, sittings (agenda,
attendance), resolutions and opinions with their votes.

Public reads need no token: the committees, current members, sittings (their attendance and
votes once the minutes are approved) and adopted resolutions. A staff or committee member's
token reads everything of their committee. Writes need a coordinator's token; a move the
status forbids answers 409 and changes nothing."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from koordynator.accounts.auth import public_or_token, token_auth
from koordynator.core.api import DateTimeIn, Id, Page, Quantity, SmallQuantity, Year

from . import selectors, services
from .enums import MINUTES_WORKFLOW, SITTING_WORKFLOW, MinutesStatus, SittingStatus
from .models import Committee, Member, Resolution, Sitting, current_on
from .rules import MANAGE_COMMITTEE, READ_MATERIALS

router = Router(tags=["committee"])


def _reads(user: Any, committee: Committee) -> bool:
    return bool(user.has_perm(READ_MATERIALS, committee))


# --- Committees ----------------------------------------------------------------------------------


class CommitteeOut(Schema):
    id: int
    region: str = Field(description="TERYT code of the region's voivodeship")
    name: str
    founding_body: str
    founding_resolution_number: str
    founding_resolution_date: date | None
    description: str
    rules_url: str | None
    quorum_percent: int = Field(description="Share of current members needed for the quorum")
    named_votes: bool = Field(description="Whether each member's vote is recorded")
    minimum_sittings_per_year: int
    current_members: int


def _committee_out(committee: Committee) -> CommitteeOut:
    return CommitteeOut(
        id=committee.pk,
        region=committee.region.code,
        name=committee.name,
        founding_body=committee.founding_body,
        founding_resolution_number=committee.founding_resolution_number,
        founding_resolution_date=committee.founding_resolution_date,
        description=committee.description,
        rules_url=f"/committee/{committee.pk}/rules/" if committee.rules_document else None,
        quorum_percent=committee.quorum_percent,
        named_votes=committee.named_votes,
        minimum_sittings_per_year=committee.minimum_sittings_per_year,
        current_members=getattr(committee, "current_count", 0),
    )


def _committees() -> QuerySet[Committee]:
    today = timezone.localdate()
    return Committee.objects.select_related("region__voivodeship").annotate(
        current_count=Count("members", filter=Q(current_on(today, "members__")), distinct=True)
    )


@router.get("/committee/committees", response=list[CommitteeOut], auth=None)
@paginate
def list_committees(request: HttpRequest) -> Page[CommitteeOut]:
    """Every region's committee."""
    return Page(_committees().order_by("region__voivodeship__code"), _committee_out)


@router.get("/committee/committees/{committee_id}", response=CommitteeOut, auth=None)
def get_committee(request: HttpRequest, committee_id: int) -> CommitteeOut:
    committee = _committees().filter(pk=committee_id).first()
    if committee is None:
        raise Http404
    return _committee_out(committee)


# --- Members -------------------------------------------------------------------------------------


class MemberOut(Schema):
    id: int
    committee: int
    full_name: str
    organisation: str
    sector: str
    sector_label: str
    role: str
    role_label: str
    term_starts_on: date
    term_ends_on: date
    ended_on: date | None
    end_reason: str
    is_current: bool
    deputy_name: str
    deputy_organisation: str
    email: str | None = Field(None, description="Only for staff of the region")
    deputy_email: str | None = Field(None, description="Only for staff of the region")
    unexcused_absences_in_a_row: int | None = Field(
        None, description="Only for staff: three in a row are grounds for dismissal"
    )
    flagged_for_dismissal: bool | None = Field(None, description="Only for staff")


class MemberFilters(Schema):
    committee: Id | None = None
    region: str | None = Field(None, pattern=r"^\d{2}$", description="TERYT code of a region")
    current: bool = Field(True, description="Only current members; staff may ask for all")


@router.get("/committee/members", response=list[MemberOut], auth=[public_or_token])
@paginate
def list_members(request: HttpRequest, filters: Query[MemberFilters]) -> Page[MemberOut]:
    """Current members for everybody; staff tokens also get the former ones of their
    regions (with `current=false`), e-mails and the absence flag."""
    user = request.user
    today = timezone.localdate()
    members = Member.objects.select_related("committee__region__voivodeship").order_by(
        "committee__region__voivodeship__code", "full_name", "id"
    )
    if filters.committee:
        members = members.filter(committee_id=filters.committee)
    if filters.region:
        members = members.filter(committee__region__voivodeship__code=filters.region)
    staff_committees = set(selectors.committees_for_staff(user).values_list("pk", flat=True))
    if filters.current or not staff_committees:
        members = members.filter(current_on(today))
    else:
        members = members.filter(committee_id__in=staff_committees)
    streaks: dict[int, dict[int, int]] = {}

    def convert(member: Member) -> MemberOut:
        sees = member.committee_id in staff_committees
        if sees and member.committee_id not in streaks:
            streaks[member.committee_id] = selectors.absence_streaks(member.committee)
        streak = streaks.get(member.committee_id, {}).get(member.pk, 0) if sees else None
        return MemberOut(
            id=member.pk,
            committee=member.committee_id,
            full_name=member.full_name,
            organisation=member.organisation,
            sector=member.sector,
            sector_label=member.get_sector_display(),
            role=member.role,
            role_label=member.get_role_display(),
            term_starts_on=member.term_starts_on,
            term_ends_on=member.term_ends_on,
            ended_on=member.ended_on,
            end_reason=member.end_reason,
            is_current=member.is_current_on(today),
            deputy_name=member.deputy_name,
            deputy_organisation=member.deputy_organisation,
            email=member.email if sees else None,
            deputy_email=member.deputy_email if sees else None,
            unexcused_absences_in_a_row=streak,
            flagged_for_dismissal=streak >= selectors.ABSENCES_FOR_DISMISSAL
            if streak is not None
            else None,
        )

    return Page(members, convert)


# --- Sittings ------------------------------------------------------------------------------------


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    description: str
    documents: list[str] = Field(description="Titles of the documents (for readers: their URLs)")


class AttendanceOut(Schema):
    member: int
    full_name: str
    status: str = Field(description="present, deputy, excused, unexcused, or empty")


class QuorumOut(Schema):
    members: int
    present: int
    required: int
    is_present: bool


class SittingOut(Schema):
    id: int
    committee: int
    number: int
    label: str
    status: str
    status_label: str
    event: int = Field(description="The event in /api/v1/events")
    starts_at: datetime
    ends_at: datetime
    venue_name: str
    venue_address: str
    agenda: list[AgendaItemOut]
    attendance: list[AttendanceOut] | None = Field(
        None, description="For readers of the committee's materials, or once minutes are approved"
    )
    quorum: QuorumOut | None = None
    minutes_status: str | None
    minutes_pdf_url: str | None


def _sitting_out(sitting: Sitting, user: Any, members: list[Member]) -> SittingOut:
    """A sitting read with `selectors.with_agenda_and_attendance`; `members` are its
    committee's."""
    minutes = getattr(sitting, "minutes", None)  # none yet: the reverse accessor raises
    approved = minutes is not None and minutes.status == MinutesStatus.APPROVED
    full = approved or _reads(user, sitting.committee)
    event = sitting.event
    quorum = selectors.quorum_among(sitting, members) if full else None
    return SittingOut(
        id=sitting.pk,
        committee=sitting.committee_id,
        number=sitting.number,
        label=sitting.label,
        status=sitting.status,
        status_label=sitting.get_status_display(),
        event=event.pk,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue_name=event.venue_name,
        venue_address=event.venue_address,
        agenda=[
            AgendaItemOut(
                id=item.pk,
                position=item.position,
                title=item.title,
                description=item.description,
                documents=[
                    f"/panel/committee/documents/{document.pk}/" if full else document.title
                    for document in item.documents.all()
                ],
            )
            for item in sitting.agenda_items.all()
        ]
        if full or sitting.status != SittingStatus.PLANNED
        else [],
        attendance=[
            AttendanceOut(member=row.member.pk, full_name=row.member.full_name, status=row.status)
            for row in selectors.attendance_rows_among(sitting, members)
        ]
        if full
        else None,
        quorum=QuorumOut(
            members=quorum.members,
            present=quorum.present,
            required=quorum.required,
            is_present=quorum.is_present,
        )
        if quorum is not None
        else None,
        minutes_status=minutes.status if minutes is not None and full else None,
        minutes_pdf_url=f"/committee/sittings/{sitting.pk}/minutes.pdf"
        if minutes is not None and full
        else None,
    )


class _Members:
    """The members of each committee, read once per committee a response shows."""

    def __init__(self) -> None:
        self.by_committee: dict[int, list[Member]] = {}

    def of(self, committee_id: int) -> list[Member]:
        if committee_id not in self.by_committee:
            self.by_committee[committee_id] = list(Member.objects.filter(committee_id=committee_id))
        return self.by_committee[committee_id]


def _out(sitting: Sitting, user: Any, members: _Members | None = None) -> SittingOut:
    return _sitting_out(sitting, user, (members or _Members()).of(sitting.committee_id))


class SittingFilters(Schema):
    committee: Id | None = None
    region: str | None = Field(None, pattern=r"^\d{2}$")
    year: Year | None = None
    status: str | None = None


@router.get("/committee/sittings", response=list[SittingOut], auth=[public_or_token])
@paginate
def list_sittings(request: HttpRequest, filters: Query[SittingFilters]) -> Page[SittingOut]:
    """Sittings, the latest first. Everybody sees the agenda once a sitting is convened,
    and its attendance once its minutes are approved; staff and members of the committee
    see everything of theirs."""
    sittings = selectors.with_agenda_and_attendance(selectors.sittings_visible_to(request.user))
    if filters.committee:
        sittings = sittings.filter(committee_id=filters.committee)
    if filters.region:
        sittings = sittings.filter(committee__region__voivodeship__code=filters.region)
    if filters.year:
        sittings = sittings.filter(event__starts_at__year=filters.year)
    if filters.status:
        sittings = sittings.filter(status=filters.status)
    user, members = request.user, _Members()
    return Page(
        sittings.order_by("-event__starts_at", "-number"),
        lambda sitting: _out(sitting, user, members),
    )


def _sitting(request: HttpRequest, sitting_id: int) -> Sitting:
    sitting = (
        selectors.with_agenda_and_attendance(selectors.sittings_visible_to(request.user))
        .filter(pk=sitting_id)
        .first()
    )
    if sitting is None:
        raise Http404
    return sitting


@router.get("/committee/sittings/{sitting_id}", response=SittingOut, auth=[public_or_token])
def get_sitting(request: HttpRequest, sitting_id: int) -> SittingOut:
    return _out(_sitting(request, sitting_id), request.user)


def _managed_sitting(request: HttpRequest, sitting_id: int) -> Sitting:
    sitting = selectors.sitting_for_staff(request.user, sitting_id)
    if sitting is None:
        raise Http404
    if not request.user.has_perm(MANAGE_COMMITTEE, sitting.committee):
        raise PermissionDenied
    return sitting


class AgendaItemIn(Schema):
    title: str = Field(max_length=300)
    description: str = ""


class SittingIn(Schema):
    committee: Id
    number: Quantity | None = Field(None, ge=1, description="Empty: the next number")
    starts_at: DateTimeIn
    ends_at: DateTimeIn
    venue_name: str = Field("", max_length=200)
    venue_address: str = Field("", max_length=250)
    description: str = ""
    agenda: list[AgendaItemIn] = []


@router.post("/committee/sittings", response={201: SittingOut}, auth=token_auth)
def create_sitting(request: HttpRequest, payload: SittingIn) -> Status[SittingOut]:
    """Plan a sitting (an event of kind committee_sitting) with its agenda."""
    committee = selectors.committee_for_staff(request.user, payload.committee)
    if committee is None:
        raise Http404
    if not request.user.has_perm(MANAGE_COMMITTEE, committee):
        raise PermissionDenied
    sitting = services.sitting_create(
        committee=committee,
        data={
            "starts_at": payload.starts_at,
            "ends_at": payload.ends_at,
            "venue_name": payload.venue_name,
            "venue_address": payload.venue_address,
            "description": payload.description,
        },
        number=payload.number,
        agenda=[(item.title, item.description) for item in payload.agenda],
        actor=request.user,
    )
    return Status(201, _out(_sitting(request, sitting.pk), request.user))


class TransitionIn(Schema):
    reason: str = Field("", description="For cancel (sittings) and return (minutes)")


@router.post(
    "/committee/sittings/{sitting_id}/transitions/{name}",
    response={200: SittingOut},
    auth=token_auth,
)
def sitting_transition(
    request: HttpRequest, sitting_id: int, name: str, payload: TransitionIn | None = None
) -> SittingOut:
    """One named move: convene (sends the invitations), hold, close, cancel."""
    sitting = _managed_sitting(request, sitting_id)
    if name not in SITTING_WORKFLOW:
        raise Http404
    services.sitting_transition(
        sitting=sitting,
        transition=name,
        reason=payload.reason if payload else "",
        actor=request.user,
        site_url=request.build_absolute_uri("/"),
    )
    return _out(_sitting(request, sitting_id), request.user)


class AttendanceItemIn(Schema):
    member: Id
    status: str = Field(pattern=r"^(present|deputy|excused|unexcused)$")


class AttendanceIn(Schema):
    attendance: list[AttendanceItemIn]


@router.put(
    "/committee/sittings/{sitting_id}/attendance", response={200: SittingOut}, auth=token_auth
)
def set_attendance(request: HttpRequest, sitting_id: int, payload: AttendanceIn) -> SittingOut:
    """Mark the attendance of the members listed; the others keep theirs."""
    sitting = _managed_sitting(request, sitting_id)
    services.attendance_set(
        sitting=sitting,
        statuses={item.member: item.status for item in payload.attendance},
        actor=request.user,
    )
    return _out(_sitting(request, sitting_id), request.user)


class MinutesOut(Schema):
    sitting: int
    status: str
    text: str
    approved_at: datetime | None
    return_reason: str
    pdf_url: str


def _minutes_out(sitting: Sitting) -> MinutesOut:
    minutes = selectors.minutes_of(sitting)
    if minutes is None:
        raise Http404
    return MinutesOut(
        sitting=sitting.pk,
        status=minutes.status,
        text=minutes.text,
        approved_at=minutes.approved_at,
        return_reason=minutes.return_reason,
        pdf_url=f"/committee/sittings/{sitting.pk}/minutes.pdf",
    )


@router.get("/committee/sittings/{sitting_id}/minutes", response=MinutesOut, auth=[public_or_token])
def get_minutes(request: HttpRequest, sitting_id: int) -> MinutesOut:
    """Approved minutes for everybody; drafts for readers of the committee's materials."""
    sitting = _sitting(request, sitting_id)
    minutes = selectors.minutes_of(sitting)
    if minutes is None or not (minutes.is_approved or _reads(request.user, sitting.committee)):
        raise Http404
    return _minutes_out(sitting)


@router.post(
    "/committee/sittings/{sitting_id}/minutes", response={201: MinutesOut}, auth=token_auth
)
def draft_minutes(request: HttpRequest, sitting_id: int) -> Status[MinutesOut]:
    """Draft the minutes of a held sitting from its agenda, attendance and votes."""
    sitting = _managed_sitting(request, sitting_id)
    services.minutes_draft(sitting=sitting, actor=request.user)
    return Status(201, _minutes_out(sitting))


@router.post(
    "/committee/sittings/{sitting_id}/minutes/transitions/{name}",
    response={200: MinutesOut},
    auth=token_auth,
)
def minutes_transition(
    request: HttpRequest, sitting_id: int, name: str, payload: TransitionIn | None = None
) -> MinutesOut:
    """submit, approve, or return (with a reason)."""
    sitting = _managed_sitting(request, sitting_id)
    minutes = selectors.minutes_of(sitting)
    if minutes is None or name not in MINUTES_WORKFLOW:
        raise Http404
    services.minutes_transition(
        minutes=minutes,
        transition=name,
        reason=payload.reason if payload else "",
        actor=request.user,
    )
    return _minutes_out(sitting)


# --- Resolutions ---------------------------------------------------------------------------------


class MemberVoteOut(Schema):
    member: int
    full_name: str
    vote: str
    by_deputy: bool


class ResolutionOut(Schema):
    id: int
    committee: int
    sitting: int
    agenda_item: int | None
    kind: str
    kind_label: str
    year: int
    number: int | None
    reference: str = Field(description="“3/2026”: number and year, once adopted")
    title: str
    text: str
    status: str = Field(description="draft, adopted or rejected")
    rejection_reason: str = Field(description="no_quorum or not_enough_for, when rejected")
    votes_for: int
    votes_against: int
    votes_abstained: int
    members_present: int | None
    members_total: int | None
    quorum_required: int | None
    voted_at: datetime | None
    votes: list[MemberVoteOut] = Field(description="Each member's vote, when voted by name")
    attachments: list[str] = Field(description="URLs of the attachments")


def _resolution_out(resolution: Resolution) -> ResolutionOut:
    return ResolutionOut(
        id=resolution.pk,
        committee=resolution.committee_id,
        sitting=resolution.sitting_id,
        agenda_item=resolution.agenda_item_id,
        kind=resolution.kind,
        kind_label=resolution.get_kind_display(),
        year=resolution.year,
        number=resolution.number,
        reference=resolution.reference,
        title=resolution.title,
        text=resolution.text,
        status=resolution.status,
        rejection_reason=resolution.rejection_reason,
        votes_for=resolution.votes_for,
        votes_against=resolution.votes_against,
        votes_abstained=resolution.votes_abstained,
        members_present=resolution.members_present,
        members_total=resolution.members_total,
        quorum_required=resolution.quorum_required,
        voted_at=resolution.voted_at,
        votes=[
            MemberVoteOut(
                member=vote.member_id,
                full_name=vote.member.full_name,
                vote=vote.choice,
                by_deputy=vote.by_deputy,
            )
            for vote in resolution.member_votes.all()
        ],
        attachments=[
            f"/committee/attachments/{attachment.pk}/"
            for attachment in resolution.attachments.all()
        ],
    )


class ResolutionFilters(Schema):
    committee: Id | None = None
    region: str | None = Field(None, pattern=r"^\d{2}$")
    year: Year | None = None
    kind: str | None = Field(None, pattern=r"^(resolution|opinion)$")
    status: str | None = Field(None, pattern=r"^(draft|adopted|rejected)$")
    q: str = Field(
        "", max_length=200, description="Words of the title, with or without Polish letters"
    )


def _visible_resolutions(user: Any) -> QuerySet[Resolution]:
    return selectors.resolutions_visible_to(user).prefetch_related(
        "member_votes__member", "attachments"
    )


@router.get("/committee/resolutions", response=list[ResolutionOut], auth=[public_or_token])
@paginate
def list_resolutions(
    request: HttpRequest, filters: Query[ResolutionFilters]
) -> Page[ResolutionOut]:
    """Adopted resolutions and opinions for everybody (the register); drafts and rejected
    ones too for readers of the committee's materials."""
    resolutions = _visible_resolutions(request.user)
    for term in selectors.resolution_terms(filters.q).split():
        resolutions = resolutions.filter(search_text__contains=term)
    if filters.committee:
        resolutions = resolutions.filter(committee_id=filters.committee)
    if filters.region:
        resolutions = resolutions.filter(committee__region__voivodeship__code=filters.region)
    if filters.year:
        resolutions = resolutions.filter(year=filters.year)
    if filters.kind:
        resolutions = resolutions.filter(kind=filters.kind)
    if filters.status:
        resolutions = resolutions.filter(status=filters.status)
    return Page(resolutions.order_by(*selectors.REGISTER_ORDER), _resolution_out)


def _resolution(request: HttpRequest, resolution_id: int) -> Resolution:
    resolution = _visible_resolutions(request.user).filter(pk=resolution_id).first()
    if resolution is None:
        raise Http404
    return resolution


@router.get(
    "/committee/resolutions/{resolution_id}", response=ResolutionOut, auth=[public_or_token]
)
def get_resolution(request: HttpRequest, resolution_id: int) -> ResolutionOut:
    return _resolution_out(_resolution(request, resolution_id))


class ResolutionIn(Schema):
    kind: str = Field(pattern=r"^(resolution|opinion)$")
    title: str = Field(max_length=300)
    text: str = ""
    agenda_item: Id | None = Field(None, description="An item of the sitting's agenda")


@router.post(
    "/committee/sittings/{sitting_id}/resolutions",
    response={201: ResolutionOut},
    auth=token_auth,
)
def create_resolution(
    request: HttpRequest, sitting_id: int, payload: ResolutionIn
) -> Status[ResolutionOut]:
    """A draft resolution or opinion of the sitting, to be voted."""
    sitting = _managed_sitting(request, sitting_id)
    item = None
    if payload.agenda_item is not None:
        item = selectors.agenda_of(sitting).filter(pk=payload.agenda_item).first()
        if item is None:
            raise services.CommitteeError(
                {"agenda_item": _("Choose an item of this sitting's agenda.")}
            )
    resolution = services.resolution_create(
        sitting=sitting,
        kind=payload.kind,
        title=payload.title,
        text=payload.text,
        agenda_item=item,
        actor=request.user,
    )
    return Status(201, _resolution_out(_resolution(request, resolution.pk)))


class MemberVoteIn(Schema):
    member: Id
    vote: str = Field(pattern=r"^(for|against|abstained)$")


class VoteIn(Schema):
    votes_for: SmallQuantity = Field(0, ge=0)
    votes_against: SmallQuantity = Field(0, ge=0)
    votes_abstained: SmallQuantity = Field(0, ge=0)
    votes: list[MemberVoteIn] = Field(
        [], description="When the committee votes by name: each present member's vote"
    )


@router.post(
    "/committee/resolutions/{resolution_id}/vote",
    response={200: ResolutionOut},
    auth=token_auth,
)
def record_vote(request: HttpRequest, resolution_id: int, payload: VoteIn) -> ResolutionOut:
    """Record the vote: counts, or each member's vote when the committee votes by name.
    The result follows the quorum; an adopted one gets its number."""
    resolution = selectors.resolution_for_staff(request.user, resolution_id)
    if resolution is None:
        raise Http404
    if not request.user.has_perm(MANAGE_COMMITTEE, resolution.committee):
        raise PermissionDenied
    services.resolution_vote(
        resolution=resolution,
        votes_for=payload.votes_for,
        votes_against=payload.votes_against,
        votes_abstained=payload.votes_abstained,
        member_votes={vote.member: vote.vote for vote in payload.votes},
        actor=request.user,
    )
    return _resolution_out(_resolution(request, resolution_id))
