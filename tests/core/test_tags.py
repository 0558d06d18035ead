import threading

import pytest
from django.db import connections, transaction

from koordynator.content.models import Tag
from koordynator.core.tags import tags_for
from koordynator.registry.models import OfferTag
from tests.markers import postgresql_only


@pytest.mark.django_db
def test_tags_for_finds_any_case_creates_new_names_once_and_keeps_polish_letters_in_slugs():
    existing = Tag.objects.create(name="RKRES", slug="rkres")
    tags = tags_for(Tag, ["rkres", " Łódzkie   spotkania ", "ŁÓDZKIE SPOTKANIA", ""], max_length=60)
    assert tags[0] == existing
    assert [(tag.name, tag.slug) for tag in tags[1:]] == [
        ("Łódzkie spotkania", "lodzkie-spotkania")
    ]


@pytest.mark.django_db
def test_tags_for_numbers_a_slug_another_tag_has():
    OfferTag.objects.create(name="Łączenie", slug="laczenie")
    (tag,) = tags_for(OfferTag, ["łączenie!"], max_length=80)
    assert tag.slug == "laczenie-2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "names",
    [
        # A name as long as the column whose slug another tag has: the number must fit.
        ["Ą" * 80, "A" * 80, "a" * 79 + "ą"],
        # Letters that come apart into several ("ﬁ" is "fi"): the slug outgrows the name.
        ["ﬁ" * 80, "ﬁ" * 79 + "x"],
    ],
)
def test_a_slug_fits_its_column_however_long_the_name(names):
    limit = OfferTag._meta.get_field("slug").max_length
    tags = [tags_for(OfferTag, [name], max_length=80)[0] for name in names]
    slugs = [tag.slug for tag in tags]
    assert all(len(slug) <= limit for slug in slugs), slugs
    assert len(set(slugs)) == len(names)
    assert all(not slug.endswith("-") for slug in slugs)


@pytest.mark.django_db
def test_a_tag_another_request_created_meanwhile_is_taken_not_created_twice(monkeypatch):
    """Between looking a name up and creating it, another request may create it: the
    unique name refuses the second row, and the tag the other request made is used."""
    from koordynator.core import tags

    looked_up = tags.free_slug

    def meanwhile(model, name):
        if not model.objects.filter(name=name).exists():
            model.objects.create(name=name, slug=looked_up(model, name))
        return looked_up(model, name)

    monkeypatch.setattr(tags, "free_slug", meanwhile)
    (tag,) = tags_for(OfferTag, ["Catering"], max_length=80)
    assert tag == OfferTag.objects.get(name="Catering")
    assert OfferTag.objects.count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_requests_naming_the_same_new_tags_all_get_them(committed_territory):
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def name_tags() -> None:
        try:
            barrier.wait()
            for n in range(20):
                with transaction.atomic():
                    tags_for(OfferTag, [f"Wspólny {n}", f"wspólny-{n}!"], max_length=80)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=name_tags) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert OfferTag.objects.count() == 40


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_requests_naming_new_tags_in_other_orders_do_not_deadlock(committed_territory):
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def name_tags(reverse: bool) -> None:
        try:
            barrier.wait()
            for n in range(20):
                names = [f"Pierwszy {n}", f"Drugi {n}", f"Trzeci {n}"]
                with transaction.atomic():
                    tags = tags_for(OfferTag, names[::-1] if reverse else names, max_length=80)
                assert [tag.name for tag in tags] == (names[::-1] if reverse else names)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=name_tags, args=(n % 2 == 1,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert OfferTag.objects.count() == 60
