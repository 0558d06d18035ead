import pytest

from koordynator.accounts.enums import OrganisationKind, Role
from tests.factories import EntityFactory, OrganisationFactory, user_with_role
from tests.factories.networks import MemberFactory, NetworkFactory


@pytest.fixture
def network(region):
    return NetworkFactory(region=region, name="Grupa Tematyczna ds. podmiotów reintegracyjnych")


@pytest.fixture
def member_entity(region):
    """An entity with an organisation account, and the account's representative."""
    organisation = OrganisationFactory(
        name="CIS „Przystań” w Kraśniku", kind=OrganisationKind.ENTITY, region=region
    )
    entity = EntityFactory(name="Centrum Integracji Społecznej „Przystań”", kind="cis")
    entity.organisation = organisation
    entity.save()
    return entity


@pytest.fixture
def member_user(network, member_entity):
    """The representative of an entity that is a member of `network`."""
    MemberFactory(network=network, entity=member_entity)
    return user_with_role(Role.ENTITY_REPRESENTATIVE, organisation=member_entity.organisation)


@pytest.fixture
def outsider(region):
    """An entity representative whose entity is in no network."""
    organisation = OrganisationFactory(kind=OrganisationKind.ENTITY, region=region)
    return user_with_role(Role.ENTITY_REPRESENTATIVE, organisation=organisation)
