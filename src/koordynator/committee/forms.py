"""Forms of the committee pages. They check the shape of the input; services.py checks the
rules (terms, roles, quorum, votes) and its errors are shown beside the same fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koordynator.accounts.models import User
from koordynator.core.forms import (
    IntegerNumberField,
    StyledForm,
    date_field,
    datetime_field,
    set_choices,
    set_queryset,
)
from koordynator.territory.models import Region

from .enums import (
    AttendanceStatus,
    EndReason,
    MemberRole,
    ResolutionKind,
    Sector,
    VoteChoice,
)
from .models import AgendaItem, Member
from .uploads import DOCUMENT_ACCEPT

DOCUMENT_HELP = _("PDF, DOCX, ODT or XLSX, at most 20 MB.")


def _document_field(label: Any, *, required: bool = True) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        help_text=DOCUMENT_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )


class CommitteeForm(StyledForm):
    required_css_class = "required"
    region: forms.ModelChoiceField[Region] = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Name"), max_length=250)
    founding_body = forms.CharField(
        label=_("Appointed by"),
        max_length=200,
        required=False,
        help_text=_("The body that adopted the founding resolution, e.g. the voivodeship board."),
    )
    founding_resolution_number = forms.CharField(
        label=_("Number of the founding resolution"), max_length=100, required=False
    )
    founding_resolution_date = date_field(_("Date of the founding resolution"), required=False)
    description = forms.CharField(
        label=_("About the committee"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown on the public page of the committee."),
    )
    rules_document = _document_field(_("Rules of procedure"), required=False)
    quorum_percent = IntegerNumberField(
        label=_("Quorum (per cent of current members)"),
        min_value=1,
        max_value=100,
        initial=50,
        help_text=_(
            "The share of current members who must be present, in person or through a deputy."
        ),
    )
    named_votes = forms.BooleanField(
        label=_("Votes by name"),
        required=False,
        help_text=_("The rules say each member's vote is recorded; the counts follow from them."),
    )
    minimum_sittings_per_year = IntegerNumberField(
        label=_("Sittings a year at least"), min_value=1, max_value=12, initial=2
    )

    def __init__(self, *args: Any, regions: QuerySet[Region] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if regions is None:
            del self.fields["region"]
        else:
            set_queryset(self, "region", regions)


class MemberForm(StyledForm):
    required_css_class = "required"
    full_name = forms.CharField(label=_("First and last name"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=250, required=False)
    sector = forms.ChoiceField(label=_("Sector represented"), choices=[("", "—"), *Sector.choices])
    role = forms.ChoiceField(
        label=_("Function"), choices=MemberRole.choices, initial=MemberRole.MEMBER
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("Invitations to sittings go there.")
    )
    user: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("User account"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_(
            "An account with the committee member role in the region: with it the member "
            "reads the committee's materials."
        ),
    )
    appointment_act = forms.CharField(
        label=_("Appointed by (act)"),
        max_length=250,
        required=False,
        help_text=_("E.g. the number and date of the voivodeship board's resolution."),
    )
    term_starts_on = date_field(_("Term starts"))
    term_ends_on = date_field(
        _("Term ends"),
        required=False,
        help_text=_("Empty: three years from the start, less a day, as the law says."),
    )
    deputy_name = forms.CharField(
        label=_("Deputy"),
        max_length=150,
        required=False,
        help_text=_("A named substitute who may attend and vote in the member's place."),
    )
    deputy_organisation = forms.CharField(
        label=_("Deputy's organisation"), max_length=250, required=False
    )
    deputy_email = forms.EmailField(label=_("Deputy's e-mail"), required=False)

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "user", users)


def member_initial(member: Member) -> dict[str, Any]:
    return {
        name: getattr(member, name)
        for name in (
            "full_name",
            "organisation",
            "sector",
            "role",
            "email",
            "user",
            "appointment_act",
            "term_starts_on",
            "term_ends_on",
            "deputy_name",
            "deputy_organisation",
            "deputy_email",
        )
    }


class MemberEndForm(StyledForm):
    required_css_class = "required"
    ended_on = date_field(_("Last day of membership"))
    reason = forms.ChoiceField(
        label=_("Reason for the end"), choices=[("", "—"), *EndReason.choices]
    )
    note = forms.CharField(
        label=_("Note on the end"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the resolution that dismissed the member."),
    )


class SittingForm(StyledForm):
    required_css_class = "required"
    number = forms.IntegerField(
        label=_("Number of the sitting"),
        min_value=1,
        required=False,
        help_text=_("Empty: the next number."),
    )
    starts_at = datetime_field(_("Starts"))
    ends_at = datetime_field(_("Ends"))
    venue_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Address of the venue"), max_length=250, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown with the event on the public site."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One item a line; you can add, change and reorder items later."),
    )

    def __init__(self, *args: Any, is_new: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_new:
            del self.fields["number"]
            del self.fields["agenda"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("The sitting cannot end before it starts."))
        return cleaned

    def agenda_items(self) -> list[tuple[str, str]]:
        lines = (self.cleaned_data.get("agenda") or "").splitlines()
        return [(line.strip(), "") for line in lines if line.strip()]


class AgendaItemForm(StyledForm):
    required_css_class = "required"
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(StyledForm):
    required_css_class = "required"
    title = forms.CharField(
        label=_("Title of the document"),
        max_length=250,
        required=False,
        help_text=_("Empty: the file's name."),
    )
    file = _document_field(_("File"))


class AttendanceForm(StyledForm):
    """One choice per member current on the sitting's day; "through the deputy" only for
    members who have one."""

    def __init__(
        self, *args: Any, members: list[Member], initial_statuses: dict[int, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            choices = [("", _("not marked"))] + [
                (value, label)
                for value, label in AttendanceStatus.choices
                if value != AttendanceStatus.DEPUTY or member.has_deputy
            ]
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=member.full_name,
                choices=choices,
                required=False,
                initial=initial_statuses.get(member.pk, ""),
            )

    def rows(self) -> list[tuple[Member, forms.BoundField]]:
        return [(member, self[f"member_{member.pk}"]) for member in self.members]

    def statuses(self) -> dict[int, str]:
        return {
            member.pk: self.cleaned_data[f"member_{member.pk}"]
            for member in self.members
            if self.cleaned_data.get(f"member_{member.pk}")
        }


class ResolutionForm(StyledForm):
    required_css_class = "required"
    kind = forms.ChoiceField(label=_("Kind"), choices=ResolutionKind.choices)
    agenda_item: forms.ModelChoiceField[AgendaItem] = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        help_text=_("E.g. “on the opinion on the regional social economy programme”."),
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args: Any, agenda: QuerySet[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "agenda_item", agenda)


class AttachmentForm(DocumentForm):
    title = forms.CharField(
        label=_("Title of the attachment"),
        max_length=250,
        required=False,
        help_text=_("Empty: the file's name."),
    )


class VoteForm(StyledForm):
    """The counts of a vote, when the committee does not vote by name."""

    required_css_class = "required"
    votes_for = IntegerNumberField(label=_("For"), min_value=0, initial=0)
    votes_against = IntegerNumberField(label=_("Against"), min_value=0, initial=0)
    votes_abstained = IntegerNumberField(label=_("Abstained"), min_value=0, initial=0)


class NamedVoteForm(StyledForm):
    """Each present member's vote, when the committee votes by name."""

    def __init__(self, *args: Any, voters: list[tuple[Member, bool]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.voters = voters
        for member, _by_deputy in voters:
            self.fields[f"vote_{member.pk}"] = forms.ChoiceField(
                label=member.full_name,
                choices=[("", _("did not vote")), *VoteChoice.choices],
                required=False,
            )

    def rows(self) -> list[tuple[Member, bool, forms.BoundField]]:
        return [(m, by_deputy, self[f"vote_{m.pk}"]) for m, by_deputy in self.voters]

    def member_votes(self) -> dict[int, str]:
        return {
            member.pk: self.cleaned_data[f"vote_{member.pk}"]
            for member, _by_deputy in self.voters
            if self.cleaned_data.get(f"vote_{member.pk}")
        }


class MinutesForm(StyledForm):
    required_css_class = "required"
    text = forms.CharField(
        label=_("Text of the minutes"), widget=forms.Textarea(attrs={"rows": 24})
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["reason"].label = label


class RegisterForm(StyledForm):
    """The public register's filters (GET)."""

    q = forms.CharField(label=_("Words in the title"), max_length=200, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("resolutions and opinions")), *ResolutionKind.choices],
        required=False,
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "year", [("", _("every year")), *[(y, str(y)) for y in years]])
