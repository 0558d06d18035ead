import io

import pytest
from django.core.management import call_command

from koordynator.accounts.enums import Role
from koordynator.accounts.models import Membership, Organisation, User
from koordynator.demo.data import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_load_demo_gives_one_login_per_role_and_can_run_twice(demo):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=io.StringIO())
    assert sorted(Membership.objects.values_list("role", flat=True)) == sorted(
        r.value for r in Role
    )
    for line in ["rops@demo.example", DEMO_PASSWORD]:
        assert line in out.getvalue()
    rops = User.objects.get(email="rops@demo.example")
    assert rops.check_password(DEMO_PASSWORD)
    assert (
        Organisation.objects.filter(is_fictional=True).exclude(name__contains="fikcyjn").count()
        == 0
    )
    assert User.objects.get(email="admin@demo.example").is_superuser
