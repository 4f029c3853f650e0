# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The task of ``vpc_peer_route``: the routes of one side of one peering connection, as the engine's second
resource. One read (the connection, the caller's VPC, its vSwitches, the tables and their entries), then a plan of
CreateRouteEntry, ModifyRouteEntry and DeleteRouteEntry calls, one at a time.

This module util is PRIVATE to the collection: its interface may change in any release.

Every precondition a read can decide comes first: the connection is Activated (or waited for while it settles),
the destinations are allowed in this VPC, no route to one of them goes through another next hop, and the tables
have room. The service takes one route write at a time per VPC (TaskConflict otherwise): each write is waited
for before the next one, and a conflict with another writer is waited out by reading and planning again.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, NamedTuple, Optional

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import VpcPeerApi
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.engine import Plan, ResourceTask, Step, View, diff_of
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import StateError, ValidationError
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering_model import (
    ACCEPTING,
    ACTIVATED,
    REQUESTER,
    instance_id_problems,
    refusal,
    status_of,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering_reads import ConnectionReads
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.route_reads import RouteReads, Side, VpcApis
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.routes_model import (
    MAX_CUSTOM_ENTRIES_PER_TABLE,
    SETTLING_ENTRY_STATUSES,
    Network,
    destination_problems,
    forbidden_destination,
    is_user_created,
    network,
    points_at,
    routes_diff,
    same_destination,
    text_problems,
)

STATES = ('present', 'absent')


def validate_route_options(params: Mapping[str, Any]) -> None:
    """Check every option before any API call. Raises ``ValidationError`` listing every problem."""
    problems = instance_id_problems(params.get('instance_id'))
    problems += destination_problems(params.get('destinations') or [])
    problems += text_problems(params)
    if params.get('destinations') is not None and not params['destinations']:
        problems.append('destinations must not be empty: leave it out for the other VPC\'s IPv4 blocks')
    if params.get('route_table_ids') is not None and not params['route_table_ids']:
        problems.append('route_table_ids must not be empty: leave it out for the VPC\'s System route table')
    if params.get('state') == 'absent' and params.get('purge'):
        problems.append('purge applies to state=present only (state=absent removes the routes to the destinations)')
    if problems:
        raise ValidationError(problems)


class RoutesRead(NamedTuple):
    connection: View
    side: Side
    tables: List[View]
    entries: Dict[str, List[View]]   # every entry of each table, by table id
    vswitch_blocks: List[str]


class Writes(NamedTuple):
    """What a plan does to the tables: ``creates`` (table, destination), ``modifies`` and ``deletes`` (entries)."""

    creates: List[Any]
    modifies: List[View]
    deletes: List[View]

    @property
    def empty(self) -> bool:
        return not (self.creates or self.modifies or self.deletes)


class RoutesTask(ResourceTask):
    """One run of ``vpc_peer_route`` for the engine."""

    busy_codes = frozenset((
        'TaskConflict', 'IncorrectRouteEntryStatus', 'IncorrectStatus.VpcRouteEntry', 'IncorrectVpcStatus',
        'IncorrectStatus.RouteTableStatus', 'IncorrectVSwitchStatus', 'OperationFailed.DistibuteLock',
        'IncorrectStatus.VpcPeer',
    ))
    # An entry (or the connection) that reads settled but is refused as busy: the reads and the service disagree.
    own_busy_codes = frozenset(('IncorrectRouteEntryStatus', 'IncorrectStatus.VpcRouteEntry', 'IncorrectStatus.VpcPeer'))

    def __init__(self, params: Mapping[str, Any], peer_api: VpcPeerApi, vpc_apis: VpcApis,
                 reads: Optional[RouteReads] = None) -> None:
        self.params = params
        self.instance_id: str = params['instance_id']
        self.reads = reads or RouteReads(peer_api, vpc_apis)
        self.vpc_apis = vpc_apis
        self.state = params.get('state') or 'present'
        self.warnings: List[str] = []

    # -- reading ----------------------------------------------------------------------------------------
    def read(self) -> RoutesRead:
        connection = self.reads.peer_api.get_connection(self.instance_id)
        if connection is None:
            raise StateError('VPC peering connection %s was not found (ResourceNotFound.InstanceId). Check instance_id '
                             'and that the credentials belong to an account of the connection.' % self.instance_id)
        side = self._side(connection)
        try:
            tables = self.reads.tables(side, self.params.get('route_table_ids'))
        except StateError as err:  # the side is known: say which one, with no table read
            err.extra.setdefault('vpc_peer_route', self._view(RoutesRead(connection, side, [], {}, [])))
            raise
        vswitches = self.vpc_apis(side.region_id).list_vswitches(side.vpc['vpc_id'])
        return RoutesRead(connection, side, tables, self.reads.entries(side, tables),
                          [vswitch['cidr_block'] for vswitch in vswitches if vswitch.get('cidr_block')])

    def _side(self, connection: View) -> Side:
        vpc_id = self.params.get('vpc_id')
        ends = [connection['vpc']['vpc_id'], connection['accepting_vpc']['vpc_id']]
        if vpc_id is not None and vpc_id not in ends:
            raise StateError('vpc_id %s is not an end of VPC peering connection %s, which joins %s and %s.'
                             % (vpc_id, self.instance_id, ends[0], ends[1]), vpc_peer_connection=connection)
        sides = self.reads.own_sides(connection, vpc_id)
        if not sides:
            raise StateError('Neither VPC of peering connection %s (%s) belongs to these credentials in its region: '
                             'run the task with the credentials of the account that owns the side to route.'
                             % (self.instance_id, vpc_id or ' and '.join(ends)), vpc_peer_connection=connection)
        if len(sides) > 1:
            raise StateError('VPC peering connection %s joins two VPCs of one account (%s and %s): name the side to '
                             'route with vpc_id.' % (self.instance_id, ends[0], ends[1]), vpc_peer_connection=connection)
        return sides[0]

    # -- planning ---------------------------------------------------------------------------------------
    def plan(self, read: RoutesRead) -> Plan:
        try:
            destinations = self._destinations(read)
            writes = self._writes(read, destinations)
            if writes.creates:
                self._check_room(read, writes)
            settle, notes = self._settle(read, writes)
        except StateError as err:  # a refusal returns the routes as read, like any failure after the read
            err.extra.setdefault('vpc_peer_route', self._view(read))
            raise
        blocked = None
        if writes.creates and status_of(read.connection).name == ACCEPTING:
            # Waits for the accepter, maybe in an earlier task of this play: refused for real, previewed in check mode.
            blocked = refusal(read.connection)
            blocked.extra.setdefault('vpc_peer_route', self._view(read))
        beyond = self._beyond_quota_until_deletes(read, writes)
        if beyond:
            notes += ('Table %s is at its quota until the deletes of this task are applied, so the service is not asked '
                      'to check the routes created after them now.' % ', '.join(sorted(beyond)),)
        steps = self._steps(read, writes, beyond)
        return Plan(self._view(read), self._predict(read, writes), steps, settle=settle, preview_notes=notes,
                    blocked=blocked)

    @staticmethod
    def _beyond_quota_until_deletes(read: RoutesRead, writes: Writes) -> List[str]:
        """The tables whose new entries fit only once the plan's deletes are applied: a dry run of their creation,
        sent before those deletes, would be refused (QuotaExceeded) although the real run succeeds."""
        beyond = []
        for table in read.tables:
            table_id = table['route_table_id']
            custom = sum(1 for entry in read.entries.get(table_id, []) if entry.get('type') == 'Custom')
            new = sum(1 for created_in, _destination in writes.creates if created_in == table_id)
            if new and custom + new > MAX_CUSTOM_ENTRIES_PER_TABLE:
                beyond.append(table_id)
        return beyond

    def _destinations(self, read: RoutesRead) -> List[Network]:
        """The destinations to route: the task's, else the other side's IPv4 blocks; checked against the VPC."""
        given = self.params.get('destinations')
        other = read.connection['accepting_vpc' if read.side.end == REQUESTER else 'vpc']
        destinations = [network(value) for value in given] if given else [network(block) for block in other['ipv4_cidrs']]
        if not destinations:
            raise StateError('The other VPC of peering connection %s (%s) shows no IPv4 block to route to: give '
                             'destinations.' % (self.instance_id, other['vpc_id']))
        if self.state == 'present':
            problems = ['%s: %s' % (destination, reason) for destination, reason in (
                (destination, forbidden_destination(destination, read.side.vpc.get('cidr_blocks') or [], read.vswitch_blocks))
                for destination in destinations) if reason]
            if problems:
                raise StateError('No route can be created in VPC %s to %s. Choose destinations outside the VPC\'s own '
                                 'blocks, its vSwitches and 100.64.0.0/10.' % (read.side.vpc['vpc_id'], '; '.join(problems)))
        return list(dict.fromkeys(destinations))

    def _writes(self, read: RoutesRead, destinations: List[Network]) -> Writes:
        writes = Writes([], [], [])
        conflicts = []
        for table in read.tables:
            table_id = table['route_table_id']
            entries = read.entries.get(table_id, [])
            for destination in destinations:
                # An entry on its way out (Deleting) is not there any more; the plan waits for it to go first.
                same = [entry for entry in entries if same_destination(entry, destination) and entry.get('status') != 'Deleting']
                ours = [entry for entry in same if points_at(entry, self.instance_id)]
                conflicts += [entry for entry in same if not points_at(entry, self.instance_id)]
                if self.state == 'absent':
                    writes.deletes.extend(entry for entry in ours if is_user_created(entry))
                elif not ours:
                    writes.creates.append((table_id, destination))
                elif is_user_created(ours[0]) and self._differs(ours[0]):  # a propagated route is not ours to rename
                    writes.modifies.append(ours[0])
            if self.state == 'present' and self.params.get('purge'):
                writes.deletes.extend(entry for entry in entries if points_at(entry, self.instance_id) and is_user_created(entry)
                                      and not any(same_destination(entry, destination) for destination in destinations))
        if conflicts and self.state == 'present':
            raise StateError('A route to the same destination goes through another next hop: %s. This task never '
                             'replaces another route: delete that entry, or leave its destination out of destinations.'
                             % '; '.join('%s in %s to %s through %s %s' % (
                                 entry['route_entry_id'], entry['route_table_id'], entry['destination_cidr_block'],
                                 entry.get('next_hop_type'), entry.get('next_hop_id') or '') for entry in conflicts))
        return writes

    def _differs(self, entry: Mapping[str, Any]) -> bool:
        return any(self.params.get(option) is not None and entry.get(option) != self.params[option]
                   for option in ('name', 'description'))

    def _check_room(self, read: RoutesRead, writes: Writes) -> None:
        """At most 200 Custom entries per table, counted after the deletes of the plan."""
        for table in read.tables:
            table_id = table['route_table_id']
            custom = sum(1 for entry in read.entries.get(table_id, []) if entry.get('type') == 'Custom')
            custom -= sum(1 for entry in writes.deletes if entry['route_table_id'] == table_id)
            new = sum(1 for created_in, _destination in writes.creates if created_in == table_id)
            if custom + new > MAX_CUSTOM_ENTRIES_PER_TABLE:
                raise StateError('Route table %s holds %d custom entries; %d more would pass its quota of %d. Remove '
                                 'unused routes, or route to fewer destinations.'
                                 % (table_id, custom, new, MAX_CUSTOM_ENTRIES_PER_TABLE))

    def _settle(self, read: RoutesRead, writes: Writes) -> Any:
        """What to wait for before writing, and what check mode must say instead: entries of the tables still being
        written (the VPC takes one write at a time), and a connection that must be Activated for new routes."""
        status = status_of(read.connection)
        if writes.creates and status.name != ACTIVATED and (not status.settling or not status.live) \
                and status.name != ACCEPTING:
            raise refusal(read.connection)  # Deleting settles into nothing routes could use: say so now
        busy = [entry for entries in read.entries.values() for entry in entries if entry.get('status') in SETTLING_ENTRY_STATUSES]
        if writes.empty:
            # Nothing left to send, but a write through the connection may still be on its way (one whose answer was
            # lost, or an earlier task's): when the task waits, the routes are returned once it is done.
            busy = [entry for entry in busy if points_at(entry, self.instance_id)] if self.params.get('wait', True) else []
            note = 'Route entries through the connection are still being written (%s); the preview shows them as read.'
        else:
            note = ('Route entries of these tables are still being written (%s); the service takes one write at a time '
                    'per VPC, so it is not asked to check these calls now.')
        if busy:
            tables = [table['route_table_id'] for table in read.tables]

            def after_entries() -> RoutesRead:
                self.reads.settled(read.side, tables)
                return self.read()
            return after_entries, (note % ', '.join('%s %s' % (entry['route_entry_id'], entry['status']) for entry in busy),)
        if writes.creates and status.settling:
            def after_connection() -> RoutesRead:
                ConnectionReads(self.reads.peer_api).settled(self.instance_id)
                return self.read()
            return after_connection, ('VPC peering connection %s is %s: routes through it can be created once it is '
                                      'Activated, so the service is not asked to check them now.'
                                      % (self.instance_id, status.name),)
        return None, ()

    # -- steps --------------------------------------------------------------------------------------------
    def _steps(self, read: RoutesRead, writes: Writes, beyond_quota: List[str]) -> List[Step]:
        """Deletes first (they free room), then modifies, then creates; each waited for before the next one."""
        api = self.vpc_apis(read.side.region_id)
        params = self.params
        calls = []
        for entry in writes.deletes:
            calls.append(('DeleteRouteEntry', entry['route_table_id'], entry['route_entry_id'], True,
                          lambda dry, entry_id=entry['route_entry_id']: api.delete_route_entry(entry_id, dry_run=dry)))
        for entry in writes.modifies:
            calls.append(('ModifyRouteEntry', entry['route_table_id'], entry['route_entry_id'], False,
                          lambda dry, entry_id=entry['route_entry_id']: api.modify_route_entry(
                              entry_id, name=params.get('name'), description=params.get('description'), dry_run=dry)))
        for table_id, destination in writes.creates:
            calls.append(('CreateRouteEntry', table_id, None, False,
                          lambda dry, table=table_id, cidr=str(destination): api.create_route_entry(
                              table, cidr, next_hop_id=self.instance_id, name=params.get('name'),
                              description=params.get('description'), dry_run=dry)))
        # What the service would refuse now is predicted in check mode, not dry-run: any write while entries are
        # being written, a new route while the connection is not Activated or its table is full until the deletes.
        quiet = not any(entry.get('status') in SETTLING_ENTRY_STATUSES for entries in read.entries.values() for entry in entries)
        activated = status_of(read.connection).name == ACTIVATED
        last = len(calls) - 1
        return [Step(action, send, self._finish(read, table, entry_id, gone, index == last),
                     dry_run=quiet and (action != 'CreateRouteEntry' or (activated and table not in beyond_quota)))
                for index, (action, table, entry_id, gone, send) in enumerate(calls)]

    def _finish(self, read: RoutesRead, table: str, entry_id: Optional[str], gone: bool, last: bool) -> Any:
        """Wait for the write to settle: always before the next write (the VPC takes one at a time), and after the
        last one when the task waits; the last one then returns the routes as read."""
        def finish(answer: Dict[str, Any], wait: bool) -> Optional[View]:
            if last and not wait:
                return None
            self.reads.entry_settled(read.side, table, entry_id or answer.get('route_entry_id') or '', gone)
            if not last:
                return None
            tables = [item['route_table_id'] for item in read.tables]
            return self._view(read._replace(entries=self.reads.entries(read.side, read.tables)), tables)
        return finish

    # -- views ----------------------------------------------------------------------------------------
    def _view(self, read: RoutesRead, tables: Optional[List[str]] = None) -> View:
        """The module's result: the side routed and the entries of its tables that point at the connection."""
        table_ids = tables or [table['route_table_id'] for table in read.tables]
        entries = [dict(entry, next_hops=list(entry.get('next_hops') or []))
                   for table in table_ids for entry in read.entries.get(table, []) if points_at(entry, self.instance_id)]
        return {'instance_id': self.instance_id, 'vpc_id': read.side.vpc['vpc_id'], 'region_id': read.side.region_id,
                'side': read.side.end, 'route_table_ids': table_ids, 'route_entries': entries}

    def _predict(self, read: RoutesRead, writes: Writes) -> View:
        view = self._view(read)
        deleted = {entry['route_entry_id'] for entry in writes.deletes}
        modified = {entry['route_entry_id'] for entry in writes.modifies}
        entries = []
        for entry in view['route_entries']:
            if entry['route_entry_id'] in deleted:
                continue
            if entry['route_entry_id'] in modified:
                entry = dict(entry, **{option: self.params[option] for option in ('name', 'description')
                                       if self.params.get(option) is not None})
            entries.append(entry)
        for table_id, destination in writes.creates:
            entries.append({'route_entry_id': None, 'route_table_id': table_id, 'destination_cidr_block': str(destination),
                            'status': 'Available', 'type': 'Custom', 'origin': 'CustomCreate', 'name': self.params.get('name'),
                            'description': self.params.get('description'), 'ip_version': 'ipv%d' % destination.version,
                            'next_hop_type': 'VpcPeer', 'next_hop_id': self.instance_id,
                            'next_hops': [{'next_hop_type': 'VpcPeer', 'next_hop_id': self.instance_id}]})
        return dict(view, route_entries=entries)

    def diff(self, before: Optional[View], after: Optional[View]) -> Dict[str, Any]:
        return diff_of(routes_diff(before), routes_diff(after))


def vpc_peer_route_spec() -> Dict[str, Any]:
    """The options of ``vpc_peer_route`` (``AnsibleModule`` keyword arguments), for the module and its action plugin
    alike; the connection options are added to every module."""
    return dict(
        argument_spec=dict(
            instance_id=dict(type='str', required=True, aliases=['id']),
            vpc_id=dict(type='str'),
            route_table_ids=dict(type='list', elements='str'),
            destinations=dict(type='list', elements='str'),
            name=dict(type='str'),
            description=dict(type='str'),
            state=dict(type='str', default='present', choices=list(STATES)),
            purge=dict(type='bool', default=False),
            wait=dict(type='bool', default=True),
            wait_timeout=dict(type='int', default=600),
        ),
        supports_check_mode=True,
    )


def run_vpc_peer_route(module: Any) -> Dict[str, Any]:
    """The whole task of ``vpc_peer_route``: validate, then read, plan and apply."""
    validate_route_options(module.params)
    return module.converge(RoutesTask(module.params, module.api, module.vpc_api), 'vpc_peer_route')
