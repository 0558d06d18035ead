"""/api/v1/me: who the token belongs to and what roles it carries."""

from django.http import HttpRequest
from ninja import Router, Schema

from .auth import token_auth
from .selectors import memberships_of

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    role: str
    region: str | None
    organisation: str | None


class MeOut(Schema):
    email: str
    full_name: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, auth=token_auth)
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        email=user.email,  # type: ignore[union-attr]
        full_name=user.full_name,  # type: ignore[union-attr]
        memberships=[
            MembershipOut(
                role=m.role,
                region=m.region.code if m.region else None,
                organisation=m.organisation.name if m.organisation else None,
            )
            for m in memberships_of(user)
        ],
    )
