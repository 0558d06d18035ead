"""Who may do what with cooperation networks and partnerships.

National administrators (every region) and regional coordinators (their region) manage
everything. Support centre staff manage the networks they coordinate (as the person or
for the coordinating organisation) and see the others of their region. A network's
members read their networks: members, meetings and shared documents. The public reads
public networks and partnerships on the public page and in the API.
"""

from __future__ import annotations

from typing import Any

import rules

from koordynator.accounts.enums import Role
from koordynator.accounts.rules import (
    coordinates_region_of,
    has_staff_role_here,
    is_national_administrator,
    is_staff_of_region_of,
)
from koordynator.accounts.selectors import (
    region_ids_with_role,
    support_centre_organisation_ids,
)

from .models import Network
from .selectors import member_network_ids

USE_STAFF_PAGES = "networks.use_staff_pages"
# The object is the Region the network is created in.
ADD_NETWORK = "networks.add_network"
# The object is the Network.
VIEW_NETWORK = "networks.view_network"
MANAGE_NETWORK = "networks.manage_network"
VIEW_DOCUMENTS = "networks.view_documents"
VIEW_OWN_NETWORKS = "networks.view_own_networks"
LIST_PARTNERSHIPS = "networks.list_partnerships"
# The object is the Partnership (or the Region it is registered in).
VIEW_PARTNERSHIP = "networks.view_partnership"
MANAGE_PARTNERSHIPS = "networks.manage_partnerships"


@rules.predicate
def coordinates_network(user: Any, network: Any) -> bool:
    """Support centre staff of the network's region who coordinate it, themselves or
    for their support centre."""
    if not isinstance(network, Network):
        return False
    if network.region_id not in region_ids_with_role(user, {Role.SUPPORT_CENTRE_STAFF}):
        return False
    return network.coordinator_id == user.pk or (
        network.coordinator_organisation_id is not None
        and network.coordinator_organisation_id in support_centre_organisation_ids(user)
    )


@rules.predicate
def is_network_member(user: Any, network: Any) -> bool:
    return isinstance(network, Network) and network.pk in member_network_ids(user)


@rules.predicate
def is_member_of_a_network(user: Any) -> bool:
    return bool(member_network_ids(user))


is_admin = is_national_administrator

rules.add_perm(USE_STAFF_PAGES, is_admin | has_staff_role_here)
rules.add_perm(ADD_NETWORK, is_admin | coordinates_region_of)
rules.add_perm(VIEW_NETWORK, is_admin | is_staff_of_region_of | is_network_member)
rules.add_perm(MANAGE_NETWORK, is_admin | coordinates_region_of | coordinates_network)
rules.add_perm(VIEW_DOCUMENTS, is_admin | is_staff_of_region_of | is_network_member)
rules.add_perm(VIEW_OWN_NETWORKS, is_member_of_a_network)
rules.add_perm(LIST_PARTNERSHIPS, is_admin | has_staff_role_here)
rules.add_perm(VIEW_PARTNERSHIP, is_admin | is_staff_of_region_of)
rules.add_perm(MANAGE_PARTNERSHIPS, is_admin | coordinates_region_of)
