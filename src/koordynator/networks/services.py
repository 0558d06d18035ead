"""Writes of cooperation networks and partnerships. Callers check permissions (rules.py)
first.

Every write is one transaction with its audit entry; bad input raises a
`DomainValidationError` naming the field before anything is written. A membership moves
through `enums.MEMBER_WORKFLOW` (active, then left, once; joining again is a new
membership) and an agreement is ended by hand through `enums.PARTNERSHIP_WORKFLOW`; a
move the table does not allow raises `TransitionNotAllowed` (409 in the API).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from koordynator.accounts.enums import Role
from koordynator.accounts.models import Organisation
from koordynator.core.actors import Actor, user_or_none
from koordynator.core.api import DomainValidationError
from koordynator.core.audit import audit_log
from koordynator.core.text import fold, one_line
from koordynator.core.uploads import delete_files_on_commit, is_document
from koordynator.events import services as events
from koordynator.events.enums import EventKind
from koordynator.events.models import Event
from koordynator.municipalities.models import LocalGovernment
from koordynator.registry.identifiers import normalise_nip
from koordynator.registry.models import Entity
from koordynator.territory.models import Region

from .enums import (
    MEMBER_WORKFLOW,
    NAMED_KINDS,
    NAMED_PARTY_KINDS,
    PARTNERSHIP_WORKFLOW,
    MemberKind,
    MemberStatus,
    NetworkKind,
    PartnershipStatus,
    PartyKind,
)
from .models import (
    Network,
    NetworkDocument,
    NetworkMeeting,
    NetworkMember,
    Partnership,
    PartnershipParty,
)
from .tasks import send_meeting_invitations

NETWORK_FIELDS = [
    "name",
    "kind",
    "purpose",
    "description",
    "coordinator",
    "coordinator_organisation",
    "is_public",
    "active_from",
    "active_to",
]
PARTNERSHIP_FIELDS = [
    "title",
    "subject",
    "signed_on",
    "starts_on",
    "ends_on",
    "network",
    "is_public",
]
MEETING_KINDS = frozenset({EventKind.NETWORKING_MEETING, EventKind.THEMATIC_GROUP_MEETING})
MAX_DOCUMENT_SIZE = 20 * 1024 * 1024
DOCUMENT_TYPES = frozenset({".pdf", ".docx", ".odt", ".xlsx"})
DOCUMENT_ACCEPT = ".pdf,.docx,.odt,.xlsx"


@dataclass(frozen=True)
class Upload:
    file: IO[bytes]
    name: str


@dataclass(frozen=True)
class Party:
    """A party to an agreement, as a form or the API gives it."""

    kind: str
    entity: Entity | None = None
    local_government: LocalGovernment | None = None
    name: str = ""
    nip: str = ""
    website: str = ""

    def key(self) -> tuple[str, Any]:
        if self.entity is not None:
            return ("entity", self.entity.pk)
        if self.local_government is not None:
            return ("local_government", self.local_government.pk)
        return ("name", one_line(self.name).casefold())


def _read_document(upload: IO[bytes], file_name: str, *, field: str) -> tuple[bytes, str]:
    """The file's bytes and extension after checking its content: a PDF, DOCX, ODT or
    XLSX document of at most 20 MB."""
    suffix = PurePath(file_name).suffix.lower()
    upload.seek(0)
    content = upload.read(MAX_DOCUMENT_SIZE + 1)
    if len(content) > MAX_DOCUMENT_SIZE:
        raise DomainValidationError({field: _("The file is larger than 20 MB.")})
    if not content:
        raise DomainValidationError({field: _("The file is empty.")})
    if suffix not in DOCUMENT_TYPES or not is_document(content, suffix):
        raise DomainValidationError({field: _("Attach a PDF, DOCX, ODT or XLSX document.")})
    return content, suffix


def _check_nip(value: str, field: str, errors: dict[str, str]) -> str:
    try:
        return normalise_nip(value)
    except ValidationError as error:
        errors[field] = " ".join(error.messages)
        return value


def _check_website(value: str, field: str, errors: dict[str, str]) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if "://" not in value:
        value = f"https://{value}"
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        errors[field] = _("Enter the website's address, e.g. https://example.pl.")
    return value


# --- Networks ----------------------------------------------------------------------------------


def _check_network(
    region: Region, data: Mapping[str, Any], network: Network | None
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned = {name: data.get(name) for name in NETWORK_FIELDS}
    cleaned["name"] = one_line(cleaned["name"] or "")[:200]
    cleaned["purpose"] = (cleaned["purpose"] or "").strip()
    cleaned["description"] = (cleaned["description"] or "").strip()
    cleaned["is_public"] = bool(cleaned["is_public"])
    if not cleaned["name"]:
        errors["name"] = _("Give the network a name.")
    else:
        same_name = Network.objects.filter(region=region, name_key=fold(cleaned["name"]))
        if network is not None:
            same_name = same_name.exclude(pk=network.pk)
        if same_name.exists():
            errors["name"] = _("This region already has a network of this name.")
    if cleaned["kind"] not in NetworkKind.values:
        errors["kind"] = _("Choose the kind of network.")
    if not cleaned["purpose"]:
        errors["purpose"] = _("Say what the network is for.")
    if cleaned["active_from"] is None:
        errors["active_from"] = _("Give the date the network began.")
    elif cleaned["active_to"] is not None and cleaned["active_to"] < cleaned["active_from"]:
        errors["active_to"] = _("The network cannot end before it begins.")
    organisation = cleaned["coordinator_organisation"]
    if organisation is not None and organisation.region_id != region.pk:
        errors["coordinator_organisation"] = _("Choose an organisation of the network's region.")
    coordinator = cleaned["coordinator"]
    if (
        coordinator is not None
        and not coordinator.memberships.filter(
            Q(region=region) | Q(role=Role.NATIONAL_ADMIN)
        ).exists()
    ):
        errors["coordinator"] = _("Choose a person who works in the network's region.")
    if errors:
        raise DomainValidationError(errors)
    return cleaned


@transaction.atomic
def network_create(*, region: Region, data: Mapping[str, Any], actor: Actor) -> Network:
    """A new network of the region from NetworkForm's cleaned data (or the API's)."""
    cleaned = _check_network(region, data, None)
    network = Network.objects.create(
        region=region,
        name_key=fold(cleaned["name"]),
        created_by=user_or_none(actor),
        **cleaned,
    )
    audit_log(
        actor=actor,
        action="networks.network.created",
        target=network,
        region_code=region.code,
        changes={name: getattr(network, name) for name in NETWORK_FIELDS},
    )
    return network


@transaction.atomic
def network_update(*, network: Network, data: Mapping[str, Any], actor: Actor) -> Network:
    """Change a network; records only what changed."""
    network = (
        Network.objects.select_for_update().select_related("region__voivodeship").get(pk=network.pk)
    )
    current = {name: getattr(network, name) for name in NETWORK_FIELDS}
    cleaned = _check_network(network.region, {**current, **data}, network)
    changes = {
        name: [current[name], cleaned[name]]
        for name in NETWORK_FIELDS
        if current[name] != cleaned[name]
    }
    if not changes:
        return network
    for name in changes:
        setattr(network, name, cleaned[name])
    network.name_key = fold(network.name)
    network.save()
    audit_log(
        actor=actor,
        action="networks.network.updated",
        target=network,
        region_code=network.region.code,
        changes=changes,
    )
    return network


# --- Members -----------------------------------------------------------------------------------


def _check_member_transition(current: str | None, new: str) -> None:
    left = current == MemberStatus.LEFT
    MEMBER_WORKFLOW.check(
        current,
        new,
        message=_("This organisation has already left the network.") if left else None,
        field="left_on" if left else None,
    )


_MEMBER_LINKS: dict[str, str] = {
    MemberKind.ENTITY: "entity",
    MemberKind.ORGANISATION: "organisation",
    MemberKind.LOCAL_GOVERNMENT: "local_government",
}


def _member_link_field(kind: str) -> str:
    return _MEMBER_LINKS.get(kind, "name")


@transaction.atomic
def member_add(
    *,
    network: Network,
    kind: str,
    entity: Entity | None = None,
    organisation: Organisation | None = None,
    local_government: LocalGovernment | None = None,
    name: str = "",
    nip: str = "",
    website: str = "",
    joined_on: date | None = None,
    actor: Actor,
) -> NetworkMember:
    """Add a member: an entity, an organisation or a local government of the network's
    region, or a business, university or other organisation by its name. An
    organisation already an active member is refused; one that left may join again."""
    network = (
        Network.objects.select_for_update().select_related("region__voivodeship").get(pk=network.pk)
    )
    errors: dict[str, str] = {}
    joined_on = joined_on or timezone.localdate()
    name = one_line(name)[:300]
    if kind not in MemberKind.values:
        raise DomainValidationError({"kind": _("Choose the kind of member.")})
    field = _member_link_field(kind)
    links: dict[str, Any] = {"entity": None, "organisation": None, "local_government": None}
    if kind == MemberKind.ENTITY:
        if entity is None:
            errors["entity"] = _("Choose the entity from the registry.")
        elif entity.region_id != network.region_id:
            errors["entity"] = _("Choose an entity of the network's region.")
        links["entity"] = entity
    elif kind == MemberKind.ORGANISATION:
        if organisation is None:
            errors["organisation"] = _("Choose the organisation.")
        elif organisation.region_id != network.region_id:
            errors["organisation"] = _("Choose an organisation of the network's region.")
        links["organisation"] = organisation
    elif kind == MemberKind.LOCAL_GOVERNMENT:
        if local_government is None:
            errors["local_government"] = _("Choose the local government.")
        elif local_government.region_id != network.region_id:
            errors["local_government"] = _("Choose a local government of the network's region.")
        links["local_government"] = local_government
    elif not name:
        errors["name"] = _("Give the organisation's name.")
    named = kind in NAMED_KINDS
    nip = _check_nip(nip, "nip", errors) if named else ""
    website = _check_website(website, "website", errors) if named else ""
    if network.active_to is not None and joined_on > network.active_to:
        errors["joined_on"] = _("The network ended before this date.")
    if not errors:
        active = NetworkMember.objects.filter(network=network, left_on__isnull=True)
        duplicate = (
            active.filter(name_key=fold(name)).exists()
            if named
            else active.filter(**{field: links[field]}).exists()
        )
        if duplicate:
            errors[field] = _("This organisation is already a member of the network.")
        else:
            rejoining = (
                NetworkMember.objects.filter(network=network, name_key=fold(name))
                if named
                else NetworkMember.objects.filter(network=network, **{field: links[field]})
            ).filter(left_on__gt=joined_on)
            if rejoining.exists():
                errors["joined_on"] = _(
                    "The organisation left the network after this date: it can join again "
                    "from the day it left."
                )
    if errors:
        raise DomainValidationError(errors)
    _check_member_transition(None, MemberStatus.ACTIVE)
    member = NetworkMember.objects.create(
        network=network,
        kind=kind,
        name=name if named else "",
        name_key=fold(name) if named else "",
        nip=nip,
        website=website,
        joined_on=joined_on,
        added_by=user_or_none(actor),
        **links,
    )
    audit_log(
        actor=actor,
        action="networks.member.joined",
        target=member,
        region_code=network.region.code,
        changes={
            "network": network.pk,
            "kind": kind,
            field: links.get(field, name),
            "joined_on": joined_on,
        },
    )
    return member


@transaction.atomic
def member_leave(
    *, member: NetworkMember, left_on: date | None = None, actor: Actor
) -> NetworkMember:
    """End a membership on `left_on` (today when not given); it stays in the history."""
    member = (
        NetworkMember.objects.select_for_update()
        .select_related("network__region__voivodeship")
        .get(pk=member.pk)
    )
    _check_member_transition(member.status, MemberStatus.LEFT)
    left_on = left_on or timezone.localdate()
    if left_on < member.joined_on:
        raise DomainValidationError({"left_on": _("A member cannot leave before joining.")})
    if left_on > timezone.localdate():
        raise DomainValidationError({"left_on": _("The date of leaving cannot be in the future.")})
    member.left_on = left_on
    member.save(update_fields=["left_on", "updated_at"])
    audit_log(
        actor=actor,
        action="networks.member.left",
        target=member,
        region_code=member.network.region.code,
        changes={"network": member.network_id, "left_on": left_on},
    )
    return member


# --- Meetings ----------------------------------------------------------------------------------


def _invite_on_commit(meeting: NetworkMeeting, site_url: str) -> None:
    transaction.on_commit(
        lambda: send_meeting_invitations.enqueue(meeting_id=meeting.pk, site_url=site_url)
    )


def _link(network: Network, event: Event, actor: Actor, action: str) -> NetworkMeeting:
    meeting = NetworkMeeting.objects.create(
        network=network, event=event, linked_by=user_or_none(actor)
    )
    audit_log(
        actor=actor,
        action=action,
        target=meeting,
        region_code=network.region.code,
        changes={"network": network.pk, "event": event.pk, "title": event.title},
    )
    return meeting


@transaction.atomic
def meeting_create(
    *,
    network: Network,
    data: Mapping[str, Any],
    actor: Actor,
    notify_members: bool = False,
    site_url: str = "",
) -> NetworkMeeting:
    """A new event of the network's region (through the events context), held as a
    meeting of the network; the members' accounts may be told by e-mail."""
    network = Network.objects.select_related("region__voivodeship").get(pk=network.pk)
    if data.get("kind") not in MEETING_KINDS:
        raise DomainValidationError(
            {"kind": _("A network meets at a networking or thematic group meeting.")}
        )
    event = events.event_create(region=network.region, data=dict(data), actor=actor)
    meeting = _link(network, event, actor, "networks.meeting.created")
    if notify_members:
        _invite_on_commit(meeting, site_url)
    return meeting


@transaction.atomic
def meeting_link(
    *,
    network: Network,
    event: Event,
    actor: Actor,
    notify_members: bool = False,
    site_url: str = "",
) -> NetworkMeeting:
    """Make an existing event of the network's region one of its meetings."""
    network = Network.objects.select_related("region__voivodeship").get(pk=network.pk)
    if event.region_id != network.region_id:
        raise DomainValidationError({"event": _("Choose an event of the network's region.")})
    if NetworkMeeting.objects.filter(network=network, event=event).exists():
        raise DomainValidationError({"event": _("This event is already a meeting of the network.")})
    meeting = _link(network, event, actor, "networks.meeting.linked")
    if notify_members:
        _invite_on_commit(meeting, site_url)
    return meeting


@transaction.atomic
def meeting_unlink(*, meeting: NetworkMeeting, actor: Actor) -> None:
    """The event stays in the events context; it is no longer a meeting of the network.
    Documents of the meeting stay with the network."""
    meeting = NetworkMeeting.objects.select_related("network__region__voivodeship", "event").get(
        pk=meeting.pk
    )
    audit_log(
        actor=actor,
        action="networks.meeting.unlinked",
        target=meeting,
        region_code=meeting.network.region.code,
        changes={"network": meeting.network_id, "event": meeting.event_id},
    )
    meeting.delete()


# --- Documents ---------------------------------------------------------------------------------


@transaction.atomic
def document_add(
    *,
    network: Network,
    title: str,
    upload: IO[bytes],
    file_name: str,
    meeting: NetworkMeeting | None = None,
    actor: Actor,
) -> NetworkDocument:
    """Share a document with the network's members: a PDF, DOCX, ODT or XLSX file by its
    content, stored under a random name."""
    errors: dict[str, str] = {}
    title = one_line(title)[:200]
    if not title:
        errors["title"] = _("Give the document a title.")
    if meeting is not None and meeting.network_id != network.pk:
        errors["meeting"] = _("Choose a meeting of this network.")
    try:
        content, suffix = _read_document(upload, file_name, field="file")
    except DomainValidationError as error:
        errors.update(error.errors)
    if errors:
        raise DomainValidationError(errors)
    document = NetworkDocument(
        network=network,
        title=title,
        meeting=meeting,
        original_name=PurePath(file_name).name[:255],
        added_by=user_or_none(actor),
    )
    document.file.save(f"{secrets.token_hex(16)}{suffix}", ContentFile(content), save=False)
    document.save()
    audit_log(
        actor=actor,
        action="networks.document.added",
        target=document,
        region_code=network.region.code,
        changes={
            "network": network.pk,
            "title": title,
            "file": document.original_name,
            "meeting": meeting.pk if meeting else None,
        },
    )
    return document


@transaction.atomic
def document_delete(*, document: NetworkDocument, actor: Actor) -> None:
    document = NetworkDocument.objects.select_related("network__region__voivodeship").get(
        pk=document.pk
    )
    audit_log(
        actor=actor,
        action="networks.document.deleted",
        target=document,
        region_code=document.network.region.code,
        changes={"network": document.network_id, "title": document.title},
    )
    delete_files_on_commit(document.file.name or "")
    document.delete()


# --- Partnerships ------------------------------------------------------------------------------


def _check_parties(region: Region, parties: Sequence[Party]) -> list[Party]:
    """The parties cleaned: at least one social economy entity and one partner (a
    business, a university, a local government, another organisation or another entity),
    each of the region and named once."""
    errors: dict[str, str] = {}
    cleaned: list[Party] = []
    seen: set[tuple[str, Any]] = set()
    for number, party in enumerate(parties):
        prefix = f"parties.{number}."
        if party.kind not in PartyKind.values:
            errors[f"{prefix}kind"] = _("Choose the kind of party.")
            continue
        named = party.kind in NAMED_PARTY_KINDS
        entity = party.entity if party.kind == PartyKind.ENTITY else None
        local_government = (
            party.local_government if party.kind == PartyKind.LOCAL_GOVERNMENT else None
        )
        name = one_line(party.name)[:300] if named else ""
        if party.kind == PartyKind.ENTITY and entity is None:
            errors[f"{prefix}entity"] = _("Choose the entity from the registry.")
        elif entity is not None and entity.region_id != region.pk:
            errors[f"{prefix}entity"] = _("Choose an entity of the agreement's region.")
        if party.kind == PartyKind.LOCAL_GOVERNMENT and local_government is None:
            errors[f"{prefix}local_government"] = _("Choose the local government.")
        elif local_government is not None and local_government.region_id != region.pk:
            errors[f"{prefix}local_government"] = _(
                "Choose a local government of the agreement's region."
            )
        if named and not name:
            errors[f"{prefix}name"] = _("Give the organisation's name.")
        nip = _check_nip(party.nip, f"{prefix}nip", errors) if named else ""
        website = _check_website(party.website, f"{prefix}website", errors) if named else ""
        party = Party(
            kind=party.kind,
            entity=entity,
            local_government=local_government,
            name=name,
            nip=nip,
            website=website,
        )
        if party.key() in seen:
            errors[f"{prefix}kind"] = _("This party is already on the list.")
        seen.add(party.key())
        cleaned.append(party)
    if errors:
        raise DomainValidationError(errors)
    entities = sum(1 for party in cleaned if party.kind == PartyKind.ENTITY)
    if entities == 0:
        raise DomainValidationError(
            {"parties": _("An agreement needs at least one social economy entity as a party.")}
        )
    if len(cleaned) < 2:
        raise DomainValidationError(
            {
                "parties": _(
                    "An agreement needs a partner besides the social economy entity: a "
                    "business, a university, a local government or another organisation."
                )
            }
        )
    return cleaned


def _check_partnership(region: Region, data: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned = {name: data.get(name) for name in PARTNERSHIP_FIELDS}
    cleaned["title"] = one_line(cleaned["title"] or "")[:250]
    cleaned["subject"] = (cleaned["subject"] or "").strip()
    cleaned["is_public"] = bool(cleaned["is_public"])
    if not cleaned["title"]:
        errors["title"] = _("Give the agreement a title.")
    if cleaned["signed_on"] is None:
        errors["signed_on"] = _("Give the date the agreement was signed.")
    if cleaned["starts_on"] is None:
        errors["starts_on"] = _("Give the date the agreement comes into force.")
    elif cleaned["ends_on"] is not None and cleaned["ends_on"] < cleaned["starts_on"]:
        errors["ends_on"] = _("The agreement cannot end before it starts.")
    network = cleaned["network"]
    if network is not None and network.region_id != region.pk:
        errors["network"] = _("Choose a network of the agreement's region.")
    if errors:
        raise DomainValidationError(errors)
    return cleaned


def _party_row(party: Party) -> dict[str, Any]:
    return {
        "kind": party.kind,
        "entity": party.entity.pk if party.entity else None,
        "local_government": party.local_government.pk if party.local_government else None,
        "name": party.name,
        "nip": party.nip,
    }


def _store_agreement(partnership: Partnership, upload: Upload) -> str:
    content, suffix = _read_document(upload.file, upload.name, field="document")
    old = partnership.document.name or ""
    partnership.document.save(f"{secrets.token_hex(16)}{suffix}", ContentFile(content), save=False)
    partnership.document_name = PurePath(upload.name).name[:255]
    return old


def _set_parties(partnership: Partnership, parties: Sequence[Party]) -> None:
    PartnershipParty.objects.filter(partnership=partnership).delete()
    PartnershipParty.objects.bulk_create(
        [
            PartnershipParty(
                partnership=partnership,
                kind=party.kind,
                entity=party.entity,
                local_government=party.local_government,
                name=party.name,
                nip=party.nip,
                website=party.website,
            )
            for party in parties
        ]
    )


@transaction.atomic
def partnership_create(
    *,
    region: Region,
    data: Mapping[str, Any],
    parties: Sequence[Party],
    document: Upload | None = None,
    actor: Actor,
) -> Partnership:
    """Register a cooperation agreement with its parties."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    checked: list[Party] = []
    try:
        cleaned.update(_check_partnership(region, data))
    except DomainValidationError as error:
        errors.update(error.errors)
    try:
        checked.extend(_check_parties(region, parties))
    except DomainValidationError as error:
        errors.update(error.errors)
    if errors:
        raise DomainValidationError(errors)
    partnership = Partnership(region=region, created_by=user_or_none(actor), **cleaned)
    if document is not None:
        _store_agreement(partnership, document)
    partnership.save()
    _set_parties(partnership, checked)
    audit_log(
        actor=actor,
        action="networks.partnership.created",
        target=partnership,
        region_code=region.code,
        changes={
            **{name: getattr(partnership, name) for name in PARTNERSHIP_FIELDS},
            "parties": [_party_row(party) for party in checked],
        },
    )
    return partnership


@transaction.atomic
def partnership_update(
    *,
    partnership: Partnership,
    data: Mapping[str, Any],
    parties: Sequence[Party] | None = None,
    document: Upload | None = None,
    remove_document: bool = False,
    actor: Actor,
) -> Partnership:
    """Change an agreement: its fields, its parties (the whole list, when given) and its
    document; records only what changed."""
    partnership = (
        Partnership.objects.select_for_update()
        .select_related("region__voivodeship")
        .get(pk=partnership.pk)
    )
    current = {name: getattr(partnership, name) for name in PARTNERSHIP_FIELDS}
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    checked: list[Party] = []
    try:
        cleaned = _check_partnership(partnership.region, {**current, **data})
    except DomainValidationError as error:
        errors.update(error.errors)
    if parties is not None:
        try:
            checked = _check_parties(partnership.region, parties)
        except DomainValidationError as error:
            errors.update(error.errors)
    if errors:
        raise DomainValidationError(errors)
    changes: dict[str, Any] = {
        name: [current[name], cleaned[name]]
        for name in PARTNERSHIP_FIELDS
        if current[name] != cleaned[name]
    }
    for name in changes:
        setattr(partnership, name, cleaned[name])
    if parties is not None:
        before = [
            _party_row(
                Party(
                    kind=row.kind,
                    entity=row.entity,
                    local_government=row.local_government,
                    name=row.name,
                    nip=row.nip,
                )
            )
            for row in partnership.parties.select_related("entity", "local_government").order_by(
                "id"
            )
        ]
        after = [_party_row(party) for party in checked]
        if before != after:
            changes["parties"] = [before, after]
            _set_parties(partnership, checked)
    if document is not None:
        delete_files_on_commit(_store_agreement(partnership, document))
        changes["document"] = "replaced"
    elif remove_document and partnership.document:
        delete_files_on_commit(partnership.document.name or "")
        partnership.document.name, partnership.document_name = "", ""
        changes["document"] = "removed"
    if not changes:
        return partnership
    partnership.save()
    audit_log(
        actor=actor,
        action="networks.partnership.updated",
        target=partnership,
        region_code=partnership.region.code,
        changes=changes,
    )
    return partnership


@transaction.atomic
def partnership_end(
    *, partnership: Partnership, ends_on: date | None = None, actor: Actor
) -> Partnership:
    """End an agreement in force (on `ends_on`, today when not given). One not yet in
    force, or already ended, cannot be ended: its dates are changed instead."""
    partnership = (
        Partnership.objects.select_for_update()
        .select_related("region__voivodeship")
        .get(pk=partnership.pk)
    )
    today = timezone.localdate()
    current = partnership.status_on(today)
    if partnership.ends_on is not None and partnership.ends_on <= today:
        # In force until the end of today at the latest: ending it again changes nothing.
        current = PartnershipStatus.ENDED
    PARTNERSHIP_WORKFLOW.check(
        current,
        PartnershipStatus.ENDED,
        message=_("The agreement has already ended.")
        if current == PartnershipStatus.ENDED
        else _("The agreement is not in force yet: change its dates instead."),
    )
    ends_on = ends_on or today
    if ends_on < partnership.starts_on:
        raise DomainValidationError({"ends_on": _("The agreement cannot end before it starts.")})
    if ends_on > today:
        raise DomainValidationError(
            {"ends_on": _("The end cannot be in the future: change the agreement's dates instead.")}
        )
    previous = partnership.ends_on
    partnership.ends_on = ends_on
    partnership.save(update_fields=["ends_on", "updated_at"])
    audit_log(
        actor=actor,
        action="networks.partnership.ended",
        target=partnership,
        region_code=partnership.region.code,
        changes={"ends_on": [previous, ends_on]},
    )
    return partnership
