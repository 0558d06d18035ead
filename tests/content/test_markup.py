"""Markdown is rendered to HTML that is safe to show."""

import pytest

from koordynator.content.markup import plain_text, render_markdown


@pytest.mark.parametrize(
    "dangerous",
    [
        "<script>alert('x')</script>",
        "<SCRIPT src=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "[kliknij](javascript:alert(1))",
        '<a href="javascript:alert(1)">kliknij</a>',
        "<iframe src=https://evil.example></iframe>",
        '<p style="background:url(javascript:alert(1))" onclick="alert(1)">tekst</p>',
        "<style>body{display:none}</style>",
    ],
)
def test_dangerous_markup_is_removed(dangerous):
    html = render_markdown(f"Tekst\n\n{dangerous}\n\nKoniec").lower()
    for fragment in [
        "<script",
        "alert(",
        "javascript:",
        "onerror",
        "onclick",
        "<iframe",
        "<style",
        "style=",
    ]:
        assert fragment not in html
    assert "<p>tekst</p>" in html
    assert "koniec" in html


def test_script_content_is_dropped_not_shown_as_text():
    assert str(render_markdown("<script>alert(1)</script>")) == ""


def test_the_highest_heading_becomes_h2_and_levels_stay_in_order():
    assert "<h2>Program</h2>" in render_markdown("## Program\n\ntekst")
    html = render_markdown("## Program\n\n#### Szczegóły")
    assert "<h2>Program</h2>" in html
    assert "<h4>Szczegóły</h4>" in html


def test_headings_move_down_and_lists_render():
    html = render_markdown("# Program\n\n## Szczegóły\n\n1. pierwszy\n2. drugi\n\n- punkt")
    assert "<h2>Program</h2>" in html
    assert "<h3>Szczegóły</h3>" in html
    assert "<h1>" not in html
    assert "<ol>\n<li>pierwszy</li>\n<li>drugi</li>\n</ol>" in html
    assert "<ul>\n<li>punkt</li>\n</ul>" in html


def test_links_and_tables_are_kept():
    html = render_markdown(
        "[ROPS](https://rops.example/) i [e-mail](mailto:biuro@rops.example)\n\n"
        "| Cel | Podstawa |\n|---|---|\n| rekrutacja | art. 6 |"
    )
    assert '<a href="https://rops.example/" rel="noopener noreferrer">ROPS</a>' in html
    assert 'href="mailto:biuro@rops.example"' in html
    assert "<th>Cel</th>" in html
    assert "<td>rekrutacja</td>" in html


def test_plain_text_has_no_markup():
    assert plain_text("## Program\n\n**Ważne**: <b>spotkanie</b>") == "Program Ważne: spotkanie"
