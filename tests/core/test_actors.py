import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from koordynator.core.actors import record_history_user, signed_in_user, user_or_none


@pytest.mark.django_db
def test_only_a_signed_in_user_is_recorded_as_an_author():
    user = get_user_model().objects.create_user(email="ala@example.org", password="x")
    assert user_or_none(user) is user
    assert user_or_none(AnonymousUser()) is None
    assert user_or_none(None) is None
    assert signed_in_user(user) is user
    with pytest.raises(ValueError, match="signed-in"):
        signed_in_user(AnonymousUser())


def test_history_names_no_user_for_an_anonymous_visitor():
    class Row:
        pass

    row = Row()
    record_history_user(row, AnonymousUser())
    assert row._history_user is None
