"""Markdown for posts and pages, rendered to HTML that is safe to show.

Editors write Markdown (headings, lists, links, tables, quotes). Raw HTML in it passes
through the Markdown parser, so the result always goes through nh3, an allow-list
sanitiser: scripts, styles, event handlers and ``javascript:`` links never reach the page.
Headings are renumbered so that the text's highest heading is an h2 (``#`` and ``##``
alike): the page's own title is the only h1, and no heading level is skipped.
"""

from __future__ import annotations

from xml.etree import ElementTree

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "pre",
    "hr",
    "abbr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}


class _DemoteHeadings(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        headings = [element for element in root.iter() if element.tag in HEADING_LEVELS]
        if not headings:
            return
        shift = 2 - min(HEADING_LEVELS[element.tag] for element in headings)
        for element in headings:
            element.tag = f"h{min(HEADING_LEVELS[element.tag] + shift, 6)}"


class _DemoteHeadingsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown calls it so)
        md.treeprocessors.register(_DemoteHeadings(md), "koordynator_demote_headings", 5)


def render_markdown(text: str) -> SafeString:
    """Markdown to sanitised HTML."""
    html = markdown.markdown(
        text or "",
        extensions=["sane_lists", "tables", "abbr", _DemoteHeadingsExtension()],
        output_format="html",
    )
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 (nh3 kept only the allowed tags and attributes)


def plain_text(text: str) -> str:
    """The words of a Markdown text without markup (feeds, meta descriptions)."""
    return " ".join(strip_tags(render_markdown(text)).split())
