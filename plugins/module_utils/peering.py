# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The task of ``vpc_peer_connection``: one read, then a plan for its ``state`` (present, accepted, rejected,
absent) that the engine applies.

This module util is PRIVATE to the collection: its interface may change in any release.

Every precondition a read can decide is checked while planning, before the first write: the two VPCs, regions
and accepter account of an existing connection, what its status allows, same-region limits, and which account
may accept or reject it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import VpcPeerApi
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.engine import Plan, ResourceTask, Result, Step, View, diff_of
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ApiError, StateError, ValidationError
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering_model import (
    ACCEPT,
    ACCEPTER,
    ACCEPTING,
    ACTIVATED,
    BOTH,
    DELETE,
    DELETED,
    DELETING,
    LINK_TYPES,
    MODIFY,
    REJECT,
    REJECTED,
    REQUESTER,
    TAG,
    attribute_problems,
    check_immutable,
    check_same_region,
    differences,
    full_view,
    instance_id_problems,
    managed_view,
    refusal,
    requested_values,
    side_region,
    status_of,
    tag_changes,
    tag_dict,
    tag_problems,
    with_tags,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering_reads import ConnectionReads
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.route_reads import RouteReads, VpcApis

STATES = ('present', 'absent', 'accepted', 'rejected')
# What CreateVpcPeerConnection needs (region_id: the requester's region).
CREATE_OPTIONS = ('vpc_id', 'accepting_vpc_id', 'accepting_region_id', 'accepting_ali_uid', 'region_id')
# What a connection carries that present and accepted manage; absent and rejected ignore them.
ATTRIBUTE_OPTIONS = ('name', 'description', 'bandwidth', 'link_type', 'tags', 'resource_group_id')
ONLY_ACCEPTER = 'Forbidden.NoPermission'


# -- validation -------------------------------------------------------------------------------------------
def validate_options(params: Mapping[str, Any]) -> None:
    """Check every option before any API call. Raises ``ValidationError`` listing every problem."""
    state = params.get('state') or 'present'
    instance_id = params.get('instance_id')
    creating = state == 'present' and instance_id is None
    problems: List[str] = []
    if instance_id is not None:
        problems += instance_id_problems(instance_id)
    problems += attribute_problems(params, creating=creating)
    if creating:
        problems += _create_problems(params)
    if state == 'absent' and instance_id is None and not (params.get('vpc_id') and params.get('accepting_vpc_id')):
        problems.append('state=absent needs instance_id, or vpc_id and accepting_vpc_id (the two VPCs of the connection)')
    if state in ('accepted', 'rejected') and instance_id is None:
        problems.append('state=%s needs instance_id' % state)
    if params.get('vpc_id') and params.get('vpc_id') == params.get('accepting_vpc_id'):
        problems.append('vpc_id and accepting_vpc_id are the same VPC (%s): a VPC cannot be peered with itself' % params['vpc_id'])
    uid = params.get('accepting_ali_uid')
    if uid is not None and (isinstance(uid, bool) or not isinstance(uid, int) or uid <= 0):
        problems.append('accepting_ali_uid must be an Alibaba Cloud account ID (a positive integer), got %r' % (uid,))
    if params.get('tags') is not None:
        problems += tag_problems(params['tags'])
    if params.get('resource_group_id') is not None and not params['resource_group_id']:
        problems.append('resource_group_id must not be empty')
    if problems:
        raise ValidationError(problems)


def _create_problems(params: Mapping[str, Any]) -> List[str]:
    problems = []
    missing = [option for option in CREATE_OPTIONS if params.get(option) in (None, '')]
    if missing:
        problems.append('state=present without instance_id finds the connection between two VPCs or creates it, '
                        'and needs %s (region_id: the requester\'s region); missing: %s'
                        % (', '.join(CREATE_OPTIONS), ', '.join(missing)))
    same_region = params.get('region_id') and params.get('region_id') == params.get('accepting_region_id')
    asked = [option for option in ('bandwidth', 'link_type') if params.get(option) is not None]
    if same_region and asked:
        problems.append('%s cannot be set on a connection between two VPCs of the same region (%s): such connections '
                        'always have unlimited bandwidth and no link type' % (' and '.join(asked), params['region_id']))
    return problems


def ignored_options(params: Mapping[str, Any]) -> List[str]:
    """The attribute options a state does not use (absent and rejected change no attribute)."""
    if params.get('state') not in ('absent', 'rejected'):
        return []
    return [option for option in ATTRIBUTE_OPTIONS if params.get(option) is not None]


# -- the read -----------------------------------------------------------------------------------------------
class ConnectionRead:
    """What one read found: ``connection`` (None: none), how it was looked for (``by_pair``), and the connections
    between the two VPCs besides it (``others``: further live ones, and ones being deleted). ``side()`` is the side
    of the connection the credentials are on, read on first use: only plans that need it pay for it."""

    def __init__(self, connection: Optional[View], by_pair: bool, others: List[View], reads: ConnectionReads) -> None:
        self.connection = connection
        self.by_pair = by_pair
        self.others = others
        self._reads = reads
        self._side: Optional[List[Optional[str]]] = None

    def side(self) -> Optional[str]:
        if self._side is None:
            self._side = [self._reads.side(self.connection) if self.connection is not None else None]
        return self._side[0]


class ConnectionTask(ResourceTask):
    """One run of ``vpc_peer_connection`` for the engine."""

    busy_codes = frozenset(('IncorrectStatus.VpcPeer', 'Conflict.Operation', 'ResourceAlreadyExist.VpcPeer'))
    # A connection that reads settled but is refused as busy, or "already exists" where no read finds it.
    own_busy_codes = frozenset(('IncorrectStatus.VpcPeer', 'ResourceAlreadyExist.VpcPeer'))

    def __init__(self, params: Mapping[str, Any], api: VpcPeerApi, reads: Optional[ConnectionReads] = None,
                 vpc_apis: Optional[VpcApis] = None) -> None:
        self.params = params
        self.api = api
        self.reads = reads or ConnectionReads(api)
        self.vpc_apis = vpc_apis
        self.state = params.get('state') or 'present'
        self.requested = requested_values(params)
        self.warnings = self.reads.warnings
        ignored = ignored_options(params)
        if ignored:
            self.warnings.append('%s not used with state=%s, and ignored.' % (', '.join(ignored), self.state))

    # -- reading ----------------------------------------------------------------------------------------
    def read(self) -> ConnectionRead:
        params = self.params
        if params.get('instance_id') is not None:
            return ConnectionRead(self.reads.get(params['instance_id']), False, [], self.reads)
        between = self.reads.between(params['vpc_id'], params['accepting_vpc_id'], params.get('region_id'))
        live = [view for view in between if status_of(view).live]
        deleting = [view for view in between if view.get('status') == DELETING]
        return ConnectionRead(live[0] if live else None, True, live[1:] + deleting, self.reads)

    # -- planning ---------------------------------------------------------------------------------------
    def plan(self, read: ConnectionRead) -> Plan:
        connection = read.connection
        if connection is None and not read.by_pair and self.state in ('present', 'accepted', 'rejected'):
            instance_id = self.params['instance_id']
            answer = self.api.not_found.get(instance_id)
            raise StateError('VPC peering connection %s was not found (ResourceNotFound.InstanceId%s). Check instance_id '
                             'and that the credentials belong to an account of the connection.'
                             % (instance_id, ', request id %s' % answer.request_id if answer is not None else ''),
                             **({'error': answer.to_dict()} if answer is not None else {}))
        if connection is not None:
            check_immutable(connection, self.params)
        planner = {'present': self._present, 'accepted': self._accepted,
                   'rejected': self._rejected, 'absent': self._absent}[self.state]
        return planner(read)

    def _present(self, read: ConnectionRead) -> Plan:
        if read.connection is None:
            return self._create(read)
        live = [read.connection] + [view for view in read.others if status_of(view).live]
        if len(live) > 1:
            self._warn('%d connections join %s and %s (%s); this task uses the oldest, %s.' % (
                len(live), self.params['vpc_id'], self.params['accepting_vpc_id'],
                ', '.join(str(view.get('instance_id')) for view in live), read.connection.get('instance_id')))
        return self._update(read.connection, read)

    def _update(self, connection: View, read: ConnectionRead, prefix: Optional[List[Step]] = None,
                before: Optional[View] = None) -> Plan:
        """Bring an existing connection's attributes, tags and resource group to what the task asks.

        ``prefix``: steps that come first (an acceptance), after which the connection will be Activated; ``before``:
        the connection as read, when ``connection`` is what the prefix will make of it.
        """
        status = status_of(connection)
        changes = differences(connection, self.requested)
        check_same_region(connection, changes)
        to_set, to_remove = tag_changes(connection.get('tags') or {}, self.params.get('tags'),
                                        self.params.get('purge_tags', True))
        group = self.params.get('resource_group_id')
        move = group is not None and connection.get('resource_group_id') != group
        allowed = status.allowed(None)  # modifying and tagging are the same for both sides
        if not status.settling and (not {MODIFY, TAG} & allowed or (changes and MODIFY not in allowed)
                                    or ((to_set or to_remove or move) and TAG not in allowed)):
            raise refusal(connection)
        steps = list(prefix or [])
        after = dict(connection, **changes)
        if changes:
            steps.append(self._modify(connection, changes, dry_run=status.name == ACTIVATED and not prefix))
        if move or to_remove or to_set:
            after['tags'] = with_tags(connection.get('tags') or {}, to_set, to_remove)
            after['resource_group_id'] = group if move else connection.get('resource_group_id')
            steps += self._tag_steps(connection, read.side(), to_set, to_remove, group if move else None, after)
        if not status.settling:
            return Plan(before if before is not None else connection, after, steps)
        note = ('VPC peering connection %s is %s: the preview compares with the values read now, and the service is '
                'not asked to check calls it refuses until the connection settles.' % (connection.get('instance_id'), status.name))
        return Plan(connection, after, steps, settle=self._settle(connection), preview_notes=(note,) if steps else ())

    def _create(self, read: ConnectionRead) -> Plan:
        params = self.params
        deleting = [view for view in read.others if view.get('status') == DELETING]
        tags = tag_dict(params['tags']) if params.get('tags') else None
        request = dict(
            region_id=params['region_id'], vpc_id=params['vpc_id'], accepting_ali_uid=params['accepting_ali_uid'],
            accepting_region_id=params['accepting_region_id'], accepting_vpc_id=params['accepting_vpc_id'],
            name=params.get('name'), description=params.get('description'), bandwidth=params.get('bandwidth'),
            link_type=params.get('link_type'), resource_group_id=params.get('resource_group_id'), tags=tags,
        )
        predicted = _predicted_connection(params, tags)
        settle, notes = None, ()
        if deleting:
            # Still counts for CreateVpcPeerConnection (ResourceAlreadyExist.VpcPeer) until it is gone.
            settle = self._after_all_gone([view.get('instance_id') or '' for view in deleting])
            notes = ('VPC peering connection %s between the two VPCs is still being deleted; a new one can be created '
                     'only once it is gone, so the service is not asked to check the creation now.'
                     % ', '.join(str(view.get('instance_id')) for view in deleting),)

        def finish(answer: Dict[str, Any], wait: bool) -> View:
            instance_id = answer.get('instance_id') or ''
            if wait:
                return self.reads.created(instance_id)
            return dict(predicted, instance_id=instance_id, status='Creating')

        step = Step('CreateVpcPeerConnection', lambda dry_run: self.api.create_connection(dry_run=dry_run, **request),
                    finish, dry_run=not deleting)
        return Plan(None, predicted, [step], settle=settle, preview_notes=notes)

    def _accepted(self, read: ConnectionRead) -> Plan:
        connection = read.connection or {}
        status = status_of(connection)
        if status.name == ACTIVATED or status.settling:
            return self._update(connection, read)
        if ACCEPT not in status.allowed(None):
            raise refusal(connection)
        self._check_side(connection, read.side(), ACCEPT)
        tags = tag_dict(self.params['tags']) if self.params.get('tags') else None
        group = self.params.get('resource_group_id')
        # Accept sets the accepter's own resource group and adds its tags in the same call.
        accepted = dict(connection, status=ACTIVATED, tags=dict(connection.get('tags') or {}, **(tags or {})),
                        resource_group_id=group if group is not None else connection.get('resource_group_id'))
        accept = self._accept_step(connection, tags, group, read)
        return self._update(accepted, read, prefix=[accept], before=connection)

    def _accept_step(self, connection: View, tags: Optional[Dict[str, str]], group: Optional[str],
                     read: ConnectionRead) -> Step:
        instance_id = connection.get('instance_id') or ''

        def send(dry_run: bool) -> Dict[str, Any]:
            try:
                return self.api.accept_connection(instance_id, resource_group_id=group, tags=tags, dry_run=dry_run)
            except ApiError as err:
                raise self._not_allowed(err, connection, read.side(), 'accept')

        def finish(answer: Dict[str, Any], wait: bool) -> Optional[View]:
            # Anything more (a modification, tags to remove) needs the connection Activated first, and the engine
            # finishes the later steps with fresh reads.
            return self.reads.reached(instance_id, ACTIVATED, [ACCEPTING, 'Updating']) if wait or self._more_after_accept(
                connection, tags) else None

        return Step('AcceptVpcPeerConnection', send, finish)

    def _more_after_accept(self, connection: View, tags: Optional[Dict[str, str]]) -> bool:
        merged = dict(connection.get('tags') or {}, **(tags or {}))
        return bool(differences(connection, self.requested)) or bool(
            tag_changes(merged, self.params.get('tags'), self.params.get('purge_tags', True))[1])

    def _rejected(self, read: ConnectionRead) -> Plan:
        connection = read.connection or {}
        status = status_of(connection)
        if status.name == REJECTED:
            return Plan(connection, connection, [])
        if status.settling:
            return Plan(connection, dict(connection, status=REJECTED), [], settle=self._settle(connection))
        if REJECT not in status.allowed(None):
            raise refusal(connection)
        self._check_side(connection, read.side(), REJECT)
        instance_id = connection.get('instance_id') or ''

        def send(dry_run: bool) -> Dict[str, Any]:
            try:
                return self.api.reject_connection(instance_id, dry_run=dry_run)
            except ApiError as err:
                raise self._not_allowed(err, connection, read.side(), 'reject')

        def finish(answer: Dict[str, Any], wait: bool) -> Optional[View]:
            return self.reads.reached(instance_id, REJECTED, [ACCEPTING]) if wait else None

        after = dict(connection, status=REJECTED)
        return Plan(connection, after, [Step('RejectVpcPeerConnection', send, finish)])

    def _absent(self, read: ConnectionRead) -> Plan:
        connection = read.connection
        deleting = [view for view in read.others if view.get('status') == DELETING]
        live_others = [view for view in read.others if status_of(view).live]
        if live_others:
            ids = [str(view.get('instance_id')) for view in [connection or {}] + live_others]
            raise StateError('%d connections join %s and %s (%s). state=absent by the two VPCs deletes one connection: '
                             'delete each of them by instance_id (vpc_peer_connection_info finds them).'
                             % (len(ids), self.params['vpc_id'], self.params['accepting_vpc_id'], ', '.join(ids)))
        if connection is None or connection.get('status') == DELETED:
            settle = self._after_all_gone([view.get('instance_id') or '' for view in deleting]) if deleting else None
            return Plan(None, None, [], settle=settle)
        status = status_of(connection)
        if connection.get('status') == DELETING:  # on its way out already: as good as gone
            return Plan(None, None, [], settle=self._settle(connection))
        if status.settling:
            return Plan(connection, None, [], settle=self._settle(connection))
        if DELETE not in status.allowed(None):
            raise refusal(connection)
        if status.allowed(REQUESTER) != status.allowed(ACCEPTER):  # whether this side may: read it when it matters
            self._check_side(connection, read.side(), DELETE)
        if not self.params.get('force'):
            self._check_no_routes(connection)
        instance_id = connection.get('instance_id') or ''

        def finish(answer: Dict[str, Any], wait: bool) -> None:
            if wait:
                self.reads.gone(instance_id)

        step = Step('DeleteVpcPeerConnection', lambda dry_run: self.api.delete_connection(
            instance_id, force=bool(self.params.get('force')), dry_run=dry_run), finish)
        return Plan(connection, None, [step])

    # -- steps and waits ----------------------------------------------------------------------------------
    def _modify(self, connection: View, changes: Dict[str, Any], dry_run: bool) -> Step:
        instance_id = connection.get('instance_id') or ''
        old = {option: connection.get(option) for option in changes}

        def finish(answer: Dict[str, Any], wait: bool) -> Optional[View]:
            return self.reads.showing(instance_id, changes, old) if wait else None

        return Step('ModifyVpcPeerConnection',
                    lambda dry: self.api.modify_connection(instance_id, dry_run=dry, **changes), finish, dry_run=dry_run)

    def _tag_steps(self, connection: View, side: Optional[str], to_set: Dict[str, str], to_remove: List[str],
                   group: Optional[str], after: View) -> List[Step]:
        """MoveResourceGroup, UnTagResources (first, so that the new tags never exceed the limit of 20) and
        TagResources, in the region of the caller's side. None of them has a dry run."""
        instance_id = connection.get('instance_id') or ''
        region = side_region(connection, side)
        calls = []
        if group is not None:
            calls.append(('MoveResourceGroup', lambda dry: self.api.move_connection(instance_id, group, region_id=region)))
        if to_remove:
            calls.append(('UnTagResources', lambda dry: self.api.untag_connection(instance_id, to_remove, region_id=region)))
        if to_set:
            calls.append(('TagResources', lambda dry: self.api.tag_connection(instance_id, to_set, region_id=region)))
        last = len(calls) - 1

        def finish(answer: Dict[str, Any], wait: bool) -> Optional[View]:
            return self.reads.tagged(instance_id, after['tags'], after['resource_group_id']) if wait else None

        return [Step(action, send, finish if index == last else None, dry_run=False)
                for index, (action, send) in enumerate(calls)]

    def _settle(self, connection: View) -> Any:
        instance_id = connection.get('instance_id') or ''

        def settle() -> ConnectionRead:
            settled = self.reads.settled(instance_id)
            if self.params.get('instance_id') is not None:  # the last poll is the fresh read
                return ConnectionRead(settled, False, [], self.reads)
            return self.read()  # found by its VPCs: list them again
        return settle

    def _after_all_gone(self, instance_ids: List[str]) -> Any:
        def settle() -> ConnectionRead:
            for instance_id in instance_ids:
                self.reads.gone(instance_id)
            return self.read()
        return settle

    # -- who may accept or reject -------------------------------------------------------------------------
    def _check_side(self, connection: View, side: Optional[str], action: str) -> None:
        """Refuse, before any write, what the status allows the other side only."""
        if action in status_of(connection).allowed(side):
            return
        names = {'instance_id': connection.get('instance_id'), 'requester': connection.get('owner_id'),
                 'accepter': connection.get('accepting_owner_uid'), 'status': connection.get('status'), 'action': action}
        if side == REQUESTER:
            text = ('These credentials belong to the requester account %(requester)s of VPC peering connection '
                    '%(instance_id)s; only the accepter account %(accepter)s can %(action)s it. Run this task with that '
                    'account\'s credentials.')
        else:
            text = ('These credentials belong to the accepter account %(accepter)s of VPC peering connection '
                    '%(instance_id)s, which is %(status)s: the accepter cannot %(action)s it then. Reject it '
                    '(state=rejected) while it is Accepting, or let the requester account %(requester)s delete it.')
        raise StateError(text % names, vpc_peer_connection=dict(connection))

    def _check_no_routes(self, connection: View) -> None:
        """Refuse, before any write, to delete without force a connection that routes on the caller's side point
        at (the service would refuse too, OperationDenied.RouteEntryExist, but without naming them). The other
        account's routes cannot be read: the service still refuses for those."""
        if self.vpc_apis is None:
            return
        try:
            routes = RouteReads(self.api, self.vpc_apis).pointing_at(connection)
        except ApiError as err:
            self._warn('The routes that point at VPC peering connection %s could not be read (%s: %s); the service '
                       'refuses the deletion if there are any.' % (connection.get('instance_id'), err.code, err.message))
            return
        if routes:
            raise StateError(
                'Route entries still point at VPC peering connection %s: %s. Delete them first '
                '(alibabacloud.vpcpeer.vpc_peer_route with state=absent, on each side), or delete the connection with '
                'force: true, which deletes them with it.' % (connection.get('instance_id'), '; '.join(
                    '%s in %s to %s' % (entry.get('route_entry_id'), entry.get('route_table_id'),
                                        entry.get('destination_cidr_block')) for entry in routes)),
                vpc_peer_connection=dict(connection))

    def _not_allowed(self, err: ApiError, connection: View, side: Optional[str], action: str) -> Exception:
        """Forbidden.NoPermission ("Authentication is failed") means a missing RAM permission when the read showed
        these credentials are the accepter's; when no read could tell (two accounts in one region), it may also mean
        they are the requester's. Say which, or both."""
        if err.code != ONLY_ACCEPTER:
            return err
        refused = '%s of VPC peering connection %s was refused (%s: %s, request id %s).' % (
            err.action, connection.get('instance_id'), err.code, err.message or 'no message', err.request_id or 'none')
        accepter = connection.get('accepting_owner_uid')
        if side in (BOTH, ACCEPTER):
            why = ('These credentials belong to the accepter account %s, so the RAM user or role lacks the action: grant '
                   'it vpc:%s on the connection, or use other credentials of that account.' % (accepter, err.action))
        else:
            why = ('Either these credentials are not the accepter\'s (only the accepter account %s can %s it: run this '
                   'task with that account\'s credentials), or the RAM user or role lacks vpc:%s on the connection.'
                   % (accepter, action, err.action))
        return StateError('%s %s' % (refused, why), error=err.to_dict(), vpc_peer_connection=dict(connection))

    def _warn(self, warning: str) -> None:
        if warning not in self.warnings:
            self.warnings.append(warning)

    # -- what the module returns --------------------------------------------------------------------------
    def unwaited(self, predicted: Optional[View]) -> Optional[View]:
        """The requested values, with the status one read shows right after the calls (Updating, Creating...):
        what the run knows without waiting."""
        instance_id = (predicted or {}).get('instance_id')
        fresh = self.reads.get(instance_id) if instance_id else None
        return dict(predicted or {}, status=fresh.get('status')) if fresh is not None else predicted

    def returned(self, result: Result) -> Optional[View]:
        """With state=absent, the connection as read before it was deleted; else as it is after the run."""
        return result.before if self.state == 'absent' else result.resource

    def diff(self, before: Optional[View], after: Optional[View]) -> Dict[str, Any]:
        if before is None or after is None:
            return diff_of(full_view(before) if before else None, full_view(after) if after else None)
        with_status = self.state in ('accepted', 'rejected')
        return diff_of(managed_view(before, self.params, with_status=with_status),
                       managed_view(after, self.params, with_status=with_status))


def _predicted_connection(params: Mapping[str, Any], tags: Optional[Dict[str, str]]) -> View:
    """What the service will report of a new connection, as far as the task tells; the rest (ids, CIDRs, owner,
    dates) is unknown."""
    return {
        'instance_id': None, 'name': params.get('name'), 'description': params.get('description'), 'status': None,
        'biz_status': None, 'bandwidth': params.get('bandwidth'), 'link_type': params.get('link_type'),
        'region_id': params['region_id'], 'accepting_region_id': params['accepting_region_id'], 'owner_id': None,
        'accepting_owner_uid': params['accepting_ali_uid'],
        'vpc': {'vpc_id': params['vpc_id'], 'ipv4_cidrs': [], 'ipv6_cidrs': []},
        'accepting_vpc': {'vpc_id': params['accepting_vpc_id'], 'ipv4_cidrs': [], 'ipv6_cidrs': []},
        'gmt_create': None, 'gmt_modified': None, 'gmt_expired': None,
        'resource_group_id': params.get('resource_group_id'), 'tags': dict(tags or {}), 'managed_service': None,
    }


def vpc_peer_connection_spec() -> Dict[str, Any]:
    """The options of ``vpc_peer_connection`` and the rules between them (``AnsibleModule`` keyword arguments), for
    the module and its action plugin alike; the connection options are added to every module."""
    return dict(
        argument_spec=dict(
            state=dict(type='str', default='present', choices=list(STATES)),
            instance_id=dict(type='str', aliases=['id']),
            vpc_id=dict(type='str'),
            accepting_vpc_id=dict(type='str'),
            accepting_region_id=dict(type='str'),
            accepting_ali_uid=dict(type='int'),
            name=dict(type='str'),
            description=dict(type='str'),
            bandwidth=dict(type='int'),
            link_type=dict(type='str', choices=list(LINK_TYPES)),
            resource_group_id=dict(type='str'),
            tags=dict(type='dict'),
            purge_tags=dict(type='bool', default=True),
            force=dict(type='bool', default=False),
            wait=dict(type='bool', default=True),
            wait_timeout=dict(type='int', default=600),
        ),
        required_if=[
            ('state', 'accepted', ['instance_id']),
            ('state', 'rejected', ['instance_id']),
        ],
        supports_check_mode=True,
    )


def run_vpc_peer_connection(module: Any) -> Dict[str, Any]:
    """The whole task of ``vpc_peer_connection``: validate, then read, plan and apply for ``state``."""
    validate_options(module.params)
    return module.converge(ConnectionTask(module.params, module.api, vpc_apis=module.vpc_api), 'vpc_peer_connection')
