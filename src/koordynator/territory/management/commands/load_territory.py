from typing import Any

from django.core.management.base import BaseCommand

from koordynator.territory.services import places_load, units_import, units_locate
from koordynator.territory.terc import builtin_units


class Command(BaseCommand):
    help = (
        "Load the units shipped with koordynator (voivodeships, powiats, the demo region's "
        "gminas) and the gazetteer. A deployment then runs import_teryt with the GUS file."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = units_import(records=builtin_units())
        places = places_load()
        located = units_locate()
        self.stdout.write(
            f"Territory: added {len(report.added)}, unchanged {report.unchanged}; "
            f"gazetteer {places} places; points "
            + ", ".join(f"{source} {count}" for source, count in sorted(located.items()))
        )
