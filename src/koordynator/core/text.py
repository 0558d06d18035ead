"""Text helpers shared by every context."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.utils.text import slugify

# Letters that Unicode does not decompose into base letter + combining mark.
_EXTRA_FOLDS = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})


def fold(text: str) -> str:
    """Lower-case `text`, strip diacritics (Polish ł included) and read hyphens as spaces:
    "Łódź" -> "lodz", "Jastrzębie-Zdrój" -> "jastrzebie zdroj"."""
    text = text.replace("-", " ")
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def one_line(text: str | None) -> str:
    """`text` as one line: every run of spaces, tabs and line breaks one space, none at
    either end; None gives ""."""
    return " ".join((text or "").split())


def make_slug(text: str, *, max_length: int | None = None) -> str:
    """An address part made of `text` with Polish letters kept as their base letters
    ("Spotkanie w Łodzi" -> "spotkanie-w-lodzi"; a bare slugify would drop the "ł"),
    at most `max_length` characters, no hyphen at either end. May be empty."""
    value = slugify(fold(text))
    if max_length is not None:
        value = value[:max_length]
    return value.strip("-")


# --- Search terms --------------------------------------------------------------------------
# A light stemmer for folded Polish: it removes one inflectional ending, so that the forms of
# a word people type ("spółdzielni", "spoldzielnia", "spółdzielnie") come to one term
# ("spoldzieln"). It runs on folded text, so text typed without Polish letters gives the same
# terms. Adjectives made from nouns with -ow- lose it too ("rowerowej" -> "rower"), and so do
# those with -iczn- ("poligraficzne" -> "poligraf", as "poligrafia"). It is not a dictionary:
# a few forms with a moving vowel ("kartek", "kartki") are left to typo tolerance.

STOPWORDS = frozenset(
    [
        "a",
        "i",
        "o",
        "u",
        "w",
        "z",
        "we",
        "ze",
        "na",
        "do",
        "od",
        "po",
        "pod",
        "nad",
        "przy",
        "dla",
        "oraz",
        "lub",
        "albo",
        "ul",
        "nr",
        "im",
        "sp",
        "the",
        "of",
        "and",
    ]
)
_DERIVATIONAL = ("owych", "owymi", "owego", "owemu", "owej", "owym", "owa", "owe", "owy", "owo")
_INFLECTIONAL = sorted(
    [
        "iami",
        "iach",
        "iom",
        "iow",
        "ach",
        "ami",
        "ich",
        "ych",
        "ymi",
        "imi",
        "ego",
        "emu",
        "iej",
        "ej",
        "om",
        "ow",
        "em",
        "ie",
        "ia",
        "iu",
        "ii",
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
    ],
    key=len,
    reverse=True,
)
_MIN_STEM = 3
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The term of one folded word: "spoldzielnia" -> "spoldzieln", "rowerowej" -> "rower"."""
    if len(word) <= _MIN_STEM or not word.isalpha():
        return word
    for suffix in _DERIVATIONAL:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    for suffix in _INFLECTIONAL:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
            break
    if word.endswith("iczn") and len(word) >= 9:
        word = word[:-4]
    return word


def search_terms(text: str) -> list[str]:
    """The terms of `text` for search, in order, stop words left out."""
    words = _WORD.findall(fold(text))
    return [stem(word) for word in words if word not in STOPWORDS]
