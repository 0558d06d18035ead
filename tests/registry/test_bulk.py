"""The import's fast paths: EntityChecker must judge every row as EntityForm does, and
entities_create_many must leave what entity_create leaves (entity, version, audit entry,
sectors and tags, point)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.core.models import AuditEntry
from koordynator.registry import services
from koordynator.registry.forms import EntityChecker, EntityForm
from koordynator.registry.models import Entity
from koordynator.territory.models import TerritorialUnit
from tests.factories import EntityFactory, OrganisationFactory, region_for, user_with_role

from .fixtures import BAD_NIP, nip

pytestmark = pytest.mark.django_db

LUBLIN = "0663011"

# Values for each field, good and bad, the way a spreadsheet row or a POST brings them.
FIELD_VALUES = {
    "name": ["Fundacja Pomocna Dłoń", "", "x" * 301],
    "kind": ["foundation", "social_cooperative", "cooperative of bakers", ""],
    "founder_type": ["", "natural_persons", "martians"],
    "nip": ["", nip(1), BAD_NIP, "12345"],
    "regon": ["", "123456785", "123456789", "12"],
    "krs": ["", "0000012345", "12345678901", "abc"],
    "gmina": [LUBLIN, "", "9999999", "1465011"],
    "postal_code": ["", "20-001", "20001"],
    "email": ["", "biuro@fundacja.example", "biuro(at)fundacja"],
    "website": ["", "fundacja.example", "http://"],
    "main_pkd": ["", "88.99.Z", "99.99.Q", "8899Z"],
    "sectors": ["", "56, 88", "56, 77x", "00"],
    "offer_tags": ["", "catering, szycie", "x" * 81],
    "employees_total": ["", "10", "-1", "dużo", "99999999999"],
    "employees_at_risk": ["", "3", "20"],
    "year_founded": ["", "2010", "1700", "3000"],
    "latitude": ["", "51.25", "60"],
    "longitude": ["", "22.57", "10"],
    "status": ["active", "closed", "gone", ""],
    "status_since": ["", "2024-01-31", "2024-02-31"],
    "has_economic_activity": ["", "on"],
    "support_centre": ["", "CENTRE", "999999"],
}


def _rows() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries(
        {key: st.sampled_from(values) for key, values in FIELD_VALUES.items()}
    )


@pytest.fixture
def centre():
    return OrganisationFactory(kind=OrganisationKind.SUPPORT_CENTRE, region=region_for("06"))


def _checker() -> EntityChecker:
    region_for("06")
    region_for("14")  # a served voivodeship whose gminas are not the import's
    gminas = TerritorialUnit.objects.filter(code__startswith="06", level="gmina", is_active=True)
    return EntityChecker(gminas=gminas)


def _verdict(form: EntityForm) -> tuple[dict[str, list[str]], dict[str, object]]:
    errors = {
        key: sorted(error.messages[0] for error in errs)
        for key, errs in form.errors.as_data().items()
    }
    return errors, ({} if errors else dict(form.cleaned_data))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(row=_rows())
def test_checker_judges_every_row_as_entity_form_does(row, centre):
    row = {
        **row,
        "support_centre": str(centre.pk)
        if row["support_centre"] == "CENTRE"
        else row["support_centre"],
    }
    data = {key: value for key, value in row.items() if value}
    checker = _checker()
    expected = _verdict(EntityForm(data=data, check_identifiers_unique=False))
    assert _verdict(checker.check(data)) == expected
    # The form is bound again to the next row: nothing of the previous row stays behind.
    assert _verdict(checker.check(data)) == expected


def test_checker_uses_the_instance_for_updates():
    entity = EntityFactory(gmina=TerritorialUnit.objects.get(code=LUBLIN))
    checker = _checker()
    data = {"name": "Nowa nazwa", "kind": entity.kind, "gmina": LUBLIN, "status": "active"}
    form = checker.check(data, entity)
    assert form.is_valid(), form.errors
    assert form.instance is entity
    assert Entity.objects.get(pk=entity.pk).name == entity.name  # nothing written


def test_create_many_leaves_what_create_leaves():
    region = region_for("06")
    actor = user_with_role(Role.REGIONAL_COORDINATOR, region)
    gmina = TerritorialUnit.objects.get(code=LUBLIN)
    rows = []
    for number in (1, 2):
        form = EntityForm(
            data={
                "name": f"Spółdzielnia Socjalna {number}",
                "kind": "social_cooperative",
                "founder_type": "natural_persons",
                "nip": nip(number),
                "gmina": LUBLIN,
                "locality": "Lublin",
                "sectors": "56, 88",
                "offer_tags": "catering, Szycie",
                "status": "active",
                "is_public": "on",
            }
        )
        assert form.is_valid(), form.errors
        rows.append(form.cleaned_data)
    one, many = rows[0], rows[1]
    by_hand = services.entity_create(data=one, actor=actor)
    (bulk,) = services.entities_create_many(rows=[many], actor=actor)
    bulk = Entity.objects.get(pk=bulk.pk)

    for entity in (by_hand, bulk):
        assert entity.region == region
        assert entity.gmina == gmina
        assert " spoldzieln socjaln " in entity.search_name
        assert " lublin " in entity.search_text
        assert sorted(s.code for s in entity.sectors.all()) == ["56", "88"]
        assert sorted(t.name for t in entity.offer_tags.all()) == ["Szycie", "catering"]
        version = entity.history.get()
        assert version.history_type == "+"
        assert version.history_user == actor
        audit = AuditEntry.objects.get(object_id=str(entity.pk), action="registry.entity.created")
        assert audit.actor == actor
        assert audit.region_code == "06"
        assert audit.changes == {"name": entity.name, "kind": "social_cooperative"}
    assert (bulk.latitude, bulk.longitude, bulk.location_source) == (
        by_hand.latitude,
        by_hand.longitude,
        by_hand.location_source,
    )
    assert bulk.latitude is not None
    # The same tag is reused, not created twice.
    assert by_hand.offer_tags.get(name="catering") == bulk.offer_tags.get(name="catering")
