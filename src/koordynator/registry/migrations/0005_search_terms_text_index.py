"""On PostgreSQL, a GIN index over the search strings as a text-search vector, so that a
search whose words are all common finds the entities holding every word without reading
the whole table (`search._every_term`). Other databases search without it."""

from django.db import migrations

INDEX = "registry_entity_search_terms_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON registry_entity "
            "USING gin (to_tsvector('simple'::regconfig, search_name || search_text))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_entity_kind_name_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
