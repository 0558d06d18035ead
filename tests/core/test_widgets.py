"""PlainSelect renders what Django's Select renders, without a template per option."""

from __future__ import annotations

import re

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
