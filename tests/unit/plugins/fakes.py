# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Test doubles: a fake clock, SDK exceptions built the way the SDK builds them, and a fake SDK client
holding one small model of the VpcPeer service (lazy Updating -> Activated transitions, stale reads,
DryRun, IncorrectStatus while a change is in flight, ClientToken idempotency, scripted faults; create,
accept, reject and delete with their transitional statuses, tags, resource groups and a filtered List)."""

from __future__ import annotations

import contextlib
import copy
import json
import re
from collections import defaultdict, deque
from typing import Any, Callable, Deque, Dict, Iterator, List, NamedTuple, Optional

from ansible.module_utils import basic

# The unit tests need the SDK (tests/unit/requirements.txt): a missing SDK fails them, never skips them.
from alibabacloud_tea_openapi import exceptions as tea_exceptions
from darabonba import exceptions as dara_exceptions
from darabonba.policy import retry as dara_retry

try:  # re-exported for the module tests
    from ansible.module_utils.testing import patch_module_args  # pylint: disable=unused-import
except ImportError:  # ansible-core < 2.19
    @contextlib.contextmanager
    def patch_module_args(args: Optional[Dict[str, Any]] = None) -> Iterator[None]:
        """The module arguments main() reads, as ansible-core 2.19's helper of the same name sets them."""
        from ansible.module_utils.common.text.converters import to_bytes
        old = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args or {}}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = old

INSTANCE_ID = 'pcc-abc123'
REQUESTER_UID = 1111111111111111
ACCEPTER_UID = 2222222222222222
SECRET = 'sEcReT-value-0123456789'
TOKEN = 'sts-token-value-0123456789'


class FakeTime:
    """Replaces the ``time`` module of retry.py: sleeping advances a fake monotonic clock."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: List[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


# -- SDK exceptions, built exactly as alibabacloud_tea_openapi.client.do_request builds them ----------
def error_body(code: str, message: str, request_id: str = 'REQ-1', recommend: Optional[str] = None) -> Dict[str, Any]:
    body = {'RequestId': request_id, 'HostId': 'vpcpeer.aliyuncs.com', 'Code': code, 'Message': message}
    if recommend:
        body['Recommend'] = recommend
    return body


def sdk_error(
    code: str,
    message: str = 'error message',
    status: int = 400,
    request_id: str = 'REQ-1',
    retry_after: Optional[int] = None,
    recommend: Optional[str] = None,
    access_denied_detail: Optional[Dict[str, Any]] = None,
) -> Exception:
    data = error_body(code, message, request_id, recommend)
    if access_denied_detail:
        data['AccessDeniedDetail'] = access_denied_detail
    common = dict(
        status_code=status, code=code, message='code: %d, %s request id: %s' % (status, message, request_id),
        detail='None', description='None', data=data, request_id=request_id,
    )
    if retry_after is not None:
        return tea_exceptions.ThrottlingException(retry_after=retry_after, **common)
    if status < 500:
        return tea_exceptions.ClientException(access_denied_detail=access_denied_detail, **common)
    return tea_exceptions.ServerException(**common)


def unretryable(inner: BaseException) -> Exception:
    """What the SDK raises for transport errors, time-outs and unparseable answers."""
    return dara_exceptions.UnretryableException(dara_retry.RetryPolicyContext(retries_attempted=1, exception=inner))


def connection_refused() -> Exception:
    return unretryable(dara_exceptions.RetryError(
        "HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded with url: / "
        "(Caused by NewConnectionError('Failed to establish a new connection: [Errno 111] Connection refused'))"))


def read_timeout() -> Exception:
    return unretryable(dara_exceptions.RetryError(
        "HTTPConnectionPool(host='127.0.0.1', port=9): Read timed out. (read timeout=0.5)"))


def unparseable() -> Exception:
    return unretryable(RuntimeError('Failed to parse the value as json format, Value: "<html>502 Bad Gateway</html>".'))


# -- the fake service ---------------------------------------------------------------------------------
def connection(**overrides: Any) -> Dict[str, Any]:
    """A GetVpcPeerConnectionAttribute answer (cross-region, Activated)."""
    conn = {
        'InstanceId': INSTANCE_ID,
        'Name': 'old-name',
        'Description': 'old description',
        'Status': 'Activated',
        'BizStatus': 'Normal',
        'Bandwidth': 100,
        'LinkType': 'Gold',
        'RegionId': 'cn-hangzhou',
        'AcceptingRegionId': 'cn-shanghai',
        'OwnerId': REQUESTER_UID,
        'AcceptingOwnerUid': ACCEPTER_UID,
        'Vpc': {'VpcId': 'vpc-requester', 'Ipv4Cidrs': ['192.168.0.0/16'], 'Ipv6Cidrs': []},
        'AcceptingVpc': {'VpcId': 'vpc-accepter', 'Ipv4Cidrs': ['10.0.0.0/16'], 'Ipv6Cidrs': ['2408:4000::/56']},
        'GmtCreate': '2025-11-25T08:00:00Z',
        'GmtModified': '2025-11-25T08:00:00Z',
        'ResourceGroupId': 'rg-default',
        'Tags': [{'Key': 'env', 'Value': 'test'}],
    }
    conn.update(overrides)
    return conn


class Request(NamedTuple):
    action: str
    fields: Dict[str, Any]
    connect_ms: Optional[int]
    read_ms: Optional[int]


class _Body:
    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data

    def to_map(self) -> Dict[str, Any]:
        return copy.deepcopy(self._data)


class _Response:
    def __init__(self, data: Dict[str, Any]) -> None:
        self.body = _Body(data)


MODIFY_FIELDS = ('Name', 'Description', 'Bandwidth', 'LinkType')


class FakeService:
    """Stands in for ``alibabacloud_vpcpeer20220101.client.Client``: answers ``<action>_with_options``.

    After an accepted Modify the next ``stale_reads`` reads still show Activated with the old values, the
    next ``updating_reads`` reads show Updating, and then the new values are Activated. ``script[action]``
    holds outcomes consumed before the model runs: an exception (raised instead of the model), a tuple
    ``('after', exception)`` (the model runs and applies the request, then the answer is lost), or a
    callable taking the request fields.
    """

    def __init__(self, *connections: Dict[str, Any], updating_reads: int = 1, stale_reads: int = 0,
                 phase_reads: int = 1, caller_uid: int = REQUESTER_UID) -> None:
        conns = connections if connections else (connection(),)
        self.conns: Dict[str, Dict[str, Any]] = {c['InstanceId']: copy.deepcopy(c) for c in conns}
        self.updating_reads = updating_reads
        self.stale_reads = stale_reads
        # Create, Accept and Delete: this many reads show Creating, Updating or Deleting before the next status.
        self.phase_reads = phase_reads
        self.caller_uid = caller_uid
        self.phases: Dict[str, Dict[str, Any]] = {}
        self.replies: Dict[Any, Dict[str, Any]] = {}
        # (action, fields) of every applied Create, Accept, Reject, Delete, tag and resource-group call.
        self.mutations: List[Any] = []
        self.created = 0
        self.pending: Dict[str, Dict[str, Any]] = {}
        self.requests: List[Request] = []
        self.script: Dict[str, Deque[Any]] = defaultdict(deque)
        self.applied: List[Dict[str, Any]] = []
        self.tokens: Dict[str, Dict[str, Any]] = {}
        self.config: Any = None
        self._seq = 0

    # the SDK client interface
    def __getattr__(self, name: str) -> Callable[[Any, Any], _Response]:
        if not name.endswith('_with_options'):
            raise AttributeError(name)
        action = ''.join(part.capitalize() for part in name[:-len('_with_options')].split('_'))

        def call(request: Any, runtime: Any) -> _Response:
            # The SDK models turn an unset list into [], which the SDK then sends as nothing: drop them.
            fields = {key: value for key, value in request.to_map().items() if value != []}
            return self._handle(action, fields, runtime)
        return call

    def _handle(self, action: str, fields: Dict[str, Any], runtime: Any) -> _Response:
        self.requests.append(Request(action, fields, getattr(runtime, 'connect_timeout', None),
                                     getattr(runtime, 'read_timeout', None)))
        lost = None
        if self.script[action]:
            item = self.script[action].popleft()
            if isinstance(item, BaseException):
                raise item
            if isinstance(item, tuple) and item[0] == 'after':
                lost = item[1]
            elif callable(item):
                answer = item(fields)
                if answer is not None:
                    return _Response(answer)
        handler = getattr(self, '_' + re.sub(r'(?<!^)(?=[A-Z])', '_', action).lower())
        answer = handler(fields)
        if lost is not None:
            raise lost
        return _Response(answer)

    # helpers for tests
    def sent(self, action: str) -> List[Dict[str, Any]]:
        return [r.fields for r in self.requests if r.action == action]

    def count(self, action: Optional[str] = None) -> int:
        return len([r for r in self.requests if action is None or r.action == action])

    def _request_id(self) -> str:
        self._seq += 1
        return 'REQ-%04d' % self._seq

    def _existing(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        conn = self.conns.get(fields.get('InstanceId'))
        if conn is None:
            raise self._not_found(fields.get('InstanceId'))
        return conn

    def _not_found(self, instance_id: Any) -> Exception:
        return sdk_error('ResourceNotFound.InstanceId', 'The specified resource of %s is not found.' % instance_id,
                         request_id=self._request_id())

    def _dry_run(self, fields: Dict[str, Any]) -> None:
        if fields.get('DryRun') in (True, 'true', 'True'):
            raise sdk_error('DryRunOperation', 'Request validation has been passed with DryRun flag set.',
                            request_id=self._request_id())

    def _replay(self, action: str, fields: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """The original answer of a call repeated with the same ClientToken (nothing is applied again)."""
        token = fields.get('ClientToken')
        return copy.deepcopy(self.replies.get((action, token))) if token else None

    def _remember(self, action: str, fields: Dict[str, Any], answer: Dict[str, Any]) -> Dict[str, Any]:
        if fields.get('ClientToken'):
            self.replies[(action, fields['ClientToken'])] = copy.deepcopy(answer)
        self.mutations.append((action, dict(fields)))
        return answer

    def _start_phase(self, conn: Dict[str, Any], status: str, then: Optional[str]) -> None:
        """``conn`` shows ``status`` for ``phase_reads`` reads, then ``then`` (None: it is gone)."""
        conn['Status'] = status
        self.phases[conn['InstanceId']] = {'reads': self.phase_reads, 'then': then}
        if not self.phase_reads:
            self._advance(conn['InstanceId'])

    def _advance(self, instance_id: str) -> None:
        phase = self.phases.get(instance_id)
        if phase is None:
            return
        if phase['reads'] > 0:
            phase['reads'] -= 1
            return
        del self.phases[instance_id]
        if phase['then'] is None:
            del self.conns[instance_id]
        else:
            self.conns[instance_id]['Status'] = phase['then']

    def _party(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        conn = self._existing(fields)
        if self.caller_uid not in (conn['OwnerId'], conn['AcceptingOwnerUid']):
            raise self._not_found(fields.get('InstanceId'))
        return conn

    def _only_accepter(self, conn: Dict[str, Any]) -> None:
        if self.caller_uid != conn['AcceptingOwnerUid']:
            raise sdk_error('Forbidden.NoPermission', 'Only the accepter may do this.', request_id=self._request_id())
        if conn['Status'] != 'Accepting':
            raise sdk_error('IncorrectStatus.VpcPeer', 'The status of %s [%s] is incorrect.' % (conn['InstanceId'], conn['Status']),
                            request_id=self._request_id())

    # the model
    def _get_vpc_peer_connection_attribute(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        if fields.get('InstanceId') in self.phases:
            self._advance(fields['InstanceId'])
        conn = self._existing(fields)
        pending = self.pending.get(conn['InstanceId'])
        if pending:
            if pending['stale'] > 0:
                pending['stale'] -= 1
            elif pending['updating'] > 0:
                pending['updating'] -= 1
                return dict(copy.deepcopy(conn), Status='Updating', RequestId=self._request_id())
            else:
                conn.update(pending['values'])
                conn['Status'] = 'Activated'
                conn['GmtModified'] = '2025-11-25T09:00:00Z'
                del self.pending[conn['InstanceId']]
        return dict(copy.deepcopy(conn), RequestId=self._request_id())

    def _modify_vpc_peer_connection(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        conn = self._existing(fields)
        values = {key: fields[key] for key in MODIFY_FIELDS if key in fields}
        token = fields.get('ClientToken')
        if token and token in self.tokens and not fields.get('DryRun'):
            if self.tokens[token] != values:
                raise sdk_error('IdempotentParameterMismatch', 'The same client token was used with other parameters.')
            return {'RequestId': self._request_id()}  # the original result; nothing applied again
        if conn['Status'] != 'Activated' or conn['InstanceId'] in self.pending:
            status = 'Updating' if conn['InstanceId'] in self.pending else conn['Status']
            raise sdk_error('IncorrectStatus.VpcPeer', 'The status of %s [%s] is incorrect.' % (conn['InstanceId'], status),
                            request_id=self._request_id())
        if conn['RegionId'] == conn['AcceptingRegionId'] and 'Bandwidth' in values:
            raise sdk_error('OperationFailed.BandwidthCannotBeChangedInSameRegion', 'bandwidth cannot be changed')
        if fields.get('DryRun') in (True, 'true', 'True'):
            raise sdk_error('DryRunOperation', 'Request validation has been passed with DryRun flag set.',
                            request_id=self._request_id())
        if token:
            self.tokens[token] = values
        self.applied.append(values)
        self.pending[conn['InstanceId']] = {'stale': self.stale_reads, 'updating': self.updating_reads, 'values': values}
        if not self.stale_reads and not self.updating_reads:
            self._get_vpc_peer_connection_attribute({'InstanceId': conn['InstanceId']})
        return {'RequestId': self._request_id()}

    def _create_vpc_peer_connection(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        replay = self._replay('CreateVpcPeerConnection', fields)
        if replay is not None:
            return replay
        pair = sorted((fields['VpcId'], fields['AcceptingVpcId']))
        for other in self.conns.values():
            if other['Status'] not in ('Rejected', 'Expired', 'Deleted') and \
                    sorted((other['Vpc']['VpcId'], other['AcceptingVpc']['VpcId'])) == pair:
                raise sdk_error('ResourceAlreadyExist.VpcPeer', 'The peering already exists.', request_id=self._request_id())
        self._dry_run(fields)
        self.created += 1
        same_region = fields['RegionId'] == fields['AcceptingRegionId']
        conn = connection(
            InstanceId='pcc-new%d' % self.created, Name=fields.get('Name', ''), Description=fields.get('Description', ''),
            RegionId=fields['RegionId'], AcceptingRegionId=fields['AcceptingRegionId'], OwnerId=self.caller_uid,
            AcceptingOwnerUid=int(fields['AcceptingAliUid']),
            Bandwidth=fields.get('Bandwidth', -1 if same_region else 1024),
            LinkType=fields.get('LinkType', '' if same_region else 'Gold'),
            Vpc={'VpcId': fields['VpcId'], 'Ipv4Cidrs': ['192.168.0.0/16'], 'Ipv6Cidrs': []},
            AcceptingVpc={'VpcId': fields['AcceptingVpcId'], 'Ipv4Cidrs': ['10.0.0.0/16'], 'Ipv6Cidrs': []},
            ResourceGroupId=fields.get('ResourceGroupId', 'rg-default'), Tags=list(fields.get('Tag') or []))
        self.conns[conn['InstanceId']] = conn
        cross_account = conn['AcceptingOwnerUid'] != self.caller_uid
        self._start_phase(conn, 'Creating', 'Accepting' if cross_account else 'Activated')
        return self._remember('CreateVpcPeerConnection', fields, {'RequestId': self._request_id(), 'InstanceId': conn['InstanceId']})

    def _accept_vpc_peer_connection(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        replay = self._replay('AcceptVpcPeerConnection', fields)
        if replay is not None:
            return replay
        conn = self._party(fields)
        self._only_accepter(conn)
        self._dry_run(fields)
        if 'ResourceGroupId' in fields:
            conn['ResourceGroupId'] = fields['ResourceGroupId']
        tags = {t['Key']: t['Value'] for t in conn.get('Tags') or []}
        tags.update({t['Key']: t['Value'] for t in fields.get('Tag') or []})
        conn['Tags'] = [{'Key': k, 'Value': v} for k, v in tags.items()]
        self._start_phase(conn, 'Updating', 'Activated')
        return self._remember('AcceptVpcPeerConnection', fields, {'RequestId': self._request_id()})

    def _reject_vpc_peer_connection(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        conn = self._party(fields)
        self._only_accepter(conn)
        self._dry_run(fields)
        conn['Status'] = 'Rejected'
        return self._remember('RejectVpcPeerConnection', fields, {'RequestId': self._request_id()})

    def _delete_vpc_peer_connection(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        replay = self._replay('DeleteVpcPeerConnection', fields)
        if replay is not None:
            return replay
        conn = self._party(fields)
        if conn['Status'] not in ('Activated', 'Accepting', 'Rejected', 'Expired'):
            raise sdk_error('IncorrectStatus.VpcPeer', 'The status of %s [%s] is incorrect.' % (conn['InstanceId'], conn['Status']),
                            request_id=self._request_id())
        force = fields.get('Force') in (True, 'true', 'True')
        if conn.get('RouteCount') and not force:
            raise sdk_error('OperationDenied.RouteEntryExist', 'Route entries still point at %s.' % conn['InstanceId'],
                            request_id=self._request_id())
        self._dry_run(fields)
        conn['RouteCount'] = 0
        self._start_phase(conn, 'Deleting', None)
        return self._remember('DeleteVpcPeerConnection', fields, {'RequestId': self._request_id()})

    def _tag_targets(self, fields: Dict[str, Any]) -> List[Dict[str, Any]]:
        targets = []
        for resource_id in fields.get('ResourceId') or []:
            conn = self.conns.get(resource_id)
            if conn is None:
                raise sdk_error('InvalidInstanceIds.NotFound', resource_id, request_id=self._request_id())
            targets.append(conn)
        return targets

    def _tag_resources(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        for conn in self._tag_targets(fields):
            tags = {t['Key']: t['Value'] for t in conn.get('Tags') or []}
            tags.update({t['Key']: t['Value'] for t in fields.get('Tag') or []})
            conn['Tags'] = [{'Key': k, 'Value': v} for k, v in tags.items()]
        return self._remember('TagResources', fields, {'RequestId': self._request_id(), 'Success': True})

    def _un_tag_resources(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        for conn in self._tag_targets(fields):
            conn['Tags'] = [t for t in conn.get('Tags') or [] if t['Key'] not in (fields.get('TagKey') or [])]
        return self._remember('UnTagResources', fields, {'RequestId': self._request_id(), 'Success': True})

    def _move_resource_group(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        conn = self.conns.get(fields.get('ResourceId'))
        if conn is None:
            raise sdk_error('ResourceNotFound.VpcPeer', 'not found', request_id=self._request_id())
        conn['ResourceGroupId'] = fields['NewResourceGroupId']
        return self._remember('MoveResourceGroup', fields, {'RequestId': self._request_id(), 'Success': True})

    def _listed(self, conn: Dict[str, Any], fields: Dict[str, Any]) -> bool:
        """The emulator's reading of ListVpcPeerConnections' filters (two VpcIds: both ends)."""
        region = fields.get('RegionId')
        if region and not ((self.caller_uid == conn['OwnerId'] and conn['RegionId'] == region) or
                           (self.caller_uid == conn['AcceptingOwnerUid'] and conn['AcceptingRegionId'] == region)):
            return False
        if fields.get('InstanceId') and conn['InstanceId'] != fields['InstanceId']:
            return False
        wanted = [v for v in str(fields.get('VpcId') or '').split(',') if v] if not isinstance(fields.get('VpcId'), list) \
            else fields['VpcId']
        if wanted and not all(v in (conn['Vpc']['VpcId'], conn['AcceptingVpc']['VpcId']) for v in wanted):
            return False
        if fields.get('Name') and conn['Name'] != fields['Name']:
            return False
        if fields.get('ResourceGroupId') and conn.get('ResourceGroupId') != fields['ResourceGroupId']:
            return False
        tags = {t['Key']: t['Value'] for t in conn.get('Tags') or []}
        return all(t['Key'] in tags and (not t.get('Value') or tags[t['Key']] == t['Value']) for t in fields.get('Tags') or [])

    def _list_vpc_peer_connections(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        for instance_id in list(self.phases):
            self._advance(instance_id)  # a List is a read, like in the emulator
        items = sorted((c for c in self.conns.values() if self._listed(c, fields)), key=lambda c: c['InstanceId'])
        size = int(fields.get('MaxResults') or 20)
        start = int(fields.get('NextToken') or 0)
        page = items[start:start + size]
        token = str(start + size) if start + size < len(items) else ''
        return {'RequestId': self._request_id(), 'TotalCount': len(items), 'MaxResults': size,
                'NextToken': token, 'VpcPeerConnects': copy.deepcopy(page)}


class FakeClientClass:
    """Replaces the SDK's client class: ``FakeClientClass(service)(config)`` returns the service."""

    def __init__(self, service: FakeService) -> None:
        self.service = service
        self.configs: List[Any] = []

    def __call__(self, config: Any) -> FakeService:
        self.configs.append(config)
        self.service.config = config
        return self.service
