import pytest

from koordynator.core.api import Page
from koordynator.territory.models import TerritorialUnit


class Counted:
    """Rows counted without being read, like registry.selectors.RankedEntities."""

    def __init__(self, rows):
        self.rows, self.sliced = rows, []

    def count(self):
        return len(self.rows)

    def __getitem__(self, item):
        self.sliced.append(item)
        return self.rows[item]


def test_a_page_converts_only_the_rows_sliced():
    converted = []

    def convert(row):
        converted.append(row)
        return row * 10

    page = Page([1, 2, 3, 4, 5], convert)
    assert len(page) == page.count() == 5
    assert page[1:3] == [20, 30]
    assert converted == [2, 3]


def test_a_page_counts_with_count_and_converts_a_page_at_once():
    rows = Counted(["a", "b", "c"])
    calls = []

    def convert_page(page):
        calls.append(page)
        return [value.upper() for value in page]

    page = Page(rows, convert_page=convert_page)
    assert len(page) == 3
    assert page[0:2] == ["A", "B"]
    assert calls == [["a", "b"]]
    assert rows.sliced == [slice(0, 2)]


@pytest.mark.django_db
def test_a_page_of_a_queryset_counts_and_slices_in_the_database(django_assert_num_queries):
    units = TerritorialUnit.objects.order_by("code")
    expected = [unit.code for unit in units[:3]]
    page = Page(units, lambda unit: unit.code)
    with django_assert_num_queries(1):
        count = page.count()
    with django_assert_num_queries(1):
        codes = page[0:3]
    assert count == units.count()
    assert codes == expected


def test_a_page_needs_one_converter():
    with pytest.raises(TypeError):
        Page([1])
    with pytest.raises(TypeError):
        Page([1], str, convert_page=lambda page: page)
