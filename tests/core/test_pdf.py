"""core.pdf: Typst templates get their data as JSON and place user text as plain text."""

import io

import pytest
from pypdf import PdfReader

from koordynator.core.pdf import PdfError, render

TEMPLATE = """#let data = json(bytes(sys.inputs.data))
#set text(font: "Libertinus Serif")
= #data.title
#for name in data.names [- #name
]
"""


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_user_text_is_placed_as_text_not_read_as_markup(tmp_path):
    template = tmp_path / "list.typ"
    template.write_text(TEMPLATE, encoding="utf-8")
    names = ["Zażółć Gęślą-Jaźń", "#pagebreak() *bold* _x_ $a$", 'Ann "Quote" [link]']
    pdf = render(template, {"title": "Lista obecności", "names": names})
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    assert "Lista obecności" in text
    for name in names:
        assert name in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_a_missing_or_broken_template_is_a_pdf_error(tmp_path):
    with pytest.raises(PdfError):
        render(tmp_path / "none.typ", {})
    broken = tmp_path / "broken.typ"
    broken.write_text("#let data = json(bytes(sys.inputs.data))\n#data.missing.field", "utf-8")
    with pytest.raises(PdfError):
        render(broken, {})
