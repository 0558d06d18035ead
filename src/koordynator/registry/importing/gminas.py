"""Finding a region's gmina by the TERYT code or the name a spreadsheet gives."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from koordynator.territory.models import Region, TerritorialUnit

from .values import folded_key

_GMINA_PREFIX = re.compile(r"^(gmina|gm|miasto i gmina|miasto|m|mst|urzad gminy|urzad miasta)\s+")
_POWIAT_PREFIX = re.compile(r"^(powiat|pow|miasto na prawach powiatu|miasto|m)\s+")
URBAN, RURAL, URBAN_RURAL = 1, 2, 3


def _gmina_query(text: str) -> tuple[str, set[int] | None]:
    """The folded name of a gmina and the types its spelling allows:
    "Gmina Kraśnik (wiejska)" -> ("krasnik", {2}), "m. Kraśnik" -> ("krasnik", {1, 3})."""
    key = folded_key(text)
    types: set[int] | None = None
    words = key.split()
    if "miejsko" in words or "miejsko wiejska" in key:
        types = {URBAN_RURAL}
    elif "wiejska" in words:
        types = {RURAL}
    elif "miejska" in words or re.match(r"^(miasto|m|mst)\s", key):
        types = {URBAN, URBAN_RURAL}
    key = re.sub(r"\b(gmina|gm|miejsko wiejska|miejsko|miejska|wiejska)$", "", key).strip()
    key = re.sub(r"\s+(gmina|gm)$", "", key).strip()
    for _attempt in range(2):
        key = _GMINA_PREFIX.sub("", key).strip()
    return key, types


@dataclass
class GminaMatch:
    unit: TerritorialUnit | None = None
    code: str = ""  # error code
    message: str = ""


class GminaResolver:
    """Finds gminas of one region by TERYT code or name, with a cache per spelling."""

    def __init__(self, region: Region) -> None:
        self.region = region
        units = TerritorialUnit.objects.filter(
            code__startswith=region.code, is_active=True, level__in=["powiat", "gmina"]
        ).order_by("code")
        self.by_code: dict[str, TerritorialUnit] = {}
        self.by_name: dict[str, list[TerritorialUnit]] = defaultdict(list)
        self.powiats_by_name: dict[str, set[str]] = defaultdict(set)
        self.powiat_names: dict[str, str] = {}
        for unit in units:
            if unit.level == "gmina":
                self.by_code[unit.code] = unit
                self.by_name[folded_key(unit.name)].append(unit)
            else:
                self.powiat_names[unit.code] = unit.name
                self.powiats_by_name[folded_key(unit.name)].add(unit.code)
        self.names = {key: units[0].name for key, units in self.by_name.items()}
        self._cache: dict[tuple[str, str, str, str], GminaMatch] = {}

    def suggestions(self, key: str) -> list[str]:
        close = difflib.get_close_matches(key, list(self.names), n=3, cutoff=0.0)
        return [self.names[name] for name in close]

    def _describe(self, unit: TerritorialUnit) -> str:
        return f"{unit.name} ({unit.get_gmina_type_display()}, {unit.code})"

    def resolve(
        self, *, name: str = "", teryt: str = "", powiat: str = "", locality: str = ""
    ) -> GminaMatch:
        key = (name, teryt, powiat, locality)
        if key not in self._cache:
            self._cache[key] = self._resolve(
                name=name, teryt=teryt, powiat=powiat, locality=locality
            )
        return self._cache[key]

    def _resolve(self, *, name: str, teryt: str, powiat: str, locality: str) -> GminaMatch:
        if teryt:
            code = re.sub(r"\D", "", teryt)
            if len(code) == 6:
                code = code.zfill(7)
            unit = self.by_code.get(code)
            if unit is not None:
                return GminaMatch(unit)
            if len(code) == 7 and TerritorialUnit.objects.filter(code=code, level="gmina").exists():
                return GminaMatch(
                    code="gmina_other_region",
                    message=_("The gmina with the TERYT code %(code)s is not in %(region)s.")
                    % {"code": code, "region": self.region},
                )
            return GminaMatch(
                code="gmina_teryt_unknown",
                message=_("There is no gmina with the TERYT code %(code)s.") % {"code": teryt},
            )
        query, types = _gmina_query(name)
        if not query:
            return GminaMatch()
        candidates = self.by_name.get(query, [])
        if not candidates:
            suggestions = self.suggestions(query)
            if suggestions:
                message = _(
                    "There is no gmina “%(name)s” in %(region)s. Did you mean: %(suggestions)s?"
                ) % {"name": name, "region": self.region, "suggestions": ", ".join(suggestions)}
            else:
                message = _("There is no gmina “%(name)s” in %(region)s.") % {
                    "name": name,
                    "region": self.region,
                }
            return GminaMatch(code="gmina_unknown", message=message)
        if powiat:
            powiat_key = _POWIAT_PREFIX.sub("", folded_key(powiat)).strip()
            powiat_codes = self.powiats_by_name.get(powiat_key)
            if powiat_codes:
                in_powiat = [unit for unit in candidates if unit.code[:4] in powiat_codes]
                if not in_powiat:
                    return GminaMatch(
                        code="gmina_powiat_mismatch",
                        message=_("There is no gmina “%(name)s” in the powiat “%(powiat)s”.")
                        % {"name": name, "powiat": powiat},
                    )
                candidates = in_powiat
        if types and len(candidates) > 1:
            typed = [unit for unit in candidates if unit.gmina_type in types]
            candidates = typed or candidates
        if len(candidates) > 1 and locality and folded_key(locality) == query:
            # The locality is the town that gives the gmina its name: its urban gmina.
            for town_type in (URBAN, URBAN_RURAL):
                towns = [unit for unit in candidates if unit.gmina_type == town_type]
                if len(towns) == 1:
                    return GminaMatch(towns[0])
        if len(candidates) > 1:
            return GminaMatch(
                code="gmina_ambiguous",
                message=_(
                    "“%(name)s” may be any of: %(gminas)s. Add the powiat, the gmina type "
                    "(miejska, wiejska) or the TERYT code."
                )
                % {"name": name, "gminas": "; ".join(self._describe(u) for u in candidates)},
            )
        return GminaMatch(candidates[0])
