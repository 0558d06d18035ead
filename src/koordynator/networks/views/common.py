"""What the network pages share: a network the user may see."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from .. import selectors
from ..models import Network


def visible_network(request: HttpRequest, network_id: int, perm: str) -> Network:
    network = selectors.network_visible_to(request.user, network_id)
    if network is None or not request.user.has_perm(perm, network):
        raise Http404
    return network
