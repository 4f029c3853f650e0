# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The states of ``vpc_peer_connection``: present (find, create, or bring up to date), accepted, rejected, absent.

Everything here builds on ``vpc_peer.VpcPeerConnections`` (reading, waiting, modifying) and on the API facade
(one retry loop, one ClientToken per logical call, DryRun). A ``ConnectionTask`` is one task run; it returns an
``Outcome`` and raises ``VpcPeerError`` subclasses for the module to report.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ApiError, StateError, ValidationError
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.vpc_peer import (
    ACCEPTING,
    ACTIVATED,
    CREATING,
    DELETED,
    DELETING,
    EXPIRED,
    INACTIVE_STATUSES,
    REJECTED,
    Outcome,
    VpcPeerConnections,
    attribute_problems,
    check_same_region,
    differences,
    instance_id_problems,
    managed_view,
    normalize,
    requested_values,
    status_problem,
    tag_changes,
    tag_dict,
    tag_problems,
    vpc_ids,
    with_changes,
    with_tags,
)

STATES = ('present', 'absent', 'accepted', 'rejected')
# What CreateVpcPeerConnection needs (region_id: the requester's region).
CREATE_OPTIONS = ('vpc_id', 'accepting_vpc_id', 'accepting_region_id', 'accepting_ali_uid', 'region_id')
# What a connection carries that present and accepted manage; absent and rejected ignore them.
ATTRIBUTE_OPTIONS = ('name', 'description', 'bandwidth', 'link_type', 'tags', 'resource_group_id')
ALREADY_EXISTS = 'ResourceAlreadyExist.VpcPeer'
ONLY_ACCEPTER = 'Forbidden.NoPermission'  # Accept or Reject called by another account than the accepter


# -- validation ---------------------------------------------------------------------------------------
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


def ignored_options(params: Mapping[str, Any]) -> List[str]:
    """The attribute options a state does not use (absent and rejected change no attribute)."""
    if params.get('state') not in ('absent', 'rejected'):
        return []
    return [option for option in ATTRIBUTE_OPTIONS if params.get(option) is not None]


def immutable_problems(raw: Mapping[str, Any], params: Mapping[str, Any]) -> List[str]:
    """The options naming what cannot change after creation that differ from the connection.

    A connection joins two VPCs; the task may name them either way round (vpc_id may be the connection's accepter
    VPC). The regions and the account are compared in that same orientation. region_id, which often comes from the
    environment, is compared only when the task also names vpc_id: it is then the region of that VPC.
    """
    requester_vpc, accepter_vpc = vpc_ids(raw)
    near = {'vpc': requester_vpc, 'region': raw.get('RegionId'), 'uid': raw.get('OwnerId')}
    far = {'vpc': accepter_vpc, 'region': raw.get('AcceptingRegionId'), 'uid': raw.get('AcceptingOwnerUid')}
    vpc_id, accepting_vpc_id = params.get('vpc_id'), params.get('accepting_vpc_id')
    reversed_pair = (vpc_id is not None and vpc_id == accepter_vpc != requester_vpc) or (
        vpc_id is None and accepting_vpc_id is not None and accepting_vpc_id == requester_vpc != accepter_vpc)
    if reversed_pair:
        near, far = far, near
    checks = [
        ('vpc_id', vpc_id, near['vpc']),
        ('accepting_vpc_id', accepting_vpc_id, far['vpc']),
        ('accepting_region_id', params.get('accepting_region_id'), far['region']),
        ('accepting_ali_uid', params.get('accepting_ali_uid'), far['uid']),
    ]
    if vpc_id is not None:
        checks.append(('region_id', params.get('region_id'), near['region']))
    return ['%s is %r, but the connection has %r' % (option, asked, actual)
            for option, asked, actual in checks if asked is not None and str(asked) != str(actual)]


# -- views --------------------------------------------------------------------------------------------
def full_view(raw: Mapping[str, Any]) -> Dict[str, Any]:
    """What a diff shows of a connection that is created or deleted."""
    shape = normalize(raw)
    return {
        'instance_id': shape['instance_id'], 'status': shape['status'], 'name': shape['name'],
        'description': shape['description'], 'bandwidth': shape['bandwidth'], 'link_type': shape['link_type'],
        'region_id': shape['region_id'], 'vpc_id': shape['vpc']['vpc_id'],
        'accepting_region_id': shape['accepting_region_id'], 'accepting_vpc_id': shape['accepting_vpc']['vpc_id'],
        'accepting_owner_uid': shape['accepting_owner_uid'], 'resource_group_id': shape['resource_group_id'],
        'tags': shape['tags'],
    }


def _tag_list(tags: Mapping[str, str]) -> List[Dict[str, str]]:
    return [{'Key': key, 'Value': value} for key, value in tags.items()]


class ConnectionTask:
    """One run of ``vpc_peer_connection``: ``run()`` returns the ``Outcome`` of ``params['state']``."""

    def __init__(self, params: Mapping[str, Any], connections: VpcPeerConnections, *, check_mode: bool) -> None:
        self.params = params
        self.connections = connections
        self.api = connections.api
        self.check_mode = check_mode
        self.wait = params.get('wait', True)
        self.warnings: List[str] = []
        self._deleting: List[Dict[str, Any]] = []  # connections between the two VPCs still being deleted
        ignored = ignored_options(params)
        if ignored:
            self.warnings.append('%s not used with state=%s, and ignored.' % (', '.join(ignored), params['state']))

    def run(self) -> Outcome:
        state = self.params.get('state') or 'present'
        outcome = getattr(self, state)()
        return outcome._replace(warnings=self.warnings + outcome.warnings)

    # -- shared steps -------------------------------------------------------------------------------
    def check_immutable(self, raw: Mapping[str, Any]) -> None:
        problems = immutable_problems(raw, self.params)
        if problems:
            raise StateError(
                'Options that cannot change after creation differ from VPC peering connection %s: %s. The two VPCs, '
                'their regions and the accepter account of a connection are fixed: correct or leave out these options, '
                'or delete the connection (state=absent) and create a new one.'
                % (raw.get('InstanceId'), '; '.join(problems)), vpc_peer_connection=normalize(raw))

    def find_live(self) -> Optional[Dict[str, Any]]:
        """The connection between vpc_id and accepting_vpc_id, in either direction, that still joins them."""
        params = self.params
        between = self.connections.between(params['vpc_id'], params['accepting_vpc_id'], params.get('region_id'))
        live = [raw for raw in between if raw.get('Status') not in INACTIVE_STATUSES]
        self._deleting = [raw for raw in between if raw.get('Status') == DELETING]
        if len(live) > 1:
            self.warnings.append('%d connections join %s and %s (%s); this task uses the oldest, %s.' % (
                len(live), params['vpc_id'], params['accepting_vpc_id'],
                ', '.join(str(raw.get('InstanceId')) for raw in live), live[0].get('InstanceId')))
        return live[0] if live else None

    def diff_extras(self, raw: Mapping[str, Any]) -> Dict[str, Any]:
        """Tags and resource group, in the diff when the task manages them."""
        extras: Dict[str, Any] = {}
        if self.params.get('tags') is not None:
            extras['tags'] = normalize(raw)['tags']
        if self.params.get('resource_group_id') is not None:
            extras['resource_group_id'] = raw.get('ResourceGroupId')
        return extras

    def _only_accepter(self, err: ApiError, action: str, raw: Mapping[str, Any]) -> StateError:
        return StateError(
            '%s of VPC peering connection %s was refused (%s: %s, request id %s): only the accepter account %s can %s '
            'it. Run this task with that account\'s credentials.'
            % (err.action, raw.get('InstanceId'), err.code, err.message or 'no message', err.request_id or 'none',
               raw.get('AcceptingOwnerUid'), action), error=err.to_dict(), vpc_peer_connection=normalize(raw))

    # -- present ------------------------------------------------------------------------------------
    def present(self) -> Outcome:
        instance_id = self.params.get('instance_id')
        if instance_id is not None:
            raw = self.connections.get_existing(instance_id)
            self.check_immutable(raw)
            return self.update(raw)
        found = self.find_live()
        if found is not None:
            self.check_immutable(found)
            # Found by a List in region_id: the caller's side of the connection is in that region.
            return self.update(found, tag_region=self.params['region_id'])
        return self.create()

    def update(self, raw: Dict[str, Any], tag_region: Optional[str] = None) -> Outcome:
        """Bring an existing connection's attributes, tags and resource group to what the task asks."""
        instance_id = raw.get('InstanceId') or ''
        raw = self.connections.settle_status(instance_id, raw)
        requested = requested_values(self.params)
        status = raw.get('Status')
        if status == ACCEPTING and not differences(raw, requested):
            # Waiting for the accepter: nothing to modify, but tags and resource group can still be managed.
            modified = Outcome(False, raw, managed_view(raw), managed_view(raw), [])
        elif status in (ACTIVATED, ACCEPTING):
            modified = self.connections.modify(instance_id, requested, check_mode=self.check_mode, wait=self.wait, raw=raw)
        else:
            raise StateError(status_problem(instance_id, raw) or 'VPC peering connection %s is %s.' % (instance_id, status),
                             vpc_peer_connection=normalize(raw))
        return self.attach(modified, tag_region)

    def attach(self, modified: Outcome, tag_region: Optional[str] = None) -> Outcome:
        """Tags (only the differences) and resource group, after any modification."""
        params = self.params
        raw = modified.raw
        instance_id = raw.get('InstanceId') or ''
        current_tags = normalize(raw)['tags']
        to_set, to_remove = tag_changes(current_tags, params.get('tags'), params.get('purge_tags', True))
        group = params.get('resource_group_id')
        move = group is not None and raw.get('ResourceGroupId') != group
        before = dict(modified.before, **self.diff_extras(raw))
        if not (to_set or to_remove or move):
            return modified._replace(before=before, after=dict(modified.after, **self.diff_extras(raw)))

        predicted = dict(raw, Tags=_tag_list(with_tags(current_tags, to_set, to_remove)))
        if move:
            predicted['ResourceGroupId'] = group
        result = predicted
        if not self.check_mode:  # TagResources, UnTagResources and MoveResourceGroup have no DryRun
            region = tag_region or self.connections.caller_region(raw)
            if move:
                self.api.move_resource_group(instance_id, group or '', region_id=region)
            if to_remove:  # first, so that the new tags never exceed the limit of 20
                self.api.untag_resources([instance_id], region_id=region, tag_keys=to_remove)
            if to_set:
                self.api.tag_resources([instance_id], to_set, region_id=region)
            if self.wait:
                result = self._read_back(instance_id, predicted)
        return Outcome(True, result, before, dict(modified.after, **self.diff_extras(result)), modified.warnings)

    def _read_back(self, instance_id: str, predicted: Mapping[str, Any]) -> Dict[str, Any]:
        """The connection once its tags and resource group read as set (each party sees its own)."""
        tags, group = normalize(predicted)['tags'], predicted.get('ResourceGroupId')

        def done(raw: Optional[Dict[str, Any]]) -> bool:
            if raw is None:
                raise StateError(status_problem(instance_id, None) or '')
            return normalize(raw)['tags'] == tags and raw.get('ResourceGroupId') == group

        return self.connections.read_until(instance_id, done, 'show tags %s in resource group %s' % (tags, group)) or {}

    def create(self) -> Outcome:
        params = self.params
        for deleting in self._deleting:
            # Still counts for CreateVpcPeerConnection (ResourceAlreadyExist.VpcPeer) until it is gone.
            self.connections.wait_until_gone(deleting.get('InstanceId') or '')
        tags = tag_dict(params['tags']) if params.get('tags') else None
        request = dict(
            region_id=params['region_id'], vpc_id=params['vpc_id'], accepting_ali_uid=params['accepting_ali_uid'],
            accepting_region_id=params['accepting_region_id'], accepting_vpc_id=params['accepting_vpc_id'],
            name=params.get('name'), description=params.get('description'), bandwidth=params.get('bandwidth'),
            link_type=params.get('link_type'), resource_group_id=params.get('resource_group_id'), tags=tags,
        )
        # What the service will report, as far as the task tells; the rest (ids, CIDRs, owner, dates) is unknown.
        predicted: Dict[str, Any] = {
            'InstanceId': None, 'Status': None, 'Name': params.get('name'), 'Description': params.get('description'),
            'Bandwidth': params.get('bandwidth'), 'LinkType': params.get('link_type'), 'RegionId': params['region_id'],
            'AcceptingRegionId': params['accepting_region_id'], 'AcceptingOwnerUid': params['accepting_ali_uid'],
            'Vpc': {'VpcId': params['vpc_id']}, 'AcceptingVpc': {'VpcId': params['accepting_vpc_id']},
            'ResourceGroupId': params.get('resource_group_id'), 'Tags': _tag_list(tags or {}),
        }
        if self.check_mode:
            answer = self.api.create_vpc_peer_connection(dry_run=True, **request)
            self._expect_dry_run(answer, 'CreateVpcPeerConnection')
            return Outcome(True, predicted, {}, full_view(predicted), [])
        try:
            # One ClientToken for this call, reused on every retry: a lost answer never creates a second one.
            answer = self.api.create_vpc_peer_connection(**request)
        except ApiError as err:
            if err.code != ALREADY_EXISTS:
                raise
            # Created meanwhile by another task or by the other account: that one is the connection.
            found = self.find_live()
            if found is None:
                raise
            self.check_immutable(found)
            return self.update(found, tag_region=params['region_id'])
        instance_id = answer.get('InstanceId') or ''
        if self.wait:
            raw = self.connections.wait_for_created(instance_id)
        else:
            raw = dict(predicted, InstanceId=instance_id, Status=CREATING)
        return Outcome(True, raw, {}, full_view(raw), [])

    def _expect_dry_run(self, answer: Mapping[str, Any], action: str) -> None:
        if not answer.get('DryRunOperation'):
            self.warnings.append('%s answered a dry run (DryRun=true) with success instead of DryRunOperation; the '
                                 'service may have applied the change.' % action)

    # -- accepted -----------------------------------------------------------------------------------
    def accepted(self) -> Outcome:
        params = self.params
        instance_id = params['instance_id']
        raw = self.connections.get_existing(instance_id)
        self.check_immutable(raw)
        raw = self.connections.settle_status(instance_id, raw)
        status = raw.get('Status')
        if status == ACTIVATED:
            outcome = self.update(raw)
            return outcome._replace(before=dict(outcome.before, status=ACTIVATED),
                                    after=dict(outcome.after, status=outcome.raw.get('Status')))
        if status != ACCEPTING:
            raise StateError(self._accept_problem(instance_id, raw), vpc_peer_connection=normalize(raw))

        before = dict(managed_view(raw), status=ACCEPTING, **self.diff_extras(raw))
        tags = tag_dict(params['tags']) if params.get('tags') else None
        group = params.get('resource_group_id')
        if self.check_mode:
            answer = self.api.accept_vpc_peer_connection(instance_id, resource_group_id=group, tags=tags, dry_run=True)
            self._expect_dry_run(answer, 'AcceptVpcPeerConnection')
            predicted = self._predict_after_accept(raw, tags, group)
            return Outcome(True, predicted, before, dict(managed_view(predicted), status=ACTIVATED,
                                                         **self.diff_extras(predicted)), [])
        try:
            # Accept sets the accepter's own resource group and adds its tags in the same call.
            self.api.accept_vpc_peer_connection(instance_id, resource_group_id=group, tags=tags)
        except ApiError as err:
            if err.code == ONLY_ACCEPTER:
                raise self._only_accepter(err, 'accept', raw)
            raise
        merged_tags = dict(normalize(raw)['tags'], **(tags or {}))
        more_to_do = differences(raw, requested_values(params)) or \
            tag_changes(merged_tags, params.get('tags'), params.get('purge_tags', True))[1]
        if not self.wait and not more_to_do:
            predicted = dict(self._predict_after_accept(raw, tags, group), Status='Updating')
            return Outcome(True, predicted, before, dict(managed_view(predicted), status=ACTIVATED,
                                                         **self.diff_extras(predicted)), [])
        # Anything more (a modification, purging tags) needs the connection Activated first.
        fresh = self.connections.wait_for_accepted(instance_id)
        # Only the accepter could accept it: tags and resource group live in the accepter's region.
        outcome = self.update(fresh, tag_region=fresh.get('AcceptingRegionId'))
        return Outcome(True, outcome.raw, before, dict(outcome.after, status=outcome.raw.get('Status')), outcome.warnings)

    def _predict_after_accept(self, raw: Mapping[str, Any], tags: Optional[Mapping[str, str]], group: Optional[str]) -> Dict[str, Any]:
        """The connection once accepted and brought to what the task asks, for check mode.

        Modify cannot be dry-run before the connection is Activated: its part is predicted from the comparison.
        """
        requested = requested_values(self.params)
        check_same_region(raw, requested)
        predicted = with_changes(raw, differences(raw, requested))
        predicted['Status'] = ACTIVATED
        current = normalize(raw)['tags']
        merged = dict(current, **(tags or {}))
        to_set, to_remove = tag_changes(merged, self.params.get('tags'), self.params.get('purge_tags', True))
        predicted['Tags'] = _tag_list(with_tags(merged, to_set, to_remove))
        if group is not None:
            predicted['ResourceGroupId'] = group
        return predicted

    @staticmethod
    def _accept_problem(instance_id: str, raw: Mapping[str, Any]) -> str:
        status = raw.get('Status')
        if status == REJECTED:
            return ('VPC peering connection %s was rejected and can no longer be accepted. The requester must create a '
                    'new connection.' % instance_id)
        if status == EXPIRED:
            return ('VPC peering connection %s expired (it was not accepted within 7 days) and can no longer be accepted. '
                    'The requester must delete it and create a new connection.' % instance_id)
        if status in (DELETING, DELETED):
            return 'VPC peering connection %s is %s and can no longer be accepted.' % (instance_id, status)
        return 'VPC peering connection %s is %s and cannot be accepted.' % (instance_id, status)

    # -- rejected -----------------------------------------------------------------------------------
    def rejected(self) -> Outcome:
        instance_id = self.params['instance_id']
        raw = self.connections.get_existing(instance_id)
        self.check_immutable(raw)
        raw = self.connections.settle_status(instance_id, raw)
        status = raw.get('Status')
        if status == REJECTED:
            return Outcome(False, raw, {'status': REJECTED}, {'status': REJECTED}, [])
        if status != ACCEPTING:
            raise StateError(
                'VPC peering connection %s is %s: only a connection that is Accepting (waiting for the accepter) can be '
                'rejected.%s' % (instance_id, status, ' To remove it, use state=absent.' if status == ACTIVATED else ''),
                vpc_peer_connection=normalize(raw))
        if self.check_mode:
            self._expect_dry_run(self.api.reject_vpc_peer_connection(instance_id, dry_run=True), 'RejectVpcPeerConnection')
            return Outcome(True, dict(raw, Status=REJECTED), {'status': ACCEPTING}, {'status': REJECTED}, [])
        try:
            self.api.reject_vpc_peer_connection(instance_id)
        except ApiError as err:
            if err.code == ONLY_ACCEPTER:
                raise self._only_accepter(err, 'reject', raw)
            raise
        fresh = self.connections.wait_for_rejected(instance_id) if self.wait else dict(raw, Status=REJECTED)
        return Outcome(True, fresh, {'status': ACCEPTING}, {'status': fresh.get('Status')}, [])

    # -- absent -------------------------------------------------------------------------------------
    def absent(self) -> Outcome:
        params = self.params
        instance_id = params.get('instance_id')
        if instance_id is not None:
            raw = self.connections.get(instance_id)
            if raw is not None:
                self.check_immutable(raw)
            targets = [raw] if raw is not None and raw.get('Status') != DELETED else []
        else:
            between = self.connections.between(params['vpc_id'], params['accepting_vpc_id'], params.get('region_id'))
            # The connection present would find; Rejected and Expired ones no longer join the VPCs.
            targets = [raw for raw in between if raw.get('Status') not in (REJECTED, EXPIRED, DELETED)]
            for raw in targets:
                self.check_immutable(raw)
        if not targets:
            return Outcome(False, {}, {}, {}, [])

        deleted = []
        for raw in targets:
            target_id = raw.get('InstanceId') or ''
            if raw.get('Status') == DELETING:  # already on its way out
                if self.wait and not self.check_mode:
                    self.connections.wait_until_gone(target_id)
                continue
            raw = self.connections.settle_status(target_id, raw)
            force = True if params.get('force') else None  # Force also deletes the routes that point at it
            if self.check_mode:
                self._expect_dry_run(self.api.delete_vpc_peer_connection(target_id, force=force, dry_run=True),
                                     'DeleteVpcPeerConnection')
            else:
                self.api.delete_vpc_peer_connection(target_id, force=force)
            deleted.append(raw)
        if not self.check_mode and self.wait:
            for raw in deleted:
                self.connections.wait_until_gone(raw.get('InstanceId') or '')
        first = deleted[0] if deleted else targets[0]
        if not deleted:
            return Outcome(False, first, {}, {}, [])
        return Outcome(True, first, full_view(first), {}, [])


def run_vpc_peer_connection(module: Any) -> Dict[str, Any]:
    """The whole task of ``vpc_peer_connection``: validate, then the flow of ``state``."""
    validate_options(module.params)
    task = ConnectionTask(module.params, VpcPeerConnections(module.api), check_mode=module.check_mode)
    outcome = task.run()
    for warning in outcome.warnings:
        module.warn(warning)
    result: Dict[str, Any] = {'changed': outcome.changed,
                              'vpc_peer_connection': normalize(outcome.raw) if outcome.raw else {}}
    if module._diff:
        result['diff'] = {'before': outcome.before, 'after': outcome.after}
    return result
