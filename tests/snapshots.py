"""Copies of the test database and of the stored files, to put a loaded state back cheaply.

Loading the demo (or the shipped territory) through the services takes seconds; putting a
copy of its rows back takes a fraction of that. Two kinds of copy:

- the whole database, put back outside any transaction (`copy_database`/`restore_database`),
  for transactional (browser) tests whose database is emptied after each test;
- the rows of the tables a load changed, put back inside the test's transaction
  (`copy_changes`/`restore_changes`), for tests that read the demo and roll back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def _table_names(connection: Any) -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _quoted(connection: Any, table: str) -> str:
    return str(connection.ops.quote_name(table))


def copy_database(connection: Any) -> Any:
    """Every table of the database as it is now (SQLite's backup API, PostgreSQL's COPY)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        import sqlite3

        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy
    return _copy_pg(connection, _table_names(connection))


def restore_database(connection: Any, copy: Any) -> None:
    """Put back what `copy_database` kept (PostgreSQL's COPY in one transaction, where the
    foreign keys are checked at the end)."""
    from django.db import transaction

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy.backup(connection.connection)
    else:
        with transaction.atomic():
            _restore_pg(connection, copy, truncate=True)
    _forget_cached_rows()


@dataclass(frozen=True)
class Changes:
    """The rows of the tables that differ from the state `copy_changes` was first given."""

    vendor: str
    tables: dict[str, Any]


def table_contents(connection: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to tell afterwards which tables a load changed."""
    contents = {}
    with connection.cursor() as cursor:
        for table in _table_names(connection):
            cursor.execute(f"SELECT * FROM {_quoted(connection, table)}")
            contents[table] = sorted(cursor.fetchall(), key=repr)
    return contents


def copy_changes(connection: Any, before: dict[str, list[tuple[Any, ...]]]) -> Changes:
    """The rows of each table whose contents differ from `before` (see `table_contents`)."""
    now = table_contents(connection)
    changed = [table for table, rows in now.items() if rows != before.get(table)]
    if connection.vendor == "sqlite":
        return Changes("sqlite", {table: now[table] for table in changed})
    return Changes(connection.vendor, _copy_pg(connection, changed))


def restore_changes(connection: Any, changes: Changes) -> None:
    """Replace the rows of the changed tables by the copy, inside the current transaction.

    Foreign keys are deferred to the end of the transaction on both databases, so tables
    may be emptied and filled in any order.
    """
    if changes.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table, rows in changes.tables.items():
                name = _quoted(connection, table)
                cursor.execute(f"DELETE FROM {name}")
                if rows:
                    marks = ", ".join(["%s"] * len(rows[0]))
                    cursor.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)
    else:
        _restore_pg(connection, changes.tables, truncate=False)
    _forget_cached_rows()


def _copy_pg(connection: Any, tables: list[str]) -> dict[str, bytes]:
    contents = {}
    with connection.cursor() as cursor:
        for table in tables:
            with cursor.cursor.copy(f"COPY {_quoted(connection, table)} TO STDOUT") as copy:
                contents[table] = b"".join(bytes(block) for block in copy)
    return contents


def _restore_pg(connection: Any, copy: dict[str, bytes], *, truncate: bool) -> None:
    from django.apps import apps
    from django.core.management.color import no_style

    names = {table: _quoted(connection, table) for table in copy}
    with connection.cursor() as cursor:
        if truncate:
            cursor.execute(f"TRUNCATE {', '.join(names.values())} RESTART IDENTITY CASCADE")
        else:
            for name in names.values():
                cursor.execute(f"DELETE FROM {name}")
        for table, rows in copy.items():
            if rows:
                with cursor.cursor.copy(f"COPY {names[table]} FROM STDIN") as writer:
                    writer.write(rows)
        models = [
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.db_table in copy
        ]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def _forget_cached_rows() -> None:
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def copy_files(storage: Any, directory: str = "") -> dict[str, bytes]:
    directories, files = storage.listdir(directory)
    found = {}
    for name in files:
        path = f"{directory}/{name}" if directory else name
        with storage.open(path) as stored:
            found[path] = stored.read()
    for name in directories:
        found.update(copy_files(storage, f"{directory}/{name}" if directory else name))
    return found


def restore_files(storage: Any, files: dict[str, bytes]) -> None:
    """Put back the files a test deleted (others it added do no harm)."""
    from django.core.files.base import ContentFile

    for path, content in files.items():
        if not storage.exists(path):
            storage.save(path, ContentFile(content))
