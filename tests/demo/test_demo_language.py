"""The demo's generated names read as Polish: place names in their grammatical forms,
never a nominative where Polish declines ("w Lublin", "Biała Podlasky", "Nadziejy")."""

import csv
import re
from importlib import resources

import pytest

from koordynator.demo import registry as demo_registry
from koordynator.registry.models import Entity


@pytest.mark.parametrize(
    ("name", "genitive", "locative"),
    [
        ("Lublin", "Lublina", "Lublinie"),
        ("Biała Podlaska", "Białej Podlaskiej", "Białej Podlaskiej"),
        ("Krasnystaw", "Krasnegostawu", "Krasnymstawie"),
        ("Zakrzówek", "Gminy Zakrzówek", "gminie Zakrzówek"),
    ],
)
def test_place_names_are_declined_or_named_after_the_word_gmina(name, genitive, locative):
    assert demo_registry._genitive(name) == genitive
    assert demo_registry._locative(name) == locative


def test_every_town_of_the_demo_region_has_its_forms():
    source = resources.files("koordynator.territory") / "data" / "units.csv"
    with source.open(encoding="utf-8") as rows:
        towns = {
            row["name"]
            for row in csv.DictReader(rows)
            if row["code"].startswith("06") and row["level"] == "gmina" and row["gmina_type"] == "1"
        }
    assert towns
    assert towns <= set(demo_registry.PLACE_FORMS)


@pytest.mark.django_db
def test_the_demo_names_no_place_in_the_nominative_after_w(demo):
    names = list(Entity.objects.values_list("name", flat=True))
    assert names
    towns = set(demo_registry.PLACE_FORMS)
    wrong = [n for n in names if any(re.search(rf"\bw {re.escape(t)}\b", n) for t in towns)]
    assert wrong == []
    assert not [n for n in names if re.search(r"(ejy|sky)\b", n)]
