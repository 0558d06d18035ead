"""Territory: import of the shipped register and API latency (in-process, one client)."""

import time

from common import measure, throwaway_database


def main() -> None:
    with throwaway_database():
        from django.test import Client

        from koordynator.territory.services import places_load, units_import, units_locate
        from koordynator.territory.terc import builtin_units

        start = time.perf_counter()
        units_import(records=builtin_units())
        places_load()
        units_locate()
        print(f"{'load shipped territory and gazetteer':<60} {time.perf_counter() - start:7.2f} s")

        client = Client()
        measure(
            "GET /api/v1/territories?level=voivodeship",
            lambda: client.get("/api/v1/territories", {"level": "voivodeship"}),
        )
        measure(
            "GET /api/v1/territories?level=gmina&parent=06&limit=500",
            lambda: client.get(
                "/api/v1/territories", {"level": "gmina", "parent": "06", "limit": 500}
            ),
        )
        measure("GET / (home page)", lambda: client.get("/"))


if __name__ == "__main__":
    main()
