"""The public directory: Polish-aware search, the kind facet with counts, only public data,
shareable URLs, and an htmx answer with the results alone."""

from __future__ import annotations

import pytest

from koordynator.territory.models import TerritorialUnit
from tests.factories import EntityFactory, region_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities():
    region_for("06", slug="lubelskie")
    EntityFactory(
        name="Spółdzielnia Socjalna „Kwiat Lnu”",
        kind="social_cooperative",
        offer="Catering i szycie.",
        is_social_enterprise=True,
    )
    EntityFactory(name="Fundacja Lniana", kind="foundation", description="Szycie odzieży.")
    EntityFactory(name="Stowarzyszenie Ukryte", kind="association", is_public=False)
    EntityFactory(name="Stowarzyszenie Zamknięte", kind="association", status="closed")


def names(response) -> list[str]:
    return [entity.name for entity in response.context["page"]]


def test_search_without_polish_letters_finds_the_cooperative(client, entities):
    response = client.get("/directory/", {"q": "spoldzielni socjalnej kwiat lnu"})
    assert response.status_code == 200
    assert names(response) == ["Spółdzielnia Socjalna „Kwiat Lnu”"]
    assert "Spółdzielnia Socjalna „Kwiat Lnu”" in response.content.decode()


def test_only_public_open_entities_are_listed_with_kind_counts(client, entities):
    response = client.get("/directory/")
    assert sorted(names(response)) == ["Fundacja Lniana", "Spółdzielnia Socjalna „Kwiat Lnu”"]
    assert [(value, count) for value, _label, count in response.context["kinds"]] == [
        ("social_cooperative", 1),
        ("foundation", 1),
    ]


def test_kind_facet_and_search_combine_and_counts_follow_the_search(client, entities):
    response = client.get("/directory/", {"q": "szycie", "kind": "foundation"})
    assert names(response) == ["Fundacja Lniana"]
    counts = {value: count for value, _label, count in response.context["kinds"]}
    assert counts == {"social_cooperative": 1, "foundation": 1}
    html = response.content.decode()
    assert "q=szycie&amp;kind=social_cooperative" in html  # facet links keep the search


def test_social_enterprise_filter(client, entities):
    response = client.get("/directory/", {"social_enterprise": "on"})
    assert names(response) == ["Spółdzielnia Socjalna „Kwiat Lnu”"]


def test_bad_values_are_ignored_not_fatal(client, entities):
    response = client.get("/directory/", {"kind": "martians", "page": "x"})
    assert response.status_code == 200
    assert len(names(response)) == 2


def test_htmx_gets_the_results_only(client, entities):
    response = client.get("/directory/", {"q": "lniana"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Fundacja Lniana" in html
    assert "<html" not in html


def test_powiat_sector_and_order(client, entities):
    from koordynator.registry.models import Entity, Sector

    elsewhere = EntityFactory(
        name="Zakład Aktywności Zawodowej w Lublinie",
        kind="zaz",
        gmina=TerritorialUnit.objects.get(code="0663011"),
    )
    elsewhere.sectors.add(Sector.objects.get(code="56"))
    assert names(client.get("/directory/", {"powiat": "0663"})) == [elsewhere.name]
    assert names(client.get("/directory/", {"sector": "56"})) == [elsewhere.name]
    everyone = Entity.objects.filter(is_public=True).exclude(status="closed")
    by_name = sorted(everyone.values_list("name", flat=True))
    assert names(client.get("/directory/", {"sort": "-name"})) == by_name[::-1]
    assert names(client.get("/directory/", {"sort": "name"})) == by_name


def test_a_search_with_more_matches_than_are_ranked_says_so(client, entities, monkeypatch):
    from koordynator.registry import search

    monkeypatch.setattr(search, "MAX_RESULTS", 1)
    response = client.get("/directory/", {"q": "szycie"})
    assert len(names(response)) == 1
    assert response.context["capped"] is True
    monkeypatch.setattr(search, "MAX_RESULTS", 500)
    assert client.get("/directory/", {"q": "szycie"}).context["capped"] is False


def test_gmina_filter_lists_the_chosen_powiats_gminas(client, entities):
    annopol = EntityFactory(
        name="KIS Annopol", kind="kis", gmina=TerritorialUnit.objects.get(code="0607023")
    )
    form = client.get("/directory/").context["form"]
    assert form.fields["gmina"].widget.attrs.get("disabled")  # no powiat, no gminas
    response = client.get("/directory/", {"powiat": "0607", "gmina": "0607023"})
    choices = dict(response.context["form"].fields["gmina"].choices)
    assert choices["0607023"] == "Annopol (gmina miejsko-wiejska)"
    assert "0663011" not in choices
    assert names(response) == [annopol.name]


def test_a_gmina_of_another_powiat_is_dropped_not_an_error(client, entities):
    response = client.get("/directory/", {"powiat": "0663", "gmina": "0607023"})
    form = response.context["form"]
    assert form.errors == {}
    assert form.filters()["gmina"] is None
    assert names(response) == []  # the entities are in powiat kraśnicki, not in Lublin


def test_the_gmina_field_reloads_for_a_powiat(client, entities):
    html = client.get("/directory/gminas/", {"powiat": "0607"}).content.decode()
    assert 'id="gmina-field"' in html
    assert '<option value="0607032">Dzierzkowice' in html
    assert "<html" not in html


def test_products_and_services_facet_counts_and_filters(client, entities):
    from koordynator.registry.models import Entity, OfferTag

    catering = OfferTag.objects.create(name="catering", slug="catering")
    sewing = OfferTag.objects.create(name="szycie", slug="szycie")
    cooperative = Entity.objects.get(kind="social_cooperative")
    cooperative.offer_tags.add(catering, sewing)
    Entity.objects.get(name="Fundacja Lniana").offer_tags.add(sewing)
    Entity.objects.get(name="Stowarzyszenie Ukryte").offer_tags.add(catering)  # not public

    response = client.get("/directory/")
    assert response.context["offers"] == [("szycie", "szycie", 2), ("catering", "catering", 1)]
    assert dict(response.context["form"].fields["offer"].choices).keys() == {
        "",
        "catering",
        "szycie",
    }
    response = client.get("/directory/", {"offer": "catering", "kind": "social_cooperative"})
    assert names(response) == [cooperative.name]
    assert response.context["offers"] == [("catering", "catering", 1), ("szycie", "szycie", 1)]
    assert "kind=social_cooperative&amp;offer=szycie" in response.content.decode()
    # A search counts what it found: both sew, one caters; the kind facet keeps the offer.
    response = client.get("/directory/", {"q": "szycie", "offer": "catering"})
    assert names(response) == [cooperative.name]
    assert response.context["offers"] == [("szycie", "szycie", 2), ("catering", "catering", 1)]
    assert [(value, count) for value, _label, count in response.context["kinds"]] == [
        ("social_cooperative", 1)
    ]
    response = client.get("/directory/", {"q": "szycie", "kind": "foundation", "sort": "name"})
    assert names(response) == ["Fundacja Lniana"]
    assert response.context["offers"] == [("szycie", "szycie", 1)]
    body = client.get("/api/v1/entities", {"offer_tag": "szycie"}).json()
    assert sorted(item["name"] for item in body["items"]) == [
        "Fundacja Lniana",
        cooperative.name,
    ]


def test_counts_without_a_search_are_kept_a_minute_the_list_is_not(client, entities):
    def kind_counts(response):
        return {value: count for value, _label, count in response.context["kinds"]}

    assert kind_counts(client.get("/directory/"))["foundation"] == 1
    EntityFactory(name="Fundacja Nowa", kind="foundation", description="Szycie.")
    response = client.get("/directory/")
    assert "Fundacja Nowa" in names(response)
    assert kind_counts(response)["foundation"] == 1  # counted a moment ago
    assert kind_counts(client.get("/directory/", {"q": "szycie"}))["foundation"] == 2


def test_the_mark_filter_badge_and_profile_show_valid_licences_only(client, entities):
    import datetime

    from django.utils import timezone

    from koordynator.certification.models import Application, Call, Item, Licence
    from koordynator.registry.models import Entity

    cooperative = Entity.objects.get(kind="social_cooperative")
    foundation = Entity.objects.get(name="Fundacja Lniana")
    now = timezone.now()
    call = Call.objects.create(
        region=cooperative.region,
        title="Nabór",
        opens_at=now - datetime.timedelta(days=400),
        closes_at=now - datetime.timedelta(days=380),
        pass_threshold=60,
    )
    today = timezone.localdate()
    for entity, number, valid_until in (
        (cooperative, "ZP/06/1", today),  # its last day
        (foundation, "ZP/06/2", today - datetime.timedelta(days=1)),  # ended yesterday
    ):
        application = Application.objects.create(call=call, entity=entity, status="granted")
        item = Item.objects.create(
            application=application,
            name=f"Obiady {number}",
            kind="service",
            category="food",
            description="Obiady.",
        )
        Licence.objects.create(
            item=item,
            number=number,
            verification_code=number[-1] * 6,
            valid_from=valid_until - datetime.timedelta(days=364),
            valid_until=valid_until,
        )

    client.get("/directory/")  # the whole directory's counts, kept a minute
    response = client.get("/directory/", {"certified": "on"})
    assert names(response) == [cooperative.name]
    assert [(value, count) for value, _label, count in response.context["kinds"]] == [
        ("social_cooperative", 1)
    ]
    assert response.context["certified_ids"] == {cooperative.pk}
    assert "Zakup Prospołeczny" in response.content.decode()
    profile = client.get(f"/directory/{cooperative.pk}/").content.decode()
    assert "Obiady ZP/06/1" in profile
    assert "Obiady ZP/06/2" not in client.get(f"/directory/{foundation.pk}/").content.decode()


def test_a_search_pages_best_match_first(client, entities):
    for number in range(25):
        EntityFactory(name=f"Fundacja Wsparcia {number:02}", description="Szycie.")
    EntityFactory(name="Szwalnia Szycie", description="Szycie i krawiectwo.")
    first = client.get("/directory/", {"q": "szycie"})
    assert first.context["page"].paginator.count == 28
    assert names(first)[0] == "Szwalnia Szycie"  # the word in the name ranks first
    second = names(client.get("/directory/", {"q": "szycie", "page": 2}))
    assert len(second) == 8
    assert not set(second) & set(names(first))


def test_a_search_that_falls_back_or_corrects_says_so(client, entities):
    fallback = client.get("/directory/", {"q": "spółdzielnia socjalna Lublin"})
    assert names(fallback) == ["Spółdzielnia Socjalna „Kwiat Lnu”"]
    assert (
        "Żaden podmiot nie zawiera wszystkich słów — pokazujemy najbliższe."
        in fallback.content.decode()
    )
    corrected = client.get("/directory/", {"q": "spółdzielnia socjlana"})
    assert "Czy chodziło o: socjalna?" in corrected.content.decode()
    plain = client.get("/directory/", {"q": "spółdzielnia socjalna"})
    assert "data-search-notice" not in plain.content.decode()


def test_pkd_sectors_are_named_in_the_readers_language(client, entities):
    english = client.get("/directory/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "88 Social work activities without accommodation" in english
    polish = client.get("/directory/").content.decode()
    assert "88 Pomoc społeczna bez zakwaterowania" in polish
