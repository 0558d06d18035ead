import pytest

from koordynator.territory.models import Place, TerritorialUnit
from koordynator.territory.selectors import place_locate

pytestmark = pytest.mark.django_db


def test_places_are_linked_to_their_powiat():
    assert Place.objects.count() > 2800
    puławy = Place.objects.get(name="Puławy")
    assert puławy.powiat.code == "0614"
    lublin = Place.objects.get(name="Lublin")
    assert lublin.powiat.code == "0663"  # a city with powiat rights, listed without a powiat
    assert Place.objects.filter(name="Warszawa", voivodeship_code="14").exists()


def test_gminas_get_their_seat_or_their_powiats_point():
    kraśnik = TerritorialUnit.objects.get(code="0607011")
    assert (kraśnik.latitude, kraśnik.longitude, kraśnik.location_source) == (
        50.9236,
        22.22706,
        "place",
    )
    sources = set(
        TerritorialUnit.objects.filter(level="gmina").values_list("location_source", flat=True)
    )
    assert sources == {"place", "powiat"}
    fallback = TerritorialUnit.objects.filter(level="gmina", location_source="powiat").first()
    powiat = fallback.parent
    assert (fallback.latitude, fallback.longitude) == (powiat.latitude, powiat.longitude)
    assert not TerritorialUnit.objects.filter(latitude__isnull=True).exists()


def test_address_in_a_known_locality_gets_the_locality_point():
    gmina = TerritorialUnit.objects.get(code="0614011")  # Puławy, urban gmina
    assert place_locate(locality="Pulawy", gmina=gmina)[2] == "place"
    unknown = place_locate(locality="Wólka Nieistniejąca", gmina=gmina)
    assert unknown == (gmina.latitude, gmina.longitude, gmina.location_source)
