# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The VPC peering connection as a resource: states, validation, comparison, tags, finding, waiting and the modify flow."""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, Iterable, List, Mapping, NamedTuple, Optional, Tuple

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
CREATING = 'Creating'
REJECTED = 'Rejected'
EXPIRED = 'Expired'
DELETING = 'Deleting'
DELETED = 'Deleted'
# Settle by themselves; wait for them.
TRANSITIONAL_STATUSES = frozenset(('Creating', 'Updating', 'Deleting'))
# A connection in one of these can never be modified (Accepting: not until the accepter accepts it).
NEVER_MODIFIABLE_STATUSES = frozenset((ACCEPTING, 'Rejected', 'Expired', 'Deleted'))
# Waiting for Activated stops at once on these: the connection will not get there by itself.
# (Deleting is transitional, but it only ever ends in Deleted.)
OFF_PATH_TO_ACTIVATED = NEVER_MODIFIABLE_STATUSES | frozenset(('Deleting',))
# A connection in one of these no longer joins its two VPCs: looking for "the" connection between two VPCs
# skips them, and a new one may be created beside them.
INACTIVE_STATUSES = frozenset((REJECTED, EXPIRED, DELETING, DELETED))
# Settle by themselves into a status that lasts (Deleting only ends with the connection gone).
SETTLING_STATUSES = TRANSITIONAL_STATUSES - frozenset((DELETING,))
# Right after CreateVpcPeerConnection a read may not find the new connection yet; tolerate this many.
NOT_FOUND_READS_AFTER_CREATE = 3

LINK_TYPES = ('Platinum', 'Gold')
NOT_FOUND_CODES = frozenset(('ResourceNotFound.InstanceId', 'ResourceNotFound.VpcPeer'))
INCORRECT_STATUS = 'IncorrectStatus.VpcPeer'

# Options of ModifyVpcPeerConnection: module option -> API field.
MODIFIABLE_FIELDS = (('name', 'Name'), ('description', 'Description'), ('bandwidth', 'Bandwidth'), ('link_type', 'LinkType'))
NAME_MAX_LENGTH = 128
DESCRIPTION_MAX_LENGTH = 256
# CreateVpcPeerConnection is stricter than Modify: at least 2 characters, starting with a letter.
CREATE_TEXT_MIN_LENGTH = 2
INSTANCE_ID_PATTERN = re.compile(r'^pcc-[a-z0-9]+$')

# When Modify keeps answering IncorrectStatus.VpcPeer although the connection reads Activated, give up
# after this many rounds (each preceded by a poll delay) instead of looping until wait_timeout.
INCORRECT_STATUS_MAX_STALE_ROUNDS = 5

# Tags (TagResources): at most 20 per resource; keys and values of at most 128 characters, without http(s)://;
# keys starting with these prefixes are the system's, can never be set, and are never purged.
MAX_TAGS = 20
TAG_TEXT_MAX_LENGTH = 128
SYSTEM_TAG_PREFIXES = ('aliyun', 'acs:')


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


def vpc_ids(raw: Mapping[str, Any]) -> Tuple[Optional[str], Optional[str]]:
    """The requester's and the accepter's VPC ids of a connection."""
    return _vpc(raw.get('Vpc'))['vpc_id'], _vpc(raw.get('AcceptingVpc'))['vpc_id']


def joins(raw: Mapping[str, Any], vpc_a: str, vpc_b: str) -> bool:
    """Whether the connection joins the two VPCs, in either direction."""
    return sorted(vpc_ids(raw), key=str) == sorted((vpc_a, vpc_b), key=str)


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


def _create_text_problems(option: str, value: Any, max_length: int) -> List[str]:
    """CreateVpcPeerConnection's rule: 2 to ``max_length`` characters, starting with a letter, not with http(s)://."""
    if not isinstance(value, str):
        return ['%s must be a string' % option]
    problems = []
    if not CREATE_TEXT_MIN_LENGTH <= len(value) <= max_length:
        problems.append('%s must be %d to %d characters long to create a connection (got %d)'
                        % (option, CREATE_TEXT_MIN_LENGTH, max_length, len(value)))
    if value and not value[0].isalpha():
        problems.append('%s must start with a letter to create a connection, got %r' % (option, value))
    if value.startswith(('http://', 'https://')):
        problems.append('%s must not start with http:// or https://' % option)
    return problems


def attribute_problems(params: Mapping[str, Any], *, creating: bool = False) -> List[str]:
    """Problems of name, description, bandwidth, link_type and wait_timeout.

    ``creating``: the task may create the connection, so name and description follow Create's stricter rules.
    """
    text_problems = _create_text_problems if creating else _text_problems
    problems: List[str] = []
    if params.get('name') is not None:
        problems += text_problems('name', params['name'], NAME_MAX_LENGTH)
    if params.get('description') is not None:
        problems += text_problems('description', params['description'], DESCRIPTION_MAX_LENGTH)
    bandwidth = params.get('bandwidth')
    if bandwidth is not None and (isinstance(bandwidth, bool) or not isinstance(bandwidth, int) or bandwidth <= 0):
        problems.append('bandwidth must be an integer greater than 0 (Mbit/s), got %r' % (bandwidth,))
    link_type = params.get('link_type')
    if link_type is not None and link_type not in LINK_TYPES:
        problems.append('link_type must be one of %s, got %r' % (', '.join(LINK_TYPES), link_type))
    wait_timeout = params.get('wait_timeout')
    if wait_timeout is not None and wait_timeout < 1:
        problems.append('wait_timeout must be at least 1 second, got %r' % (wait_timeout,))
    return problems


def validate_modify_options(params: Mapping[str, Any]) -> None:
    """Check the options of a modify before any API call. Raises ``ValidationError`` listing every problem."""
    problems = instance_id_problems(params.get('instance_id')) + attribute_problems(params)
    if problems:
        raise ValidationError(problems)


# -- tags ---------------------------------------------------------------------------------------------
def is_system_tag(key: str) -> bool:
    return key.lower().startswith(SYSTEM_TAG_PREFIXES)


def tag_dict(tags: Mapping[Any, Any]) -> Dict[str, str]:
    """Tags as the API stores them: string keys and values, a missing value being the empty string."""
    return {str(key): '' if value is None else str(value) for key, value in tags.items()}


def tag_problems(tags: Any) -> List[str]:
    """The tag rules of TagResources and CreateVpcPeerConnection, checked before any API call."""
    if not isinstance(tags, Mapping):
        return ['tags must be a dictionary of keys and values, got %r' % (tags,)]
    problems = []
    if len(tags) > MAX_TAGS:
        problems.append('a connection has at most %d tags, got %d' % (MAX_TAGS, len(tags)))
    for key, value in tag_dict(tags).items():
        if not key or len(key) > TAG_TEXT_MAX_LENGTH:
            problems.append('tag key %r must be 1 to %d characters long' % (key, TAG_TEXT_MAX_LENGTH))
        if 'http://' in key or 'https://' in key:
            problems.append('tag key %r must not contain http:// or https://' % key)
        if is_system_tag(key):
            problems.append('tag key %r must not start with aliyun or acs: (system tags)' % key)
        if len(value) > TAG_TEXT_MAX_LENGTH:
            problems.append('the value of tag %r must be at most %d characters long' % (key, TAG_TEXT_MAX_LENGTH))
        if 'http://' in value or 'https://' in value:
            problems.append('the value of tag %r must not contain http:// or https://' % key)
    return problems


def tag_changes(current: Mapping[str, str], desired: Optional[Mapping[str, Any]], purge: bool) -> Tuple[Dict[str, str], List[str]]:
    """What TagResources must set and UnTagResources must remove to turn ``current`` into ``desired``.

    ``desired`` None: tags are not managed. ``purge``: remove the keys that are not desired (never system tags).
    """
    if desired is None:
        return {}, []
    wanted = tag_dict(desired)
    to_set = {key: value for key, value in wanted.items() if current.get(key) != value}
    to_remove = [key for key in current if key not in wanted and not is_system_tag(key)] if purge else []
    return to_set, to_remove


def with_tags(current: Mapping[str, str], to_set: Mapping[str, str], to_remove: Iterable[str]) -> Dict[str, str]:
    tags = {key: value for key, value in current.items() if key not in set(to_remove)}
    tags.update(to_set)
    return tags


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

    def between(self, vpc_a: str, vpc_b: str, region_id: Optional[str] = None) -> List[Dict[str, Any]]:
        """Every connection between the two VPCs, in either direction and any status, oldest first.

        Lists by ``vpc_a`` alone, whose meaning does not depend on how the service reads two VpcIds (both ends
        or either end), and keeps the connections whose other end is ``vpc_b``.
        """
        found = self.api.list_all_vpc_peer_connections(region_id=region_id, vpc_ids=[vpc_a])
        return [raw for raw in found if joins(raw, vpc_a, vpc_b)]

    def caller_region(self, raw: Mapping[str, Any]) -> str:
        """The region of the caller's side of the connection: tags and resource groups are kept per side, and
        TagResources, UnTagResources and MoveResourceGroup address the connection in that region."""
        region, accepting_region = raw.get('RegionId'), raw.get('AcceptingRegionId')
        if region == accepting_region or raw.get('OwnerId') == raw.get('AcceptingOwnerUid'):
            return region or ''
        # Cross-account and cross-region: only a region-scoped read tells which side these credentials are on.
        page = self.api.list_vpc_peer_connections(region_id=region, instance_id=raw.get('InstanceId'))
        return (region if page.get('VpcPeerConnects') else accepting_region) or ''

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
                # The whole task's time, which wait_timeout bounds, not only the polling part of it.
                % (max(timeout.waited, self.deadline.elapsed()), instance_id, target, status, detail, self.deadline.seconds),
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

    def read_until(
        self,
        instance_id: str,
        done: Callable[[Optional[Dict[str, Any]]], bool],
        target: str,
    ) -> Optional[Dict[str, Any]]:
        """Read at once, and poll on the usual schedule only when that first read is not ``done`` yet
        (for changes that are usually visible at once, such as tags and resource groups)."""
        first = self.get(instance_id)
        if done(first):
            return first
        return self.wait(instance_id, done, target)

    def settle_status(self, instance_id: str, raw: Dict[str, Any]) -> Dict[str, Any]:
        """Wait through Creating and Updating to whatever status follows (Activated, Accepting, ...)."""
        if raw.get('Status') not in SETTLING_STATUSES:
            return raw

        def done(fresh: Optional[Dict[str, Any]]) -> bool:
            if fresh is None:
                raise StateError(status_problem(instance_id, None) or '', vpc_peer_connection=describe(raw))
            return fresh.get('Status') not in SETTLING_STATUSES

        return self.wait(instance_id, done, 'leave %s' % raw.get('Status')) or raw

    def wait_for_created(self, instance_id: str) -> Dict[str, Any]:
        """After CreateVpcPeerConnection: wait until Activated (same account) or Accepting (another account must
        accept it). A new connection may not be readable at once: a few not-found reads are tolerated."""
        not_found = [0]

        def done(raw: Optional[Dict[str, Any]]) -> bool:
            if raw is None:
                not_found[0] += 1
                if not_found[0] > NOT_FOUND_READS_AFTER_CREATE:
                    raise StateError('VPC peering connection %s was created, but GetVpcPeerConnectionAttribute kept '
                                     'answering that it does not exist (%d reads): it may have been deleted at once.'
                                     % (instance_id, not_found[0]))
                return False
            status = raw.get('Status')
            if status in INACTIVE_STATUSES:
                raise StateError('VPC peering connection %s became %s while it was being created.' % (instance_id, status),
                                 vpc_peer_connection=normalize(raw))
            return status in (ACTIVATED, ACCEPTING)

        result = self.wait(instance_id, done, 'become Activated (or Accepting, when another account must accept it)')
        return result if result is not None else {}  # done() never accepts a missing connection

    def _wait_for_outcome(self, instance_id: str, target_status: str, passing: Iterable[str]) -> Dict[str, Any]:
        """Wait until ``target_status`` after Accept or Reject. Reads may still show the statuses in ``passing`` for a
        while (the old status, read just after the call); any other status means someone else acted: fail at once."""
        def done(raw: Optional[Dict[str, Any]]) -> bool:
            if raw is None:
                raise StateError(status_problem(instance_id, None) or '')
            status = raw.get('Status')
            if status == target_status:
                return True
            if status in passing:
                return False
            raise StateError('VPC peering connection %s became %s instead of %s.' % (instance_id, status, target_status),
                             vpc_peer_connection=normalize(raw))

        result = self.wait(instance_id, done, 'become ' + target_status)
        return result if result is not None else {}

    def wait_for_accepted(self, instance_id: str) -> Dict[str, Any]:
        """After AcceptVpcPeerConnection: Updating, then Activated."""
        return self._wait_for_outcome(instance_id, ACTIVATED, (ACCEPTING, 'Updating'))

    def wait_for_rejected(self, instance_id: str) -> Dict[str, Any]:
        return self._wait_for_outcome(instance_id, REJECTED, (ACCEPTING,))

    def wait_until_gone(self, instance_id: str) -> None:
        """After DeleteVpcPeerConnection: wait until Get answers ResourceNotFound (or, where the service keeps
        deleted connections visible, Deleted)."""
        self.wait(instance_id, lambda raw: raw is None or raw.get('Status') == DELETED,
                  'be deleted (GetVpcPeerConnectionAttribute answering ResourceNotFound)')

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
    def modify(
        self,
        instance_id: str,
        requested: Mapping[str, Any],
        *,
        check_mode: bool,
        wait: bool,
        raw: Optional[Dict[str, Any]] = None,
    ) -> Outcome:
        """Bring name, description, bandwidth and link type to the requested values (Behaviour 2-8 of issue 3).

        ``raw``: the connection as just read, which saves reading it again.
        """
        warnings: List[str] = []
        raw = self.settle(instance_id, raw if raw is not None else self.get_existing(instance_id))
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
