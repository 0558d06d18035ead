"""Who may do what in the registry: role × action, in the own region and another."""

import pytest

from koordynator.registry import rules as registry_rules
from koordynator.registry.models import ChangeProposal
from tests.factories import EntityFactory, UserFactory
from tests.permissions import NO, OWN, YES, Matrix

pytestmark = pytest.mark.django_db

R = registry_rules


def records(region, people):
    """A hidden entity (the own one represented by the representative's organisation) and a
    proposal to change it."""
    entity = EntityFactory(
        region=region,
        is_public=False,
        organisation=people.entity_organisation if people else None,
    )
    proposal = ChangeProposal.objects.create(
        entity=entity,
        proposed_by=people.representative if people else UserFactory(),
        changes={"description": "Nowy opis."},
        previous={"description": entity.description},
    )
    return {"entity": entity, "proposal": proposal, "region": region}


# fmt: off
MATRIX = Matrix(
    records=records,
    rows={
        #                          on          admin coord owes pes  jst rkres rev anon
        R.LIST_ENTITIES:          (None,       YES,  YES,  YES, NO,  NO, NO,   NO, NO),
        R.ADD_ENTITY:             (None,       YES,  YES,  YES, NO,  NO, NO,   NO, NO),
        R.IMPORT_ENTITIES:        (None,       YES,  YES,  YES, NO,  NO, NO,   NO, NO),
        R.EXPORT_ENTITIES:        (None,       YES,  YES,  YES, NO,  NO, NO,   NO, NO),
        R.LIST_PROPOSALS:         (None,       YES,  YES,  NO,  NO,  NO, NO,   NO, NO),
        R.ADD_ENTITY_IN_REGION:   ("region",   YES,  OWN,  OWN, NO,  NO, NO,   NO, NO),
        R.VIEW_ENTITY:            ("entity",   YES,  OWN,  OWN, OWN, NO, NO,   NO, NO),
        R.VIEW_INTERNAL_FIELDS:   ("entity",   YES,  OWN,  OWN, NO,  NO, NO,   NO, NO),
        R.CHANGE_ENTITY:          ("entity",   YES,  OWN,  OWN, NO,  NO, NO,   NO, NO),
        R.VIEW_HISTORY:           ("entity",   YES,  OWN,  OWN, NO,  NO, NO,   NO, NO),
        R.DELETE_ENTITY:          ("entity",   YES,  OWN,  NO,  NO,  NO, NO,   NO, NO),
        R.MERGE_ENTITIES:         ("entity",   YES,  OWN,  NO,  NO,  NO, NO,   NO, NO),
        R.RESTORE_ENTITY_VERSION: ("entity",   YES,  OWN,  NO,  NO,  NO, NO,   NO, NO),
        R.PROPOSE_CHANGE:         ("entity",   NO,   NO,   NO,  OWN, NO, NO,   NO, NO),
        R.DECIDE_PROPOSAL:        ("proposal", YES,  OWN,  NO,  NO,  NO, NO,   NO, NO),
    },
)
# fmt: on
test_role_by_action_matrix = MATRIX.test()
