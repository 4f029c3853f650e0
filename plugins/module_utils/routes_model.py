# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The routes through a VPC peering connection as data: destinations, the rules they follow, and what a task
compares. No API calls here.

This module util is PRIVATE to the collection: its interface may change in any release.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

View = Dict[str, Any]
Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

# Route entries of a table that are being written: no other write in the VPC is accepted meanwhile (TaskConflict).
SETTLING_ENTRY_STATUSES = frozenset(('Pending', 'Modifying', 'Deleting'))
AVAILABLE = 'Available'
CUSTOM = 'Custom'
# Where routes come from: only those a user created are this module's to purge.
USER_CREATED_ORIGINS = frozenset(('CustomCreate', None, ''))
MAX_CUSTOM_ENTRIES_PER_TABLE = 200
# The cloud services' block: no route may point anywhere else for it.
SERVICE_BLOCK = ipaddress.ip_network('100.64.0.0/10')
ROUTE_TEXT_LIMITS = {'name': 128, 'description': 256}


def destination_problems(values: Iterable[Any]) -> List[str]:
    """Destinations must be IPv4 or IPv6 networks; a bare address is a /32 (/128). Host bits set are refused rather
    than cleared, since ``10.0.0.1/16`` is more likely a typo than a wish for ``10.0.0.0/16``."""
    problems = []
    for value in values:
        try:
            ipaddress.ip_network(str(value), strict=True)
        except ValueError:
            try:
                loose = ipaddress.ip_network(str(value), strict=False)
            except ValueError:
                problems.append('destinations: %r is not a CIDR block (such as 10.0.0.0/16) or an IP address' % (value,))
            else:
                problems.append('destinations: %r has host bits set; did you mean %s?' % (value, loose))
    return problems


def network(value: Any) -> Network:
    return ipaddress.ip_network(str(value), strict=False)


def text_problems(params: Mapping[str, Any]) -> List[str]:
    problems = []
    for option, limit in ROUTE_TEXT_LIMITS.items():
        value = params.get(option)
        if value is None:
            continue
        if not 1 <= len(value) <= limit:
            problems.append('%s must be 1 to %d characters long (got %d)' % (option, limit, len(value)))
        elif value.startswith(('http://', 'https://')):
            problems.append('%s must not start with http:// or https://' % option)
    return problems


def forbidden_destination(destination: Network, vpc_blocks: Sequence[str], vswitch_blocks: Sequence[str]) -> Optional[str]:
    """Why a route to ``destination`` can never be created in this VPC, or None."""
    if destination.version == 4 and destination.subnet_of(SERVICE_BLOCK):
        return 'it lies inside 100.64.0.0/10, the block of Alibaba Cloud services'
    for block in vswitch_blocks:
        vswitch = network(block)
        if vswitch.version == destination.version and destination.subnet_of(vswitch):
            return 'it lies inside the vSwitch block %s of the VPC' % block
    # The service would take this one; traffic to the VPC's own addresses through a peering is a mistake, though.
    for block in vpc_blocks:
        own = network(block)
        if own.version == destination.version and destination.subnet_of(own):
            return 'it lies inside the VPC\'s own block %s' % block
    return None


def points_at(entry: Mapping[str, Any], instance_id: str) -> bool:
    """Whether the route entry sends its traffic to the peering connection ``instance_id``."""
    return any(hop.get('next_hop_id') == instance_id for hop in entry.get('next_hops') or [])


def same_destination(entry: Mapping[str, Any], destination: Network) -> bool:
    try:
        return network(entry.get('destination_cidr_block')) == destination
    except ValueError:
        return False


def is_user_created(entry: Mapping[str, Any]) -> bool:
    """A Custom entry a user created: never a System, propagated (BGP, CEN, ECR) or managed one."""
    return entry.get('type') == CUSTOM and entry.get('origin') in USER_CREATED_ORIGINS


def entry_diff(entry: Mapping[str, Any]) -> Dict[str, Any]:
    """What a diff shows of one route entry."""
    return {'destination_cidr_block': entry.get('destination_cidr_block'), 'name': entry.get('name'),
            'description': entry.get('description'), 'status': entry.get('status')}


def routes_diff(view: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """The entries of each managed table that point at the connection: ``{table id: [entry, ...]}``."""
    if not view:
        return {}
    tables: Dict[str, List[Dict[str, Any]]] = {table: [] for table in view.get('route_table_ids') or []}
    for entry in view.get('route_entries') or []:
        tables.setdefault(entry.get('route_table_id') or '', []).append(entry_diff(entry))
    return {table: sorted(entries, key=lambda item: str(item['destination_cidr_block'])) for table, entries in tables.items()}
