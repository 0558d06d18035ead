"""Building blocks of the committee tests: sittings taken through their course by the
services, as the pages and the API would."""

from datetime import date

from koordynator.committee import services
from koordynator.committee.enums import AttendanceStatus, ResolutionKind
from tests.factories.committee import at

DAY = date(2026, 3, 12)


def plan(committee, actor, day=DAY, agenda=("Otwarcie posiedzenia", "Plan pracy"), number=None):
    return services.sitting_create(
        committee=committee,
        data={
            "starts_at": at(day),
            "ends_at": at(day, 13),
            "venue_name": "Sala konferencyjna",
            "venue_address": "ul. Spokojna 4, Lublin",
        },
        number=number,
        agenda=[(title, "") for title in agenda],
        actor=actor,
    )


def convened(committee, actor, day=DAY, **kwargs):
    sitting = plan(committee, actor, day, **kwargs)
    return services.sitting_transition(sitting=sitting, transition="convene", actor=actor)


def attend(sitting, actor, statuses):
    services.attendance_set(
        sitting=sitting, statuses={m.pk: s for m, s in statuses.items()}, actor=actor
    )


def all_present(sitting, actor, members):
    attend(sitting, actor, dict.fromkeys(members, AttendanceStatus.PRESENT))


def vote(sitting, actor, *, kind=ResolutionKind.RESOLUTION, title="w sprawie planu", **counts):
    resolution = services.resolution_create(sitting=sitting, kind=kind, title=title, actor=actor)
    return services.resolution_vote(resolution=resolution, actor=actor, **counts)


def approved_sitting(committee, members, actor, day=DAY, title="w sprawie przyjęcia planu pracy"):
    """A sitting held with everyone present, one resolution passed (the first of its
    year) and its minutes approved; answers (sitting, resolution)."""
    sitting = convened(committee, actor, day=day)
    all_present(sitting, actor, members)
    item = sitting.agenda_items.get(position=2)
    resolution = services.resolution_create(
        sitting=sitting, kind="resolution", title=title, agenda_item=item, actor=actor
    )
    resolution = services.resolution_vote(
        resolution=resolution, votes_for=len(members), actor=actor
    )
    sitting = services.sitting_transition(sitting=sitting, transition="hold", actor=actor)
    minutes = services.minutes_draft(sitting=sitting, actor=actor)
    minutes = services.minutes_transition(minutes=minutes, transition="submit", actor=actor)
    services.minutes_transition(minutes=minutes, transition="approve", actor=actor)
    return sitting, resolution
