from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext_lazy

from koordynator.core.forms import StyledForm
from koordynator.core.widgets import FlatChoices, PlainSelect
from koordynator.registry.enums import EntityKind
from koordynator.registry.models import Sector
from koordynator.registry.selectors import offer_tag_choices
from koordynator.territory.models import Region
from koordynator.territory.selectors import units_list

# Facet counts and the choices of the filters (the products on offer among them) cover a
# whole region; they are kept this long (seconds), as the map data's HTTP max-age.
FACET_MAX_AGE = 60

SORTS = {
    "": None,  # best match first when searching, else by name
    "name": ["name", "id"],
    "-name": ["-name", "-id"],
    "newest": ["-created_at", "-id"],
}


def _choices(region: Region | None) -> dict[str, list[tuple[str, str]]]:
    """The powiats, the products and services on offer and the sectors a region's
    directory offers (every region: None), as (value, label)."""
    powiats = units_list(level="powiat", parent=region.code if region else None)
    return {
        "powiat": list(powiats.order_by("name", "code").values_list("code", "name")),
        "offer": offer_tag_choices(region),
        "sector": [(s.code, str(s)) for s in Sector.objects.order_by("code")],
    }


class StaleChoiceField(forms.ChoiceField):
    """A filter whose value may no longer be a choice (a gmina of the powiat chosen
    before, a product no one offers any more): such a value is dropped, not an error."""

    def clean(self, value: Any) -> str:
        value = self.to_python(value)
        return value if self.valid_value(value) else ""


class DirectoryForm(StyledForm):
    """The directory's search box and facets, sent by GET; invalid values are ignored."""

    q = forms.CharField(
        label=gettext_lazy("Search: name, offer, place"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("all kinds")), *EntityKind.choices],
        widget=PlainSelect,
    )
    powiat = forms.ChoiceField(
        label=gettext_lazy("Powiat"),
        required=False,
        widget=PlainSelect,
    )
    gmina = StaleChoiceField(
        label=gettext_lazy("Gmina"),
        required=False,
        widget=PlainSelect,
    )
    offer = StaleChoiceField(
        label=gettext_lazy("Products and services"),
        required=False,
        widget=PlainSelect,
    )
    sector = forms.ChoiceField(
        label=gettext_lazy("Sector (PKD)"),
        required=False,
        widget=PlainSelect,
    )
    social_enterprise = forms.BooleanField(
        label=gettext_lazy("Social enterprises only"),
        required=False,
    )
    certified = forms.BooleanField(
        label=gettext_lazy("With the “Zakup Prospołeczny” mark"),
        required=False,
    )
    sort = forms.ChoiceField(
        label=gettext_lazy("Order"),
        required=False,
        choices=[
            ("", gettext_lazy("best match")),
            ("name", gettext_lazy("name A–Z")),
            ("-name", gettext_lazy("name Z–A")),
            ("newest", gettext_lazy("newest in the directory")),
        ],
        widget=PlainSelect,
    )

    def __init__(self, *args: Any, region: Region | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = cache.get_or_set(
            # Per language: the sectors' names are the reader's.
            f"portal:choices:{region.pk if region else 'all'}:{translation.get_language()}",
            lambda: _choices(region),
            FACET_MAX_AGE,
        ) or _choices(region)
        self._set_choices("powiat", gettext_lazy("all powiats"), choices["powiat"])
        # A powiat's gminas; without a powiat, the list would be the whole country's.
        powiat = self.data.get("powiat", "")
        powiat_field = self.fields["powiat"]
        assert isinstance(powiat_field, forms.ChoiceField)
        gminas = (
            units_list(level="gmina", parent=powiat).order_by("name", "code")
            if powiat and powiat_field.valid_value(powiat)
            else []
        )
        self._set_choices(
            "gmina",
            gettext_lazy("all gminas") if gminas else gettext_lazy("choose a powiat first"),
            ((unit.code, unit.display_name) for unit in gminas),
        )
        if not gminas:
            self.fields["gmina"].widget.attrs["disabled"] = True
        self._set_choices("offer", gettext_lazy("all products and services"), choices["offer"])
        self._set_choices("sector", gettext_lazy("all sectors"), choices["sector"])

    def _set_choices(self, name: str, blank: Any, choices: Iterable[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = FlatChoices([("", blank), *choices])

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for registry.selectors.entities_filter from the valid fields."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return {
            "q": data.get("q") or None,
            "kind": data.get("kind") or None,
            "powiat": data.get("powiat") or None,
            "gmina": data.get("gmina") or None,
            "offer_tag": data.get("offer") or None,
            "sector": data.get("sector") or None,
            "is_social_enterprise": True if data.get("social_enterprise") else None,
        }

    def more_filters_chosen(self) -> bool:
        """Whether a filter besides the words and the kind is chosen (they show open)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        more = ("powiat", "gmina", "offer", "sector", "social_enterprise", "certified", "sort")
        return any(data.get(name) for name in more)

    def certified_only(self) -> bool:
        """Only entities holding a valid licence of the mark (applied by the view: the
        registry knows nothing of the mark)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return bool(data.get("certified"))

    def ordering(self) -> list[str] | None:
        """The chosen order of the results; None for the default."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return SORTS.get(data.get("sort") or "")
