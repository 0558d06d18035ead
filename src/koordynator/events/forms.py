"""Forms of the event pages. They check the shape of the input; services.py checks the
rules (the registration window, places, duplicates) and its errors are shown beside the
same fields. The API validates registrations with the same RegistrationForm."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koordynator.accounts.models import Organisation
from koordynator.core.forms import IntegerNumberField, StyledForm, datetime_field, set_queryset
from koordynator.registry.models import Entity
from koordynator.registry.selectors import public_entities
from koordynator.territory.models import Region, TerritorialUnit

from .enums import EventKind, OrganisationType, TargetGroup
from .models import Event, Programme
from .services import Application, Attendee

REGULATIONS_ACCEPT = ".pdf,.docx,.odt"


class EventForm(StyledForm):
    required_css_class = "required"
    region: forms.ModelChoiceField[Region] = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    programme: forms.ModelChoiceField[Programme] = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("The series the event belongs to, if any."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    starts_at = datetime_field(_("Starts"))
    ends_at = datetime_field(_("Ends"), help_text=_("For an event of several days: its last day."))
    venue_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Address of the venue"), max_length=250, required=False)
    venue_gmina: forms.ModelChoiceField[TerritorialUnit] = forms.ModelChoiceField(
        label=_("Gmina of the venue"),
        queryset=TerritorialUnit.objects.none(),
        required=False,
        empty_label=_("(none)"),
        to_field_name="code",
    )
    venue_country = forms.RegexField(
        label=_("Country of the venue"),
        regex=r"^[A-Za-z]{2}$",
        initial="PL",
        max_length=2,
        help_text=_("Two-letter code (ISO 3166-1), e.g. IT for a study visit in Italy."),
        error_messages={"invalid": _("Enter a two-letter country code, e.g. PL or IT.")},
    )
    organiser: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organiser"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("the regional centre (ROPS)"),
    )
    host_name = forms.CharField(
        label=_("Hosted by"),
        max_length=300,
        required=False,
        help_text=_(
            "An entity of the directory at whose place the event is held: it is shown on "
            "its profile. Start typing its name and choose a suggestion."
        ),
        widget=forms.TextInput(attrs={"list": "host-suggestions", "autocomplete": "off"}),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regulations = forms.FileField(
        label=_("Recruitment rules"),
        required=False,
        widget=forms.FileInput(attrs={"accept": REGULATIONS_ACCEPT}),
        help_text=_("PDF, DOCX or ODT, at most 10 MB."),
    )
    remove_regulations = forms.BooleanField(label=_("Remove the recruitment rules"), required=False)
    is_published = forms.BooleanField(label=_("Show on the public site"), required=False)
    has_registration = forms.BooleanField(
        label=_("Registration on the site"), required=False, initial=True
    )
    registration_opens_at = datetime_field(
        _("Registration opens"), required=False, help_text=_("Empty: as soon as it is published.")
    )
    registration_closes_at = datetime_field(
        _("Registration closes"), required=False, help_text=_("Empty: when the event starts.")
    )
    capacity = IntegerNumberField(
        label=_("Number of places"),
        min_value=1,
        required=False,
        help_text=_("Empty: no limit. Registrations beyond it go to the waiting list."),
    )
    per_organisation_limit = IntegerNumberField(
        label=_("Places per organisation"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Empty: no limit."),
    )
    requires_approval = forms.BooleanField(
        label=_("Registrations need approval"),
        required=False,
        help_text=_("Staff confirm or reject each registration."),
    )
    privacy_notice = forms.CharField(
        label=_("Information clause on personal data"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown beside the consent on the registration form; empty: the standard text."),
    )

    def __init__(
        self,
        *args: Any,
        regions: Any = None,
        programmes: Any = None,
        gminas: Any = None,
        organisers: Any = None,
        event: Event | None = None,
        **kwargs: Any,
    ) -> None:
        self.event = event
        self.regions = list(regions) if regions is not None else []
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: getattr(event, name)
                for name in self.base_fields
                if name not in ("region", "regulations", "remove_regulations", "host_name")
            }
            kwargs["initial"]["host_name"] = event.host.name if event.host else ""
        super().__init__(*args, **kwargs)
        if event is not None or regions is None or len(regions) < 2:
            del self.fields["region"]
        else:
            set_queryset(self, "region", regions)
        for name, queryset in (
            ("programme", programmes),
            ("venue_gmina", gminas),
            ("organiser", organisers),
        ):
            if queryset is not None:
                set_queryset(self, name, queryset)
        if event is None or not event.regulations:
            del self.fields["remove_regulations"]

    def host_region(self) -> Region | None:
        """The region whose entities may host the event."""
        if self.event is not None:
            return self.event.region
        data = getattr(self, "cleaned_data", {})
        if data.get("region") is not None:
            return data["region"]
        return self.regions[0] if self.regions else None

    def clean_host_name(self) -> str:
        name = " ".join((self.cleaned_data.get("host_name") or "").split())
        region = self.host_region()
        self.host = None
        if name and region is not None:
            matches = list(public_entities().filter(region=region, name=name)[:2])
            if len(matches) != 1:
                raise forms.ValidationError(
                    _(
                        "Choose the host from the suggestions: no one entity of the directory has this name."
                    )
                )
            self.host = matches[0]
        return name

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("region", "regulations", "remove_regulations", "host_name"):
            data.pop(name, None)
        data["host"] = getattr(self, "host", None)
        data["venue_country"] = (data.get("venue_country") or "PL").upper()
        return data


class RegistrationForm(StyledForm):
    required_css_class = "required"
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=300,
        required=False,
        help_text=_(
            "Start typing its name: organisations from the directory are suggested. "
            "Not in the directory? Type its full name."
        ),
        widget=forms.TextInput(
            attrs={"list": "organisation-suggestions", "autocomplete": "organization"}
        ),
    )
    organisation_type = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", _("(choose)")), *OrganisationType.choices],
        required=False,
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. step-free access, a hearing loop, an assistant."),
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        required=False,
        max_length=300,
        help_text=_("E.g. vegetarian, gluten-free."),
    )
    needs_sign_language_interpreter = forms.BooleanField(
        label=_("I need a Polish sign-language interpreter"), required=False
    )
    consent_personal_data = forms.BooleanField(
        label=_("I agree to the processing of my personal data to organise the event."),
        error_messages={
            "required": _("Registration needs your consent to the processing of personal data.")
        },
    )
    consent_photos = forms.BooleanField(
        label=_("I agree to be photographed at the event and to the photos being published."),
        required=False,
    )

    def __init__(self, *args: Any, entities: QuerySet[Entity] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entities = entities if entities is not None else Entity.objects.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name = " ".join((data.get("organisation_name") or "").split())
        if not name and data.get("organisation_type") != OrganisationType.NONE:
            self.add_error(
                "organisation_name",
                _("Choose your organisation from the directory or type its name."),
            )
        data["entity"] = self._directory_entry(name) if name else None
        return data

    def _directory_entry(self, name: str) -> Entity | None:
        """The directory's entity of that exact name (as a suggestion fills it in), when
        there is just one."""
        matches = list(self.entities.filter(name=name)[:2])
        if not matches:
            matches = list(self.entities.filter(name__iexact=name)[:2])
        return matches[0] if len(matches) == 1 else None

    def application(self, colleagues: list[Attendee] | None = None) -> Application:
        data = self.cleaned_data
        return Application(
            person=Attendee(
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data.get("phone") or "",
                accessibility_needs=data.get("accessibility_needs") or "",
                dietary_needs=data.get("dietary_needs") or "",
                needs_sign_language_interpreter=bool(data.get("needs_sign_language_interpreter")),
            ),
            organisation_name=data.get("organisation_name") or "",
            organisation_type=data.get("organisation_type") or "",
            entity=data.get("entity"),
            consent_personal_data=bool(data.get("consent_personal_data")),
            consent_photos=bool(data.get("consent_photos")),
            colleagues=tuple(colleagues or ()),
        )


class ColleagueForm(StyledForm):
    """A colleague of the same organisation, registered in the same form; a row left
    empty is ignored."""

    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        help_text=_("Optional: the colleague gets their own confirmation."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("email") or data.get("first_name") or data.get("last_name"):
            for name in ("first_name", "last_name"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, forms.Field.default_error_messages["required"])
        return data

    def attendee(self) -> Attendee | None:
        data = getattr(self, "cleaned_data", {})
        if not (data.get("first_name") or data.get("last_name")):
            return None
        return Attendee(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data.get("email") or "",
        )


def event_form_data(event: Event) -> dict[str, Any]:
    """An event's current values in the shape of EventForm's POST data."""
    data: dict[str, Any] = {}
    for name in EventForm.base_fields:
        if name in ("region", "regulations", "remove_regulations"):
            continue
        value = getattr(event, "host" if name == "host_name" else name)
        if name == "host_name":
            data[name] = value.name if value is not None else ""
        elif name == "venue_gmina":
            data[name] = value.code if value is not None else ""
        elif name in ("programme", "organiser"):
            data[name] = str(value.pk) if value is not None else ""
        elif name == "target_groups":
            data[name] = list(value)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


ColleagueFormSet = forms.formset_factory(ColleagueForm, extra=3, max_num=10, absolute_max=10)


class EventFilterForm(StyledForm):
    """The filters of the public list, calendar and archive (GET; every field optional)."""

    kind = forms.ChoiceField(
        label=_("Kind of event"), choices=[("", _("(all)")), *EventKind.choices], required=False
    )
    programme: forms.ModelChoiceField[Programme] = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("(all)"),
    )
    powiat: forms.ModelChoiceField[TerritorialUnit] = forms.ModelChoiceField(
        label=_("Powiat of the venue"),
        queryset=TerritorialUnit.objects.none(),
        required=False,
        empty_label=_("(all)"),
        to_field_name="code",
    )
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Enter a month as YYYY-MM, e.g. 2025-05.")},
    )

    def __init__(self, *args: Any, programmes: Any = None, powiats: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, queryset in (("programme", programmes), ("powiat", powiats)):
            if queryset is not None:
                set_queryset(self, name, queryset)

    def filters(self) -> dict[str, Any]:
        """Keyword arguments of selectors.filter_events; nothing for invalid input."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        programme, powiat = data.get("programme"), data.get("powiat")
        return {
            "kind": data.get("kind") or "",
            "programme_id": programme.pk if programme is not None else None,
            "powiat_code": powiat.code if powiat is not None else "",
            "month": data.get("month"),
        }


class AttendanceForm(forms.Form):
    """One click on the check-in screen: this person, this day, present or not."""

    day = forms.DateField(input_formats=["%Y-%m-%d"])
    present = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


class CertificateCodeForm(StyledForm):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("As printed on the certificate, e.g. ABCD-2345."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class PhotoForm(StyledForm):
    required_css_class = "required"
    image = forms.ImageField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("Description for people who cannot see it"),
        max_length=300,
        help_text=_("What the photo shows, e.g. “Participants of the workshop at one table”."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
