"""Text helpers shared by every context."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into base letter + combining mark.
_EXTRA_FOLDS = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})


def fold(text: str) -> str:
    """Lower-case `text`, strip diacritics (Polish ł included) and read hyphens as spaces:
    "Łódź" -> "lodz", "Jastrzębie-Zdrój" -> "jastrzebie zdroj"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS).replace("-", " "))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
