import pytest

from tests.factories.committee import CommitteeFactory, MemberFactory


@pytest.fixture
def committee(region):
    return CommitteeFactory(region=region)


@pytest.fixture
def members(committee):
    """Four members for 2024–2027; the first has a deputy."""
    first = MemberFactory(
        committee=committee,
        full_name="Anna Świątek",
        deputy_name="Józef Żółkiewski",
        deputy_email="zastepca@example.org",
    )
    return [first] + [
        MemberFactory(committee=committee, full_name=name)
        for name in ("Bartosz Łęcki", "Celina Ćwik", "Dariusz Źrebak")
    ]
