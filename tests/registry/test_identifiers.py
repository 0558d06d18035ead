"""Properties of NIP, REGON and KRS normalisation: however a valid number is written, it
comes out as its digits; a wrong check digit or a wrong length is refused."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from koordynator.registry.identifiers import normalise_krs, normalise_nip, normalise_regon

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON_9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
REGON_14_WEIGHTS = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(weight * int(digit) for weight, digit in zip(weights, digits, strict=True)) % 11


@st.composite
def valid_nips(draw: st.DrawFn) -> str:
    body = draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    check = _weighted(body, NIP_WEIGHTS)
    # No NIP is issued whose check would be 10.
    assume(check != 10)
    return body + str(check)


@st.composite
def valid_regons(draw: st.DrawFn) -> str:
    body = draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    regon = body + str(_weighted(body, REGON_9_WEIGHTS) % 10)
    if draw(st.booleans()):
        local = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
        regon += local + str(_weighted(regon + local, REGON_14_WEIGHTS) % 10)
    return regon


@st.composite
def written(draw: st.DrawFn, digits: str, prefixes: tuple[str, ...] = ("",)) -> str:
    """`digits` as a person may type them: separators anywhere, a prefix, padding."""
    separator = st.sampled_from(["", "", "-", " ", ".", "  ", " - ", "\t"])
    parts = [draw(st.sampled_from(prefixes)), draw(separator)]
    for digit in digits:
        parts += [digit, draw(separator)]
    return "".join(parts)


def _with_other_last_digit(number: str, data: st.DataObject) -> str:
    other = data.draw(st.sampled_from([d for d in "0123456789" if d != number[-1]]))
    return number[:-1] + other


@given(st.data(), valid_nips())
def test_a_valid_nip_however_written_normalises_to_its_ten_digits(data, nip):
    text = data.draw(written(nip, prefixes=("", "PL", "pl", "Pl ")))
    assert normalise_nip(text) == nip


@given(st.data(), valid_nips())
def test_a_nip_with_a_changed_check_digit_is_refused(data, nip):
    changed = _with_other_last_digit(nip, data)
    with pytest.raises(ValidationError) as refused:
        normalise_nip(data.draw(written(changed)))
    assert refused.value.code == "nip_checksum"


@given(st.text(alphabet="0123456789", min_size=1, max_size=20).filter(lambda n: len(n) != 10))
def test_a_nip_of_other_than_ten_digits_is_refused(number):
    with pytest.raises(ValidationError) as refused:
        normalise_nip(number)
    assert refused.value.code == "nip_format"


@given(st.data(), valid_regons())
def test_a_valid_regon_however_written_normalises_to_its_digits(data, regon):
    assert normalise_regon(data.draw(written(regon))) == regon


@given(st.data(), valid_regons())
def test_a_regon_with_a_changed_check_digit_is_refused(data, regon):
    with pytest.raises(ValidationError) as refused:
        normalise_regon(_with_other_last_digit(regon, data))
    assert refused.value.code == "regon_checksum"


@given(st.integers(min_value=1, max_value=9_999_999_999), st.data())
def test_a_krs_without_its_leading_zeros_normalises_to_ten_digits(number, data):
    assert normalise_krs(data.draw(written(str(number)))) == f"{number:010d}"
    assert normalise_krs(f"{number:010d}") == f"{number:010d}"


@given(st.text(alphabet="0123456789", min_size=11, max_size=20))
def test_a_krs_of_more_than_ten_digits_is_refused(number):
    with pytest.raises(ValidationError) as refused:
        normalise_krs(number)
    assert refused.value.code == "krs_format"


@given(st.text())
def test_normalising_any_text_gives_digits_or_a_validation_error(text):
    for normalise in (normalise_nip, normalise_regon, normalise_krs):
        try:
            result = normalise(text)
        except ValidationError:
            continue
        assert result == "" or result.isdigit()
