# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The VPC peering connection as a resource: states, validation, comparison, waiting and the modify flow."""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Mapping, NamedTuple, Optional

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import VpcPeerApi
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import (
    ApiError,
    StateError,
    ValidationError,
    WaitTimeout,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import (
    Backoff,
    PollTimeout,
    default_sleep,
    poll_backoff,
    poll_until,
)

# -- statuses -----------------------------------------------------------------------------------------
ACTIVATED = 'Activated'
ACCEPTING = 'Accepting'
# Settle by themselves; wait for them.
TRANSITIONAL_STATUSES = frozenset(('Creating', 'Updating', 'Deleting'))
# A connection in one of these can never be modified (Accepting: not until the accepter accepts it).
NEVER_MODIFIABLE_STATUSES = frozenset((ACCEPTING, 'Rejected', 'Expired', 'Deleted'))
# Waiting for Activated stops at once on these: the connection will not get there by itself.
# (Deleting is transitional, but it only ever ends in Deleted.)
OFF_PATH_TO_ACTIVATED = NEVER_MODIFIABLE_STATUSES | frozenset(('Deleting',))

LINK_TYPES = ('Platinum', 'Gold')
NOT_FOUND_CODES = frozenset(('ResourceNotFound.InstanceId', 'ResourceNotFound.VpcPeer'))
INCORRECT_STATUS = 'IncorrectStatus.VpcPeer'

# Options of ModifyVpcPeerConnection: module option -> API field.
MODIFIABLE_FIELDS = (('name', 'Name'), ('description', 'Description'), ('bandwidth', 'Bandwidth'), ('link_type', 'LinkType'))
NAME_MAX_LENGTH = 128
DESCRIPTION_MAX_LENGTH = 256
INSTANCE_ID_PATTERN = re.compile(r'^pcc-[a-z0-9]+$')

# When Modify keeps answering IncorrectStatus.VpcPeer although the connection reads Activated, give up
# after this many rounds (each preceded by a poll delay) instead of looping until wait_timeout.
INCORRECT_STATUS_MAX_STALE_ROUNDS = 5


# -- shape --------------------------------------------------------------------------------------------
def _vpc(raw: Any) -> Dict[str, Any]:
    raw = raw if isinstance(raw, Mapping) else {}
    return {
        'vpc_id': raw.get('VpcId'),
        'ipv4_cidrs': list(raw.get('Ipv4Cidrs') or []),
        'ipv6_cidrs': list(raw.get('Ipv6Cidrs') or []),
    }


def _tags(raw: Any) -> Dict[str, str]:
    if isinstance(raw, Mapping):  # tolerate the {"Tag": [...]} wrapping of some RPC answers
        raw = raw.get('Tag') or raw.get('Tags') or []
    return {tag.get('Key'): tag.get('Value') if tag.get('Value') is not None else '' for tag in raw or [] if isinstance(tag, Mapping)}


def normalize(raw: Mapping[str, Any]) -> Dict[str, Any]:
    """A GetVpcPeerConnectionAttribute (or ListVpcPeerConnections item) dict -> the module's snake_case shape."""
    return {
        'instance_id': raw.get('InstanceId'),
        'name': raw.get('Name'),
        'description': raw.get('Description'),
        'status': raw.get('Status'),
        'biz_status': raw.get('BizStatus'),
        'bandwidth': raw.get('Bandwidth'),
        'link_type': raw.get('LinkType'),
        'region_id': raw.get('RegionId'),
        'accepting_region_id': raw.get('AcceptingRegionId'),
        'owner_id': raw.get('OwnerId'),
        'accepting_owner_uid': raw.get('AcceptingOwnerUid'),
        'vpc': _vpc(raw.get('Vpc')),
        'accepting_vpc': _vpc(raw.get('AcceptingVpc')),
        'gmt_create': raw.get('GmtCreate'),
        'gmt_modified': raw.get('GmtModified'),
        'gmt_expired': raw.get('GmtExpired'),
        'resource_group_id': raw.get('ResourceGroupId'),
        'tags': _tags(raw.get('Tags')),
        'managed_service': raw.get('ManagedService'),
    }


def managed_view(raw: Mapping[str, Any]) -> Dict[str, Any]:
    """The attributes the module manages, for ``diff``."""
    return {option: raw.get(field) for option, field in MODIFIABLE_FIELDS}


def with_changes(raw: Mapping[str, Any], changes: Mapping[str, Any]) -> Dict[str, Any]:
    """``raw`` with the requested changes applied (module option names -> API fields)."""
    fields = dict(MODIFIABLE_FIELDS)
    result = dict(raw)
    for option, value in changes.items():
        result[fields[option]] = value
    return result


def describe(raw: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    return normalize(raw) if raw is not None else None


# -- validation and comparison ------------------------------------------------------------------------
def _text_problems(option: str, value: Any, max_length: int) -> List[str]:
    if not isinstance(value, str):
        return ['%s must be a string' % option]
    problems = []
    if not 1 <= len(value) <= max_length:
        problems.append('%s must be 1 to %d characters long (got %d)' % (option, max_length, len(value)))
    if value.startswith(('http://', 'https://')):
        problems.append('%s must not start with http:// or https://' % option)
    return problems


def instance_id_problems(instance_id: Any) -> List[str]:
    if not isinstance(instance_id, str) or not INSTANCE_ID_PATTERN.match(instance_id):
        return ['instance_id must look like pcc-<lowercase letters and digits>, got %r' % (instance_id,)]
    return []


def validate_modify_options(params: Mapping[str, Any]) -> None:
    """Check the options of a modify before any API call. Raises ``ValidationError`` listing every problem."""
    problems = instance_id_problems(params.get('instance_id'))
    if params.get('name') is not None:
        problems += _text_problems('name', params['name'], NAME_MAX_LENGTH)
    if params.get('description') is not None:
        problems += _text_problems('description', params['description'], DESCRIPTION_MAX_LENGTH)
    bandwidth = params.get('bandwidth')
    if bandwidth is not None and (isinstance(bandwidth, bool) or not isinstance(bandwidth, int) or bandwidth <= 0):
        problems.append('bandwidth must be an integer greater than 0 (Mbit/s), got %r' % (bandwidth,))
    link_type = params.get('link_type')
    if link_type is not None and link_type not in LINK_TYPES:
        problems.append('link_type must be one of %s, got %r' % (', '.join(LINK_TYPES), link_type))
    wait_timeout = params.get('wait_timeout')
    if wait_timeout is not None and wait_timeout < 1:
        problems.append('wait_timeout must be at least 1 second, got %r' % (wait_timeout,))
    if problems:
        raise ValidationError(problems)


def requested_values(params: Mapping[str, Any]) -> Dict[str, Any]:
    """The modifiable options the task sets (an option left out is never touched)."""
    return {option: params[option] for option, _field in MODIFIABLE_FIELDS if params.get(option) is not None}


def differences(raw: Mapping[str, Any], requested: Mapping[str, Any]) -> Dict[str, Any]:
    """The requested values that differ from the connection's, and only those."""
    fields = dict(MODIFIABLE_FIELDS)
    return {option: value for option, value in requested.items() if raw.get(fields[option]) != value}


def visible(raw: Mapping[str, Any], expected: Mapping[str, Any]) -> bool:
    """Whether every expected value can be read back."""
    return not differences(raw, expected)


def is_same_region(raw: Mapping[str, Any]) -> bool:
    region = raw.get('RegionId')
    return bool(region) and region == raw.get('AcceptingRegionId')


def check_same_region(raw: Mapping[str, Any], requested: Mapping[str, Any]) -> None:
    """Same-region connections have bandwidth -1 (unlimited) and no link type; neither can be set."""
    asked = [option for option in ('bandwidth', 'link_type') if option in requested]
    if asked and is_same_region(raw):
        raise StateError(
            'VPC peering connection %s connects two VPCs in the same region (%s). Same-region connections '
            'always have unlimited bandwidth (reported as -1) and no link type, and the API refuses to change '
            'them (OperationFailed.BandwidthCannotBeChangedInSameRegion, OperationFailed.InterRegionLinkTypeNotSupported). '
            'Remove %s from the task.' % (raw.get('InstanceId'), raw.get('RegionId'), ' and '.join(asked)),
            vpc_peer_connection=normalize(raw))


def status_problem(instance_id: str, raw: Optional[Mapping[str, Any]]) -> Optional[str]:
    """Why a connection can never be modified (or reach Activated by itself), with what to do; else None."""
    if raw is None:
        return 'VPC peering connection %s no longer exists (ResourceNotFound.InstanceId).' % instance_id
    status = raw.get('Status')
    if status == ACCEPTING:
        return ('VPC peering connection %s is Accepting: it waits for the accepter account %s to accept it, and '
                'cannot be modified until it is Activated. The accepter account must accept it first '
                '(AcceptVpcPeerConnection with that account\'s credentials); then run this task again.'
                % (instance_id, raw.get('AcceptingOwnerUid') or '(unknown)'))
    if status == 'Rejected':
        return ('VPC peering connection %s was rejected by the accepter account and can never be modified. '
                'Delete it and create a new connection.' % instance_id)
    if status == 'Expired':
        return ('VPC peering connection %s expired: the accepter did not accept it within 7 days. It can never be '
                'modified; delete it and create a new connection.' % instance_id)
    if status == 'Deleted':
        return 'VPC peering connection %s has been deleted and can never be modified.' % instance_id
    if status == 'Deleting':
        return 'VPC peering connection %s is being deleted and can never be modified.' % instance_id
    return None


class Outcome(NamedTuple):
    changed: bool
    raw: Dict[str, Any]              # the connection as returned to the user (API field names)
    before: Dict[str, Any]           # managed attributes before the change
    after: Dict[str, Any]            # managed attributes after the change
    warnings: List[str]


# -- the resource -------------------------------------------------------------------------------------
class VpcPeerConnections:
    """Reading, waiting for and changing VPC peering connections through a ``VpcPeerApi``."""

    def __init__(
        self,
        api: VpcPeerApi,
        *,
        sleep: Optional[Callable[[float], Any]] = None,
        backoff: Optional[Backoff] = None,
    ) -> None:
        self.api = api
        self.deadline = api.deadline
        self._sleep = sleep or default_sleep
        self._backoff = backoff

    def _poll_backoff(self) -> Backoff:
        return self._backoff or poll_backoff()

    # -- reading ------------------------------------------------------------------------------------
    def get(self, instance_id: str) -> Optional[Dict[str, Any]]:
        """The connection's attributes, or ``None`` when it does not exist."""
        try:
            return self.api.get_vpc_peer_connection_attribute(instance_id)
        except ApiError as err:
            if err.code in NOT_FOUND_CODES:
                return None
            raise

    def get_existing(self, instance_id: str) -> Dict[str, Any]:
        try:
            return self.api.get_vpc_peer_connection_attribute(instance_id)
        except ApiError as err:
            if err.code in NOT_FOUND_CODES:
                raise StateError(
                    'VPC peering connection %s was not found (%s, request id %s). Check instance_id and that '
                    'the credentials belong to the account that owns the connection.'
                    % (instance_id, err.code, err.request_id or 'none'), error=err.to_dict())
            raise

    # -- waiting ------------------------------------------------------------------------------------
    def wait(
        self,
        instance_id: str,
        done: Callable[[Optional[Dict[str, Any]]], bool],
        target: str,
        on_timeout: Optional[Callable[[Optional[Dict[str, Any]]], str]] = None,
    ) -> Optional[Dict[str, Any]]:
        """Poll the connection until ``done(attributes or None)``; ``done`` raises to stop early.

        On timeout raise ``WaitTimeout`` naming ``target``, the last status and the seconds waited.
        """
        try:
            return poll_until(lambda: self.get(instance_id), done, deadline=self.deadline,
                              backoff=self._poll_backoff(), sleep=self._sleep)
        except PollTimeout as timeout:
            last = timeout.last
            status = last.get('Status') if last is not None else 'not found'
            detail = on_timeout(last) if on_timeout is not None else ''
            raise WaitTimeout(
                'Timed out after %.0f s waiting for VPC peering connection %s to %s; last status seen: %s%s. '
                'The change may still complete: run the task again, or raise wait_timeout (%.0f s).'
                % (timeout.waited, instance_id, target, status, detail, self.deadline.seconds),
                vpc_peer_connection=describe(last))

    def wait_for_activated(
        self,
        instance_id: str,
        expected: Optional[Mapping[str, Any]] = None,
        before: Optional[Mapping[str, Any]] = None,
        warnings: Optional[List[str]] = None,
    ) -> Dict[str, Any]:
        """Wait until the connection is Activated and, when given, the ``expected`` values are visible.

        An Activated read that still shows the old values (``before``) is stale and not accepted. Once a
        transitional status was seen, or the values changed to something else than both the old and the
        expected ones, a later change (another task's) replaced ours: that Activated read is accepted too,
        with a warning, so concurrent tasks both finish. Fails at once when the connection leaves the path
        to Activated.
        """
        expected = dict(expected or {})
        seen_transition = [False]

        def done(raw: Optional[Dict[str, Any]]) -> bool:
            if raw is None or raw.get('Status') in OFF_PATH_TO_ACTIVATED:
                raise StateError(status_problem(instance_id, raw) or 'unexpected state', vpc_peer_connection=describe(raw))
            if raw.get('Status') != ACTIVATED:
                seen_transition[0] = True
                return False
            if visible(raw, expected):
                return True
            superseded = before is not None and any(
                raw.get(field) != before.get(field) for option, field in MODIFIABLE_FIELDS if option in expected)
            if seen_transition[0] or superseded:
                if warnings is not None:
                    warnings.append(
                        'VPC peering connection %s became Activated with %s instead of the requested %s: another '
                        'change replaced this one (the last write wins).'
                        % (instance_id, managed_view(raw), expected))
                return True
            return False  # a stale read: Modify was answered but the new values are not visible yet

        def timeout_detail(raw: Optional[Dict[str, Any]]) -> str:
            missing = differences(raw, expected) if raw is not None else {}
            if not missing:  # only the status is not there yet
                return ''
            return ' (requested values not visible yet: %s)' % ', '.join(
                '%s=%r, reads %r' % (option, value, raw.get(dict(MODIFIABLE_FIELDS)[option])) for option, value in missing.items())

        target = 'become Activated' + (' with %s' % expected if expected else '')
        result = self.wait(instance_id, done, target, timeout_detail)
        return result if result is not None else {}  # done() never accepts a missing connection

    def settle(self, instance_id: str, raw: Dict[str, Any]) -> Dict[str, Any]:
        """A connection that can be modified now: wait through transitional states, fail on the others."""
        status = raw.get('Status')
        if status == ACTIVATED:
            return raw
        problem = status_problem(instance_id, raw) if status in OFF_PATH_TO_ACTIVATED else None
        if problem:
            raise StateError(problem, vpc_peer_connection=normalize(raw))
        return self.wait_for_activated(instance_id)

    # -- modifying ----------------------------------------------------------------------------------
    def modify(self, instance_id: str, requested: Mapping[str, Any], *, check_mode: bool, wait: bool) -> Outcome:
        """Bring name, description, bandwidth and link type to the requested values (Behaviour 2-8 of issue 3)."""
        warnings: List[str] = []
        raw = self.settle(instance_id, self.get_existing(instance_id))
        check_same_region(raw, requested)
        initial = raw
        changes = differences(raw, requested)
        if not changes:
            return Outcome(False, raw, managed_view(raw), managed_view(raw), warnings)

        token: Optional[str] = None
        sent: Optional[Dict[str, Any]] = None
        maybe_applied = False
        backoff = self._poll_backoff()
        rounds = stale_rounds = 0
        while True:
            if not check_mode and changes != sent:
                token, sent = self.api.new_token(), dict(changes)  # a new token only for a new payload
            try:
                answer = self.api.modify_vpc_peer_connection(
                    instance_id, dry_run=check_mode, client_token=token, **changes)
                break
            except ApiError as err:
                maybe_applied = maybe_applied or err.possibly_applied
                err.extra['vpc_peer_connection'] = normalize(raw)
                if err.code != INCORRECT_STATUS:
                    raise
                # Another change is in flight: wait for Activated, read and compare again, then modify.
                delay = backoff.delay(rounds)
                rounds += 1
                if delay >= self.deadline.remaining():
                    err.gave_up = 'Another change kept the connection busy until wait_timeout (%.0f s).' % self.deadline.seconds
                    raise
                self._sleep(delay)
                fresh = self.get(instance_id)
                if fresh is not None and fresh.get('Status') == ACTIVATED:
                    stale_rounds += 1
                    if stale_rounds >= INCORRECT_STATUS_MAX_STALE_ROUNDS:
                        err.gave_up = ('The connection reads Activated, but the service answered %s %d times in a row.'
                                       % (INCORRECT_STATUS, stale_rounds))
                        raise
                else:
                    stale_rounds = 0
                    if fresh is None:
                        raise StateError(status_problem(instance_id, None) or '', error=err.to_dict())
                    fresh = self.settle(instance_id, fresh)
                raw = fresh
                check_same_region(raw, requested)
                changes = differences(raw, requested)
                if not changes:
                    # Someone else's change (or a lost answer of ours, applied after all) got there.
                    before = managed_view(initial) if maybe_applied else managed_view(raw)
                    return Outcome(maybe_applied, raw, before, managed_view(raw), warnings)

        before = managed_view(raw)
        predicted = with_changes(raw, changes)
        if check_mode:
            if not answer.get('DryRunOperation'):
                warnings.append('ModifyVpcPeerConnection answered a dry run (DryRun=true) with success instead of '
                                'DryRunOperation; the service may have applied the change.')
            return Outcome(True, predicted, before, managed_view(predicted), warnings)
        if not wait:
            return Outcome(True, predicted, before, managed_view(predicted), warnings)
        fresh = self.wait_for_activated(instance_id, expected=changes, before=raw, warnings=warnings)
        return Outcome(True, fresh, before, managed_view(fresh), warnings)


# -- module entry point -------------------------------------------------------------------------------
def run_modify(module: Any) -> Dict[str, Any]:
    """The whole task of ``vpc_peer_connection`` (modify): validate, read, compare, change, wait."""
    params = module.params
    validate_modify_options(params)
    connections = VpcPeerConnections(module.api)
    outcome = connections.modify(params['instance_id'], requested_values(params),
                                 check_mode=module.check_mode, wait=params['wait'])
    for warning in outcome.warnings:
        module.warn(warning)
    result: Dict[str, Any] = {'changed': outcome.changed, 'vpc_peer_connection': normalize(outcome.raw)}
    if module._diff:
        result['diff'] = {'before': outcome.before, 'after': outcome.after}
    return result
