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
from koordynator.accounts.rules import is_national_administrator
from koordynator.accounts.selectors import region_ids_with_role

from .models import Network
from .selectors import member_network_ids, support_centre_organisation_ids

STAFF = {Role.REGIONAL_COORDINATOR, Role.SUPPORT_CENTRE_STAFF}
COORDINATOR = {Role.REGIONAL_COORDINATOR}


def _region_id(obj: Any) -> int | None:
    if obj is None:
        return None
    if hasattr(obj, "voivodeship_id"):  # a Region
        return int(obj.pk)
    region_id = getattr(obj, "region_id", None)
    return int(region_id) if region_id is not None else None


@rules.predicate
def has_staff_role_here(user: Any) -> bool:
    return bool(region_ids_with_role(user, STAFF))


@rules.predicate
def is_staff_of_region_of(user: Any, obj: Any) -> bool:
    region_id = _region_id(obj)
    return region_id is not None and region_id in region_ids_with_role(user, STAFF)


@rules.predicate
def coordinates_region_of(user: Any, obj: Any) -> bool:
    region_id = _region_id(obj)
    return region_id is not None and region_id in region_ids_with_role(user, COORDINATOR)


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

rules.add_perm("networks.use_staff_pages", is_admin | has_staff_role_here)
# The object is the Region the network is created in.
rules.add_perm("networks.add_network", is_admin | coordinates_region_of)
# The object is the Network.
rules.add_perm("networks.view_network", is_admin | is_staff_of_region_of | is_network_member)
rules.add_perm("networks.manage_network", is_admin | coordinates_region_of | coordinates_network)
rules.add_perm("networks.view_documents", is_admin | is_staff_of_region_of | is_network_member)
rules.add_perm("networks.view_own_networks", is_member_of_a_network)
rules.add_perm("networks.list_partnerships", is_admin | has_staff_role_here)
# The object is the Partnership (or the Region it is registered in).
rules.add_perm("networks.view_partnership", is_admin | is_staff_of_region_of)
rules.add_perm("networks.manage_partnerships", is_admin | coordinates_region_of)
