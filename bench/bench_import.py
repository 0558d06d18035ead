"""Registry import: check and import a 100,000-row CSV of lubelskie entities, then check
the same file again (every row unchanged). Run with DATABASE_URL for PostgreSQL."""

import csv
import io
import os
import random
import time

from common import throwaway_database

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
KINDS = ["stowarzyszenie", "fundacja", "spółdzielnia socjalna", "KGW", "CIS", "ZAZ", "WTZ"]
STREETS = ["Lubelska", "Kościuszki", "Polna", "Szkolna", "Ogrodowa", "Długa"]


def nip_with_checksum(rng: random.Random) -> str:
    """A random NIP whose check digit is right (weights 6 5 7 2 3 4 5 6 7, modulo 11)."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def spreadsheet(rows: int) -> bytes:
    from koordynator.territory.models import TerritorialUnit

    gminas = list(
        TerritorialUnit.objects.filter(code__startswith="06", level="gmina").select_related(
            "parent"
        )
    )
    rng = random.Random(2026)
    nips: set[str] = set()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            *("Lp.", "Nazwa podmiotu", "Forma prawna", "NIP", "Gmina", "Powiat", "Miejscowość"),
            *("Adres", "Kod pocztowy", "E-mail", "Liczba pracowników", "Rok założenia"),
        ]
    )
    for number in range(1, rows + 1):
        nip = nip_with_checksum(rng)
        while nip in nips:
            nip = nip_with_checksum(rng)
        nips.add(nip)
        gmina = rng.choice(gminas)
        writer.writerow(
            [
                number,
                f"Podmiot testowy nr {number}",
                rng.choice(KINDS),
                f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}",
                gmina.name,
                gmina.parent.name if gmina.parent else "",
                gmina.name,
                f"ul. {rng.choice(STREETS)} {rng.randint(1, 120)}",
                f"2{rng.randint(0, 4)}-{rng.randint(0, 999):03d}",
                f"biuro{number}@podmiot.example",
                rng.randint(0, 40),
                rng.randint(1990, 2024),
            ]
        )
    return out.getvalue().encode("cp1250")


def main() -> None:
    with throwaway_database():
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import connection

        from koordynator.accounts.enums import Role
        from koordynator.accounts.models import User
        from koordynator.accounts.services import membership_grant
        from koordynator.registry import exporting
        from koordynator.registry.importing.batches import batch_check, batch_create, batch_import
        from koordynator.registry.models import Entity
        from koordynator.territory.services import (
            places_load,
            region_create,
            units_import,
            units_locate,
        )
        from koordynator.territory.terc import builtin_units

        units_import(records=builtin_units())
        places_load()
        units_locate()
        region = region_create(voivodeship_code="06", slug="lubelskie", coordinator_name="ROPS")
        user = User.objects.create_user(email="bench@koordynator.example", password="x" * 12)
        membership_grant(user=user, role=Role.REGIONAL_COORDINATOR, region=region)

        data = spreadsheet(ROWS)
        print(f"{'spreadsheet':<60} {ROWS} rows, {len(data) / 1e6:.1f} MB ({connection.vendor})")

        def timed(label: str, call):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            result = call()
            elapsed = time.perf_counter() - start
            print(f"{label:<60} {elapsed:7.2f} s  ({elapsed / ROWS * 1000:.2f} ms/row)")
            return result, elapsed

        upload = SimpleUploadedFile("podmioty.csv", data, content_type="text/csv")
        batch, _elapsed = timed(
            "upload: read headers, detect the mapping",
            lambda: batch_create(region=region, upload=upload, actor=user, language="pl"),
        )
        checked, check_time = timed(
            "check every row (nothing written)", lambda: batch_check(batch.pk)
        )
        print(f"{'  counts':<60} {checked.report['counts']}")
        imported, import_time = timed(
            "import: check again + write, one transaction",
            lambda: batch_import(batch.pk),
        )
        print(f"{'  counts':<60} {imported.report['counts']}, {Entity.objects.count()} entities")
        print(
            f"{'check + import (target: under 60 s for 100,000 rows)':<60} {check_time + import_time:7.2f} s"
        )
        # An imported batch is not checked again: the same file is uploaded once more.
        second = batch_create(region=region, upload=upload, actor=user, language="pl")
        again, _elapsed = timed(
            "check the same file again (every row unchanged)",
            lambda: batch_check(second.pk),
        )
        print(f"{'  counts':<60} {again.report['counts']}")

        # Export: every entity, in chunks, as the export view streams it.
        entities = exporting.entities_to_export(user, {})
        for label, produce in (
            ("export CSV (streamed)", lambda: sum(len(c) for c in exporting.csv_lines(entities))),
            (
                "export JSON (streamed)",
                lambda: sum(len(c) for c in exporting.json_chunks(entities)),
            ),
            (
                "export GeoJSON (streamed)",
                lambda: sum(len(c) for c in exporting.geojson_chunks(entities)),
            ),
            ("export XLSX (temporary file)", lambda: len(exporting.xlsx_file(entities).read())),
        ):
            size, _elapsed = timed(label, produce)
            print(f"{'  size':<60} {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
