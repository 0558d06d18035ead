"""Forms of the local-government pages. `AnswerForm` is the one validation path for an
answer's figures: the staff and officer pages, the API and the spreadsheet import all bind
it, so an error reads the same everywhere. The rules that span fields are
`services.figures_problems`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koordynator.core.forms import (
    DecimalNumberField,
    IntegerNumberField,
    StyledForm,
    date_field,
    set_queryset,
)
from koordynator.events.models import Event
from koordynator.registry.models import Entity
from koordynator.territory.models import Region, TerritorialUnit

from .documents import DOCUMENT_ACCEPT
from .enums import PlanStatus
from .models import LocalGovernment, LocalPlan, SurveyAnswer
from .services import ANSWER_FIGURES, EXPERT_SUPPORT_FIELDS, PLAN_FIELDS, figures_problems


class AnswerForm(StyledForm):
    """The figures of one local government's answer for one year."""

    required_css_class = "required"
    entities: forms.ModelMultipleChoiceField[Entity] = forms.ModelMultipleChoiceField(
        label=_("Social economy entities that won them"),
        queryset=Entity.objects.none(),
        required=False,
        help_text=_("From the directory of the region; hold Ctrl to choose several."),
    )
    remarks = forms.CharField(
        label=_("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, entities: QuerySet[Entity] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        figures: dict[str, forms.Field] = {}
        for name in ANSWER_FIGURES:
            model_field = SurveyAnswer._meta.get_field(name)
            label = model_field.verbose_name  # type: ignore[union-attr]
            if name.endswith("_count"):
                figures[name] = IntegerNumberField(
                    label=label, min_value=0, initial=0, max_value=1_000_000
                )
            else:
                figures[name] = DecimalNumberField(
                    label=label,
                    min_value=0,
                    initial=0,
                    max_digits=14,
                    decimal_places=2,
                )
        self.fields = {**figures, **self.fields}
        set_queryset(self, "entities", entities if entities is not None else Entity.objects.none())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            for name, message in figures_problems(cleaned).items():
                self.add_error(name, message)
        return cleaned

    def figures(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or 0 for name in ANSWER_FIGURES}


def answer_initial(answer: SurveyAnswer | None) -> dict[str, Any]:
    if answer is None:
        return {}
    return {
        **{name: getattr(answer, name) for name in ANSWER_FIGURES},
        "entities": list(answer.entities.all()),
        "remarks": answer.remarks,
    }


class SurveyForm(StyledForm):
    required_css_class = "required"
    region: forms.ModelChoiceField[Region] = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), empty_label=None
    )
    year = forms.IntegerField(
        label=_("Year surveyed"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year whose contracts and tasks the local governments report."),
    )
    opens_on = date_field(_("Opens"))
    closes_on = date_field(_("Closes"))

    def __init__(self, *args: Any, regions: QuerySet[Region] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if regions is None:
            del self.fields["region"]
        else:
            set_queryset(self, "region", regions)
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("year", today.year - 1)
            self.initial.setdefault("opens_on", today)
            self.initial.setdefault("closes_on", date(today.year, today.month, 28))


class ContactForm(StyledForm):
    contact_name = forms.CharField(label=_("Contact person"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)


class ImportForm(StyledForm):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX)"),
        help_text=_(
            "One row per local government; the first row names the columns. Rows whose "
            "figures are all empty are skipped: write 0 for a local government that had none."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class ExpertSupportForm(StyledForm):
    required_css_class = "required"
    local_government: forms.ModelChoiceField[LocalGovernment] = forms.ModelChoiceField(
        label=_("Local government"), queryset=LocalGovernment.objects.none()
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    expert_name = forms.CharField(label=_("Expert"), max_length=150)
    starts_on = date_field(_("Starts"))
    ends_on = date_field(_("Ends"), required=False)
    hours = DecimalNumberField(label=_("Hours"), min_value=0, max_digits=6, decimal_places=1)
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the local government has after the support, e.g. a draft plan."),
    )

    def __init__(
        self, *args: Any, local_governments: QuerySet[LocalGovernment], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "local_government", local_governments)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The support cannot end before it starts."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in EXPERT_SUPPORT_FIELDS}


class SupportTargetForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    target = IntegerNumberField(label=_("Local governments to support"), min_value=0)


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TerritorialUnit) -> str:
        if obj.level == "gmina" and obj.parent is not None:
            return f"{obj.display_name} – {obj.parent.display_name}"
        return obj.display_name


class PlanForm(StyledForm):
    required_css_class = "required"
    title = forms.CharField(label=_("Title"), max_length=250)
    local_government: forms.ModelChoiceField[LocalGovernment] = forms.ModelChoiceField(
        label=_("Adopted by"),
        queryset=LocalGovernment.objects.none(),
        required=False,
        empty_label=_("(not known yet)"),
        help_text=_("The local government that adopts it; for several gminas, the leading one."),
    )
    area = UnitChoiceField(
        label=_("Area covered"),
        queryset=TerritorialUnit.objects.none(),
        help_text=_("One powiat, or one or several gminas; hold Ctrl to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    period_from = forms.IntegerField(
        label=_("In force from (year)"), min_value=2000, max_value=2100, required=False
    )
    period_to = forms.IntegerField(
        label=_("In force until (year)"), min_value=2000, max_value=2100, required=False
    )
    resolution_number = forms.CharField(
        label=_("Resolution number"), max_length=100, required=False
    )
    resolution_date = date_field(_("Resolution date"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    diagnosis = forms.FileField(
        label=_("Diagnosis"),
        required=False,
        help_text=_("PDF, DOCX or ODT, at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )
    document = forms.FileField(
        label=_("Plan document"),
        required=False,
        help_text=_("PDF, DOCX or ODT, at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )
    workshops: forms.ModelMultipleChoiceField[Event] = forms.ModelMultipleChoiceField(
        label=_("Workshops that produced it"),
        queryset=Event.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(
        self,
        *args: Any,
        local_governments: QuerySet[LocalGovernment],
        units: QuerySet[TerritorialUnit],
        workshops: QuerySet[Event],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "local_government", local_governments)
        set_queryset(self, "area", units)
        set_queryset(self, "workshops", workshops)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The plan cannot end before it begins."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in PLAN_FIELDS}
        for name in ("title", "resolution_number", "description"):
            data[name] = data[name] or ""
        return data


def plan_initial(plan: LocalPlan) -> dict[str, Any]:
    return {
        **{name: getattr(plan, name) for name in PLAN_FIELDS},
        "area": list(plan.area.all()),
        "workshops": list(plan.workshops.all()),
    }


class PlanTransitionForm(StyledForm):
    status = forms.ChoiceField(label=_("New status"), choices=PlanStatus.choices)
    resolution_number = forms.CharField(
        label=_("Resolution number"), max_length=100, required=False
    )
    resolution_date = date_field(_("Resolution date"), required=False)
