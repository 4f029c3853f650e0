# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import importlib
import json
from urllib.parse import parse_qsl

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import client as client_utils
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import VpcPeerApi
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ApiError
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import Deadline
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins import fakes
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.fakes import INSTANCE_ID, FakeService


def make_api(service, budget=600.0, **kwargs):
    tokens = iter('token-%d' % n for n in range(1, 100))
    return VpcPeerApi(service, Deadline(budget), token_factory=lambda: next(tokens), **kwargs)


# -- ClientToken --------------------------------------------------------------------------------------
def test_one_token_per_logical_call_reused_on_every_retry(fake_time):
    service = FakeService()
    service.script['ModifyVpcPeerConnection'].extend([
        ('after', fakes.read_timeout()),        # applied, but the answer was lost
        fakes.sdk_error('ServiceUnavailable', status=503),
    ])
    api = make_api(service)
    api.modify_vpc_peer_connection(INSTANCE_ID, name='new')
    tokens = [fields['ClientToken'] for fields in service.sent('ModifyVpcPeerConnection')]
    assert tokens == ['token-1', 'token-1', 'token-1']
    assert service.applied == [{'Name': 'new'}]  # applied exactly once
    assert api.calls == ['ModifyVpcPeerConnection'] * 3


def test_a_new_logical_call_gets_a_new_token(fake_time):
    service = FakeService(updating_reads=0)
    api = make_api(service)
    api.modify_vpc_peer_connection(INSTANCE_ID, name='one')
    api.modify_vpc_peer_connection(INSTANCE_ID, name='two')
    assert [f['ClientToken'] for f in service.sent('ModifyVpcPeerConnection')] == ['token-1', 'token-2']


def test_a_given_token_is_used(fake_time):
    service = FakeService()
    make_api(service).modify_vpc_peer_connection(INSTANCE_ID, name='x', client_token='mine')
    assert service.sent('ModifyVpcPeerConnection')[0]['ClientToken'] == 'mine'


def test_default_token_factory_makes_uuid4_tokens(fake_time):
    service = FakeService(updating_reads=0)
    api = VpcPeerApi(service, Deadline(600))
    api.modify_vpc_peer_connection(INSTANCE_ID, name='a')
    api.modify_vpc_peer_connection(INSTANCE_ID, name='b')
    first, second = [f['ClientToken'] for f in service.sent('ModifyVpcPeerConnection')]
    assert first != second and len(first) == 36 and first.isascii()


# -- fields, DryRun -----------------------------------------------------------------------------------
def test_only_given_fields_are_sent(fake_time):
    service = FakeService()
    make_api(service).modify_vpc_peer_connection(INSTANCE_ID, bandwidth=200)
    assert service.sent('ModifyVpcPeerConnection') == [{'InstanceId': INSTANCE_ID, 'Bandwidth': 200, 'ClientToken': 'token-1'}]


def test_dry_run_sends_dry_run_without_token_and_reports_pass(fake_time):
    service = FakeService()
    answer = make_api(service).modify_vpc_peer_connection(INSTANCE_ID, link_type='Platinum', dry_run=True)
    assert answer['DryRunOperation'] is True and answer['RequestId']
    assert service.sent('ModifyVpcPeerConnection') == [{'InstanceId': INSTANCE_ID, 'LinkType': 'Platinum', 'DryRun': True}]
    assert service.applied == []


def test_dry_run_failure_raises(fake_time):
    service = FakeService()
    service.script['ModifyVpcPeerConnection'].append(fakes.sdk_error('Forbidden.RAM', 'not allowed', status=403))
    with pytest.raises(ApiError) as info:
        make_api(service).modify_vpc_peer_connection(INSTANCE_ID, name='x', dry_run=True)
    assert info.value.code == 'Forbidden.RAM'


def test_dry_run_operation_outside_a_dry_run_is_an_error(fake_time):
    service = FakeService()
    service.script['ModifyVpcPeerConnection'].append(fakes.sdk_error('DryRunOperation'))
    with pytest.raises(ApiError):
        make_api(service).modify_vpc_peer_connection(INSTANCE_ID, name='x')


def test_reads_are_retried_and_carry_no_token(fake_time):
    service = FakeService()
    service.script['GetVpcPeerConnectionAttribute'].extend([fakes.connection_refused(), fakes.unparseable()])
    answer = make_api(service).get_vpc_peer_connection_attribute(INSTANCE_ID)
    assert answer['InstanceId'] == INSTANCE_ID
    assert service.sent('GetVpcPeerConnectionAttribute') == [{'InstanceId': INSTANCE_ID}] * 3


def test_per_attempt_timeouts_reach_the_sdk_in_milliseconds(fake_time):
    service = FakeService()
    api = make_api(service, budget=3.5, connect_timeout=2.0, read_timeout=10.0)
    api.get_vpc_peer_connection_attribute(INSTANCE_ID)
    request = service.requests[0]
    assert (request.connect_ms, request.read_ms) == (2000, 3500)


def test_every_action_has_a_method():
    methods = {
        'CreateVpcPeerConnection': 'create_vpc_peer_connection', 'AcceptVpcPeerConnection': 'accept_vpc_peer_connection',
        'RejectVpcPeerConnection': 'reject_vpc_peer_connection', 'ModifyVpcPeerConnection': 'modify_vpc_peer_connection',
        'DeleteVpcPeerConnection': 'delete_vpc_peer_connection',
        'GetVpcPeerConnectionAttribute': 'get_vpc_peer_connection_attribute',
        'ListVpcPeerConnections': 'list_vpc_peer_connections', 'TagResources': 'tag_resources',
        'UnTagResources': 'untag_resources', 'ListTagResources': 'list_tag_resources',
        'MoveResourceGroup': 'move_resource_group',
    }
    for method in methods.values():
        assert callable(getattr(VpcPeerApi, method))


@pytest.mark.parametrize('method, args, kwargs, action, expected', [
    ('create_vpc_peer_connection', (), dict(region_id='cn-hangzhou', vpc_id='vpc-a', accepting_ali_uid=123,
                                            accepting_region_id='cn-shanghai', accepting_vpc_id='vpc-b', bandwidth=10,
                                            tags={'env': 'prod', 'empty': None}),
     'CreateVpcPeerConnection',
     {'RegionId': 'cn-hangzhou', 'VpcId': 'vpc-a', 'AcceptingAliUid': 123, 'AcceptingRegionId': 'cn-shanghai',
      'AcceptingVpcId': 'vpc-b', 'Bandwidth': 10, 'Tag': [{'Key': 'env', 'Value': 'prod'}, {'Key': 'empty', 'Value': ''}],
      'ClientToken': 'token-1'}),
    ('accept_vpc_peer_connection', (INSTANCE_ID,), {}, 'AcceptVpcPeerConnection', {'InstanceId': INSTANCE_ID, 'ClientToken': 'token-1'}),
    ('reject_vpc_peer_connection', (INSTANCE_ID,), dict(dry_run=True), 'RejectVpcPeerConnection', {'InstanceId': INSTANCE_ID, 'DryRun': True}),
    ('delete_vpc_peer_connection', (INSTANCE_ID,), dict(force=True), 'DeleteVpcPeerConnection',
     {'InstanceId': INSTANCE_ID, 'Force': True, 'ClientToken': 'token-1'}),
    ('tag_resources', ([INSTANCE_ID], {'a': '1'}), dict(region_id='cn-hangzhou'), 'TagResources',
     {'RegionId': 'cn-hangzhou', 'ResourceId': [INSTANCE_ID], 'ResourceType': 'PeerConnection',
      'Tag': [{'Key': 'a', 'Value': '1'}], 'ClientToken': 'token-1'}),
    ('untag_resources', ([INSTANCE_ID],), dict(region_id='cn-hangzhou', tag_keys=['a']), 'UnTagResources',
     {'RegionId': 'cn-hangzhou', 'ResourceId': [INSTANCE_ID], 'ResourceType': 'PeerConnection', 'TagKey': ['a'],
      'ClientToken': 'token-1'}),
    ('list_tag_resources', (), dict(region_id='cn-hangzhou', resource_ids=[INSTANCE_ID]), 'ListTagResources',
     {'RegionId': 'cn-hangzhou', 'ResourceType': 'PeerConnection', 'ResourceId': [INSTANCE_ID]}),
    ('move_resource_group', (INSTANCE_ID, 'rg-new'), dict(region_id='cn-hangzhou'), 'MoveResourceGroup',
     {'ResourceId': INSTANCE_ID, 'NewResourceGroupId': 'rg-new', 'RegionId': 'cn-hangzhou', 'ResourceType': 'PeerConnection'}),
])
def test_request_fields_of_each_action(fake_time, method, args, kwargs, action, expected):
    service = FakeService()
    service.script[action].append(lambda fields: {'RequestId': 'R'})
    getattr(make_api(service), method)(*args, **kwargs)
    assert service.sent(action) == [expected]


def test_list_all_follows_next_token(fake_time):
    conns = [fakes.connection(InstanceId='pcc-%03d' % n) for n in range(7)]
    service = FakeService(*conns)
    items = make_api(service).list_all_vpc_peer_connections(region_id='cn-hangzhou', max_results=3)
    assert [c['InstanceId'] for c in items] == ['pcc-%03d' % n for n in range(7)]
    assert [f.get('NextToken') for f in service.sent('ListVpcPeerConnections')] == [None, '3', '6']


def test_list_all_stops_on_a_repeated_token(fake_time):
    service = FakeService()
    service.script['ListVpcPeerConnections'].extend(
        [lambda fields: {'VpcPeerConnects': [fakes.connection()], 'NextToken': 'same'}] * 3)
    items = make_api(service).list_all_vpc_peer_connections()
    assert len(items) == 2 and service.count('ListVpcPeerConnections') == 2


# -- through the real SDK, with the HTTP layer replaced ----------------------------------------------
class Wire:
    """Replaces darabonba's HTTP call: records what the real SDK sends, answers scripted responses."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = []

    def __call__(self, request, runtime):
        from darabonba.response import DaraResponse
        self.sent.append({'protocol': request.protocol, 'headers': dict(request.headers), 'query': dict(request.query),
                          'body': dict(parse_qsl(request.body.decode() if isinstance(request.body, bytes) else request.body or '')),
                          'read_ms': runtime.get('readTimeout'), 'connect_ms': runtime.get('connectTimeout')})
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        status, headers, body = answer
        response = DaraResponse()
        response.status_code, response.headers = status, headers
        response.body = body if isinstance(body, bytes) else json.dumps(body).encode()
        return response


@pytest.fixture
def wire(monkeypatch):
    core = importlib.import_module('darabonba.core')

    def install(*answers):
        fake = Wire(*answers)
        monkeypatch.setattr(core.DaraCore, 'do_action', staticmethod(fake))
        return fake
    return install


def sdk_api(budget=600.0, **params):
    params.setdefault('access_key_id', 'AK-TEST')
    params.setdefault('access_key_secret', fakes.SECRET)
    params.setdefault('endpoint', 'http://127.0.0.1:39161')
    settings = client_utils.ConnectionSettings.from_params(params)
    sdk = client_utils.build_sdk_client(settings)
    return VpcPeerApi(sdk, Deadline(budget), connect_timeout=settings.connect_timeout, read_timeout=settings.read_timeout)


JSON = {'content-type': 'application/json;charset=utf-8'}


def test_real_sdk_request_shape(fake_time, wire):
    wire_ = wire((200, JSON, {'RequestId': 'R1'}))
    sdk_api().modify_vpc_peer_connection(INSTANCE_ID, name='my peer', link_type='Gold', client_token='tok-1')
    sent = wire_.sent[0]
    assert sent['protocol'] == 'http' and sent['headers']['host'] == '127.0.0.1:39161'
    assert sent['headers']['x-acs-action'] == 'ModifyVpcPeerConnection'
    assert sent['headers']['user-agent'].endswith(' ' + client_utils.USER_AGENT)
    assert sent['query'] == {'LinkType': 'Gold'}
    assert sent['body'] == {'InstanceId': INSTANCE_ID, 'Name': 'my peer', 'ClientToken': 'tok-1'}
    assert (sent['connect_ms'], sent['read_ms']) == (5000, 10000)
    assert 'x-acs-retry-attempts' not in sent['headers']  # the SDK's own retries stay off


def test_real_sdk_errors_become_api_errors_and_retries_keep_the_token(fake_time, wire):
    wire_ = wire(
        (503, JSON, fakes.error_body('ServiceUnavailable', 'busy', 'R-503')),
        (429, dict(JSON, **{'x-acs-retry-after': '2500'}), fakes.error_body('Throttling.User', 'slow down', 'R-429')),
        (502, {'content-type': 'text/html'}, b'<html>bad gateway</html>'),
        (200, JSON, {'RequestId': 'R-OK'}),
    )
    answer = sdk_api().modify_vpc_peer_connection(INSTANCE_ID, description='d')
    assert answer == {'RequestId': 'R-OK'}
    tokens = {sent['body']['ClientToken'] for sent in wire_.sent}
    assert len(wire_.sent) == 4 and len(tokens) == 1
    assert fake_time.sleeps == [1.0, 2.5, 4.0]  # backoff, x-acs-retry-after (2.5 s > 2 s), backoff


def test_real_sdk_dry_run(fake_time, wire):
    wire_ = wire((400, JSON, fakes.error_body('DryRunOperation', 'Request validation has been passed with DryRun flag set.', 'R-DRY')))
    answer = sdk_api().modify_vpc_peer_connection(INSTANCE_ID, bandwidth=300, dry_run=True)
    assert answer == {'DryRunOperation': True, 'RequestId': 'R-DRY'}
    assert wire_.sent[0]['body'] == {'InstanceId': INSTANCE_ID, 'Bandwidth': '300', 'DryRun': 'True'}


def test_real_sdk_client_error_fields(fake_time, wire):
    body = dict(fakes.error_body('Forbidden.RAM', 'User not authorized to operate on the specified resource.', 'R-403',
                                 recommend='https://api.alibabacloud.com/troubleshoot?q=Forbidden.RAM'),
                AccessDeniedDetail={'AuthAction': 'vpc:ModifyVpcPeerConnection'})
    wire((403, JSON, body))
    with pytest.raises(ApiError) as info:
        sdk_api().modify_vpc_peer_connection(INSTANCE_ID, name='x')
    err = info.value
    assert (err.code, err.http_status, err.request_id) == ('Forbidden.RAM', 403, 'R-403')
    assert err.message == 'User not authorized to operate on the specified resource.'
    assert err.recommend.endswith('q=Forbidden.RAM')
    assert err.access_denied_detail == {'AuthAction': 'vpc:ModifyVpcPeerConnection'}
    assert fakes.SECRET not in err.msg


def test_real_sdk_transport_error_is_retried_until_the_deadline(fake_time, wire):
    from darabonba.exceptions import RetryError
    wire(*[RetryError('Connection refused')] * 5)
    with pytest.raises(ApiError) as info:
        sdk_api(budget=5).get_vpc_peer_connection_attribute(INSTANCE_ID)
    assert info.value.code == 'SDK.ServerUnreachable' and info.value.attempts == 3
    assert 'Gave up after 3 attempt(s)' in info.value.msg
