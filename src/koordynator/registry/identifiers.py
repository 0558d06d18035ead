"""Polish identifiers of entities: NIP, REGON, KRS. Checked by format and check digit."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

_SEPARATORS = re.compile(r"[\s\-.]")


def compact(value: str) -> str:
    """Drop spaces, dashes and dots, and a leading "PL" country prefix of a NIP."""
    value = _SEPARATORS.sub("", value or "").upper()
    return value.removeprefix("PL")


def normalise_nip(value: str) -> str:
    number = compact(value)
    if not number:
        return ""
    if not number.isdigit() or len(number) != 10:
        raise ValidationError(
            _("NIP %(value)s must have 10 digits.") % {"value": value}, code="nip_format"
        )
    try:
        return str(stdnum_nip.validate(number))
    except InvalidChecksum as error:
        raise ValidationError(
            _("NIP %(value)s has a wrong check digit.") % {"value": number}, code="nip_checksum"
        ) from error
    except StdnumError as error:
        raise ValidationError(
            _("NIP %(value)s is not valid.") % {"value": number}, code="nip"
        ) from error


def normalise_regon(value: str) -> str:
    number = compact(value)
    if not number:
        return ""
    if not number.isdigit() or len(number) not in (9, 14):
        raise ValidationError(
            _("REGON %(value)s must have 9 or 14 digits.") % {"value": value}, code="regon_format"
        )
    try:
        return str(stdnum_regon.validate(number))
    except InvalidChecksum as error:
        raise ValidationError(
            _("REGON %(value)s has a wrong check digit.") % {"value": number},
            code="regon_checksum",
        ) from error
    except StdnumError as error:
        raise ValidationError(
            _("REGON %(value)s is not valid.") % {"value": number}, code="regon"
        ) from error


def normalise_krs(value: str) -> str:
    """KRS numbers have 10 digits and no check digit; leading zeros are often dropped."""
    number = compact(value)
    if not number:
        return ""
    if not number.isdigit() or len(number) > 10:
        raise ValidationError(
            _("KRS %(value)s must be a number of up to 10 digits.") % {"value": value},
            code="krs_format",
        )
    number = number.zfill(10)
    if number == "0000000000":
        raise ValidationError(_("KRS %(value)s is not valid.") % {"value": value}, code="krs")
    return number
