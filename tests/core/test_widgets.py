"""PlainSelect renders what Django's Select renders, without a template per option."""

from __future__ import annotations

import re

import pytest
from django import forms

from koordynator.core.widgets import PlainSelect

CHOICES = [("", "all"), ("1", "A & B"), ("2", "<b>x</b>")]


class Form(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False, widget=PlainSelect())
    django = forms.ChoiceField(choices=CHOICES, required=False, widget=forms.Select())


def test_plain_select_matches_djangos_select():
    form = Form({"plain": "2", "django": "2"})
    plain = str(form["plain"]).replace("plain", "FIELD")
    django = re.sub(r">\s+<", "><", str(form["django"]).replace("django", "FIELD"))
    assert plain == django
    assert '<option value="2" selected>&lt;b&gt;x&lt;/b&gt;</option>' in plain


@pytest.mark.django_db
def test_plain_select_renders_model_choices_and_marks_the_chosen_one():
    from koordynator.registry.models import Sector

    class SectorForm(forms.Form):
        sector = forms.ModelChoiceField(
            queryset=Sector.objects.order_by("code"), required=False, widget=PlainSelect()
        )

    sector, _ = Sector.objects.update_or_create(
        code="88", defaults={"section": "Q", "name": "Pomoc społeczna & <opieka>"}
    )
    html = str(SectorForm({"sector": "88"})["sector"])
    assert '<option value="">---------</option>' in html
    label = str(sector).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert f'<option value="88" selected>{label}</option>' in html
