"""Offer tags made before this migration had slugs from a bare slugify, which drops the
letters Unicode does not decompose ("Łączenie" -> "aczenie"); new tags keep them as base
letters (core.text.make_slug: "laczenie"). The directory filters by slug, so the old tags
are given the slug a new tag of their name would get. Tags whose slug does not change are
left alone, numbered ones included."""

import unicodedata

from django.db import migrations
from django.utils.text import slugify

# As core.text.fold when this was written: kept here so the migration does not change.
_EXTRA_FOLDS = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})


def _folded_slug(name):
    text = name.replace("-", " ")
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return slugify(" ".join(text.casefold().split())) or "tag"


def reslug(apps, schema_editor):
    OfferTag = apps.get_model("registry", "OfferTag")
    for tag in OfferTag.objects.order_by("pk"):
        base = _folded_slug(tag.name)
        if (slugify(tag.name) or "tag") == base:
            continue
        slug, n = base, 2
        while OfferTag.objects.filter(slug=slug).exclude(pk=tag.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        if slug != tag.slug:
            tag.slug = slug
            tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_search_terms_text_index")]

    operations = [migrations.RunPython(reslug, migrations.RunPython.noop)]
