"""Every permission a context registers has a row in that context's role × action matrix
(`MATRIX` in tests/<context>/test_rules.py, see tests/permissions.py)."""

from __future__ import annotations

import importlib

import rules
from django.apps import apps

from tests.permissions import Matrix


def registered() -> dict[str, set[str]]:
    """The permissions registered with `rules` by koordynator's contexts, by context."""
    by_context: dict[str, set[str]] = {}
    for name in rules.permissions.permissions:
        label = name.split(".", 1)[0]
        if apps.get_app_config(label).name.startswith("koordynator."):
            by_context.setdefault(label, set()).add(name)
    return by_context


def matrix_of(context: str) -> Matrix | None:
    try:
        module = importlib.import_module(f"tests.{context}.test_rules")
    except ModuleNotFoundError:
        return None
    matrix = getattr(module, "MATRIX", None)
    return matrix if isinstance(matrix, Matrix) else None


def test_every_registered_permission_is_in_a_matrix():
    missing = []
    for context, names in sorted(registered().items()):
        matrix = matrix_of(context)
        covered = set(matrix.rows) if matrix else set()
        missing += sorted(names - covered)
    assert not missing, "permissions without a row in their context's matrix: " + ", ".join(missing)


def test_every_row_is_a_registered_permission():
    names = set().union(*registered().values())
    unknown = []
    for context in sorted(registered()):
        matrix = matrix_of(context)
        unknown += sorted(set(matrix.rows) - names) if matrix else []
    assert not unknown, "rows for permissions no rule registers: " + ", ".join(unknown)
