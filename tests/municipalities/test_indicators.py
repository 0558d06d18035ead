"""The headline indicator: the share of local governments that used social clauses."""

from decimal import Decimal

import pytest

from koordynator.municipalities import indicators
from koordynator.municipalities.enums import LocalGovernmentKind
from tests.factories.municipalities import SurveyAnswerFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def answer_many(survey, local_governments, used: int, answered: int):
    for number, lg in enumerate(local_governments[:answered]):
        SurveyAnswerFactory(survey=survey, local_government=lg, with_clauses=number < used)


def test_twenty_of_a_hundred_is_twenty_percent_and_one_more_answer_moves_it(
    region, local_governments
):
    survey = SurveyFactory(region=region, year=2017)
    answer_many(survey, local_governments, used=20, answered=100)
    row = indicators.year_of(region, 2017)
    assert (row.used_clauses, row.answered) == (20, 100)
    assert row.share_using_clauses == Decimal("20.0")
    assert row.local_governments == len(local_governments) == 234
    assert row.response_rate == Decimal("42.7")

    SurveyAnswerFactory(survey=survey, local_government=local_governments[100])
    assert indicators.year_of(region, 2017).share_using_clauses == Decimal("19.8")  # 20/101

    SurveyAnswerFactory(survey=survey, local_government=local_governments[101], with_clauses=True)
    assert indicators.year_of(region, 2017).share_using_clauses == Decimal("20.6")  # 21/102


def test_year_on_year_change_in_percentage_points(region, local_governments):
    answer_many(SurveyFactory(region=region, year=2015), local_governments, used=8, answered=100)
    answer_many(SurveyFactory(region=region, year=2016), local_governments, used=14, answered=100)
    answer_many(SurveyFactory(region=region, year=2017), local_governments, used=20, answered=100)
    rows = indicators.yearly(region)
    assert [(r.year, r.share_using_clauses, r.share_change_points) for r in rows] == [
        (2015, Decimal("8.0"), None),
        (2016, Decimal("14.0"), Decimal("6.0")),
        (2017, Decimal("20.0"), Decimal("6.0")),
    ]
    assert rows[2].clause_contracts_count == 40
    assert rows[2].clause_contracts_change == 12
    assert rows[2].clause_contracts_value == Decimal("3000000.00")


def test_a_gap_year_has_no_change(region, local_governments):
    answer_many(SurveyFactory(region=region, year=2015), local_governments, used=1, answered=10)
    answer_many(SurveyFactory(region=region, year=2017), local_governments, used=2, answered=10)
    assert [r.share_change_points for r in indicators.yearly(region)] == [None, None]


def test_by_kind_and_by_powiat(region, local_governments):
    survey = SurveyFactory(region=region, year=2017)
    by_code = {lg.unit.code: lg for lg in local_governments}
    SurveyAnswerFactory(survey=survey, local_government=by_code["0607052"], with_clauses=True)
    SurveyAnswerFactory(survey=survey, local_government=by_code["0607062"])
    SurveyAnswerFactory(survey=survey, local_government=by_code["0607011"], with_clauses=True)
    SurveyAnswerFactory(survey=survey, local_government=by_code["0663011"], with_clauses=True)
    SurveyAnswerFactory(survey=survey, local_government=by_code["06"])
    kinds = {row.key: row for row in indicators.by_kind(region, 2017)}
    rural = kinds[LocalGovernmentKind.RURAL_GMINA]
    assert (rural.used_clauses, rural.answered, rural.share_using_clauses) == (
        1,
        2,
        Decimal("50.0"),
    )
    assert kinds[LocalGovernmentKind.URBAN_GMINA].share_using_clauses == Decimal("100.0")
    city = kinds[LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS]
    assert (city.local_governments, city.answered) == (4, 1)
    assert kinds[LocalGovernmentKind.VOIVODESHIP].share_using_clauses == Decimal("0.0")
    assert kinds[LocalGovernmentKind.POWIAT].share_using_clauses is None
    powiats = {row.key: row for row in indicators.by_powiat(region, 2017)}
    krasnicki = powiats["0607"]
    # The powiat itself and its ten gminas.
    assert (krasnicki.local_governments, krasnicki.answered, krasnicki.used_clauses) == (11, 3, 2)
    assert powiats["0663"].label == "Lublin"
    assert powiats["0663"].local_governments == 1
    assert "06" not in powiats


def test_local_governments_made_from_the_territory(region, local_governments):
    kinds = {}
    for lg in local_governments:
        kinds[lg.kind] = kinds.get(lg.kind, 0) + 1
    assert kinds == {
        "voivodeship": 1,
        "powiat": 20,
        "city_with_powiat_rights": 4,
        "urban_gmina": 16,
        "urban_rural_gmina": 34,
        "rural_gmina": 159,
    }
