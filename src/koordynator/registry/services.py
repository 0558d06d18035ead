"""Writes to the registry. Callers check permissions (rules.py) and validate with EntityForm."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from importlib import resources
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koordynator.core.actors import Actor, record_history_user, signed_in_user, user_or_none
from koordynator.core.audit import audit_log, audit_log_rows
from koordynator.core.bulk import insert_many, record_created_versions
from koordynator.core.deletion import delete_unless_referred
from koordynator.core.tags import tags_for
from koordynator.territory.models import Region, TerritorialUnit
from koordynator.territory.selectors import place_locate

from . import search
from .enums import LocationSource, ProposalStatus
from .forms import ENTITY_FIELDS, PUBLIC_PROFILE_FIELDS
from .models import ChangeProposal, Entity, OfferTag, Sector, SocialEnterpriseStatus
from .tasks import send_proposal_decision

MAX_OFFER_TAG_LENGTH = 80  # OfferTag.name


class RegistryError(Exception):
    """A business rule refused the change; the message says why, in the user's language."""


def region_of_gmina(gmina: TerritorialUnit) -> Region:
    return Region.objects.get(voivodeship__code=gmina.code[:2])


def _locate(entity: Entity, *, entered: bool, points: dict[Any, Any] | None = None) -> None:
    """Set the entity's point: the entered one, else its locality's or its gmina's.
    `points` remembers the points found, for many entities at once."""
    if entered and entity.latitude is not None:
        entity.location_source = LocationSource.ENTERED
        return
    key = (entity.locality, entity.gmina_id)
    if points is not None and key in points:
        point = points[key]
    else:
        point = place_locate(locality=entity.locality, gmina=entity.gmina)
        if points is not None:
            points[key] = point
    if point is None:
        entity.latitude = entity.longitude = None
        entity.location_source = ""
        return
    entity.latitude, entity.longitude, source = point
    entity.location_source = {
        "place": LocationSource.PLACE if entity.locality else LocationSource.GMINA,
        "powiat": LocationSource.POWIAT,
        "voivodeship": LocationSource.POWIAT,
    }.get(source, LocationSource.GMINA)
    if source == "place" and not entity.locality:
        entity.location_source = LocationSource.GMINA


def _apply(entity: Entity, data: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set the plain fields from `data`; return {field: (old, new)} for what changed."""
    changes: dict[str, tuple[Any, Any]] = {}
    for field in ENTITY_FIELDS:
        if field not in data:
            continue
        old = getattr(entity, field)
        new = data[field]
        if old != new:
            changes[field] = (old, new)
            setattr(entity, field, new)
    return changes


def offer_tags_for(names: Iterable[str]) -> list[OfferTag]:
    """The offer tags of these names (any case), created when new."""
    return tags_for(OfferTag, names, max_length=MAX_OFFER_TAG_LENGTH)


def _set_relations(entity: Entity, data: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    changes = {}
    if "sectors" in data:
        old = sorted(s.code for s in entity.sectors.all())
        new = sorted(s.code for s in data["sectors"])
        if old != new:
            entity.sectors.set(data["sectors"])
            changes["sectors"] = (old, new)
    if "offer_tags" in data:
        old = sorted(t.name for t in entity.offer_tags.all())
        tags = offer_tags_for(data["offer_tags"])
        new = sorted(t.name for t in tags)
        if old != new:
            entity.offer_tags.set(tags)
            changes["offer_tags"] = (old, new)
    return changes


@transaction.atomic
def entity_create(*, data: dict[str, Any], actor: Actor) -> Entity:
    """Create an entity from EntityForm's cleaned data."""
    entity = Entity(region=region_of_gmina(data["gmina"]), gmina=data["gmina"])
    _apply(entity, data)
    _locate(entity, entered=data.get("latitude") is not None)
    search.index([entity])
    record_history_user(entity, actor)
    entity.save()
    _set_relations(entity, data)
    audit_log(
        actor=actor,
        action="registry.entity.created",
        target=entity,
        region_code=entity.region.code,
        changes={"name": entity.name, "kind": entity.kind},
    )
    return entity


@transaction.atomic
def entities_create_many(
    *, rows: list[dict[str, Any]], actor: Actor, points: dict[Any, Any] | None = None
) -> list[Entity]:
    """entity_create for many rows of cleaned data (an import): the same entities, versions
    and audit entries, written in a few statements. `points` may carry located points
    from one call to the next."""
    regions = {region.code: region for region in Region.objects.select_related("voivodeship")}
    points = {} if points is None else points
    entities = []
    for data in rows:
        entity = Entity(region=regions[data["gmina"].code[:2]], gmina=data["gmina"])
        _apply(entity, data)
        _locate(entity, entered=data.get("latitude") is not None, points=points)
        entities.append(entity)
    search.index(entities)
    entities = insert_many(Entity, entities)
    record_created_versions(Entity, [entity.pk for entity in entities], user=actor)
    tags: dict[str, OfferTag] = {}
    sector_links, tag_links = [], []
    for entity, data in zip(entities, rows, strict=True):
        for sector in data.get("sectors", []):
            sector_links.append(Entity.sectors.through(entity_id=entity.pk, sector_id=sector.pk))
        for name in data.get("offer_tags", []):
            if name.lower() not in tags:
                tags[name.lower()] = offer_tags_for([name])[0]
            tag_links.append(
                Entity.offer_tags.through(entity_id=entity.pk, offertag_id=tags[name.lower()].pk)
            )
    Entity.sectors.through.objects.bulk_create(sector_links, batch_size=1000)
    Entity.offer_tags.through.objects.bulk_create(tag_links, batch_size=1000)
    audit_log_rows(
        actor=actor,
        action="registry.entity.created",
        targets=Entity.objects.filter(pk__in=[entity.pk for entity in entities]),
        changes=["name", "kind"],
        repr_field="name",
        region_code=F("region__voivodeship__code"),
    )
    return entities


@transaction.atomic
def entity_update(*, entity: Entity, data: dict[str, Any], actor: Actor) -> Entity:
    """Change an entity from (possibly partial) cleaned data; records only what changed."""
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    location_before = (entity.latitude, entity.longitude, entity.locality, entity.gmina_id)
    changes = _apply(entity, data)
    if "gmina" in changes:
        entity.region = region_of_gmina(entity.gmina)
    entered = "latitude" in changes or "longitude" in changes
    if entered or location_before[2:] != (entity.locality, entity.gmina_id):
        _locate(entity, entered=entered and entity.latitude is not None)
    if changes:
        search.index([entity])
        record_history_user(entity, actor)
        entity.save()
    changes.update(_set_relations(entity, data))
    if changes:
        audit_log(
            actor=actor,
            action="registry.entity.updated",
            target=entity,
            region_code=entity.region.code,
            # A gmina is named by its TERYT code, other rows by their key.
            changes={
                field: [getattr(old, "code", old), getattr(new, "code", new)]
                for field, (old, new) in changes.items()
            },
        )
    return entity


@transaction.atomic
def entity_delete(*, entity: Entity, actor: Actor) -> None:
    audit_log(
        actor=actor,
        action="registry.entity.deleted",
        target=entity,
        region_code=entity.region.code,
        changes={"name": entity.name, "nip": entity.nip, "krs": entity.krs},
    )
    record_history_user(entity, actor)
    delete_unless_referred(entity, name=entity.name)


@transaction.atomic
def entity_restore_version(*, entity: Entity, history_id: int, actor: Actor) -> Entity:
    """Bring back the values an entity had in one of its earlier versions."""
    version = entity.history.filter(history_id=history_id).first()
    if version is None:
        raise RegistryError(_("No such version."))
    data = {field: getattr(version.instance, field) for field in ENTITY_FIELDS}
    return entity_update(entity=entity, data=data, actor=actor)


@transaction.atomic
def entity_merge(*, survivor: Entity, duplicate: Entity, actor: Actor) -> Entity:
    """Fold `duplicate` into `survivor`: every reference to the duplicate moves to the
    survivor, empty fields of the survivor take the duplicate's values, and the duplicate
    is deleted (its history stays)."""
    if survivor.pk == duplicate.pk:
        raise RegistryError(_("An entity cannot be merged with itself."))
    survivor = Entity.objects.select_for_update().get(pk=survivor.pk)
    duplicate = Entity.objects.select_for_update().get(pk=duplicate.pk)
    moved: dict[str, int] = {}
    for relation in Entity._meta.related_objects:
        model = relation.related_model
        if model._meta.label_lower.startswith("registry.historical") or relation.many_to_many:
            continue
        if relation.one_to_one:
            continue
        count = model._default_manager.filter(**{relation.field.name: duplicate}).update(
            **{relation.field.name: survivor}
        )
        if count:
            moved[model._meta.label_lower] = count
    filled = {}
    for field in ENTITY_FIELDS:
        if getattr(survivor, field) in ("", None) and getattr(duplicate, field) not in ("", None):
            filled[field] = getattr(duplicate, field)
    if survivor.organisation_id is None and duplicate.organisation_id is not None:
        filled["organisation"] = duplicate.organisation
    sectors = list(duplicate.sectors.all())
    tags = list(duplicate.offer_tags.all())
    was_social_enterprise = duplicate.is_social_enterprise
    summary = {
        "name": duplicate.name,
        "nip": duplicate.nip,
        "regon": duplicate.regon,
        "krs": duplicate.krs,
    }
    entity_delete(entity=duplicate, actor=actor)
    for field, value in filled.items():
        setattr(survivor, field, value)
    survivor.is_social_enterprise = survivor.is_social_enterprise or was_social_enterprise
    search.index([survivor])
    record_history_user(survivor, actor)
    survivor.save()
    survivor.sectors.add(*sectors)
    survivor.offer_tags.add(*tags)
    audit_log(
        actor=actor,
        action="registry.entity.merged",
        target=survivor,
        region_code=survivor.region.code,
        changes={"duplicate": summary, "moved": moved, "filled": sorted(filled)},
    )
    return survivor


def _refresh_social_enterprise_flag(entity: Entity) -> None:
    today = timezone.localdate()
    current = entity.social_enterprise_statuses.filter(granted_on__lte=today).filter(
        models.Q(lost_on__isnull=True) | models.Q(lost_on__gt=today)
    )
    flag = current.exists()
    if entity.is_social_enterprise != flag:
        entity.is_social_enterprise = flag
        entity.save(update_fields=["is_social_enterprise"])


@transaction.atomic
def social_enterprise_status_grant(
    *, entity: Entity, decision_number: str, granted_on: date, actor: Actor
) -> SocialEnterpriseStatus:
    if entity.social_enterprise_statuses.filter(lost_on__isnull=True).exists():
        raise RegistryError(_("The entity already holds social enterprise status."))
    status = SocialEnterpriseStatus.objects.create(
        entity=entity, decision_number=decision_number, granted_on=granted_on
    )
    _refresh_social_enterprise_flag(entity)
    audit_log(
        actor=actor,
        action="registry.social_enterprise.granted",
        target=entity,
        region_code=entity.region.code,
        changes={"decision_number": decision_number, "granted_on": granted_on},
    )
    return status


@transaction.atomic
def social_enterprise_status_lose(
    *, entity: Entity, lost_on: date, actor: Actor
) -> SocialEnterpriseStatus:
    status = entity.social_enterprise_statuses.filter(lost_on__isnull=True).first()
    if status is None:
        raise RegistryError(_("The entity holds no social enterprise status."))
    if lost_on < status.granted_on:
        raise RegistryError(_("The status cannot be lost before it was granted."))
    status.lost_on = lost_on
    status.save(update_fields=["lost_on"])
    _refresh_social_enterprise_flag(entity)
    audit_log(
        actor=actor,
        action="registry.social_enterprise.lost",
        target=entity,
        region_code=entity.region.code,
        changes={"decision_number": status.decision_number, "lost_on": lost_on},
    )
    return status


@transaction.atomic
def proposal_submit(*, entity: Entity, changes: dict[str, Any], actor: Actor) -> ChangeProposal:
    not_public = sorted(set(changes) - set(PUBLIC_PROFILE_FIELDS))
    if not_public:
        raise ValueError(f"Not public profile fields: {', '.join(not_public)}")
    # Lock the entity so that two submissions at once cannot both pass the check below.
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if entity.proposals.filter(status=ProposalStatus.PENDING).exists():
        raise RegistryError(_("A proposal for this entity is already waiting for a decision."))
    previous = {field: getattr(entity, field) for field in changes}
    changed = {field: value for field, value in changes.items() if previous[field] != value}
    if not changed:
        raise RegistryError(_("The proposal changes nothing."))
    proposal = ChangeProposal.objects.create(
        entity=entity,
        proposed_by=signed_in_user(actor),
        changes=changed,
        previous={field: previous[field] for field in changed},
    )
    audit_log(
        actor=actor,
        action="registry.proposal.submitted",
        target=proposal,
        region_code=entity.region.code,
        changes=changed,
    )
    return proposal


@transaction.atomic
def proposal_decide(
    *, proposal: ChangeProposal, approve: bool, comment: str, actor: Actor
) -> ChangeProposal:
    proposal = (
        ChangeProposal.objects.select_for_update().select_related("entity").get(pk=proposal.pk)
    )
    if proposal.status != ProposalStatus.PENDING:
        raise RegistryError(_("This proposal has already been decided."))
    if approve:
        entity_update(entity=proposal.entity, data=proposal.changes, actor=actor)
    proposal.status = ProposalStatus.APPROVED if approve else ProposalStatus.REJECTED
    proposal.decided_by = user_or_none(actor)
    proposal.decided_at = timezone.now()
    proposal.comment = comment
    proposal.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    audit_log(
        actor=actor,
        action="registry.proposal.approved" if approve else "registry.proposal.rejected",
        target=proposal,
        region_code=proposal.entity.region.code,
        changes={"comment": comment},
    )
    transaction.on_commit(lambda: send_proposal_decision.enqueue(proposal_id=proposal.pk))
    return proposal


def sectors_load() -> int:
    """Make sure the shipped PKD divisions are in the database (a migration loads them too)."""
    source = resources.files("koordynator.registry") / "data" / "pkd2007_divisions.csv"
    with source.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        Sector.objects.update_or_create(
            code=row["code"], defaults={"section": row["section"], "name": row["name"]}
        )
    return len(rows)
