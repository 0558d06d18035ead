"""What the forms of every context share: Bootstrap's classes on their widgets, the date and
date-time fields the browser's own pickers fill in, and typed ways to give a field the
choices the form's caller knows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.boundfield import BoundField

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
        if not self.field.template_name and isinstance(self.field.widget, forms.CheckboxInput):
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
