from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from koordynator.registry.enums import EntityKind


class DirectoryForm(forms.Form):
    """The directory's search box and facets, sent by GET; invalid values are ignored."""

    q = forms.CharField(
        label=gettext_lazy("Search: name, offer, place"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("all kinds")), *EntityKind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    social_enterprise = forms.BooleanField(
        label=gettext_lazy("Social enterprises only"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for registry.selectors.entities_filter from the valid fields."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return {
            "q": data.get("q") or None,
            "kind": data.get("kind") or None,
            "is_social_enterprise": True if data.get("social_enterprise") else None,
        }
