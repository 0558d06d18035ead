"""Form widgets shared by every context."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import SafeString, mark_safe


class PlainSelect(forms.Select):
    """A <select> of flat choices (no groups) written in Python. Django renders every
    option through a template of its own, which costs tens of milliseconds for the 380
    powiats of the whole country."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = set(self.format_value(value))
        options = []
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            selected = " selected" if text in chosen else ""
            options.append(
                f'<option value="{escape(text)}"{selected}>{escape(str(label))}</option>'
            )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        # Every name, value and label above is escaped.
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{"".join(options)}</select>')  # noqa: S308


class FlatChoices(BaseChoiceIterator):
    """Choices already flat (value, label) pairs. A field and its widget take them as they
    are, where a plain list would be normalised pair by pair, twice, on every form (about
    10 ms for the 380 powiats of the whole country)."""

    def __init__(self, choices: list[tuple[Any, Any]]) -> None:
        self.choices = choices

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)
