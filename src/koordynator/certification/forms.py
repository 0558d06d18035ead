"""Forms of the certification pages. They check the shape of the input; services.py checks
the rules (dates, the board, what a submission needs) and its errors are shown beside the
same fields."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koordynator.accounts.models import User
from koordynator.core.forms import (
    DecimalNumberField,
    IntegerNumberField,
    StyledForm,
    date_field,
    datetime_field,
    set_choices,
    set_queryset,
)
from koordynator.registry.models import Entity
from koordynator.territory.models import Region, TerritorialUnit

from .enums import Category, LicenceStatus, OfferKind
from .models import Call, Criterion
from .uploads import DOCUMENT_ACCEPT, PHOTO_ACCEPT

DOCUMENT_HELP = _("PDF, DOCX or ODT, at most 10 MB.")


def _document_field(label: Any, *, required: bool = False) -> Any:
    return forms.FileField(
        label=label,
        required=required,
        help_text=DOCUMENT_HELP,
        widget=forms.FileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else str(obj.email)


class CallForm(StyledForm):
    required_css_class = "required"
    region: forms.ModelChoiceField[Region] = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    rules_document = _document_field(_("Rules of the call"))
    opens_at = datetime_field(_("Opens"))
    closes_at = datetime_field(_("Closes"))
    pass_threshold = DecimalNumberField(
        # xgettext:no-python-format
        label=_("Pass threshold (% of the weighted maximum)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        initial=Decimal(60),
    )
    scoring_deadline = date_field(_("Scoring deadline"), required=False)
    reviewers = ReviewerChoiceField(
        label=_("Board (reviewers)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Users with the reviewer role in the region; at least two review each application."
        ),
    )

    def __init__(
        self,
        *args: Any,
        regions: Any = None,
        reviewers: Any = None,
        call: Call | None = None,
        **kwargs: Any,
    ) -> None:
        if call is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": call.title,
                "opens_at": call.opens_at,
                "closes_at": call.closes_at,
                "pass_threshold": call.pass_threshold,
                "scoring_deadline": call.scoring_deadline,
                "reviewers": list(call.reviewers.all()),
            }
        super().__init__(*args, **kwargs)
        if call is not None or regions is None or len(regions) < 2:
            del self.fields["region"]
        else:
            set_queryset(self, "region", regions)
        if reviewers is not None:
            set_queryset(self, "reviewers", reviewers)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("A call must close after it opens."))
        return cleaned


class CriterionForm(StyledForm):
    name = forms.CharField(label=_("Criterion"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    max_points = IntegerNumberField(label=_("Maximum points"), min_value=1, max_value=1000)
    weight = DecimalNumberField(
        label=_("Weight"),
        min_value=Decimal("0.01"),
        max_value=Decimal("99.99"),
        max_digits=4,
        decimal_places=2,
        initial=Decimal(1),
    )


class BaseCriterionFormSet(forms.BaseFormSet):
    def criteria(self) -> list[dict[str, Any]]:
        return [
            {key: form.cleaned_data[key] for key in ("name", "description", "max_points", "weight")}
            for form in self.forms
            if form.has_changed()
            and form.cleaned_data
            and not form.cleaned_data.get("DELETE", False)
        ]

    def clean(self) -> None:
        super().clean()
        if not any(self.errors) and not self.criteria():
            raise forms.ValidationError(_("A call needs at least one scoring criterion."))


def criterion_formset(*args: Any, **kwargs: Any) -> BaseCriterionFormSet:
    """The criteria of a call: the existing ones and two empty rows to add more."""
    formset_class = forms.formset_factory(
        CriterionForm, formset=BaseCriterionFormSet, extra=2, can_delete=True, max_num=30
    )
    formset = formset_class(*args, **kwargs)
    assert isinstance(formset, BaseCriterionFormSet)
    return formset


def criteria_initial(criteria: Iterable[Criterion]) -> list[dict[str, Any]]:
    return [
        {
            "name": c.name,
            "description": c.description,
            "max_points": c.max_points,
            "weight": c.weight,
        }
        for c in criteria
    ]


class ApplyForm(StyledForm):
    entity: forms.ModelChoiceField[Entity] = forms.ModelChoiceField(
        label=_("Entity applying"), queryset=Entity.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, entities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "entity", entities)


class DeclarationsForm(StyledForm):
    declares_legal_form = forms.BooleanField(
        label=_("Our legal form is that of a social economy entity."), required=False
    )
    declares_social_goals = forms.BooleanField(label=_("We pursue social goals."), required=False)
    declares_six_months = forms.BooleanField(
        label=_("We have operated for at least 6 months."), required=False
    )
    declares_own_revenue = forms.BooleanField(
        # xgettext:no-python-format
        label=_("At least 30% of our revenue last year was our own."),
        required=False,
    )
    evidence = _document_field(_("Evidence of eligibility"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _(
            "One document confirming the declarations: e.g. the statute and the financial "
            "statement. PDF, DOCX or ODT, at most 10 MB."
        )

    def declarations(self) -> dict[str, bool]:
        return {k: bool(v) for k, v in self.cleaned_data.items() if k.startswith("declares_")}


class ItemForm(StyledForm):
    required_css_class = "required"
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Product or service"),
        choices=OfferKind.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        initial=OfferKind.PRODUCT,
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What it is, how it is made, and what makes it of good quality."),
    )
    price_range = forms.CharField(
        label=_("Price range"),
        max_length=100,
        required=False,
        help_text=_("E.g. 25–40 zł per kilogram."),
    )
    where_to_buy = forms.CharField(
        label=_("Where to buy"),
        max_length=300,
        required=False,
        help_text=_("A shop's address, a website, or how to order."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("Optional. JPEG, PNG or WebP, at most 10 MB."),
        widget=forms.FileInput(attrs={"accept": PHOTO_ACCEPT}),
    )


class RecommendationForm(StyledForm):
    required_css_class = "required"
    referee_name = forms.CharField(label=_("Referee"), max_length=200)
    referee_organisation = forms.CharField(
        label=_("Referee's organisation"), max_length=250, required=False
    )
    referee_contact = forms.CharField(
        label=_("Referee's e-mail or phone"),
        max_length=200,
        required=False,
        help_text=_("Needed if you do not attach the letter: the regional centre will ask."),
    )
    letter = _document_field(_("Letter of recommendation"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("letter") and not (cleaned.get("referee_contact") or "").strip():
            self.add_error(
                "referee_contact", _("Attach the letter, or say how the referee can be reached.")
            )
        return cleaned


class CorrectionForm(StyledForm):
    required_css_class = "required"
    message = forms.CharField(label=_("What to correct"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = date_field(_("Correct by"))


class ReasonForm(StyledForm):
    required_css_class = "required"
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class NoConflictForm(StyledForm):
    no_conflict = forms.BooleanField(
        label=_(
            "I declare that I have no conflict of interest with this entity: I am not "
            "connected with it by family, work, membership or money."
        ),
        error_messages={"required": _("Declare that you have no conflict of interest to review.")},
    )


class ScoringForm(StyledForm):
    """Points and a justification for every criterion of the call."""

    def __init__(self, *args: Any, criteria: Iterable[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"points_{criterion.pk}"] = IntegerNumberField(
                label=_("Points (0–%(max)s)") % {"max": criterion.max_points},
                min_value=0,
                max_value=criterion.max_points,
            )
            self.fields[f"justification_{criterion.pk}"] = forms.CharField(
                label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3})
            )

    def rows(self) -> list[tuple[Criterion, forms.BoundField, forms.BoundField]]:
        return [(c, self[f"points_{c.pk}"], self[f"justification_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (
                self.cleaned_data[f"points_{c.pk}"],
                self.cleaned_data[f"justification_{c.pk}"],
            )
            for c in self.criteria
        }


class RevokeForm(ReasonForm):
    pass


class RenewalForm(StyledForm):
    nothing_changed = forms.BooleanField(
        label=_(
            "Nothing material has changed in the product or service, or in our entity, "
            "since the mark was granted."
        ),
        required=False,
    )
    changes = forms.CharField(
        label=_("What has changed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leave empty if nothing material has changed."),
    )


class RenewalDecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Renew for a year")), ("refuse", _("Refuse the renewal"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the renewal is refused."),
    )


class LicenceFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("all")), *list(LicenceStatus.choices)],
    )


class RegisterForm(StyledForm):
    q = forms.CharField(label=_("Words"), max_length=200, required=False)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("all")), *list(Category.choices)]
    )
    powiat = forms.ChoiceField(label=_("Powiat"), required=False)

    def __init__(self, *args: Any, powiats: Iterable[TerritorialUnit] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "powiat", [("", _("all")), *((p.code, p.name) for p in powiats)])


class VerifyForm(StyledForm):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=30,
        help_text=_("Printed on the certificate, e.g. 3FA2C9B1D4E7."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
