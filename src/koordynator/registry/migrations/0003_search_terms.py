from django.db import migrations, models


def index_entities(apps, schema_editor):
    """Fill the new search strings of every entity (they held folded text before)."""
    from koordynator.registry.search import documents

    Entity = apps.get_model("registry", "Entity")
    SearchTerm = apps.get_model("registry", "SearchTerm")
    terms = set()
    batch = []
    for entity in Entity.objects.select_related("gmina").iterator(chunk_size=1000):
        entity.search_name, entity.search_text = documents(entity)
        terms.update(entity.search_name.split())
        terms.update(entity.search_text.split())
        batch.append(entity)
        if len(batch) >= 1000:
            Entity.objects.bulk_update(batch, ["search_name", "search_text"])
            batch.clear()
    Entity.objects.bulk_update(batch, ["search_name", "search_text"])
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=term, length=len(term)) for term in terms if len(term) <= 100],
        ignore_conflicts=True,
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_pkd_sectors"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("term", models.CharField(max_length=100, unique=True)),
                ("length", models.PositiveSmallIntegerField(db_index=True)),
            ],
        ),
        migrations.AddField(
            model_name="entity",
            name="search_name",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(index_entities, migrations.RunPython.noop),
    ]
