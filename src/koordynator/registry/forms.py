"""One validation path for entity data: the staff form, the API and the import all use it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koordynator.accounts.models import Organisation
from koordynator.core.forms import DateWidget, IntegerNumberField
from koordynator.territory.models import Region, TerritorialUnit

from . import identifiers
from .enums import EntityKind
from .models import Entity, Sector

PKD_PATTERN = r"^\d{2}\.\d{2}\.[A-Z]$"

ENTITY_FIELDS = [
    "name",
    "short_name",
    "kind",
    "founder_type",
    "description",
    "offer",
    "main_pkd",
    "nip",
    "regon",
    "krs",
    "address",
    "postal_code",
    "locality",
    "gmina",
    "latitude",
    "longitude",
    "email",
    "phone",
    "website",
    "has_paid_activity",
    "has_economic_activity",
    "employees_total",
    "employees_at_risk",
    "employees_disabled",
    "reintegration_participants",
    "year_founded",
    "support_centre",
    "status",
    "status_since",
    "is_public",
]
# What an entity's representative may change in its public profile.
PUBLIC_PROFILE_FIELDS = [
    "short_name",
    "description",
    "offer",
    "address",
    "postal_code",
    "locality",
    "email",
    "phone",
    "website",
]


class _PreloadableChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that looks its value up in `preloaded` (key -> object) when set,
    instead of one query per value: EntityChecker checks many rows with the same choices."""

    preloaded: dict[str, Any] | None = None

    def to_python(self, value: Any) -> Any:
        if self.preloaded is None or value in self.empty_values:
            return super().to_python(value)
        found = self.preloaded.get(str(value))
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class GminaField(_PreloadableChoiceField):
    """A gmina given by its 7-digit TERYT code."""

    default_error_messages = {
        "invalid_choice": gettext_lazy("There is no gmina with the TERYT code %(value)s."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=TerritorialUnit.objects.filter(level="gmina", is_active=True),
            to_field_name="code",
            **kwargs,
        )

    def label_from_instance(self, obj: TerritorialUnit) -> str:
        return f"{obj.name} ({obj.get_gmina_type_display()}, {obj.code})"


class SupportCentreField(_PreloadableChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Organisation.objects.filter(kind="support_centre"), **kwargs)


class Lookups:
    """What checking entity data looks up: PKD divisions and the voivodeships the platform
    serves. One query per question; PreloadedLookups answers many rows from memory."""

    def sectors(self, codes: list[str]) -> dict[str, Sector]:
        return {sector.code: sector for sector in Sector.objects.filter(code__in=codes)}

    def serves(self, voivodeship_code: str) -> bool:
        return Region.objects.filter(voivodeship__code=voivodeship_code).exists()


class PreloadedLookups(Lookups):
    def __init__(self) -> None:
        self._sectors = {sector.code: sector for sector in Sector.objects.all()}
        self._served = set(Region.objects.values_list("voivodeship__code", flat=True))

    def sectors(self, codes: list[str]) -> dict[str, Sector]:
        return {code: self._sectors[code] for code in codes if code in self._sectors}

    def serves(self, voivodeship_code: str) -> bool:
        return voivodeship_code in self._served


class EntityForm(forms.ModelForm):
    gmina = GminaField(label=gettext_lazy("Gmina (TERYT code)"))
    support_centre = SupportCentreField(label=gettext_lazy("Support centre (OWES)"), required=False)
    sectors = forms.CharField(
        label=gettext_lazy("Sectors (PKD divisions)"),
        required=False,
        help_text=gettext_lazy("Two-digit PKD divisions separated by commas, e.g. 56, 81, 88."),
    )
    offer_tags = forms.CharField(
        label=gettext_lazy("Offer tags"),
        required=False,
        help_text=gettext_lazy("Separated by commas, e.g. catering, sprzątanie, szycie."),
    )
    main_pkd = forms.RegexField(
        label=gettext_lazy("Main PKD code"),
        regex=PKD_PATTERN,
        required=False,
        error_messages={"invalid": gettext_lazy("Enter a PKD code like 88.99.Z.")},
    )
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")
    # Identifiers arrive with spaces and dashes; clean_* compacts and checks them.
    nip = forms.CharField(label="NIP", max_length=20, required=False)
    regon = forms.CharField(label="REGON", max_length=20, required=False)
    krs = forms.CharField(label="KRS", max_length=20, required=False)
    postal_code = forms.RegexField(
        label=gettext_lazy("Postal code"),
        regex=r"^\d{2}-\d{3}$",
        required=False,
        error_messages={"invalid": gettext_lazy("Enter a postal code like 20-001.")},
    )

    class Meta:
        model = Entity
        fields = ENTITY_FIELDS
        field_classes = dict.fromkeys(
            (
                "employees_total",
                "employees_at_risk",
                "employees_disabled",
                "reintegration_participants",
            ),
            IntegerNumberField,
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "offer": forms.Textarea(attrs={"rows": 3}),
            "status_since": DateWidget(),
        }

    def __init__(
        self,
        *args: Any,
        check_identifiers_unique: bool = True,
        lookups: Lookups | None = None,
        **kwargs: Any,
    ) -> None:
        # A bulk import checks identifier uniqueness for all rows at once and passes False.
        self.check_identifiers_unique = check_identifiers_unique
        self.lookups = lookups or Lookups()
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["gmina"] = self.instance.gmina.code
            self.initial["sectors"] = ", ".join(s.code for s in self.instance.sectors.all())
            self.initial["offer_tags"] = ", ".join(t.name for t in self.instance.offer_tags.all())

    def _unique(self, field: str, value: str) -> str:
        if (
            value
            and self.check_identifiers_unique
            and Entity.objects.filter(**{field: value}).exclude(pk=self.instance.pk).exists()
        ):
            raise ValidationError(
                _("An entity with %(field)s %(value)s is already in the registry.")
                % {"field": field.upper(), "value": value},
                code="unique",
            )
        return value

    def clean_nip(self) -> str:
        return self._unique("nip", identifiers.normalise_nip(self.cleaned_data.get("nip", "")))

    def clean_regon(self) -> str:
        return self._unique(
            "regon", identifiers.normalise_regon(self.cleaned_data.get("regon", ""))
        )

    def clean_krs(self) -> str:
        return self._unique("krs", identifiers.normalise_krs(self.cleaned_data.get("krs", "")))

    def clean_main_pkd(self) -> str:
        code = (self.cleaned_data.get("main_pkd") or "").upper()
        if code and not self.lookups.sectors([code[:2]]):
            raise ValidationError(_("PKD division %(code)s does not exist.") % {"code": code[:2]})
        return code

    def clean_sectors(self) -> list[Sector]:
        codes = [
            c.strip().zfill(2)
            for c in self.cleaned_data.get("sectors", "").replace(";", ",").split(",")
            if c.strip()
        ]
        found = self.lookups.sectors(codes)
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise ValidationError(
                _("Unknown PKD divisions: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [found[code] for code in dict.fromkeys(codes)]

    def clean_offer_tags(self) -> list[str]:
        names = [n.strip() for n in self.cleaned_data.get("offer_tags", "").split(",") if n.strip()]
        too_long = [n for n in names if len(n) > 80]
        if too_long:
            raise ValidationError(_("A tag can have at most 80 characters."))
        return list(dict.fromkeys(names))

    def clean_year_founded(self) -> int | None:
        year = self.cleaned_data.get("year_founded")
        if year is not None and not 1800 <= year <= timezone.localdate().year:
            raise ValidationError(
                _("Enter a year between 1800 and %(year)s.") % {"year": timezone.localdate().year}
            )
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        if latitude is not None and not 49.0 <= latitude <= 54.9:
            self.add_error("latitude", _("The point must lie in Poland (latitude 49–54.9)."))
        if longitude is not None and not 14.1 <= longitude <= 24.2:
            self.add_error("longitude", _("The point must lie in Poland (longitude 14.1–24.2)."))
        if data.get("kind") != EntityKind.SOCIAL_COOPERATIVE:
            data["founder_type"] = ""
        total = data.get("employees_total")
        for field, message in (
            ("employees_at_risk", _("Employees at risk of exclusion cannot exceed all employees.")),
            ("employees_disabled", _("Employees with disabilities cannot exceed all employees.")),
        ):
            part = data.get(field)
            if total is not None and part is not None and part > total:
                self.add_error(field, message)
        gmina = data.get("gmina")
        if gmina is not None and not self.lookups.serves(gmina.code[:2]):
            self.add_error(
                "gmina", _("This gmina lies in a voivodeship this platform does not serve.")
            )
        return data

    def _get_validation_exclusions(self) -> set[str]:
        """The model's constraints on these fields are checked above in Python
        (identifiers in clean_*, employee counts and founders in clean), sparing a query
        per constraint on every row of an import; the database still enforces them."""
        return super()._get_validation_exclusions() | {  # type: ignore[misc]
            "nip",
            "regon",
            "krs",
            "employees_at_risk",
            "employees_disabled",
            "founder_type",
        }


class _CheckerForm(EntityForm):
    def _clean_fields(self) -> None:
        """Form._clean_fields without a BoundField per field and row (no field of this form
        is disabled or a file, the cases BoundField is there for)."""
        for name, field in self.fields.items():
            try:
                value = field.clean(field.widget.value_from_datadict(self.data, self.files, name))
                self.cleaned_data[name] = value
                clean_field = getattr(self, f"clean_{name}", None)
                if clean_field is not None:
                    self.cleaned_data[name] = clean_field()
            except ValidationError as error:
                self.add_error(name, error)

    def _post_clean(self) -> None:
        """The model fields' own validators (such as the database's integer range) on the
        cleaned values. ModelForm would build the instance and run Model.full_clean for
        them; the model's constraints are checked by EntityForm itself."""
        for name, value in list(self.cleaned_data.items()):
            model_field = _MODEL_FIELDS.get(name)
            if model_field is None or value in model_field.empty_values:
                continue
            try:
                model_field.run_validators(value)
            except ValidationError as error:
                self.add_error(name, error)


_MODEL_FIELDS = {
    field.name: field
    for field in Entity._meta.concrete_fields
    if field.name in ENTITY_FIELDS and not field.is_relation
}


class EntityChecker:
    """EntityForm's checks for many rows (the import): one form whose fields are built once
    and bound to each row in turn, with the gminas, support centres, PKD divisions and
    served voivodeships loaded once instead of queried for every row. The caller checks
    that identifiers are unique, for many rows at once."""

    def __init__(self, *, gminas: Iterable[TerritorialUnit]) -> None:
        self.form = _CheckerForm(lookups=PreloadedLookups(), check_identifiers_unique=False)
        self.blank = Entity()  # the instance of every new row: the checks do not change it
        gmina = self.form.fields["gmina"]
        support_centre = self.form.fields["support_centre"]
        assert isinstance(gmina, GminaField)
        assert isinstance(support_centre, SupportCentreField)
        gmina.preloaded = {unit.code: unit for unit in gminas}
        support_centre.preloaded = {
            str(centre.pk): centre for centre in Organisation.objects.filter(kind="support_centre")
        }

    def check(self, data: dict[str, Any], instance: Entity | None = None) -> EntityForm:
        """The form bound to `data` and validated; valid until the next call."""
        form = self.form
        form.data = data
        form.is_bound = True
        form.instance = instance if instance is not None else self.blank
        form._errors = None  # type: ignore[attr-defined]
        form._bound_fields_cache.clear()  # type: ignore[attr-defined]
        form.full_clean()
        return form


class ProposalForm(forms.ModelForm):
    """What a representative may change in the public profile."""

    postal_code = EntityForm.base_fields["postal_code"]
    website = EntityForm.base_fields["website"]

    class Meta:
        model = Entity
        fields = PUBLIC_PROFILE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "offer": forms.Textarea(attrs={"rows": 4}),
        }


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment for the representative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MergeForm(forms.Form):
    duplicate = forms.ModelChoiceField(
        label=gettext_lazy("Duplicate to merge into this entity"),
        queryset=Entity.objects.none(),
    )

    def __init__(self, *args: Any, survivor: Entity, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        duplicate = self.fields["duplicate"]
        assert isinstance(duplicate, forms.ModelChoiceField)
        duplicate.queryset = candidates.exclude(pk=survivor.pk)


def form_data_from(entity: Entity) -> dict[str, Any]:
    """An entity's current values in the shape of EntityForm's POST data."""
    data: dict[str, Any] = {}
    for field in ENTITY_FIELDS:
        value = getattr(entity, field)
        if field == "gmina":
            data[field] = entity.gmina.code
        elif field == "support_centre":
            data[field] = str(entity.support_centre_id or "")
        elif isinstance(value, bool):
            if value:
                data[field] = "on"
        elif value is None:
            data[field] = ""
        else:
            data[field] = str(value)
    data["sectors"] = ", ".join(s.code for s in entity.sectors.all())
    data["offer_tags"] = ", ".join(t.name for t in entity.offer_tags.all())
    return data
