"""Deleting a record that other records may still name."""

from __future__ import annotations

from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from .api import Conflict


def delete_unless_referred(instance: models.Model, *, name: str) -> None:
    """Delete `instance`, or raise `Conflict` (409 in the API, a message on a page) naming
    the kinds of records whose protected foreign keys still point at it, instead of the
    ProtectedError a server error would show. Nothing is deleted then."""
    try:
        with transaction.atomic():
            instance.delete()
    except ProtectedError as error:
        referring = error.protected_objects
    except RestrictedError as error:
        referring = error.restricted_objects
    else:
        return
    kinds = sorted({str(type(record)._meta.verbose_name_plural) for record in referring})
    raise Conflict(
        _("“%(name)s” cannot be deleted while these refer to it: %(records)s.")
        % {"name": name, "records": ", ".join(kinds)}
    )
