"""Factories for cooperation networks, their members, meetings and documents, and
partnerships with their parties."""

from datetime import date

import factory
from django.core.files.base import ContentFile

from koordynator.core.text import fold
from koordynator.networks.enums import MemberKind, NetworkKind, PartyKind
from koordynator.networks.models import (
    Network,
    NetworkDocument,
    NetworkMeeting,
    NetworkMember,
    Partnership,
    PartnershipParty,
)
from tests.factories import EntityFactory, region_for
from tests.factories.events import EventFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def lubelskie():
    return region_for("06", slug="lubelskie")


class NetworkFactory(factory.django.DjangoModelFactory):
    """A public thematic group of reintegration entities in lubelskie, active since 2016."""

    class Meta:
        model = Network

    region = factory.LazyFunction(lubelskie)
    name = factory.Sequence(lambda n: f"Grupa tematyczna podmiotów reintegracyjnych nr {n}")
    name_key = factory.LazyAttribute(lambda o: fold(o.name))
    kind = NetworkKind.THEMATIC_GROUP
    purpose = "Współpraca CIS, KIS, ZAZ i WTZ: wymiana doświadczeń i dobrych praktyk."
    is_public = True
    active_from = date(2016, 2, 23)


class MemberFactory(factory.django.DjangoModelFactory):
    """An entity of the network's region as an active member, written straight to the
    table (services are tested on their own)."""

    class Meta:
        model = NetworkMember

    network = factory.SubFactory(NetworkFactory)
    kind = MemberKind.ENTITY
    entity = factory.SubFactory(EntityFactory, kind="cis")
    joined_on = date(2016, 2, 23)

    class Params:
        business = factory.Trait(
            kind=MemberKind.BUSINESS,
            entity=None,
            name=factory.Sequence(lambda n: f"Przedsiębiorstwo Testowe {n} sp. z o.o."),
            name_key=factory.LazyAttribute(lambda o: fold(o.name)),
        )


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMeeting

    network = factory.SubFactory(NetworkFactory)
    event = factory.SubFactory(EventFactory, region=factory.SelfAttribute("..network.region"))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkDocument

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Notatka ze spotkania nr {n}")
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="notatka.pdf"))
    original_name = "notatka.pdf"


class PartnershipFactory(factory.django.DjangoModelFactory):
    """An agreement of lubelskie signed and in force from 1 March 2023, indefinitely,
    with no parties (add them with PartyFactory)."""

    class Meta:
        model = Partnership

    region = factory.LazyFunction(lubelskie)
    title = factory.Sequence(lambda n: f"Porozumienie o współpracy nr {n}")
    signed_on = date(2023, 3, 1)
    starts_on = date(2023, 3, 1)
    is_public = True


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipParty

    partnership = factory.SubFactory(PartnershipFactory)
    kind = PartyKind.ENTITY
    entity = factory.SubFactory(EntityFactory)

    class Params:
        business = factory.Trait(
            kind=PartyKind.BUSINESS, entity=None, name="Drukarnia Testowa sp. z o.o."
        )
        science = factory.Trait(
            kind=PartyKind.SCIENCE, entity=None, name="Uniwersytet Testowy w Lublinie"
        )
        other = factory.Trait(kind=PartyKind.OTHER, entity=None, name="Fundacja spoza rejestru")


def partnership_with(*kinds, **fields):
    """An agreement with an entity and parties of the given kinds ("business", "science",
    "other", "entity", or a LocalGovernment)."""
    partnership = PartnershipFactory(**fields)
    PartyFactory(partnership=partnership)
    for kind in kinds:
        if kind == "entity":
            PartyFactory(partnership=partnership)
        elif isinstance(kind, str):
            PartyFactory(partnership=partnership, **{kind: True})
        else:
            PartyFactory(
                partnership=partnership,
                kind=PartyKind.LOCAL_GOVERNMENT,
                entity=None,
                local_government=kind,
            )
    return partnership
