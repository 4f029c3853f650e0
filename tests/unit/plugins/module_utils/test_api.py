# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``api.py`` through a real SDK client against the emulator: the snake_case views, what each action sends
(read back from the emulator's journal), dry runs, ClientTokens and paging."""

from __future__ import annotations

import itertools
import os
import socket
from typing import Any, Dict, List

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import api as api_module
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import ServiceApi, connection_view, tag_text
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ApiError
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import Deadline
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.support import (
    ACC_SH_1,
    ACCEPTER_SECOND_RG,
    ACCEPTER_UID,
    HZ,
    REQ_HZ_1,
    REQ_HZ_2,
    REQ_SH_1,
    REQUESTER_SECOND_RG,
    REQUESTER_UID,
    SH,
    journal,
    params,
    seed,
    seed_cross_account,
    seed_cross_region,
    stored,
    without_token,
)


def counting_tokens() -> Any:
    """A token factory whose tokens say how many logical calls were made."""
    numbers = itertools.count(1)
    return lambda: 'token-%d' % next(numbers)


# -- views ------------------------------------------------------------------------------------------------
def test_get_returns_every_field_in_snake_case(emulator, accepter_api):
    # Cross-account and Accepting, so that GmtExpired is shown; the accepter's own tags and resource group.
    conn = seed_cross_account(emulator, Status='Accepting', ManagedService='SWAS', BizStatus='FinancialLocked',
                              Tags={'owner-tag': '1'}, AcceptingTags={'env': 'test', 'empty': ''},
                              AcceptingResourceGroupId=ACCEPTER_SECOND_RG)
    view = accepter_api.get_connection(conn['InstanceId'])
    assert view == {
        'instance_id': conn['InstanceId'], 'name': 'old-name', 'description': 'old description',
        'status': 'Accepting', 'biz_status': 'FinancialLocked', 'bandwidth': 100, 'link_type': 'Gold',
        'region_id': HZ, 'accepting_region_id': SH, 'owner_id': REQUESTER_UID, 'accepting_owner_uid': ACCEPTER_UID,
        'vpc': {'vpc_id': REQ_HZ_1, 'ipv4_cidrs': ['10.0.0.0/16'], 'ipv6_cidrs': ['2408:4000:1000::/56']},
        'accepting_vpc': {'vpc_id': ACC_SH_1, 'ipv4_cidrs': ['172.17.0.0/16'], 'ipv6_cidrs': []},
        'gmt_create': conn['GmtCreate'], 'gmt_modified': conn['GmtModified'], 'gmt_expired': conn['GmtExpired'],
        'resource_group_id': ACCEPTER_SECOND_RG, 'tags': {'env': 'test', 'empty': ''}, 'managed_service': 'SWAS',
    }
    assert view['gmt_expired'] and view['gmt_expired'].endswith('Z')


def test_a_list_item_has_the_shape_of_get(emulator, requester_api):
    conn = seed_cross_region(emulator, Tags={'env': 'prod'})
    listed = requester_api.list_connections(region_id=HZ)
    assert listed == [requester_api.get_connection(conn['InstanceId'])]


def test_views_tolerate_missing_parts():
    view = connection_view({'InstanceId': 'pcc-x', 'Tags': {'Tag': [{'Key': 'a'}]}})
    assert view['vpc'] == view['accepting_vpc'] == {'vpc_id': None, 'ipv4_cidrs': [], 'ipv6_cidrs': []}
    assert view['tags'] == {'a': ''} and view['name'] is None and view['gmt_expired'] is None
    assert connection_view({})['tags'] == {}
    assert connection_view({'Tags': {'Tags': [{'Key': 'k', 'Value': 'v'}, 'junk']}})['tags'] == {'k': 'v'}


def test_tag_text_spells_values_as_the_service_stores_them():
    assert [tag_text(value) for value in (None, True, False, 5, 'x')] == ['', 'true', 'false', '5', 'x']


def test_not_found_is_none(emulator, requester_api, accepter_api):
    assert requester_api.get_connection('pcc-doesnotexist') is None
    # Another account's connection reads as not found too (ResourceNotFound.InstanceId for a third party).
    theirs = seed(emulator, OwnerId=ACCEPTER_UID, RegionId=SH, VpcId=ACC_SH_1, AcceptingVpcId='vpc-accepter-hz-1',
                  AcceptingRegionId=HZ)
    assert requester_api.get_connection(theirs['InstanceId']) is None
    assert accepter_api.get_connection(theirs['InstanceId'])['owner_id'] == ACCEPTER_UID


def test_other_read_errors_are_raised(emulator, make_api):
    with pytest.raises(ApiError) as info:
        make_api('read_only').list_connections(region_id='mars-central-1')
    assert info.value.code == 'UnsupportedRegion' and info.value.action == 'ListVpcPeerConnections'


# -- paging -----------------------------------------------------------------------------------------------
def seed_many(emulator: Any, count: int) -> List[str]:
    """``count`` connections in one control request (each between hz-1 and a VPC of its own)."""
    specs = [{'RegionId': HZ, 'VpcId': REQ_HZ_1, 'AcceptingVpcId': 'vpc-peer-%03d' % n, 'Name': 'n%d' % n}
             for n in range(count)]
    return [view['InstanceId'] for view in emulator.control.seed_connections(specs)]


@pytest.mark.parametrize('last_page', ['omit', 'empty'])
def test_list_follows_next_token_to_the_last_page(emulator, requester_api, last_page):
    emulator.control.update_config({'paging': {'last_page_next_token': last_page}})
    ids = seed_many(emulator, 230)
    listed = requester_api.list_connections(region_id=HZ)
    assert [view['instance_id'] for view in listed] == ids  # every one, once, oldest first
    pages = params(emulator, 'ListVpcPeerConnections')
    assert len(pages) == 3 and {page['MaxResults'] for page in pages} == {'100'}
    assert 'NextToken' not in pages[0] and pages[1]['NextToken'] and pages[2]['NextToken'] != pages[1]['NextToken']


def test_list_stops_when_a_service_repeats_its_token():
    """A service that answers the same NextToken again would loop for ever. The emulator never does that,
    so ``call`` is scripted here: the only stand-in of this file."""
    class Repeating(ServiceApi):
        def __init__(self) -> None:
            super().__init__(None, Deadline(60))
            self.sent: List[Dict[str, Any]] = []

        def call(self, action: str, fields: Any, *, mutating: bool = False, dry_run: bool = False) -> Dict[str, Any]:
            self.sent.append(dict(fields))
            return {'Items': [{'n': len(self.sent)}], 'NextToken': 'same'}

    api = Repeating()
    assert api.all_pages('ListThings', {}, 'Items') == [{'n': 1}, {'n': 2}]
    assert [sent['NextToken'] for sent in api.sent] == [None, 'same']


def test_list_sends_the_filters_in_api_names(emulator, requester_api):
    conn = seed_cross_region(emulator, Tags={'env': 'prod'}, Name='wanted', ResourceGroupId=REQUESTER_SECOND_RG)
    listed = requester_api.list_connections(region_id=HZ, instance_id=conn['InstanceId'], name='wanted',
                                            vpc_ids=[REQ_HZ_1, REQ_SH_1], resource_group_id=REQUESTER_SECOND_RG,
                                            tags={'env': 'prod'})
    assert [view['instance_id'] for view in listed] == [conn['InstanceId']]
    assert params(emulator, 'ListVpcPeerConnections') == [{
        'RegionId': HZ, 'InstanceId': conn['InstanceId'], 'Name': 'wanted', 'VpcId': '%s,%s' % (REQ_HZ_1, REQ_SH_1),
        'ResourceGroupId': REQUESTER_SECOND_RG, 'Tags.1.Key': 'env', 'Tags.1.Value': 'prod', 'MaxResults': '100'}]


# -- what each mutation sends ------------------------------------------------------------------------------
def test_create_sends_every_option_and_returns_the_new_id(emulator, make_api):
    api = make_api(token_factory=counting_tokens())
    answer = api.create_connection(region_id=HZ, vpc_id=REQ_HZ_1, accepting_ali_uid=ACCEPTER_UID,
                                   accepting_region_id=SH, accepting_vpc_id=ACC_SH_1, name='web-to-db',
                                   description='Web to database', bandwidth=200, link_type='Gold',
                                   resource_group_id=REQUESTER_SECOND_RG, tags={'env': 'prod', 'flag': True})
    assert answer['instance_id'].startswith('pcc-') and answer['request_id']
    assert set(answer) == {'instance_id', 'request_id'}
    assert params(emulator, 'CreateVpcPeerConnection') == [{
        'RegionId': HZ, 'VpcId': REQ_HZ_1, 'AcceptingAliUid': str(ACCEPTER_UID), 'AcceptingRegionId': SH,
        'AcceptingVpcId': ACC_SH_1, 'Name': 'web-to-db', 'Description': 'Web to database', 'Bandwidth': '200',
        'LinkType': 'Gold', 'ResourceGroupId': REQUESTER_SECOND_RG, 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod',
        'Tag.2.Key': 'flag', 'Tag.2.Value': 'true', 'ClientToken': 'token-1'}]
    assert journal(emulator, 'CreateVpcPeerConnection')[0]['request_id'] == answer['request_id']


def test_options_left_out_are_not_sent(emulator, make_api):
    conn = seed_cross_region(emulator)
    make_api(token_factory=counting_tokens()).modify_connection(conn['InstanceId'], bandwidth=200)
    assert params(emulator, 'ModifyVpcPeerConnection') == [
        {'InstanceId': conn['InstanceId'], 'Bandwidth': '200', 'ClientToken': 'token-1'}]


def test_accept_sends_the_accepters_group_and_tags(emulator, make_api):
    conn = seed_cross_account(emulator, Status='Accepting')
    answer = make_api('accepter').accept_connection(conn['InstanceId'], resource_group_id=ACCEPTER_SECOND_RG,
                                                    tags={'peer': 'req'})
    assert set(answer) == {'request_id'} and answer['request_id']
    assert without_token(params(emulator, 'AcceptVpcPeerConnection')[0]) == {
        'InstanceId': conn['InstanceId'], 'ResourceGroupId': ACCEPTER_SECOND_RG, 'Tag.1.Key': 'peer', 'Tag.1.Value': 'req'}
    assert stored(emulator, conn['InstanceId'])['AcceptingResourceGroupId'] == ACCEPTER_SECOND_RG


def test_reject_and_delete_send_the_instance_id(emulator, make_api):
    # Each change ends at once: a connection still Deleting would make the next delete on its VPC a conflict.
    emulator.control.set_all_transitions({'mode': 'immediate'})
    rejected = seed_cross_account(emulator, Status='Accepting')
    make_api('accepter').reject_connection(rejected['InstanceId'])
    deleted = seed_cross_region(emulator, RouteCount=1)
    api = make_api()
    api.delete_connection(deleted['InstanceId'], force=True)
    other = seed(emulator)
    api.delete_connection(other['InstanceId'])
    assert without_token(params(emulator, 'RejectVpcPeerConnection')[0]) == {'InstanceId': rejected['InstanceId']}
    # Force is sent only when true: the service's default is false, and an explicit false says nothing more.
    assert [without_token(sent) for sent in params(emulator, 'DeleteVpcPeerConnection')] == [
        {'InstanceId': deleted['InstanceId'], 'Force': 'True'}, {'InstanceId': other['InstanceId']}]
    assert all(sent['ClientToken'] for sent in params(emulator, 'DeleteVpcPeerConnection'))


def test_tag_untag_and_move_are_addressed_in_the_given_region(emulator, make_api):
    conn = seed_cross_region(emulator, Tags={'old': '1'})
    api = make_api(token_factory=counting_tokens())
    instance_id = conn['InstanceId']
    api.untag_connection(instance_id, ['old'], region_id=HZ)
    api.tag_connection(instance_id, {'env': 'prod', 'none': None}, region_id=HZ)
    api.move_connection(instance_id, REQUESTER_SECOND_RG, region_id=HZ)
    assert params(emulator, 'UnTagResources') == [{
        'RegionId': HZ, 'ResourceId.1': instance_id, 'ResourceType': 'PeerConnection', 'TagKey.1': 'old',
        'ClientToken': 'token-1'}]
    assert params(emulator, 'TagResources') == [{
        'RegionId': HZ, 'ResourceId.1': instance_id, 'ResourceType': 'PeerConnection', 'Tag.1.Key': 'env',
        'Tag.1.Value': 'prod', 'Tag.2.Key': 'none', 'Tag.2.Value': '', 'ClientToken': 'token-2'}]
    # MoveResourceGroup has no ClientToken: moving twice to the same group is harmless.
    assert params(emulator, 'MoveResourceGroup') == [{
        'ResourceId': instance_id, 'NewResourceGroupId': REQUESTER_SECOND_RG, 'RegionId': HZ,
        'ResourceType': 'PeerConnection'}]
    assert api.get_connection(instance_id)['tags'] == {'env': 'prod', 'none': ''}
    assert api.get_connection(instance_id)['resource_group_id'] == REQUESTER_SECOND_RG


# -- dry runs ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize('account, seeded, call', [
    ('requester', dict(Name='n'), lambda api, iid: api.modify_connection(iid, link_type='Gold', dry_run=True)),
    ('requester', dict(), lambda api, iid: api.delete_connection(iid, dry_run=True)),
    ('accepter', dict(Status='Accepting'), lambda api, iid: api.accept_connection(iid, dry_run=True)),
    ('accepter', dict(Status='Accepting'), lambda api, iid: api.reject_connection(iid, dry_run=True)),
])
def test_a_passed_dry_run_answers_dry_run_and_changes_nothing(emulator, make_api, account, seeded, call):
    conn = seed_cross_account(emulator, **seeded)
    answer = call(make_api(account), conn['InstanceId'])
    assert answer['dry_run'] is True and answer['request_id']
    entry = journal(emulator)[-1]
    assert entry['code'] == 'DryRunOperation' and entry['applied'] is False
    assert entry['params']['DryRun'] == 'True' and 'ClientToken' not in entry['params']
    assert entry['request_id'] == answer['request_id']
    assert stored(emulator, conn['InstanceId'])['Status'] == conn['Status']


def test_a_create_dry_run_creates_nothing(emulator, requester_api):
    answer = requester_api.create_connection(region_id=HZ, vpc_id=REQ_HZ_1, accepting_ali_uid=REQUESTER_UID,
                                             accepting_region_id=HZ, accepting_vpc_id=REQ_HZ_2, dry_run=True)
    assert answer == {'dry_run': True, 'request_id': journal(emulator)[-1]['request_id']}
    assert emulator.control.connections() == []


def test_a_refused_dry_run_raises_the_refusal(emulator, make_api):
    conn = seed_cross_region(emulator)
    with pytest.raises(ApiError) as info:
        make_api('read_only').modify_connection(conn['InstanceId'], name='x', dry_run=True)
    assert (info.value.code, info.value.http_status) == ('Forbidden.RAM', 403)
    with pytest.raises(ApiError) as info:
        make_api().modify_connection(conn['InstanceId'], link_type='Platinum', dry_run=True)
    assert info.value.code == 'OperationFailed.SpecificLinkTypeNotSupported'


# -- ClientToken -------------------------------------------------------------------------------------------
def test_one_token_per_logical_call_reused_after_a_lost_answer(emulator, make_api):
    conn = seed_cross_region(emulator)
    # The first attempt is applied, then the connection is dropped before the answer: the retry must carry the
    # same token, so that the service replays its answer instead of applying the change again.
    emulator.control.add_fault('drop', 'ModifyVpcPeerConnection', after_apply=True)
    api = make_api(token_factory=counting_tokens())
    answer = api.modify_connection(conn['InstanceId'], name='once')
    attempts = journal(emulator, 'ModifyVpcPeerConnection')
    assert [entry['client_token'] for entry in attempts] == ['token-1', 'token-1']
    assert [entry['applied'] for entry in attempts] == [True, False]
    assert attempts[1]['idempotent_replay'] is True
    assert answer['request_id'] == attempts[0]['request_id']  # the original answer, replayed
    assert api.calls == ['ModifyVpcPeerConnection'] * 2


def test_a_new_logical_call_gets_a_new_token(emulator, make_api):
    emulator.control.set_all_transitions({'mode': 'immediate'})  # no Conflict.Operation between the two
    first, second = seed_cross_region(emulator), seed(emulator)
    api = make_api()  # the default factory: uuid4 strings, 36 ASCII characters
    api.modify_connection(first['InstanceId'], name='one')
    api.modify_connection(second['InstanceId'], name='two')
    tokens = [entry['client_token'] for entry in journal(emulator, 'ModifyVpcPeerConnection')]
    assert tokens[0] != tokens[1] and all(len(token) == 36 and token.isascii() for token in tokens)
    assert len(api_module.new_client_token()) == 36


def test_reads_are_retried_and_carry_no_token(emulator, requester_api):
    conn = seed_cross_region(emulator)
    emulator.control.add_fault('service_unavailable', 'GetVpcPeerConnectionAttribute')
    assert requester_api.get_connection(conn['InstanceId'])['instance_id'] == conn['InstanceId']
    assert params(emulator, 'GetVpcPeerConnectionAttribute') == [{'InstanceId': conn['InstanceId']}] * 2
    assert requester_api.calls == ['GetVpcPeerConnectionAttribute'] * 2


def test_dry_run_operation_outside_a_dry_run_is_an_error(emulator, requester_api, monkeypatch):
    # A service that answered DryRunOperation to a real call did not apply it: never report success.
    conn = seed_cross_region(emulator)
    monkeypatch.setattr(requester_api, '_token_factory', lambda: 'token')
    real_call = ServiceApi.call

    def as_dry_run(self, action, fields, *, mutating=False, dry_run=False):
        return real_call(self, action, dict(fields, DryRun=True), mutating=mutating, dry_run=False)
    monkeypatch.setattr(ServiceApi, 'call', as_dry_run)
    with pytest.raises(ApiError) as info:
        requester_api.modify_connection(conn['InstanceId'], name='x')
    assert info.value.code == 'DryRunOperation'


def test_per_attempt_timeouts_reach_the_sdk_in_milliseconds(requester_api):
    runtime = requester_api._runtime(2.0, 0.0001)
    assert (runtime.connect_timeout, runtime.read_timeout) == (2000, 1)  # never 0: the SDK reads 0 as its default


# -- proxies ----------------------------------------------------------------------------------------------
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_without_a_proxy_the_sdk_never_falls_back_to_the_proxy_variables(emulator, make_api, monkeypatch):
    # The SDK reads HTTP_PROXY by itself and ignores NO_PROXY: a direct endpoint must hide it during the call.
    dead_proxy = 'http://127.0.0.1:%d' % closed_port()
    monkeypatch.setenv('HTTP_PROXY', dead_proxy)
    monkeypatch.setenv('http_proxy', dead_proxy)
    conn = seed_cross_region(emulator)
    assert make_api(proxy=None).get_connection(conn['InstanceId'])['instance_id'] == conn['InstanceId']
    assert os.environ['HTTP_PROXY'] == os.environ['http_proxy'] == dead_proxy  # put back after the call


def test_a_failure_through_a_proxy_names_it_without_its_credentials(emulator, make_api, clock):
    proxy = 'http://user:proxy-password@127.0.0.1:%d' % closed_port()
    with pytest.raises(ApiError) as info:
        make_api(proxy=proxy).get_connection('pcc-x')
    err = info.value
    assert err.kind == 'not_sent' and journal(emulator) == []
    assert 'The request went through the proxy http://***@127.0.0.1:' in err.msg
    assert 'proxy-password' not in err.msg and 'user:' not in err.msg
    assert err.msg.count('went through the proxy') == 1  # once, not once per attempt
