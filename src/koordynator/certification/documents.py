"""The certificate of a licence (PDF, made by core.pdf from typst/certificate.typ)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from koordynator.core.pdf import render

from .models import Licence

TEMPLATES = Path(__file__).resolve().parent / "typst"


def certificate_pdf(licence: Licence, site_url: str) -> bytes:
    """One A4 page: the holder, the product or service, the licence's number and dates,
    and the code anybody can check on the public page."""
    item = licence.item
    application = item.application
    verify_url = site_url.rstrip("/") + reverse(
        "certification:verify_code", args=[licence.verification_code]
    )
    data: dict[str, Any] = {
        "issuer": application.call.region.coordinator_name,
        "holder": application.entity.name,
        "item": item.name,
        "kind": item.get_kind_display(),
        "category": item.get_category_display(),
        "number": licence.number,
        "code": licence.verification_code,
        "valid_from": formats.date_format(licence.valid_from, "j E Y"),
        "valid_until": formats.date_format(licence.valid_until, "j E Y"),
        "verify_url": verify_url,
        "labels": {
            "heading": _("Certificate"),
            "mark": "Zakup Prospołeczny",
            "confirms": _("confirms that"),
            "granted": _(
                "has been granted the licence to use the promotional mark of the "
                "social economy “Zakup Prospołeczny” for"
            ),
            "number": _("Licence number"),
            "valid": _("Valid from %(start)s to %(end)s")
            % {
                "start": formats.date_format(licence.valid_from, "j E Y"),
                "end": formats.date_format(licence.valid_until, "j E Y"),
            },
            "code": _("Verification code"),
            "verify": _("Check that the licence is valid at"),
        },
    }
    return render(TEMPLATES / "certificate.typ", data)
