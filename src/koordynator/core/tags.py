"""Tags by name: each context keeps its own tag model (a name and a unique slug), and every
one of them finds or creates its tags the same way."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db import IntegrityError, models, transaction

from .text import make_slug, one_line

TagModel = TypeVar("TagModel", bound=models.Model)


def free_slug(model: type[models.Model], name: str) -> str:
    """The slug of `name` (Polish letters kept as base letters), with "-2", "-3"... when a
    row of `model` already has it, within the slug column's length: a name as long as its
    column, or with letters that come apart ("ﬁ" is "fi"), would otherwise give a slug
    PostgreSQL refuses."""
    field = model._meta.get_field("slug")
    assert isinstance(field, models.SlugField)
    limit = field.max_length or 50
    base = make_slug(name, max_length=limit) or "tag"
    rows = model._default_manager
    candidate, n = base, 2
    while rows.filter(slug=candidate).exists():
        suffix = f"-{n}"
        candidate, n = base[: limit - len(suffix)].rstrip("-") + suffix, n + 1
    return candidate


def tags_for(model: type[TagModel], names: Iterable[str], *, max_length: int) -> list[TagModel]:
    """The tags of `model` with these names, in order: spaces squeezed, at most
    `max_length` characters, any case matching an existing tag, each name once; a name no
    tag has yet becomes a new tag."""
    wanted: dict[str, str] = {}
    for raw in names:
        name = one_line(raw)[:max_length]
        if name and name.casefold() not in wanted:
            wanted[name.casefold()] = name
    rows = model._default_manager
    found = {key: rows.filter(name__iexact=name).first() for key, name in wanted.items()}
    # New tags are written in one order, whatever the order asked: two transactions
    # inserting the same new names in opposite orders would wait for each other.
    for key in sorted(key for key, tag in found.items() if tag is None):
        found[key] = _created(model, wanted[key])
    return [tag for tag in found.values() if tag is not None]


def _created(model: type[TagModel], name: str) -> TagModel:
    """A new tag named `name`. Between the look-up and the insert another request may
    create the same name, or take the slug: its row, once committed, is the tag, or the
    slug is chosen again. Without this, parallel writes naming a new tag answered 500."""
    rows = model._default_manager
    for _attempt in range(3):
        slug = free_slug(model, name)
        try:
            with transaction.atomic():
                return rows.create(name=name, slug=slug)
        except IntegrityError:
            tag = rows.filter(name__iexact=name).first()
            if tag is not None:
                return tag
    return rows.create(name=name, slug=free_slug(model, name))
