from hypothesis import given
from hypothesis import strategies as st

from koordynator.core.text import fold, make_slug, one_line


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


def test_one_line_squeezes_every_run_of_white_space():
    assert one_line("  Zebranie\n\tsieci  lokalnej ") == "Zebranie sieci lokalnej"
    assert one_line(None) == ""


def test_make_slug_keeps_polish_letters_as_their_base_letters():
    assert make_slug("Spotkanie w Łodzi") == "spotkanie-w-lodzi"
    assert make_slug("Usługi ślusarskie — spawanie") == "uslugi-slusarskie-spawanie"
    assert make_slug("abc def ghi", max_length=4) == "abc"
    assert make_slug("!!!") == ""
