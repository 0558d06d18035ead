"""What the forms of every context share: Bootstrap's classes on their widgets, the date and
date-time fields the browser's own pickers fill in, and typed ways to give a field the
choices the form's caller knows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.forms import DeclarativeFieldsMetaclass

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# What <input type="datetime-local"> sends (with seconds when a step asks for them), and the
# same with a space, as people type it into the API or a spreadsheet.
DATETIME_INPUT_FORMATS = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def style_widget(widget: forms.Widget) -> None:
    """Give a widget Bootstrap's class, unless the form gave it one. Radio buttons and lists
    of checkboxes get none: Django's field group draws them inside their labels, styled by
    `.form-field` (koordynator.css), and a template that draws them one by one in a
    `.form-check` needs the form to set `form-check-input` on the widget."""
    if isinstance(widget, forms.CheckboxInput):
        widget.attrs.setdefault("class", "form-check-input")
    elif isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
        return
    elif isinstance(widget, forms.Select):  # SelectMultiple and PlainSelect are too
        widget.attrs.setdefault("class", "form-select")
    else:
        widget.attrs.setdefault("class", "form-control")


def style_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        style_widget(field.widget)


class _StyledFormMetaclass(DeclarativeFieldsMetaclass):
    # Left unannotated: mypy then checks a form's construction against its own __init__.
    def __call__(cls, *args, **kwargs):
        form = super().__call__(*args, **kwargs)
        style_fields(form)
        return form


class StyledForm(forms.Form, metaclass=_StyledFormMetaclass):
    """A form whose widgets carry Bootstrap's classes. They are given once the form's own
    __init__ has run, so the fields it adds, removes or sets up there are styled as
    declared ones; a class set on a widget by the form is kept. Fields a formset adds
    afterwards (DELETE, ORDER) are left as Django makes them."""


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
