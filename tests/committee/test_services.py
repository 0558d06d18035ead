"""Writes of the committee: terms, sittings and their moves, agenda, attendance, quorum,
votes and numbering, minutes and their approval, the three-in-a-row flag."""

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from koordynator.committee import selectors, services
from koordynator.committee.enums import (
    AttendanceStatus,
    EndReason,
    MemberRole,
    MinutesStatus,
    ResolutionKind,
    ResolutionStatus,
    Sector,
    SittingStatus,
)
from koordynator.committee.models import Member, MemberVote, Resolution, Sitting
from koordynator.committee.uploads import Upload
from koordynator.core.models import AuditEntry
from koordynator.events.enums import EventKind
from tests.factories.committee import MemberFactory, at

from .builders import all_present, attend, convened, plan, vote

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def actions(target):
    return list(
        AuditEntry.objects.filter(object_type=target._meta.label_lower, object_id=str(target.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- Terms and members ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (date(2024, 3, 1), date(2027, 2, 28)),
        (date(2024, 2, 29), date(2027, 2, 28)),
        (date(2025, 1, 1), date(2027, 12, 31)),
        (date(2024, 11, 3), date(2027, 11, 2)),
    ],
)
def test_a_term_lasts_three_years_less_a_day(starts_on, ends_on):
    assert services.default_term_end(starts_on) == ends_on


def test_appointing_defaults_the_term_and_records_the_history(committee, coordinator):
    member = services.member_appoint(
        committee=committee,
        data={
            "full_name": "  Anna   Świątek ",
            "sector": Sector.SCIENCE,
            "role": MemberRole.CHAIR,
            "email": "ANNA@Example.org",
            "term_starts_on": date(2024, 3, 1),
        },
        actor=coordinator,
    )
    assert (member.full_name, member.email, member.term_ends_on) == (
        "Anna Świątek",
        "anna@example.org",
        date(2027, 2, 28),
    )
    assert actions(member) == ["committee.member.appointed"]
    assert member.history.count() == 1
    assert member.history.first().history_user == coordinator


def test_a_second_chair_in_the_same_term_is_refused(committee, coordinator):
    MemberFactory(committee=committee, full_name="Marek Wiśniewski", role=MemberRole.CHAIR)
    with pytest.raises(services.CommitteeError) as error:
        services.member_appoint(
            committee=committee,
            data={
                "full_name": "Ewa Nowak",
                "sector": Sector.NGOS,
                "role": MemberRole.CHAIR,
                "term_starts_on": date(2025, 1, 1),
            },
            actor=coordinator,
        )
    assert error.value.errors == {
        "role": "Marek Wiśniewski pełni już tę funkcję w tej samej kadencji."
    }
    assert Member.objects.filter(committee=committee).count() == 1


def test_a_new_chair_after_the_former_one_ended(committee, coordinator):
    former = MemberFactory(committee=committee, role=MemberRole.CHAIR)
    services.member_end(
        member=former, ended_on=date(2025, 6, 30), reason=EndReason.RESIGNED, actor=coordinator
    )
    chair = services.member_appoint(
        committee=committee,
        data={
            "full_name": "Ewa Nowak",
            "sector": Sector.NGOS,
            "role": MemberRole.CHAIR,
            "term_starts_on": date(2025, 7, 1),
            "term_ends_on": date(2027, 11, 2),
        },
        actor=coordinator,
    )
    assert chair.role == MemberRole.CHAIR


def test_bad_member_data_gets_polish_errors_and_writes_nothing(committee, coordinator):
    with pytest.raises(services.CommitteeError) as error:
        services.member_appoint(
            committee=committee,
            data={
                "full_name": " ",
                "sector": "",
                "role": MemberRole.MEMBER,
                "term_starts_on": date(2025, 1, 1),
                "term_ends_on": date(2024, 1, 1),
                "deputy_email": "zastepca@example.org",
            },
            actor=coordinator,
        )
    assert error.value.errors == {
        "full_name": "Podaj imię i nazwisko członka.",
        "sector": "Wybierz sektor, który członek reprezentuje.",
        "term_ends_on": "Kadencja nie może się skończyć przed rozpoczęciem.",
        "deputy_name": "Podaj imię i nazwisko zastępcy.",
    }
    assert not Member.objects.exists()


def test_a_role_change_is_audited_as_such_and_versioned(committee, coordinator):
    member = MemberFactory(committee=committee)
    services.member_update(member=member, data={"role": MemberRole.DEPUTY_CHAIR}, actor=coordinator)
    services.member_update(member=member, data={"deputy_name": "Jan Kos"}, actor=coordinator)
    assert actions(member) == ["committee.member.role_changed", "committee.member.deputy_changed"]
    entry = AuditEntry.objects.get(action="committee.member.role_changed")
    assert entry.changes == {"role": ["member", "deputy_chair"]}
    # The factory's first save, then the two changes.
    assert member.history.count() == 3


def test_a_membership_ends_within_its_term_and_the_record_stays(committee, coordinator):
    member = MemberFactory(committee=committee)
    with pytest.raises(services.CommitteeError) as error:
        services.member_end(
            member=member, ended_on=date(2030, 1, 1), reason=EndReason.DISMISSED, actor=coordinator
        )
    assert error.value.errors == {
        "ended_on": "Członkostwo kończy się w trakcie kadencji: od 3 listopada 2024 do 2 listopada 2027."
    }
    services.member_end(
        member=member,
        ended_on=date(2026, 4, 30),
        reason=EndReason.DISMISSED,
        note="Trzy nieobecności z rzędu.",
        actor=coordinator,
    )
    member.refresh_from_db()
    assert (member.ended_on, member.end_reason) == (date(2026, 4, 30), "dismissed")
    assert member.is_current_on(date(2026, 4, 30))
    assert not member.is_current_on(date(2026, 5, 1))
    assert actions(member) == ["committee.member.dismissed"]
    with pytest.raises(services.TransitionNotAllowed):
        services.member_end(
            member=member, ended_on=date(2026, 5, 1), reason=EndReason.OTHER, actor=coordinator
        )
    with pytest.raises(services.TransitionNotAllowed):
        services.member_update(member=member, data={"full_name": "X"}, actor=coordinator)


# --- Sittings ------------------------------------------------------------------------------------


def test_a_sitting_is_an_event_of_its_kind_numbered_in_turn(committee, coordinator):
    first = plan(committee, coordinator)
    second = plan(committee, coordinator, agenda=())
    event = first.event
    assert (first.number, second.number) == (1, 2)
    assert (event.kind, event.is_published, event.has_registration) == (
        EventKind.COMMITTEE_SITTING,
        True,
        False,
    )
    assert event.title.startswith("I posiedzenie – Regionalny Komitet")
    assert first.label == "I posiedzenie"
    assert [(i.position, i.title) for i in selectors.agenda_of(first)] == [
        (1, "Otwarcie posiedzenia"),
        (2, "Plan pracy"),
    ]
    assert actions(first) == ["committee.sitting.created"]
    twelfth = plan(committee, coordinator, number=12)
    assert twelfth.label == "XII posiedzenie"
    with pytest.raises(services.CommitteeError) as error:
        plan(committee, coordinator, number=12)
    assert error.value.errors == {"number": "Komitet ma już posiedzenie o tym numerze."}


def test_convening_sends_every_member_the_agenda_and_a_calendar_file(
    committee, members, coordinator, immediate_tasks, django_capture_on_commit_callbacks
):
    MemberFactory(committee=committee, full_name="Bez Adresu", email="")
    sitting = plan(committee, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.sitting_transition(sitting=sitting, transition="convene", actor=coordinator)
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.CONVENED
    assert sitting.convened_at is not None
    assert len(mail.outbox) == 4
    message = next(m for m in mail.outbox if m.to == [members[0].email])
    assert message.cc == ["zastepca@example.org"]
    assert "I posiedzenie" in message.subject
    assert "1. Otwarcie posiedzenia\n2. Plan pracy" in message.body
    assert "Józef Żółkiewski" in message.body
    name, content, content_type = message.attachments[0]
    assert name == "posiedzenie.ics"
    assert content_type.startswith("text/calendar")
    assert "BEGIN:VEVENT" in (content.decode() if isinstance(content, bytes) else content)


def test_convening_needs_an_agenda(committee, members, coordinator):
    sitting = plan(committee, coordinator, agenda=())
    with pytest.raises(services.CommitteeError) as error:
        services.sitting_transition(sitting=sitting, transition="convene", actor=coordinator)
    assert error.value.errors == {"agenda": "Przed zwołaniem posiedzenia ułóż porządek obrad."}


@pytest.mark.parametrize(
    ("moves", "forbidden"),
    [
        ([], "hold"),
        ([], "close"),
        (["convene"], "convene"),
        (["convene", "hold"], "cancel"),
        (["cancel"], "convene"),
    ],
)
def test_forbidden_moves_are_refused_and_write_nothing(
    committee, members, coordinator, moves, forbidden
):
    sitting = plan(committee, coordinator)
    for move in moves:
        sitting = services.sitting_transition(sitting=sitting, transition=move, actor=coordinator)
    before = (sitting.status, AuditEntry.objects.count())
    with pytest.raises(services.TransitionNotAllowed) as error:
        services.sitting_transition(sitting=sitting, transition=forbidden, actor=coordinator)
    assert error.value.errors["status"].startswith(
        f"Posiedzenie w stanie „{Sitting.objects.get(pk=sitting.pk).get_status_display()}”"
    )
    sitting.refresh_from_db()
    assert (sitting.status, AuditEntry.objects.count()) == before


def test_cancelling_takes_the_event_off_the_site(committee, members, coordinator):
    sitting = convened(committee, coordinator)
    sitting = services.sitting_transition(
        sitting=sitting, transition="cancel", reason="Brak sali.", actor=coordinator
    )
    sitting.event.refresh_from_db()
    assert (sitting.status, sitting.cancel_reason, sitting.event.is_published) == (
        "cancelled",
        "Brak sali.",
        False,
    )
    with pytest.raises(services.TransitionNotAllowed):
        services.agenda_item_add(sitting=sitting, title="Nowy punkt", actor=coordinator)


def test_closing_needs_approved_minutes(committee, members, coordinator):
    sitting = convened(committee, coordinator)
    sitting = services.sitting_transition(sitting=sitting, transition="hold", actor=coordinator)
    with pytest.raises(services.CommitteeError) as error:
        services.sitting_transition(sitting=sitting, transition="close", actor=coordinator)
    assert error.value.errors == {"status": "Posiedzenie zamyka się po zatwierdzeniu protokołu."}


def test_moving_a_sitting_changes_its_event(committee, members, coordinator):
    sitting = plan(committee, coordinator)
    sitting = services.sitting_update(
        sitting=sitting,
        data={"starts_at": at(date(2026, 3, 19)), "ends_at": at(date(2026, 3, 19), 12)},
        actor=coordinator,
    )
    assert sitting.day == date(2026, 3, 19)


# --- Agenda and documents ------------------------------------------------------------------------


def test_the_agenda_is_reordered_and_renumbered(committee, coordinator):
    sitting = plan(committee, coordinator, agenda=("Otwarcie", "Plan pracy", "Wolne wnioski"))
    third = sitting.agenda_items.get(position=3)
    services.agenda_item_move(item=third, direction="up", actor=coordinator)
    assert [i.title for i in selectors.agenda_of(sitting)] == [
        "Otwarcie",
        "Wolne wnioski",
        "Plan pracy",
    ]
    first = sitting.agenda_items.get(title="Otwarcie")
    services.agenda_item_move(item=first, direction="up", actor=coordinator)
    services.agenda_item_remove(item=first, actor=coordinator)
    assert [(i.position, i.title) for i in selectors.agenda_of(sitting)] == [
        (1, "Wolne wnioski"),
        (2, "Plan pracy"),
    ]


def test_an_item_with_a_resolution_stays_on_the_agenda(committee, coordinator):
    sitting = plan(committee, coordinator)
    item = sitting.agenda_items.get(position=2)
    services.resolution_create(
        sitting=sitting,
        kind="resolution",
        title="w sprawie planu",
        agenda_item=item,
        actor=coordinator,
    )
    with pytest.raises(services.CommitteeError) as error:
        services.agenda_item_remove(item=item, actor=coordinator)
    assert error.value.errors == {"item": "Do tego punktu należy uchwała; nie można go usunąć."}


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def test_documents_are_checked_by_their_content(committee, coordinator):
    sitting = plan(committee, coordinator)
    item = sitting.agenda_items.get(position=2)
    with pytest.raises(services.CommitteeError) as error:
        services.agenda_document_add(
            item=item,
            title="Plan",
            upload=Upload(file=io.BytesIO(b"MZ not a pdf"), name="plan.pdf"),
            actor=coordinator,
        )
    assert error.value.errors == {"file": "Dołącz plik PDF, DOCX, ODT lub XLSX."}
    assert not item.documents.exists()
    sheet = services.agenda_document_add(
        item=item,
        title="",
        upload=Upload(file=io.BytesIO(_xlsx()), name="Budżet.xlsx"),
        actor=coordinator,
    )
    pdf = services.agenda_document_add(
        item=item,
        title="Projekt planu",
        upload=Upload(file=io.BytesIO(PDF), name="x.pdf"),
        actor=coordinator,
    )
    assert (sheet.title, sheet.file_name, pdf.title) == ("Budżet", "Budżet.xlsx", "Projekt planu")
    assert sheet.file.name.endswith(".xlsx")
    assert "Budżet" not in sheet.file.name


# --- Attendance and quorum -----------------------------------------------------------------------


def test_attendance_waits_for_the_sitting_to_be_convened(committee, members, coordinator):
    sitting = plan(committee, coordinator)
    with pytest.raises(services.TransitionNotAllowed):
        attend(sitting, coordinator, {members[0]: AttendanceStatus.PRESENT})


def test_attendance_of_non_members_and_deputies_that_do_not_exist_is_refused(
    committee, members, coordinator, other_region
):
    sitting = convened(committee, coordinator)
    outsider = MemberFactory(committee=committee, term_starts_on=date(2026, 6, 1))
    with pytest.raises(services.CommitteeError) as error:
        attend(
            sitting,
            coordinator,
            {members[1]: AttendanceStatus.DEPUTY, outsider: AttendanceStatus.PRESENT},
        )
    assert error.value.errors == {
        f"member_{members[1].pk}": "Bartosz Łęcki nie ma zastępcy: zaznacz obecność albo nieobecność.",
        f"member_{outsider.pk}": "Ta osoba nie jest członkiem komitetu w dniu posiedzenia.",
    }
    assert not sitting.attendances.exists()


def test_the_quorum_counts_deputies_and_follows_the_committee_share(
    committee, members, coordinator
):
    sitting = convened(committee, coordinator)
    attend(
        sitting,
        coordinator,
        {
            members[0]: AttendanceStatus.DEPUTY,
            members[1]: AttendanceStatus.EXCUSED,
            members[2]: AttendanceStatus.UNEXCUSED,
        },
    )
    quorum = selectors.quorum_of(sitting)
    assert (quorum.members, quorum.present, quorum.required, quorum.is_present) == (4, 1, 2, False)
    attend(sitting, coordinator, {members[2]: AttendanceStatus.PRESENT})
    assert selectors.quorum_of(sitting).is_present
    committee.quorum_percent = 60
    committee.save()
    sitting.refresh_from_db()
    sitting = Sitting.objects.select_related("committee", "event").get(pk=sitting.pk)
    assert (selectors.quorum_of(sitting).required, selectors.quorum_of(sitting).is_present) == (
        3,
        False,
    )


def test_members_whose_term_has_not_begun_do_not_count(committee, members, coordinator):
    MemberFactory(
        committee=committee, term_starts_on=date(2026, 6, 1), term_ends_on=date(2029, 5, 31)
    )
    ended = MemberFactory(committee=committee)
    services.member_end(
        member=ended, ended_on=date(2026, 1, 31), reason="resigned", actor=coordinator
    )
    sitting = convened(committee, coordinator)
    assert selectors.quorum_of(sitting).members == 4


# --- Votes and numbering -------------------------------------------------------------------------


def test_a_vote_with_quorum_and_more_for_passes_and_takes_the_next_number(
    committee, members, coordinator
):
    sitting = convened(committee, coordinator)
    all_present(sitting, coordinator, members)
    first = vote(sitting, coordinator, votes_for=3, votes_against=1, votes_abstained=0)
    second = vote(sitting, coordinator, votes_for=2, votes_against=0, votes_abstained=2)
    opinion = vote(
        sitting,
        coordinator,
        kind=ResolutionKind.OPINION,
        votes_for=4,
        votes_against=0,
        votes_abstained=0,
    )
    assert (first.status, first.reference, first.reference_label) == (
        "adopted",
        "1/2026",
        "Uchwała nr 1/2026",
    )
    assert (second.reference, opinion.reference_label) == ("2/2026", "Opinia nr 1/2026")
    assert (first.members_present, first.members_total, first.quorum_required) == (4, 4, 2)
    assert actions(first) == ["committee.resolution.created", "committee.resolution.adopted"]
    assert services.vote_result_text(first) == "za: 3, przeciw: 1, wstrzymało się: 0 – przyjęta"


def test_numbers_start_again_each_year(committee, members, coordinator):
    last_year = convened(committee, coordinator, day=date(2025, 11, 20))
    all_present(last_year, coordinator, members)
    assert vote(last_year, coordinator, votes_for=4).reference == "1/2025"
    assert vote(last_year, coordinator, votes_for=4).reference == "2/2025"
    this_year = convened(committee, coordinator, day=date(2026, 1, 15))
    all_present(this_year, coordinator, members)
    assert vote(this_year, coordinator, votes_for=4).reference == "1/2026"


def test_without_quorum_or_majority_nothing_passes_and_nothing_is_numbered(
    committee, members, coordinator
):
    sitting = convened(committee, coordinator)
    attend(sitting, coordinator, {members[0]: AttendanceStatus.PRESENT})
    no_quorum = vote(sitting, coordinator, votes_for=1)
    assert (no_quorum.status, no_quorum.number, no_quorum.rejection_reason) == (
        "rejected",
        None,
        "no_quorum",
    )
    assert services.vote_result_text(no_quorum) == (
        "za: 1, przeciw: 0, wstrzymało się: 0 – nieprzyjęta (brak kworum)"
    )
    attend(sitting, coordinator, {members[1]: AttendanceStatus.PRESENT})
    tie = vote(sitting, coordinator, votes_for=1, votes_against=1)
    assert (tie.status, tie.rejection_reason) == ("rejected", "not_enough_for")
    assert actions(tie)[-1] == "committee.resolution.rejected"


def test_votes_cannot_exceed_the_members_present(committee, members, coordinator):
    sitting = convened(committee, coordinator)
    all_present(sitting, coordinator, members[:3])
    resolution = services.resolution_create(
        sitting=sitting, kind="resolution", title="w sprawie planu", actor=coordinator
    )
    with pytest.raises(services.CommitteeError) as error:
        services.resolution_vote(
            resolution=resolution, votes_for=3, votes_against=1, actor=coordinator
        )
    assert error.value.errors == {"votes_for": "Głosów: 4, a obecnych członków tylko 3."}
    resolution.refresh_from_db()
    assert (resolution.status, resolution.votes_for, resolution.number) == ("draft", 0, None)


def test_a_resolution_is_voted_once(committee, members, coordinator):
    sitting = convened(committee, coordinator)
    all_present(sitting, coordinator, members)
    resolution = vote(sitting, coordinator, votes_for=4)
    with pytest.raises(services.TransitionNotAllowed):
        services.resolution_vote(resolution=resolution, votes_for=4, actor=coordinator)
    with pytest.raises(services.TransitionNotAllowed):
        services.resolution_update(
            resolution=resolution, kind="resolution", title="inna", actor=coordinator
        )


def test_votes_by_name_count_deputies_and_refuse_the_absent(committee, members, coordinator):
    committee.named_votes = True
    committee.save()
    sitting = convened(committee, coordinator)
    attend(
        sitting,
        coordinator,
        {
            members[0]: AttendanceStatus.DEPUTY,
            members[1]: AttendanceStatus.PRESENT,
            members[2]: AttendanceStatus.PRESENT,
            members[3]: AttendanceStatus.UNEXCUSED,
        },
    )
    resolution = services.resolution_create(
        sitting=sitting, kind="opinion", title="w sprawie programu", actor=coordinator
    )
    with pytest.raises(services.CommitteeError) as error:
        services.resolution_vote(
            resolution=resolution,
            member_votes={members[3].pk: "for", members[1].pk: "for"},
            actor=coordinator,
        )
    assert error.value.errors == {
        f"vote_{members[3].pk}": "Głosują tylko członkowie obecni (osobiście lub przez zastępcę)."
    }
    assert not MemberVote.objects.exists()
    resolution = services.resolution_vote(
        resolution=resolution,
        member_votes={members[0].pk: "for", members[1].pk: "for", members[2].pk: "abstained"},
        actor=coordinator,
    )
    assert (resolution.votes_for, resolution.votes_against, resolution.votes_abstained) == (2, 0, 1)
    assert (resolution.status, resolution.reference, resolution.is_named_vote) == (
        "adopted",
        "1/2026",
        True,
    )
    assert sorted(
        resolution.member_votes.values_list("member__full_name", "choice", "by_deputy")
    ) == [
        ("Anna Świątek", "for", True),
        ("Bartosz Łęcki", "for", False),
        ("Celina Ćwik", "abstained", False),
    ]


def test_the_number_is_unique_per_committee_year_and_kind(committee, members, coordinator):
    sitting = convened(committee, coordinator)
    all_present(sitting, coordinator, members)
    first = vote(sitting, coordinator, votes_for=4)
    duplicate = Resolution(
        committee=committee,
        sitting=sitting,
        kind=first.kind,
        year=first.year,
        number=first.number,
        title="kopia",
        status=ResolutionStatus.ADOPTED,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


# --- Minutes -------------------------------------------------------------------------------------


def held_with_a_vote(committee, members, coordinator):
    sitting = convened(committee, coordinator)
    attend(
        sitting,
        coordinator,
        {
            members[0]: AttendanceStatus.DEPUTY,
            members[1]: AttendanceStatus.PRESENT,
            members[2]: AttendanceStatus.PRESENT,
            members[3]: AttendanceStatus.UNEXCUSED,
        },
    )
    item = sitting.agenda_items.get(position=2)
    resolution = services.resolution_create(
        sitting=sitting,
        kind="resolution",
        title="w sprawie przyjęcia planu pracy",
        agenda_item=item,
        actor=coordinator,
    )
    services.resolution_vote(resolution=resolution, votes_for=3, actor=coordinator)
    return services.sitting_transition(sitting=sitting, transition="hold", actor=coordinator)


def test_the_minutes_are_drafted_from_agenda_attendance_and_votes(committee, members, coordinator):
    sitting = held_with_a_vote(committee, members, coordinator)
    minutes = services.minutes_draft(sitting=sitting, actor=coordinator)
    text = minutes.text
    assert text.startswith(
        "Posiedzenie odbyło się 12 marca 2026, miejsce: Sala konferencyjna, ul. Spokojna 4, Lublin."
    )
    assert (
        "Obecnych: 3 z 4 członków (osobiście lub przez zastępcę); kworum wynosi 2. "
        "Kworum było zachowane." in text
    )
    assert "Obecni przez zastępców: Anna Świątek (przez zastępcę: Józef Żółkiewski)." in text
    assert "Nieobecni nieusprawiedliwieni: Dariusz Źrebak." in text
    assert "Ad 1. Otwarcie posiedzenia\n\nAd 2. Plan pracy\n" in text
    assert (
        "Ad 2. Plan pracy\nUchwała nr 1/2026 – w sprawie przyjęcia planu pracy: "
        "za: 3, przeciw: 0, wstrzymało się: 0 – przyjęta." in text
    )
    assert services.minutes_draft(sitting=sitting, actor=coordinator).pk == minutes.pk
    with pytest.raises(services.TransitionNotAllowed) as error:
        services.minutes_draft(sitting=convened(committee, coordinator), actor=coordinator)
    assert error.value.errors == {"status": "Protokół sporządza się po odbyciu posiedzenia."}


def test_minutes_move_to_approval_and_approved_ones_never_change(committee, members, coordinator):
    sitting = held_with_a_vote(committee, members, coordinator)
    minutes = services.minutes_draft(sitting=sitting, actor=coordinator)
    minutes = services.minutes_edit(
        minutes=minutes, text="Treść po korekcie sekretarza.", actor=coordinator
    )
    minutes = services.minutes_transition(minutes=minutes, transition="submit", actor=coordinator)
    with pytest.raises(services.TransitionNotAllowed) as error:
        services.minutes_edit(minutes=minutes, text="Zmiana", actor=coordinator)
    assert error.value.errors == {
        "status": "Edytować można tylko projekt protokołu; ten protokół jest w stanie „przekazany do zatwierdzenia”."
    }
    with pytest.raises(services.CommitteeError) as error:
        services.minutes_transition(minutes=minutes, transition="return", actor=coordinator)
    assert error.value.errors == {"reason": "Napisz, co poprawić w protokole."}
    minutes = services.minutes_transition(
        minutes=minutes, transition="return", reason="Popraw listę obecności.", actor=coordinator
    )
    assert (minutes.status, minutes.return_reason) == ("draft", "Popraw listę obecności.")
    minutes = services.minutes_transition(minutes=minutes, transition="submit", actor=coordinator)
    minutes = services.minutes_transition(minutes=minutes, transition="approve", actor=coordinator)
    assert (minutes.status, minutes.approved_by) == (MinutesStatus.APPROVED, coordinator)
    assert minutes.approved_at is not None
    assert actions(minutes) == [
        "committee.minutes.drafted",
        "committee.minutes.edited",
        "committee.minutes.submitted",
        "committee.minutes.returned",
        "committee.minutes.submitted",
        "committee.minutes.approved",
    ]
    before = AuditEntry.objects.count()
    for attempt in (
        lambda: services.minutes_edit(minutes=minutes, text="Inna treść", actor=coordinator),
        lambda: services.minutes_transition(
            minutes=minutes, transition="return", reason="x", actor=coordinator
        ),
        lambda: services.minutes_draft(sitting=sitting, actor=coordinator, redraft=True),
        lambda: attend(sitting, coordinator, {members[3]: AttendanceStatus.EXCUSED}),
        lambda: services.agenda_item_add(sitting=sitting, title="Nowy punkt", actor=coordinator),
        lambda: services.resolution_create(
            sitting=sitting, kind="opinion", title="x", actor=coordinator
        ),
    ):
        with pytest.raises(services.TransitionNotAllowed):
            attempt()
    minutes.refresh_from_db()
    assert (minutes.text, AuditEntry.objects.count()) == ("Treść po korekcie sekretarza.\n", before)
    sitting = services.sitting_transition(sitting=sitting, transition="close", actor=coordinator)
    assert sitting.status == "closed"


# --- Three unexcused absences in a row and sittings per year -------------------------------------


def held(committee, coordinator, day, statuses):
    sitting = convened(committee, coordinator, day=day)
    attend(sitting, coordinator, statuses)
    return services.sitting_transition(sitting=sitting, transition="hold", actor=coordinator)


def test_three_unexcused_absences_in_a_row_flag_the_member(committee, members, coordinator):
    absent, comes_back, excused = members[1], members[2], members[3]
    days = [date(2025, 3, 1), date(2025, 6, 1), date(2025, 10, 1), date(2026, 2, 1)]
    plans = [
        {absent: "present", comes_back: "unexcused", excused: "unexcused"},
        {absent: "unexcused", comes_back: "unexcused", excused: "unexcused"},
        {absent: "unexcused", comes_back: "unexcused", excused: "excused"},
        {absent: "unexcused", comes_back: "present", excused: "unexcused"},
    ]
    for day, statuses in zip(days, plans, strict=True):
        held(committee, coordinator, day, statuses)
    # A sitting still to come does not count.
    convened(committee, coordinator, day=date(2026, 5, 1))
    streaks = selectors.absence_streaks(committee)
    assert {m.full_name: streaks.get(m.pk, 0) for m in members} == {
        "Anna Świątek": 0,
        "Bartosz Łęcki": 3,
        "Celina Ćwik": 0,
        "Dariusz Źrebak": 1,
    }
    assert selectors.flagged_member_ids(committee) == {absent.pk}


def test_two_sittings_a_year_are_counted_held_and_planned(committee, members, coordinator):
    held(committee, coordinator, date(2025, 3, 1), {})
    plan(committee, coordinator, day=date(2026, 9, 1))
    cancelled = plan(committee, coordinator, day=date(2026, 10, 1))
    services.sitting_transition(sitting=cancelled, transition="cancel", actor=coordinator)
    years = {
        row.year: (row.held, row.planned, row.falls_short)
        for row in selectors.sittings_per_year(committee, today=date(2026, 4, 1))
    }
    assert years == {2026: (0, 1, True), 2025: (1, 0, True), 2024: (0, 0, False)}
    plan(committee, coordinator, day=date(2026, 11, 1))
    years = {
        row.year: row.falls_short
        for row in selectors.sittings_per_year(committee, today=date(2026, 4, 1))
    }
    assert years[2026] is False


def test_nothing_of_the_sitting_is_recorded_before_its_day(committee, members, coordinator):
    next_week = timezone.localdate() + timedelta(days=7)
    sitting = convened(committee, coordinator, day=next_week)
    with pytest.raises(services.TransitionNotAllowed) as early:
        all_present(sitting, coordinator, members)
    assert early.value.errors["status"] == (
        f"Obecność zaznacza się od dnia posiedzenia, {next_week:%d.%m.%Y}."
    )
    resolution = services.resolution_create(
        sitting=sitting, kind=ResolutionKind.RESOLUTION, title="w sprawie planu", actor=coordinator
    )
    with pytest.raises(services.TransitionNotAllowed):
        services.resolution_vote(resolution=resolution, votes_for=1, actor=coordinator)
    with pytest.raises(services.TransitionNotAllowed):
        services.sitting_transition(sitting=sitting, transition="hold", actor=coordinator)
    sitting.refresh_from_db()
    resolution.refresh_from_db()
    assert (sitting.status, resolution.status) == (SittingStatus.CONVENED, ResolutionStatus.DRAFT)
    assert not sitting.attendances.exists()


def test_a_vote_written_down_after_the_sitting_carries_the_sittings_date(
    committee, members, coordinator
):
    sitting = convened(committee, coordinator)  # builders.DAY, in the past
    all_present(sitting, coordinator, members)
    resolution = vote(sitting, coordinator, votes_for=3)
    assert timezone.localdate(resolution.voted_at) == sitting.day
