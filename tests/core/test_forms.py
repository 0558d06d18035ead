import datetime
import re
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from koordynator.core.forms import (
    DecimalNumberField,
    IntegerNumberField,
    NumberWidget,
    StyledForm,
    date_field,
    datetime_field,
    parse_number,
    set_choices,
    set_queryset,
)
from koordynator.core.widgets import PlainSelect
from koordynator.territory.models import Region


class _Everything(StyledForm):
    text = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea)
    upload = forms.FileField()
    agree = forms.BooleanField()
    kind = forms.ChoiceField(choices=[("a", "A")])
    plain = forms.ChoiceField(choices=[("a", "A")], widget=PlainSelect)
    many = forms.MultipleChoiceField(choices=[("a", "A")])
    radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    ticks = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
    drawn = forms.ChoiceField(
        choices=[("a", "A")], widget=forms.RadioSelect(attrs={"class": "form-check-input"})
    )
    own = forms.CharField(widget=forms.TextInput(attrs={"class": "font-monospace"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["added"] = forms.IntegerField()


def _drawn_class(bound_field):
    """The class of the first element the field draws (input, select or textarea)."""
    match = re.search(r"<(?:input|select|textarea)\b[^>]*>", str(bound_field))
    found = re.search(r'class="([^"]*)"', match.group(0))
    return found.group(1) if found else None


def test_styled_form_gives_each_widget_bootstraps_class():
    form = _Everything()
    classes = {name: _drawn_class(form[name]) for name in form.fields}
    assert classes == {
        "text": "form-control",
        "notes": "form-control",
        "upload": "form-control",
        "agree": "form-check-input",
        "kind": "form-select",
        "plain": "form-select",
        "many": "form-select",
        # Drawn in their labels by the field group, or one by one by a template that
        # asks for form-check-input itself.
        "radio": None,
        "ticks": None,
        "drawn": "form-check-input",
        "own": "font-monospace",
        "added": "form-control",  # fields the form's __init__ adds are styled too
    }


def test_styling_does_not_leak_into_the_declared_fields():
    str(_Everything()["text"])
    assert "class" not in _Everything.base_fields["text"].widget.attrs


def test_formset_rows_are_styled_and_their_delete_box_too():
    class Row(StyledForm):
        name = forms.CharField()

    formset = forms.formset_factory(Row, can_delete=True)()
    row = formset.forms[0]
    assert _drawn_class(row["name"]) == "form-control"
    assert _drawn_class(row["DELETE"]) == "form-check-input"


class _Dates(StyledForm):
    day = date_field("Day")
    until = date_field("Until", required=False, help_text="Empty: no end.")
    at = datetime_field("At")


def test_date_fields_write_their_value_as_the_browser_reads_it_in_polish_too():
    with translation.override("pl"):
        form = _Dates(
            initial={
                "day": datetime.date(2025, 3, 5),
                "at": datetime.datetime(2025, 3, 5, 9, 30),  # noqa: DTZ001 (drawn as given)
            }
        )
        assert 'type="date"' in str(form["day"])
        assert 'value="2025-03-05"' in str(form["day"])
        assert 'type="datetime-local"' in str(form["at"])
        assert 'value="2025-03-05T09:30"' in str(form["at"])
    assert not form.fields["until"].required
    assert form.fields["until"].help_text == "Empty: no end."


@pytest.mark.parametrize("sent", ["2025-03-05T09:30", "2025-03-05 09:30", "2025-03-05T09:30:00"])
def test_datetime_field_takes_what_the_input_the_api_and_people_send(sent):
    form = _Dates(data={"day": "2025-03-05", "at": sent})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["at"].replace(tzinfo=None) == datetime.datetime(2025, 3, 5, 9, 30)  # noqa: DTZ001


@pytest.mark.django_db
def test_set_queryset_and_set_choices_give_a_field_its_choices():
    class Choose(forms.Form):
        region = forms.ModelChoiceField(queryset=Region.objects.none())
        year = forms.TypedChoiceField(coerce=int)

    form = Choose()
    set_queryset(form, "region", Region.objects.all())
    set_choices(form, "year", [(2024, "2024"), (2025, "2025")])
    assert form.fields["region"].queryset.model is Region
    assert list(form.fields["year"].choices) == [(2024, "2024"), (2025, "2025")]
    assert Choose.base_fields["region"].queryset.count() == 0


def test_show_errors_puts_a_services_errors_beside_the_fields_renamed_or_above_the_form():
    from koordynator.core.api import DomainValidationError
    from koordynator.core.forms import error_text, show_errors

    class Member(StyledForm):
        name = forms.CharField(required=False)
        organisation_name = forms.CharField(required=False)

    form = Member(data={})
    assert form.is_valid()
    error = DomainValidationError(
        {"name": "Give a name.", "organisation": "No such one.", "__all__": "Not now."}
    )
    show_errors(form, error, {"organisation": "organisation_name"})
    assert form.errors == {
        "name": ["Give a name."],
        "organisation_name": ["No such one."],
        "__all__": ["Not now."],
    }
    assert error_text(error) == "Give a name. No such one. Not now."


class _Consent(StyledForm):
    name = forms.CharField(label="Name")
    consent = forms.BooleanField(label="I agree")
    photos = forms.BooleanField(label="Photos", required=False)


def test_a_checkbox_is_drawn_box_label_then_errors_so_a_float_keeps_it_beside_its_label():
    form = _Consent(data={"name": ""})
    assert not form.is_valid()
    html = form["consent"].as_field_group()
    box, label, errors = html.index("<input"), html.index("<label"), html.index("errorlist")
    assert box < label < errors


def test_required_fields_are_marked_and_announced():
    form = _Consent()
    assert 'class="required"' in form["name"].label_tag()
    assert "required" in str(form["name"])
    assert 'class="required"' not in form["photos"].label_tag()


_SPACES = st.sampled_from([" ", "\u00a0", "\u202f"])


def _polish(number: Decimal, space: str) -> str:
    """A number written as Polish users write it: groups of three, a decimal comma."""
    sign, whole, fraction = "-" if number < 0 else "", *f"{abs(number):f}".partition(".")[::2]
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = space.join([whole, *groups])
    return sign + text + ("," + fraction if fraction else "")


@given(
    number=st.decimals(
        min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False
    ),
    space=_SPACES,
)
def test_a_number_written_the_polish_way_is_read_back(number, space):
    with translation.override("pl"):
        assert Decimal(parse_number(_polish(number, space))) == number


@given(number=st.integers(min_value=0, max_value=10**12))
def test_a_drawn_number_is_read_back_in_either_language(number):
    for language in ("pl", "en"):
        with translation.override(language):
            drawn = NumberWidget().format_value(Decimal(number) / 100)
            assert Decimal(parse_number(drawn)) == Decimal(number) / 100


@given(text=st.text(alphabet="0123456789 ,.\u00a0-", max_size=12))
def test_anything_typed_is_a_number_or_refused_never_a_crash(text):
    with translation.override("pl"):
        parsed = parse_number(text)
        if parsed is not None:
            Decimal(parsed)


@pytest.mark.parametrize("text", ["25 00", "1 2345", "1,2,3", "12 ,5", "1..2", ",5 0"])
def test_numbers_grouped_wrongly_are_refused(text):
    with translation.override("pl"):
        assert parse_number(text) is None


def test_number_fields_read_polish_input_and_refuse_the_rest():
    with translation.override("pl"):
        amount = DecimalNumberField(max_digits=14, decimal_places=2, min_value=0)
        assert amount.clean("250 000,50") == Decimal("250000.50")
        assert amount.clean("250 000") == Decimal("250000")
        assert IntegerNumberField().clean("1 234") == 1234
        with pytest.raises(forms.ValidationError):
            IntegerNumberField().clean("1 234,5")
