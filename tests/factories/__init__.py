"""Factories for tests: one per model, realistic defaults, nothing saved that a test did not ask for."""

import factory

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.accounts.models import Membership, Organisation, User
from koordynator.territory.models import Region, TerritorialUnit


def region_for(code: str = "06", slug: str | None = None) -> Region:
    voivodeship = TerritorialUnit.objects.get(code=code)
    region, _ = Region.objects.get_or_create(
        voivodeship=voivodeship,
        defaults={
            "slug": slug or voivodeship.name_folded.replace(" ", "-"),
            "coordinator_name": f"ROPS {voivodeship.name}",
        },
    )
    return region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@koordynator.example")
    full_name = factory.Faker("name", locale="pl_PL")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organizacja testowa {n}")
    kind = OrganisationKind.ENTITY
    region = factory.LazyFunction(region_for)
    is_fictional = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.REGIONAL_COORDINATOR
    region = factory.LazyFunction(region_for)
    organisation = None


def user_with_role(
    role: str, region: Region | None = None, organisation: Organisation | None = None
) -> User:
    user = UserFactory()
    if role == Role.NATIONAL_ADMIN:
        region = None
    elif region is None:
        region = organisation.region if organisation else region_for()
    MembershipFactory(user=user, role=role, region=region, organisation=organisation)
    return user


class EntityFactory(factory.django.DjangoModelFactory):
    """An entity in lubelskie (gmina Kraśnik, urban) unless told otherwise."""

    class Meta:
        model = "registry.Entity"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Stowarzyszenie Testowe nr {n}")
    kind = "association"
    gmina = factory.LazyFunction(lambda: TerritorialUnit.objects.get(code="0607011"))
    region = factory.LazyAttribute(lambda o: region_for(o.gmina.code[:2]))
    locality = "Kraśnik"
    description = "Organizacja testowa."
    latitude = 50.9236
    longitude = 22.22706
    location_source = "place"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Index the entity for search as the registry's services do."""
        from koordynator.registry import search

        entity = model_class(*args, **kwargs)
        search.index([entity])
        entity.save()
        return entity
