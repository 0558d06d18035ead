"""The values spreadsheets write for a kind, a status, founders and yes/no, and how their
spellings are compared (folded, punctuation read as spaces)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils import translation

from koordynator.core.text import fold

from ..enums import EntityKind, FounderType, LifecycleStatus

# The Polish names exports write; each is also recognised on import.
KIND_NAMES: dict[str, str] = {
    EntityKind.SOCIAL_COOPERATIVE: "spółdzielnia socjalna",
    EntityKind.CIS: "centrum integracji społecznej (CIS)",
    EntityKind.KIS: "klub integracji społecznej (KIS)",
    EntityKind.ZAZ: "zakład aktywności zawodowej (ZAZ)",
    EntityKind.WTZ: "warsztat terapii zajęciowej (WTZ)",
    EntityKind.FOUNDATION: "fundacja",
    EntityKind.ASSOCIATION: "stowarzyszenie",
    EntityKind.OTHER_NGO: "inna organizacja pozarządowa",
    EntityKind.CHURCH_LEGAL_PERSON: "kościelna osoba prawna",
    EntityKind.WORK_COOPERATIVE: "spółdzielnia pracy",
    EntityKind.DISABLED_PERSONS_COOPERATIVE: "spółdzielnia inwalidów lub niewidomych",
    EntityKind.AGRICULTURAL_COOPERATIVE: "rolnicza spółdzielnia produkcyjna",
    EntityKind.NON_PROFIT_COMPANY: "spółka non-profit",
}
KIND_ALIASES: dict[str, str] = {
    "spółdzielnia socjalna osób fizycznych": EntityKind.SOCIAL_COOPERATIVE,
    "spółdzielnia socjalna osób prawnych": EntityKind.SOCIAL_COOPERATIVE,
    "centrum integracji społecznej": EntityKind.CIS,
    "klub integracji społecznej": EntityKind.KIS,
    "zakład aktywności zawodowej": EntityKind.ZAZ,
    "warsztat terapii zajęciowej": EntityKind.WTZ,
    "warsztaty terapii zajęciowej": EntityKind.WTZ,
    "stowarzyszenie zwykłe": EntityKind.ASSOCIATION,
    "stowarzyszenie rejestrowe": EntityKind.ASSOCIATION,
    "związek stowarzyszeń": EntityKind.ASSOCIATION,
    "organizacja pozarządowa": EntityKind.OTHER_NGO,
    "NGO": EntityKind.OTHER_NGO,
    "KGW": EntityKind.OTHER_NGO,
    "koło gospodyń wiejskich": EntityKind.OTHER_NGO,
    "ochotnicza straż pożarna": EntityKind.OTHER_NGO,
    "OSP": EntityKind.OTHER_NGO,
    "klub sportowy": EntityKind.OTHER_NGO,
    "uczniowski klub sportowy": EntityKind.OTHER_NGO,
    "ludowy klub sportowy": EntityKind.OTHER_NGO,
    "kościelna jednostka organizacyjna": EntityKind.CHURCH_LEGAL_PERSON,
    "osoba prawna kościoła": EntityKind.CHURCH_LEGAL_PERSON,
    "spółdzielnia inwalidów": EntityKind.DISABLED_PERSONS_COOPERATIVE,
    "spółdzielnia niewidomych": EntityKind.DISABLED_PERSONS_COOPERATIVE,
    "RSP": EntityKind.AGRICULTURAL_COOPERATIVE,
    "spółka non profit": EntityKind.NON_PROFIT_COMPANY,
    "spółka z o.o. non-profit": EntityKind.NON_PROFIT_COMPANY,
    "sp. z o.o. non-profit": EntityKind.NON_PROFIT_COMPANY,
    "spółka z ograniczoną odpowiedzialnością non-profit": EntityKind.NON_PROFIT_COMPANY,
    "spółka akcyjna non-profit": EntityKind.NON_PROFIT_COMPANY,
}
STATUS_NAMES: dict[str, str] = {
    LifecycleStatus.ACTIVE: "aktywny",
    LifecycleStatus.SUSPENDED: "zawieszony",
    LifecycleStatus.IN_LIQUIDATION: "w likwidacji",
    LifecycleStatus.CLOSED: "zamknięty",
}
STATUS_ALIASES: dict[str, str] = {
    "aktywna": LifecycleStatus.ACTIVE,
    "działa": LifecycleStatus.ACTIVE,
    "działający": LifecycleStatus.ACTIVE,
    "działająca": LifecycleStatus.ACTIVE,
    "zawieszona": LifecycleStatus.SUSPENDED,
    "działalność zawieszona": LifecycleStatus.SUSPENDED,
    "likwidacja": LifecycleStatus.IN_LIQUIDATION,
    "zamknięta": LifecycleStatus.CLOSED,
    "zlikwidowany": LifecycleStatus.CLOSED,
    "zlikwidowana": LifecycleStatus.CLOSED,
    "wykreślony": LifecycleStatus.CLOSED,
    "wykreślona": LifecycleStatus.CLOSED,
}
FOUNDER_NAMES: dict[str, str] = {
    FounderType.NATURAL_PERSONS: "osoby fizyczne",
    FounderType.LEGAL_PERSONS: "osoby prawne",
}
FOUNDER_ALIASES: dict[str, str] = {
    "fizyczne": FounderType.NATURAL_PERSONS,
    "osób fizycznych": FounderType.NATURAL_PERSONS,
    "prawne": FounderType.LEGAL_PERSONS,
    "osób prawnych": FounderType.LEGAL_PERSONS,
}
YES = {"tak", "t", "1", "x", "yes", "y", "true", "prawda", "+"}
NO = {"nie", "n", "0", "no", "false", "falsz", "-"}
BOOLEAN_FIELDS = {"has_paid_activity", "has_economic_activity", "is_public"}
INTEGER_FIELDS = {
    "employees_total",
    "employees_at_risk",
    "employees_disabled",
    "reintegration_participants",
}

_PUNCTUATION = re.compile(r"[\s.,;:!?*\"'“”„«»()\[\]/\\_]+")


def folded_key(text: str) -> str:
    """`text` folded, with punctuation read as spaces: "Sp. z o.o." -> "sp z o o"."""
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


def _aliases(
    choices: Iterable[tuple[str, Any]], names: dict[str, str], extra: dict[str, str]
) -> dict[str, str]:
    """Folded spellings → value: the code, the label in Polish and English, the Polish name
    exports write, a label's parenthesised abbreviation ("CIS") and the extra spellings."""
    found: dict[str, str] = {}
    for value, label in choices:
        spellings = [value, value.replace("_", " "), names.get(value, "")]
        for language in ("pl", "en"):
            with translation.override(language):
                spellings.append(str(label))
        for spelling in spellings:
            match = re.match(r"^(.*?)\s*\((.*)\)\s*$", spelling)
            if match:
                spellings.extend([match[1], match[2]])
        for spelling in spellings:
            if spelling:
                found[folded_key(spelling)] = value
    found.update({folded_key(spelling): value for spelling, value in extra.items()})
    return found


_ALIAS_CACHE: dict[str, dict[str, str]] = {}


def _aliases_for(name: str) -> dict[str, str]:
    if name not in _ALIAS_CACHE:
        if name == "kind":
            _ALIAS_CACHE[name] = _aliases(EntityKind.choices, KIND_NAMES, KIND_ALIASES)
        elif name == "status":
            _ALIAS_CACHE[name] = _aliases(LifecycleStatus.choices, STATUS_NAMES, STATUS_ALIASES)
        else:
            _ALIAS_CACHE[name] = _aliases(FounderType.choices, FOUNDER_NAMES, FOUNDER_ALIASES)
    return _ALIAS_CACHE[name]


def choice_from_text(name: str, text: str) -> str | None:
    """The kind, status or founder type a spreadsheet's value means, or None.

    Exact spellings first; then a value that begins with a known spelling
    ("stowarzyszenie rejestrowe w Kraśniku" is an association)."""
    aliases = _aliases_for(name)
    key = folded_key(text)
    if key in aliases:
        return aliases[key]
    for alias in sorted(aliases, key=len, reverse=True):
        if len(alias) > 3 and key.startswith(alias + " "):
            return aliases[alias]
    return None
