# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading the routes through a VPC peering connection, on the caller's side, and waiting for them.

This module util is PRIVATE to the collection: its interface may change in any release.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, NamedTuple, Optional, Sequence

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import VpcApi, VpcPeerApi
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import StateError, WaitTimeout
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering_model import ACCEPTER, REQUESTER
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import (
    Backoff,
    PollTimeout,
    default_sleep,
    poll_backoff,
    poll_until,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.routes_model import (
    AVAILABLE,
    SETTLING_ENTRY_STATUSES,
    View,
    points_at,
)

VpcApis = Callable[[str], VpcApi]


class Side(NamedTuple):
    """The caller's side of a connection: which end (REQUESTER or ACCEPTER), its VPC (read), and its region."""

    end: str
    vpc: View
    region_id: str


def connection_ends(connection: Mapping[str, Any]) -> List[Side]:
    """Both ends, as far as the connection tells them (the VPC view holds only its id and blocks)."""
    return [Side(REQUESTER, dict(connection['vpc']), connection.get('region_id') or ''),
            Side(ACCEPTER, dict(connection['accepting_vpc']), connection.get('accepting_region_id') or '')]


class RouteReads:
    """Reads of a connection's routes through the VpcPeer API and the regional VPC APIs, and the waits on them."""

    def __init__(self, peer_api: VpcPeerApi, vpc_apis: VpcApis, *, sleep: Optional[Callable[[float], Any]] = None,
                 backoff: Optional[Backoff] = None) -> None:
        self.peer_api = peer_api
        self.vpc_apis = vpc_apis
        self.deadline = peer_api.deadline
        self._sleep = sleep or default_sleep
        self._backoff = backoff

    def own_sides(self, connection: Mapping[str, Any], vpc_id: Optional[str] = None) -> List[Side]:
        """The ends of the connection whose VPC these credentials own (both for one account owning both), each read
        from the VPC API in its region; only the one ``vpc_id`` names when it is given. A VPC that is not the
        caller's is simply not found there, which is what tells the sides apart, even two accounts in one region."""
        sides = []
        for end in connection_ends(connection):
            if vpc_id is not None and end.vpc.get('vpc_id') != vpc_id:
                continue
            vpc = self.vpc_apis(end.region_id).get_vpc(end.vpc.get('vpc_id') or '')
            if vpc is not None:
                sides.append(end._replace(vpc=dict(vpc, ipv4_cidrs=end.vpc.get('ipv4_cidrs') or [])))
        return sides

    def tables(self, side: Side, route_table_ids: Optional[Sequence[str]]) -> List[View]:
        """The route tables to manage: those named (each must belong to the VPC), else the VPC's System table."""
        api = self.vpc_apis(side.region_id)
        vpc_id = side.vpc['vpc_id']
        if not route_table_ids:
            return api.list_route_tables(vpc_id, route_table_type='System')
        route_table_ids = list(dict.fromkeys(route_table_ids))  # a table named twice is one table
        known = {table['route_table_id']: table for table in api.list_route_tables(vpc_id)}
        missing = [table_id for table_id in route_table_ids if table_id not in known]
        if missing:
            raise StateError('Route table %s is not a table of VPC %s (region %s, the tables are: %s). Name tables of '
                             'the VPC on this side of the connection, or leave route_table_ids out for its System table.'
                             % (', '.join(missing), vpc_id, side.region_id, ', '.join(sorted(known)) or 'none'))
        return [known[table_id] for table_id in route_table_ids]

    def entries(self, side: Side, tables: Sequence[Mapping[str, Any]]) -> Dict[str, List[View]]:
        api = self.vpc_apis(side.region_id)
        return {table['route_table_id']: api.list_route_entries(table['route_table_id']) for table in tables}

    def pointing_at(self, connection: Mapping[str, Any]) -> List[View]:
        """The entries of every table of the caller's own VPCs that point at the connection."""
        found = []
        instance_id = connection.get('instance_id') or ''
        for side in self.own_sides(connection):
            api = self.vpc_apis(side.region_id)
            for table in api.list_route_tables(side.vpc['vpc_id']):
                found += api.list_route_entries(table['route_table_id'], next_hop_id=instance_id)
        return [entry for entry in found if points_at(entry, instance_id)]

    # -- waiting ----------------------------------------------------------------------------------------
    def wait(self, side: Side, tables: Sequence[str], done: Callable[[Dict[str, List[View]]], bool],
             target: str) -> Dict[str, List[View]]:
        """Poll the entries of ``tables`` until ``done(entries by table)``; on timeout raise ``WaitTimeout``."""
        api = self.vpc_apis(side.region_id)

        def fetch() -> Dict[str, List[View]]:
            return {table: api.list_route_entries(table) for table in tables}

        try:
            return poll_until(fetch, done, deadline=self.deadline, backoff=self._backoff or poll_backoff(),
                              sleep=self._sleep)
        except PollTimeout as timeout:
            busy = ', '.join('%s (%s %s)' % (entry.get('route_entry_id'), entry.get('destination_cidr_block'),
                                             entry.get('status'))
                             for entries in (timeout.last or {}).values() for entry in entries
                             if entry.get('status') in SETTLING_ENTRY_STATUSES)
            raise WaitTimeout('Timed out after %.0f s waiting for the route entries of %s to %s; still in progress: %s. '
                              'Raise wait_timeout (%.0f s) if it needs longer.'
                              % (max(timeout.waited, self.deadline.elapsed()), ', '.join(tables), target, busy or 'none',
                                 self.deadline.seconds))

    def settled(self, side: Side, tables: Sequence[str]) -> Dict[str, List[View]]:
        """Until no entry of the tables is Pending, Modifying or Deleting."""
        return self.wait(side, tables, lambda found: not any(
            entry.get('status') in SETTLING_ENTRY_STATUSES for entries in found.values() for entry in entries),
            'settle (Available, or gone)')

    def entry_settled(self, side: Side, table: str, route_entry_id: str, gone: bool) -> Dict[str, List[View]]:
        """Until the entry is Available (or, with ``gone``, no longer listed)."""
        def done(found: Dict[str, List[View]]) -> bool:
            entry = next((item for item in found.get(table, []) if item.get('route_entry_id') == route_entry_id), None)
            return entry is None if gone else entry is not None and entry.get('status') == AVAILABLE

        return self.wait(side, [table], done, 'have %s %s' % (route_entry_id, 'gone' if gone else 'Available'))
