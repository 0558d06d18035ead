from hypothesis import given
from hypothesis import strategies as st

from koordynator.core.text import fold


def test_fold_strips_polish_letters_and_case():
    assert fold("Łódź") == "lodz"
    assert fold("ZAŻÓŁĆ GĘŚLĄ JAŹŃ") == "zazolc gesla jazn"
    assert fold("Skarżysko-Kamienna") == "skarzysko kamienna"
    assert fold("  Spółdzielnia   Socjalna ") == "spoldzielnia socjalna"


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet="aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄBCĆDEĘFGHIJKLŁMNŃOÓPRSŚTUWYZŹŻ -"))
def test_fold_of_polish_text_is_plain_ascii(text):
    assert fold(text).isascii()
