"""The API at /api/v1/: one NinjaAPI, a router per bounded context."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from koordynator.accounts.api import router as accounts_router
from koordynator.certification.api import router as certification_router
from koordynator.committee.api import router as committee_router
from koordynator.core.api import install_problem_handlers
from koordynator.events.api import router as events_router
from koordynator.municipalities.api import router as municipalities_router
from koordynator.networks.api import router as networks_router
from koordynator.registry.api import router as registry_router
from koordynator.support.api import router as support_router
from koordynator.territory.api import router as territory_router

api = NinjaAPI(
    title="koordynator API",
    version="1.0.0",
    description=str(
        _(
            "Public reads need no token. Writes need `Authorization: Bearer <token>`; "
            "tokens are issued on the profile page or by `manage.py issue_token`. "
            'Lists take `limit` and `offset` and answer `{"count": N, "items": [...]}`. '
            "Errors are RFC 9457 problem+json."
        )
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api-1.0.0",
)
install_problem_handlers(api)
api.add_router("", territory_router)
api.add_router("", accounts_router)
api.add_router("", registry_router)
api.add_router("", events_router)
api.add_router("", certification_router)
api.add_router("", municipalities_router)
api.add_router("", committee_router)
api.add_router("", networks_router)
api.add_router("", support_router)
