"""Forms of the network and partnership pages. They check the shape of the input and find
the records named in it (an entity by its exact name or NIP); services.py checks the rules
and its errors are shown beside the same fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koordynator.accounts.models import Organisation, User
from koordynator.core.api import DomainValidationError
from koordynator.core.forms import (
    IntegerNumberField,
    StyledForm,
    date_field,
    datetime_field,
    set_choices,
    set_queryset,
    show_errors,
)
from koordynator.core.widgets import PlainSelect
from koordynator.events.enums import EventKind
from koordynator.events.models import Event
from koordynator.municipalities.models import LocalGovernment
from koordynator.registry.models import Entity
from koordynator.territory.models import Region

from . import selectors
from .enums import NAMED_KINDS, NAMED_PARTY_KINDS, MemberKind, NetworkKind, PartyKind
from .models import Network, NetworkMeeting, Partnership
from .services import DOCUMENT_ACCEPT, NETWORK_FIELDS, PARTNERSHIP_FIELDS, Party


def _entity_field(list_id: str, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=_("Social economy entity"),
        max_length=300,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs={"list": list_id, "autocomplete": "off"}),
    )


def _find_entity(region: Region, text: str) -> Entity:
    found = selectors.entity_by_name(region, text)
    if not found:
        raise forms.ValidationError(
            _(
                "Choose the entity from the suggestions: the region's registry has no entity "
                "of this name or NIP."
            )
        )
    if len(found) > 1:
        raise forms.ValidationError(
            _("Several entities of the registry have this name: enter the entity's NIP.")
        )
    return found[0]


def _event_label(event: Event) -> str:
    return f"{timezone.localtime(event.starts_at):%Y-%m-%d} · {event.title}"


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name()} ({obj.email})"


class _EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _event_label(obj)


class _MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _event_label(obj.event)


# --- Networks ----------------------------------------------------------------------------------


class NetworkForm(StyledForm):
    required_css_class = "required"
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of network"), choices=NetworkKind.choices)
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences: what the members do together."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    coordinator: forms.ModelChoiceField[User] = _PersonChoiceField(
        label=_("Coordinating person"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Staff of the regional centre or of a support centre."),
    )
    coordinator_organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Coordinating organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Support centre staff of this organisation may manage the network."),
    )
    is_public = forms.BooleanField(
        label=_("Show on the public site"),
        required=False,
        initial=True,
        help_text=_("The public sees the purpose, the coordinator and the members' names."),
    )
    active_from = date_field(_("Active from"))
    active_to = date_field(_("Active until"), required=False, help_text=_("Empty: no end."))

    def __init__(self, *args: Any, region: Region, network: Network | None = None, **kwargs: Any):
        if network is not None:
            kwargs.setdefault("initial", {name: getattr(network, name) for name in NETWORK_FIELDS})
        else:
            kwargs.setdefault("initial", {"active_from": timezone.localdate(), "is_public": True})
        super().__init__(*args, **kwargs)
        set_queryset(self, "coordinator", selectors.coordinator_choices(region))
        set_queryset(self, "coordinator_organisation", selectors.organisation_choices(region))

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in NETWORK_FIELDS}


class MemberForm(StyledForm):
    """A new member: which fields count depends on the kind chosen; the form works the
    same with or without JavaScript."""

    required_css_class = "required"
    kind = forms.ChoiceField(
        label=_("Kind of member"), choices=MemberKind.choices, widget=forms.RadioSelect
    )
    entity_name = _entity_field(
        "entity-suggestions",
        _("For an entity: start typing its name and choose a suggestion, or enter its NIP."),
    )
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation with an account"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("For a support centre or another organisation with accounts."),
    )
    local_government: forms.ModelChoiceField[LocalGovernment] = forms.ModelChoiceField(
        label=_("Local government"),
        queryset=LocalGovernment.objects.none(),
        required=False,
        widget=PlainSelect,
        help_text=_("For a gmina, a powiat or the voivodeship."),
    )
    name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=300,
        required=False,
        help_text=_("For a business, a university or another organisation."),
    )
    nip = forms.CharField(label=_("NIP"), max_length=20, required=False)
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    joined_on = date_field(_("Joined"))

    RENAMED = {"entity": "entity_name"}

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"joined_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.region = region
        self.entity: Entity | None = None
        set_queryset(self, "organisation", selectors.organisation_choices(region))
        set_queryset(self, "local_government", selectors.local_government_choices(region))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == MemberKind.ENTITY:
            text = (data.get("entity_name") or "").strip()
            if not text:
                self.add_error("entity_name", _("Choose the entity from the registry."))
            else:
                try:
                    self.entity = _find_entity(self.region, text)
                except forms.ValidationError as error:
                    self.add_error("entity_name", error)
        elif kind == MemberKind.ORGANISATION and data.get("organisation") is None:
            self.add_error("organisation", _("Choose the organisation."))
        elif kind == MemberKind.LOCAL_GOVERNMENT and data.get("local_government") is None:
            self.add_error("local_government", _("Choose the local government."))
        elif kind in NAMED_KINDS and not (data.get("name") or "").strip():
            self.add_error("name", _("Give the organisation's name."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        kind = self.cleaned_data["kind"]
        return {
            "kind": kind,
            "entity": self.entity if kind == MemberKind.ENTITY else None,
            "organisation": self.cleaned_data["organisation"]
            if kind == MemberKind.ORGANISATION
            else None,
            "local_government": self.cleaned_data["local_government"]
            if kind == MemberKind.LOCAL_GOVERNMENT
            else None,
            "name": self.cleaned_data["name"] if kind in NAMED_KINDS else "",
            "nip": self.cleaned_data["nip"] if kind in NAMED_KINDS else "",
            "website": self.cleaned_data["website"] if kind in NAMED_KINDS else "",
            "joined_on": self.cleaned_data["joined_on"],
        }


class LeaveForm(StyledForm):
    required_css_class = "required"
    left_on = date_field(_("Left on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"left_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class MeetingForm(StyledForm):
    """A new meeting of the network, created as an event of the events context."""

    required_css_class = "required"
    kind = forms.ChoiceField(
        label=_("Kind of meeting"),
        choices=[
            (EventKind.NETWORKING_MEETING, EventKind.NETWORKING_MEETING.label),
            (EventKind.THEMATIC_GROUP_MEETING, EventKind.THEMATIC_GROUP_MEETING.label),
        ],
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = datetime_field(_("Starts"))
    ends_at = datetime_field(_("Ends"))
    venue_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Address of the venue"), max_length=250, required=False)
    description = forms.CharField(
        label=_("Agenda and description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    capacity = IntegerNumberField(
        label=_("Number of places"), min_value=1, required=False, help_text=_("Empty: no limit.")
    )
    is_published = forms.BooleanField(
        label=_("Show on the public site with registration"),
        required=False,
        initial=True,
        help_text=_("Members register on the event's page; without it, staff keep the list."),
    )
    notify_members = forms.BooleanField(
        label=_("Tell the members by e-mail"), required=False, initial=True
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        kind = (
            EventKind.THEMATIC_GROUP_MEETING
            if network.kind == NetworkKind.THEMATIC_GROUP
            else EventKind.NETWORKING_MEETING
        )
        kwargs.setdefault("initial", {"kind": kind, "title": f"{network.name}"})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("The meeting cannot end before it starts."))
        return data

    def event_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in (
                "kind",
                "title",
                "starts_at",
                "ends_at",
                "venue_name",
                "venue_address",
                "description",
                "capacity",
                "is_published",
            )
        }
        data["has_registration"] = data["is_published"]
        return data


class LinkEventForm(StyledForm):
    required_css_class = "required"
    event: forms.ModelChoiceField[Event] = _EventChoiceField(
        label=_("Event"), queryset=Event.objects.none(), widget=PlainSelect
    )
    notify_members = forms.BooleanField(
        label=_("Tell the members by e-mail"), required=False, initial=False
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "event", selectors.events_to_link(network))


class DocumentForm(StyledForm):
    required_css_class = "required"
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": DOCUMENT_ACCEPT}),
        help_text=_("PDF, DOCX, ODT or XLSX, at most 20 MB."),
    )
    meeting: forms.ModelChoiceField[NetworkMeeting] = _MeetingChoiceField(
        label=_("Meeting"),
        queryset=NetworkMeeting.objects.none(),
        required=False,
        help_text=_("Optional: the meeting the document belongs to."),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "meeting", selectors.meeting_choices(network))


# --- Partnerships ------------------------------------------------------------------------------


class PartnershipForm(StyledForm):
    required_css_class = "required"
    title = forms.CharField(label=_("Title"), max_length=250)
    subject = forms.CharField(
        label=_("Subject of the agreement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    signed_on = date_field(_("Signed on"))
    starts_on = date_field(_("In force from"))
    ends_on = date_field(
        _("In force until"), required=False, help_text=_("Empty: for an indefinite period.")
    )
    network: forms.ModelChoiceField[Network] = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.none(),
        required=False,
        help_text=_("Optional: the network within which the agreement was made."),
    )
    is_public = forms.BooleanField(
        label=_("Show on the public site"),
        required=False,
        initial=True,
        help_text=_("The public sees the title, the parties and the dates."),
    )
    document = forms.FileField(
        label=_("Agreement document"),
        required=False,
        widget=forms.FileInput(attrs={"accept": DOCUMENT_ACCEPT}),
        help_text=_("Optional. PDF, DOCX, ODT or XLSX, at most 20 MB; seen only by staff."),
    )
    remove_document = forms.BooleanField(label=_("Remove the document"), required=False)

    def __init__(
        self, *args: Any, region: Region, partnership: Partnership | None = None, **kwargs: Any
    ) -> None:
        if partnership is not None:
            kwargs.setdefault(
                "initial", {name: getattr(partnership, name) for name in PARTNERSHIP_FIELDS}
            )
        else:
            kwargs.setdefault("initial", {"is_public": True})
        super().__init__(*args, **kwargs)
        set_queryset(self, "network", selectors.network_choices(region))
        if partnership is None or not partnership.document:
            del self.fields["remove_document"]

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in PARTNERSHIP_FIELDS}


class PartyForm(StyledForm):
    """One party of an agreement; a row left empty is ignored."""

    kind = forms.ChoiceField(
        label=_("Kind of party"),
        choices=[("", _("— not used —")), *PartyKind.choices],
        required=False,
    )
    entity_name = forms.CharField(
        label=_("Social economy entity"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    local_government = forms.TypedChoiceField(
        label=_("Local government"), coerce=int, required=False, widget=PlainSelect
    )
    name = forms.CharField(label=_("Name of the organisation"), max_length=300, required=False)
    nip = forms.CharField(label=_("NIP"), max_length=20, required=False)
    website = forms.CharField(label=_("Website"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        region: Region,
        local_governments: dict[int, LocalGovernment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        self.entity: Entity | None = None
        self.local_governments = local_governments
        set_choices(
            self,
            "local_government",
            [("", "—"), *((pk, str(item)) for pk, item in local_governments.items())],
        )
        self.fields["entity_name"].widget.attrs["list"] = f"{self.prefix}-suggestions"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if not kind:
            if any(data.get(name) for name in ("entity_name", "local_government", "name", "nip")):
                self.add_error("kind", _("Choose the kind of party."))
            return data
        if kind == PartyKind.ENTITY:
            text = (data.get("entity_name") or "").strip()
            if not text:
                self.add_error("entity_name", _("Choose the entity from the registry."))
            else:
                try:
                    self.entity = _find_entity(self.region, text)
                except forms.ValidationError as error:
                    self.add_error("entity_name", error)
        elif kind == PartyKind.LOCAL_GOVERNMENT and not data.get("local_government"):
            self.add_error("local_government", _("Choose the local government."))
        elif kind in NAMED_PARTY_KINDS and not (data.get("name") or "").strip():
            self.add_error("name", _("Give the organisation's name."))
        return data

    def party(self) -> Party | None:
        data = getattr(self, "cleaned_data", {})
        kind = data.get("kind")
        if not kind:
            return None
        named = kind in NAMED_PARTY_KINDS
        local_government = self.local_governments.get(data.get("local_government") or 0)
        return Party(
            kind=kind,
            entity=self.entity if kind == PartyKind.ENTITY else None,
            local_government=local_government if kind == PartyKind.LOCAL_GOVERNMENT else None,
            name=data.get("name", "") if named else "",
            nip=data.get("nip", "") if named else "",
            website=data.get("website", "") if named else "",
        )


class BasePartyFormSet(forms.BaseFormSet):
    def parties(self) -> list[Party]:
        return [party for form in self.forms if (party := form.party()) is not None]

    def show_errors(self, error: DomainValidationError) -> dict[str, str]:
        """Put the service's errors about parties beside their rows; return the others."""
        others: dict[str, str] = {}
        used = [form for form in self.forms if form.party() is not None]
        for key, message in error.errors.items():
            parts = key.split(".")
            if len(parts) == 3 and parts[0] == "parties" and parts[1].isdigit():
                number = int(parts[1])
                field = "entity_name" if parts[2] == "entity" else parts[2]
                if number < len(used):
                    used[number].add_error(field if field in used[number].fields else None, message)
                    continue
            if key == "parties":
                self._non_form_errors = self.error_class([message])
                continue
            others[key] = message
        return others


def show_partnership_errors(
    form: PartnershipForm, parties: BasePartyFormSet, error: DomainValidationError
) -> None:
    """A service's errors beside the agreement's fields and its parties' rows."""
    others = parties.show_errors(error)
    if others:
        show_errors(form, DomainValidationError(others))


PartyFormSet = forms.formset_factory(PartyForm, formset=BasePartyFormSet, extra=0)
EXTRA_PARTIES = 2


def party_formset(
    region: Region, *, data: Any = None, partnership: Partnership | None = None
) -> BasePartyFormSet:
    """The parties' rows: the agreement's own and two empty ones; a new agreement starts
    with an entity row and a partner row, the commonest case."""
    if partnership is not None:
        initial = [
            {
                "kind": party.kind,
                "entity_name": party.entity.name if party.entity else "",
                "local_government": party.local_government_id or "",
                "name": party.name,
                "nip": party.nip,
                "website": party.website,
            }
            for party in partnership.parties.all()
        ]
    else:
        initial = [{"kind": PartyKind.ENTITY}, {"kind": ""}]
    initial += [{"kind": ""}] * EXTRA_PARTIES
    # Loaded once for every row.
    local_governments = {item.pk: item for item in selectors.local_government_choices(region)}
    formset = PartyFormSet(
        data=data,
        initial=initial,
        prefix="parties",
        form_kwargs={"region": region, "local_governments": local_governments},
    )
    assert isinstance(formset, BasePartyFormSet)
    return formset


class EndForm(StyledForm):
    required_css_class = "required"
    ends_on = date_field(_("Last day in force"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"ends_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
