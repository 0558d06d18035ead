from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koordynator.territory.services import places_load, units_import, units_locate
from koordynator.territory.terc import TercFormatError, read_terc_file


class Command(BaseCommand):
    help = (
        "Load the official TERC register (CSV or XML, as GUS publishes it) into the territory. "
        "Safe to run again: reports units added, renamed and retired."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="TERC file downloaded from GUS (eTERYT)")
        parser.add_argument("--verbose-changes", action="store_true", help="list every change")

    def handle(self, *args: Any, file: Path, verbose_changes: bool, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            terc = read_terc_file(file)
        except TercFormatError as error:
            raise CommandError(str(error)) from error
        report = units_import(records=terc.records)
        places = places_load()
        located = units_locate()
        self.stdout.write(
            f"TERC register as of {terc.state_on or 'unknown date'}: "
            f"{len(terc.records)} units read "
            f"({terc.skipped_sub_gmina_units} town parts and city districts skipped)."
        )
        self.stdout.write(
            f"Added {len(report.added)}, renamed {len(report.renamed)}, "
            f"retired {len(report.retired)}, reactivated {len(report.reactivated)}, "
            f"other changes {len(report.changed)}, unchanged {report.unchanged}."
        )
        if verbose_changes:
            for code, old, new in report.renamed:
                self.stdout.write(f"  renamed {code}: {old} -> {new}")
            for code in report.retired:
                self.stdout.write(f"  retired {code}")
        self.stdout.write(
            f"Gazetteer: {places} places. Points: "
            + ", ".join(f"{source} {count}" for source, count in sorted(located.items()))
        )
