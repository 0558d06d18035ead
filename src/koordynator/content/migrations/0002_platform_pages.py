"""The platform's fixed pages (accessibility statement, privacy, contact) with their default
text, so that the links at the foot of every page never lead to an empty page."""

from django.db import migrations

from koordynator.content.defaults import default_page_text

SLUGS = ["accessibility-statement", "privacy", "contact"]


def create_pages(apps, schema_editor):
    Page = apps.get_model("content", "Page")
    for slug in SLUGS:
        if not Page.objects.filter(region__isnull=True, slug=slug).exists():
            text = default_page_text(slug, None)
            Page.objects.create(region=None, slug=slug, title=text.title, body=text.body)


def remove_pages(apps, schema_editor):
    apps.get_model("content", "Page").objects.filter(region__isnull=True, slug__in=SLUGS).delete()


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]

    operations = [migrations.RunPython(create_pages, remove_pages)]
