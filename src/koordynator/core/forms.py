"""What the forms of every context share: Bootstrap's classes on their widgets, the date and
date-time fields the browser's own pickers fill in, and typed ways to give a field the
choices the form's caller knows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.boundfield import BoundField
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .api import DomainValidationError

CHECKBOX_FIELD_TEMPLATE = "core/forms/checkbox_field.html"
DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# What <input type="datetime-local"> sends (with seconds when a step asks for them), and the
# same with a space, as people type it into the API or a spreadsheet.
DATETIME_INPUT_FORMATS = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def css_class(widget: forms.Widget) -> str | None:
    """Bootstrap's class for a widget. Radio buttons and lists of checkboxes get none:
    Django's field group draws them inside their labels, styled by `.form-field`
    (koordynator.css), and a template that draws them one by one in a `.form-check` sets
    `form-check-input` on the widget itself."""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
        return None
    if isinstance(widget, forms.Select):  # SelectMultiple and PlainSelect are too
        return "form-select"
    return "form-control"


class StyledBoundField(BoundField):
    """Adds Bootstrap's class when the widget is drawn, unless the form gave it one."""

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = css_class(widget)
        if css and "class" not in widget.attrs and "class" not in attrs:
            attrs["class"] = css
        return attrs

    @property
    def template_name(self) -> str:
        # A single checkbox is drawn box first, then its label, then its errors: Bootstrap's
        # .form-check floats the box beside the label, and an error list drawn between them
        # pushed the box down beside the next checkbox's label.
        if not getattr(self.field, "template_name", None) and isinstance(
            self.field.widget, forms.CheckboxInput
        ):
            return CHECKBOX_FIELD_TEMPLATE
        return super().template_name


class StyledForm(forms.Form):
    """A form whose widgets carry Bootstrap's classes. They are added as each field is
    drawn (Django's `bound_field_class`), so the fields a form adds in its __init__ and
    those a formset adds (DELETE, ORDER) are styled like declared ones, and a class set on
    a widget by the form is kept. Required fields' labels carry the class `required`, which
    koordynator.css marks with the asterisk the pages promise; their inputs carry the
    `required` attribute, so screen readers announce them (the forms are `novalidate`, so
    the browser does not check them itself)."""

    bound_field_class = StyledBoundField
    required_css_class = "required"


class DateWidget(forms.DateInput):
    """<input type="date">, its value written as the browser reads it (ISO, whatever the
    language: the Polish format would leave the input empty)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATE_FORMAT)


class DateTimeWidget(forms.DateTimeInput):
    """<input type="datetime-local">, its value written as the browser reads it."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    """A date picked in the browser's own date input."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateWidget(),
    )


def datetime_field(
    label: Any, *, required: bool = True, help_text: Any = ""
) -> forms.DateTimeField:
    """A date and time picked in the browser's own datetime-local input."""
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATETIME_INPUT_FORMATS,
        widget=DateTimeWidget(),
    )


# Spaces people and the platform put between groups of digits: a space, a non-breaking
# space (Django's Polish THOUSAND_SEPARATOR) and a narrow one (what Unicode's CLDR prints).
GROUP_SPACES = " \u00a0\u202f\u2009"
_MINUS = "-\u2212"
_DIGITS = re.compile(r"[0-9]+")
_FIRST_GROUP = re.compile(r"[0-9]{1,3}")
_GROUP = re.compile(r"[0-9]{3}")


def parse_number(text: str) -> str | None:
    """The number typed as people write it in the active language, as Python's Decimal
    reads it ("250 000,50" -> "250000.50"), or None when it is not a number.

    The decimal mark is the language's (a comma in Polish; there a point is taken too, as
    spreadsheets and the API send it). Digits may be grouped by threes with spaces of any
    kind or with the language's own group separator (a comma in English); a group of
    another length is refused rather than guessed at, so "1,5" in English or "25 00" is an
    error, not fifteen or 2500."""
    text = text.strip()
    sign = ""
    if text and text[0] in _MINUS + "+":
        sign, text = ("-" if text[0] in _MINUS else ""), text[1:].lstrip()
    decimal_mark = str(formats.get_format("DECIMAL_SEPARATOR"))
    group_marks = set(GROUP_SPACES) | (
        {str(formats.get_format("THOUSAND_SEPARATOR"))} - {decimal_mark}
    )
    if decimal_mark == "," and "." not in group_marks and "," not in text and text.count(".") == 1:
        decimal_mark = "."
    whole, _mark, fraction = text.partition(decimal_mark)
    if _mark and not _DIGITS.fullmatch(fraction):
        return None
    groups = re.split("[" + re.escape("".join(sorted(group_marks))) + "]", whole)
    if len(groups) == 1:
        if not _DIGITS.fullmatch(whole):
            return None
    elif not _FIRST_GROUP.fullmatch(groups[0]) or not all(
        _GROUP.fullmatch(group) for group in groups[1:]
    ):
        return None
    return sign + "".join(groups) + ("." + fraction if _mark else "")


class NumberWidget(forms.TextInput):
    """A text input for a number as people write it ("250 000,50"): the browser's own
    number input refuses spaces and, in some browsers, the comma. The value is drawn grouped
    as the platform prints it, so a form that comes back shows what was saved."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, decimal: bool = True) -> None:
        super().__init__(attrs={"inputmode": "decimal" if decimal else "numeric", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
            return formats.number_format(value, use_l10n=True, force_grouping=True)
        return super().format_value(value)


class NumberInputMixin:
    """Reads what `parse_number` reads; anything else is the field's own "enter a number"
    error. Values that are not text (the API's JSON numbers) are read as they are."""

    error_messages: dict[str, Any]

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            number = parse_number(value)
            if number is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = number
        return super().to_python(value)  # type: ignore[misc]


class DecimalNumberField(NumberInputMixin, forms.DecimalField):
    """An amount or a figure with decimals, typed as "250 000,50"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("localize", None)  # parse_number reads the language's marks itself
        kwargs.setdefault("widget", NumberWidget)
        super().__init__(**kwargs)
        self.error_messages["invalid"] = _("Enter a number like 250,000.50.")

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # Django's step/min/max attributes belong to <input type="number">.
        return forms.Field.widget_attrs(self, widget)


class IntegerNumberField(NumberInputMixin, forms.IntegerField):
    """A count typed as "1 234". Years are not counts: they stay IntegerFields, drawn
    without a group separator."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("localize", None)
        kwargs.setdefault("widget", NumberWidget(decimal=False))
        super().__init__(**kwargs)
        self.error_messages["invalid"] = _("Enter a whole number like 1,234.")

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return forms.Field.widget_attrs(self, widget)


def set_queryset(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Give a model choice field of this form its choices: the class declares none, the
    caller knows which the user may pick."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # ModelMultipleChoiceField is one too
    field.queryset = queryset


def set_choices(form: forms.BaseForm, name: str, choices: Iterable[tuple[Any, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


def show_errors(
    form: forms.BaseForm, error: DomainValidationError, renamed: dict[str, str] | None = None
) -> None:
    """Put a service's errors beside the form's fields (`renamed`: the form's name of a
    service's field where they differ); the others above the form."""
    for key, message in error.errors.items():
        name = (renamed or {}).get(key, key)
        form.add_error(name if name in form.fields else None, message)


def error_text(error: DomainValidationError) -> str:
    """A service's errors as one message (for a page's messages)."""
    return " ".join(str(message) for message in error.errors.values())
