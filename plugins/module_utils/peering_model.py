# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The VPC peering connection as data: its statuses, the rules of its options, and how a task compares with a read.

This module util is PRIVATE to the collection: its interface may change in any release.

Everything here works on the snake_case view of a connection (``api.connection_view``) and on option names;
nothing calls the API.
"""

from __future__ import annotations

import re
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, NamedTuple, Optional, Tuple

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import tag_text
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import StateError

View = Dict[str, Any]

# -- statuses -------------------------------------------------------------------------------------------
MODIFY, ACCEPT, REJECT, DELETE, TAG = 'modify', 'accept', 'reject', 'delete', 'tag'
# Which side of a connection the credentials are on (BOTH: one account owns both VPCs).
REQUESTER, ACCEPTER, BOTH = 'requester', 'accepter', 'both'


class Status(NamedTuple):
    """What a status means for a task.

    ``settling``: changes by itself, so wait for it before deciding. ``live``: the connection still joins its
    two VPCs: it is "the" connection between them, and the service refuses a second one beside it. ``allows``:
    what the requester account (or the one account of a same-account connection) may do from it;
    ``accepter_allows``: what the accepter account of a cross-account connection may do. ``explain``: why the
    rest is refused and what to do, formatted with the connection's ``instance_id`` and ``accepter`` (the
    accepter account).
    """

    name: str
    settling: bool
    live: bool
    allows: FrozenSet[str]
    explain: str
    accepter_allows: Optional[FrozenSet[str]] = None  # None: the same as ``allows``

    def allowed(self, side: Optional[str]) -> FrozenSet[str]:
        """What the caller on ``side`` may do; with no side known, what either may (the service decides)."""
        accepter = self.allows if self.accepter_allows is None else self.accepter_allows
        if side == ACCEPTER:
            return accepter
        if side == REQUESTER:
            return self.allows
        return self.allows | accepter  # BOTH is either side; None: no read could tell


STATUSES: Dict[str, Status] = {status.name: status for status in (
    Status('Creating', True, True, frozenset(), 'VPC peering connection %(instance_id)s is being created.'),
    # Only the accepter accepts or rejects (the Accept and Reject pages); that it cannot delete a request it has
    # not accepted, nor a rejected or expired one, is this collection's reading (the emulator's choice too).
    Status('Accepting', False, True, frozenset((DELETE, TAG)),
           'VPC peering connection %(instance_id)s is Accepting: it waits for the accepter account %(accepter)s to '
           'accept it, and cannot be modified until it is Activated. The accepter account must accept it first '
           '(state=accepted with that account\'s credentials); then run this task again.',
           accepter_allows=frozenset((ACCEPT, REJECT, TAG))),
    Status('Updating', True, True, frozenset(), 'VPC peering connection %(instance_id)s is being updated.'),
    Status('Activated', False, True, frozenset((MODIFY, DELETE, TAG)),
           'VPC peering connection %(instance_id)s is Activated: it was accepted already, and only a connection that is '
           'Accepting can be accepted or rejected. To remove it, use state=absent.'),
    Status('Rejected', False, False, frozenset((DELETE,)),
           'VPC peering connection %(instance_id)s was rejected by the accepter account: it can no longer be accepted or '
           'modified. The requester account can delete it (state=absent) and create a new connection.',
           accepter_allows=frozenset()),
    Status('Expired', False, False, frozenset((DELETE,)),
           'VPC peering connection %(instance_id)s expired: the accepter did not accept it within 7 days. It can no '
           'longer be accepted or modified; the requester account can delete it (state=absent) and create a new '
           'connection.',
           accepter_allows=frozenset()),
    Status('Deleting', True, False, frozenset(),
           'VPC peering connection %(instance_id)s is being deleted (Deleting): it can no longer be accepted, '
           'modified or routed through.'),
    Status('Deleted', False, False, frozenset(),
           'VPC peering connection %(instance_id)s has been deleted: it can no longer be accepted or modified. To '
           'peer its VPCs again, create a new connection (state=present with vpc_id and accepting_vpc_id).'),
)}
ACTIVATED, ACCEPTING, REJECTED, DELETING, DELETED = 'Activated', 'Accepting', 'Rejected', 'Deleting', 'Deleted'


def status_of(view: Mapping[str, Any]) -> Status:
    """The status of a read; an unknown status allows nothing and does not settle by itself."""
    name = view.get('status') or '(none)'
    return STATUSES.get(name) or Status(name, False, True, frozenset(),
                                        'VPC peering connection %(instance_id)s has the unknown status ' + name + '.')


def refusal(view: Mapping[str, Any]) -> StateError:
    """The error for a task that needs something the connection's status does not allow."""
    explain = status_of(view).explain % {'instance_id': view.get('instance_id'),
                                         'accepter': view.get('accepting_owner_uid') or '(unknown)'}
    return StateError(explain, vpc_peer_connection=dict(view))


# -- the options ------------------------------------------------------------------------------------------
MANAGED_OPTIONS = ('name', 'description', 'bandwidth', 'link_type')   # what ModifyVpcPeerConnection changes
LINK_TYPES = ('Platinum', 'Gold')
NAME_MAX_LENGTH = 128
DESCRIPTION_MAX_LENGTH = 256
# CreateVpcPeerConnection is stricter than Modify: at least 2 characters, starting with a letter; a name holds
# only letters, digits, underscores and hyphens.
CREATE_TEXT_MIN_LENGTH = 2
CREATE_NAME_PATTERN = re.compile(r'^[\w-]*$')
# Bandwidth is a 32-bit integer in the API; no larger value can be valid, whatever the quota.
MAX_BANDWIDTH = 2 ** 31 - 1
INSTANCE_ID_PATTERN = re.compile(r'^pcc-[a-z0-9]+$')

# Tags (TagResources): at most 20 per resource; keys and values of at most 128 characters, without http(s)://;
# keys starting with these prefixes are the system's, can never be set, and are never purged.
MAX_TAGS = 20
TAG_TEXT_MAX_LENGTH = 128
SYSTEM_TAG_PREFIXES = ('aliyun', 'acs:')


def _text_problems(option: str, value: Any, max_length: int) -> List[str]:
    if not isinstance(value, str):
        return ['%s must be a string' % option]
    problems = []
    if not 1 <= len(value) <= max_length:
        problems.append('%s must be 1 to %d characters long (got %d)' % (option, max_length, len(value)))
    if value.startswith(('http://', 'https://')):
        problems.append('%s must not start with http:// or https://' % option)
    return problems


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
    elif option == 'name' and value and not CREATE_NAME_PATTERN.match(value):
        problems.append('name may hold only letters, digits, underscores (_) and hyphens (-) to create a connection, '
                        'got %r' % (value,))
    return problems


def instance_id_problems(instance_id: Any) -> List[str]:
    if not isinstance(instance_id, str) or not INSTANCE_ID_PATTERN.match(instance_id):
        return ['instance_id must look like pcc-<lowercase letters and digits>, got %r' % (instance_id,)]
    return []


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
    if bandwidth is not None and (isinstance(bandwidth, bool) or not isinstance(bandwidth, int)
                                  or not 0 < bandwidth <= MAX_BANDWIDTH):
        problems.append('bandwidth must be an integer from 1 to %d (Mbit/s), got %r' % (MAX_BANDWIDTH, bandwidth))
    link_type = params.get('link_type')
    if link_type is not None and link_type not in LINK_TYPES:
        problems.append('link_type must be one of %s, got %r' % (', '.join(LINK_TYPES), link_type))
    wait_timeout = params.get('wait_timeout')
    if wait_timeout is not None and wait_timeout < 1:
        problems.append('wait_timeout must be at least 1 second, got %r' % (wait_timeout,))
    return problems


def is_system_tag(key: str) -> bool:
    return key.lower().startswith(SYSTEM_TAG_PREFIXES)


def tag_dict(tags: Mapping[Any, Any]) -> Dict[str, str]:
    """Tags as the service stores them: string keys and values (see ``api.tag_text``)."""
    return {str(key): tag_text(value) for key, value in tags.items()}


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


# -- comparing a task with a read -------------------------------------------------------------------------
def requested_values(params: Mapping[str, Any]) -> Dict[str, Any]:
    """The modifiable options the task sets (an option left out is never touched)."""
    return {option: params[option] for option in MANAGED_OPTIONS if params.get(option) is not None}


def differences(view: Mapping[str, Any], requested: Mapping[str, Any]) -> Dict[str, Any]:
    """The requested values that differ from the connection's, and only those."""
    return {option: value for option, value in requested.items() if view.get(option) != value}


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
    removed = set(to_remove)
    tags = {key: value for key, value in current.items() if key not in removed}
    tags.update(to_set)
    return tags


def is_same_region(view: Mapping[str, Any]) -> bool:
    return bool(view.get('region_id')) and view.get('region_id') == view.get('accepting_region_id')


def check_same_region(view: Mapping[str, Any], requested: Mapping[str, Any]) -> None:
    """Same-region connections have bandwidth -1 (unlimited) and no link type; neither can be set."""
    asked = [option for option in ('bandwidth', 'link_type') if option in requested]
    if asked and is_same_region(view):
        raise StateError(
            'VPC peering connection %s connects two VPCs in the same region (%s). Same-region connections '
            'always have unlimited bandwidth (reported as -1) and no link type, and the API refuses to change '
            'them (OperationFailed.BandwidthCannotBeChangedInSameRegion, OperationFailed.InterRegionLinkTypeNotSupported). '
            'Remove %s from the task.' % (view.get('instance_id'), view.get('region_id'), ' and '.join(asked)),
            vpc_peer_connection=dict(view))


def joins(view: Mapping[str, Any], vpc_a: str, vpc_b: str) -> bool:
    """Whether the connection joins the two VPCs, in either direction."""
    ends = (view['vpc']['vpc_id'], view['accepting_vpc']['vpc_id'])
    return sorted(ends, key=str) == sorted((vpc_a, vpc_b), key=str)


def immutable_problems(view: Mapping[str, Any], params: Mapping[str, Any]) -> List[str]:
    """The options naming what cannot change after creation that differ from the connection.

    A connection joins two VPCs; the task may name them either way round (vpc_id may be the connection's accepter
    VPC). The regions and the account are compared in that same orientation. region_id, which often comes from the
    environment, is compared only when the task also names vpc_id: it is then the region of that VPC.
    """
    requester_vpc, accepter_vpc = view['vpc']['vpc_id'], view['accepting_vpc']['vpc_id']
    near = {'vpc': requester_vpc, 'region': view.get('region_id'), 'uid': view.get('owner_id')}
    far = {'vpc': accepter_vpc, 'region': view.get('accepting_region_id'), 'uid': view.get('accepting_owner_uid')}
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


def check_immutable(view: Mapping[str, Any], params: Mapping[str, Any]) -> None:
    problems = immutable_problems(view, params)
    if problems:
        raise StateError(
            'Options that cannot change after creation differ from VPC peering connection %s: %s. The two VPCs, '
            'their regions and the accepter account of a connection are fixed: correct or leave out these options, '
            'or delete the connection (state=absent) and create a new one.'
            % (view.get('instance_id'), '; '.join(problems)), vpc_peer_connection=dict(view))


# -- which side of the connection the credentials are on ---------------------------------------------------
def side_region(view: Mapping[str, Any], side: Optional[str]) -> str:
    """The region of the caller's own side: tags and resource groups are kept per side, in that side's region
    (a same-account connection is addressed on its requester side; an unknown side means a same-region one)."""
    region = view.get('accepting_region_id') if side == ACCEPTER else view.get('region_id')
    return region or ''


# -- what a diff shows ------------------------------------------------------------------------------------
def managed_view(view: Mapping[str, Any], params: Mapping[str, Any], *, with_status: bool = False) -> Dict[str, Any]:
    """The managed attributes, plus tags and resource group when the task sets them, plus the status."""
    shown = {option: view.get(option) for option in MANAGED_OPTIONS}
    if params.get('tags') is not None:
        shown['tags'] = dict(view.get('tags') or {})
    if params.get('resource_group_id') is not None:
        shown['resource_group_id'] = view.get('resource_group_id')
    if with_status:
        shown['status'] = view.get('status')
    return shown


def full_view(view: Mapping[str, Any]) -> Dict[str, Any]:
    """What a diff shows of a connection that is created or deleted."""
    return {
        'instance_id': view.get('instance_id'), 'status': view.get('status'), 'name': view.get('name'),
        'description': view.get('description'), 'bandwidth': view.get('bandwidth'), 'link_type': view.get('link_type'),
        'region_id': view.get('region_id'), 'vpc_id': view['vpc']['vpc_id'],
        'accepting_region_id': view.get('accepting_region_id'), 'accepting_vpc_id': view['accepting_vpc']['vpc_id'],
        'accepting_owner_uid': view.get('accepting_owner_uid'), 'resource_group_id': view.get('resource_group_id'),
        'tags': dict(view.get('tags') or {}),
    }
