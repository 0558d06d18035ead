import csv
import io
from collections import Counter

import pycountry
import pytest
from django.core.management import CommandError, call_command

from koordynator.core.models import AuditEntry
from koordynator.territory.models import TerritorialUnit
from koordynator.territory.services import units_import
from koordynator.territory.terc import TercFormatError, builtin_units, parse_terc

HEADER = "WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\r\n"
SMALL_TERC = (
    HEADER
    + "06;;;;LUBELSKIE;województwo;2024-01-01\r\n"
    + "06;07;;;kraśnicki;powiat;2024-01-01\r\n"
    + "06;07;01;1;Kraśnik;gmina miejska;2024-01-01\r\n"
    + "06;07;02;3;Annopol;gmina miejsko-wiejska;2024-01-01\r\n"
    + "06;07;02;4;Annopol;miasto;2024-01-01\r\n"
    + "06;07;02;5;Annopol;obszar wiejski;2024-01-01\r\n"
    + "06;63;;;Lublin;miasto na prawach powiatu;2024-01-01\r\n"
)


def test_parse_csv_keeps_gminas_and_skips_town_parts():
    terc = parse_terc(SMALL_TERC.encode("utf-8-sig"))
    assert [(r.code, r.level, r.name) for r in terc.records] == [
        ("06", "voivodeship", "lubelskie"),
        ("0607", "powiat", "kraśnicki"),
        ("0607011", "gmina", "Kraśnik"),
        ("0607023", "gmina", "Annopol"),
        ("0663", "powiat", "Lublin"),
    ]
    assert terc.skipped_sub_gmina_units == 2
    assert terc.state_on == "2024-01-01"
    assert terc.records[-1].is_city_with_powiat_rights is True
    assert terc.records[3].gmina_type == 3


def test_parse_reads_windows_1250():
    terc = parse_terc(SMALL_TERC.encode("cp1250"))
    assert terc.records[1].name == "kraśnicki"


def test_parse_xml_in_the_gus_layout():
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<teryt><catalog name="TERC" type="all" date="2024-01-01">
<row><col name="WOJ">06</col><col name="POW"/><col name="GMI"/><col name="RODZ"/>
<col name="NAZWA">LUBELSKIE</col><col name="NAZWA_DOD">województwo</col><col name="STAN_NA">2024-01-01</col></row>
<row><col name="WOJ">06</col><col name="POW">07</col><col name="GMI">01</col><col name="RODZ">1</col>
<col name="NAZWA">Kraśnik</col><col name="NAZWA_DOD">gmina miejska</col><col name="STAN_NA">2024-01-01</col></row>
</catalog></teryt>"""
    terc = parse_terc(xml.encode())
    assert [r.code for r in terc.records] == ["06", "0607011"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("A;B\n1;2\n", "columns WOJ, POW, GMI, RODZ, NAZWA, NAZWA_DOD are missing"),
        (HEADER + "6;;;;X;województwo;\n", "Line 2: WOJ must be two digits"),
        (HEADER + "06;07;01;7;X;gmina;\n", "Line 2: RODZ “7” is not a gmina type"),
        (HEADER, "holds no territorial units"),
        ("<teryt><row>", "XML file cannot be read"),
    ],
)
def test_parse_rejects_what_is_not_a_register(content, message, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(TercFormatError, match=message):
        parse_terc(content.encode())


def test_builtin_units_are_complete():
    counts = Counter(record.level for record in builtin_units())
    assert counts == {"voivodeship": 16, "powiat": 380, "gmina": 213}
    assert sum(r.is_city_with_powiat_rights for r in builtin_units()) == 66


def test_builtin_voivodeships_are_pycountrys_iso_codes():
    iso = {
        s.code.removeprefix("PL-"): s.name.lower()
        for s in pycountry.subdivisions.get(country_code="PL")
    }
    shipped = {r.code: r.name for r in builtin_units() if r.level == "voivodeship"}
    assert shipped == iso


def test_builtin_units_match_the_official_register(official_terc):
    official = parse_terc(official_terc.read_bytes())
    by_code = {r.code: r for r in official.records}
    for record in builtin_units():
        assert by_code[record.code] == record
    demo_gminas = {
        r.code for r in official.records if r.level == "gmina" and r.code.startswith("06")
    }
    assert demo_gminas == {r.code for r in builtin_units() if r.level == "gmina"}


@pytest.mark.django_db
def test_import_of_the_official_register_is_idempotent(official_terc):
    call_command("import_teryt", str(official_terc), stdout=io.StringIO())
    counts = Counter(TerritorialUnit.objects.filter(is_active=True).values_list("level", flat=True))
    assert counts == {"voivodeship": 16, "powiat": 380, "gmina": 2477}
    types = Counter(
        TerritorialUnit.objects.filter(level="gmina").values_list("gmina_type", flat=True)
    )
    assert types == {1: 302, 2: 1464, 3: 711}
    assert TerritorialUnit.objects.filter(is_city_with_powiat_rights=True).count() == 66

    report = units_import(records=parse_terc(official_terc.read_bytes()).records)
    assert not report.has_changes
    assert report.unchanged == 2873


@pytest.mark.django_db
def test_import_reports_renamed_retired_and_added(tmp_path):
    rows = list(csv.reader((SMALL_TERC).splitlines(), delimiter=";"))
    (tmp_path / "first.csv").write_text("\n".join(";".join(r) for r in rows), encoding="utf-8")
    call_command("import_teryt", str(tmp_path / "first.csv"), stdout=io.StringIO())
    changed = [r for r in rows if r[:4] != ["06", "07", "01", "1"]]  # Kraśnik leaves
    changed = [
        r if r[:3] != ["06", "07", ""] else ["06", "07", "", "", "krasnicki NOWY", "powiat", ""]
        for r in changed
    ]
    changed.append(["06", "07", "99", "2", "Nowa Gmina", "gmina wiejska", "2025-01-01"])
    report = units_import(
        records=parse_terc("\n".join(";".join(r) for r in changed).encode()).records
    )
    assert report.retired == ["0607011"]
    assert report.renamed == [("0607", "kraśnicki", "krasnicki NOWY")]
    assert report.added == ["0607992"]
    assert TerritorialUnit.objects.get(code="0607011").is_active is False
    entry = AuditEntry.objects.filter(action="territory.register.imported").latest("occurred_at")
    assert entry.changes["retired"] == ["0607011"]
    # Other voivodeships' gminas were not in the file's scope and stay active.
    assert TerritorialUnit.objects.filter(code__startswith="02", is_active=False).count() == 0


def test_import_command_explains_a_bad_file(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("nazwa;kod\nx;y\n", encoding="utf-8")
    with pytest.raises(CommandError, match="WOJ"):
        call_command("import_teryt", str(bad))
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_teryt", str(tmp_path / "missing.csv"))
