# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The vpc_peer_route module as Ansible runs it (``main()``, real exit_json and fail_json), against the emulator:
its result keys as RETURN documents them, diff, check mode, applied_actions, failures with ``changed``, validation
before any call, the VPC API's endpoint, and secrets."""

from __future__ import annotations

import json
from typing import Any, Dict

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import module as module_utils
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.client import SdkMissing
from ansible_collections.alibabacloud.vpcpeer.plugins.modules import vpc_peer_route
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.support import (
    ACC_SH_1,
    ACCEPTER_AK,
    ACCEPTER_SECRET,
    HZ,
    NEVER,
    REQ_HZ_1,
    REQUESTER_AK,
    REQUESTER_SECRET,
    SH,
    journal,
    patch_module_args,
    seed_cross_account,
)

CREATE, MODIFY, DELETE = 'CreateRouteEntry', 'ModifyRouteEntry', 'DeleteRouteEntry'
HZ1_TABLE, ACC_SH1_TABLE = 'vtb-requester-hz-1', 'vtb-accepter-sh-1'
ENTRY_KEYS = {'route_entry_id', 'route_table_id', 'destination_cidr_block', 'status', 'type', 'origin', 'name',
              'description', 'ip_version', 'next_hop_type', 'next_hop_id', 'next_hops'}


@pytest.fixture
def module_run(emulator: Any, clock: Any, capsys: pytest.CaptureFixture) -> Any:
    """``module_run(args, check_mode=False, diff=False)``: run the module like Ansible does and return its parsed
    result (the raw output in ``result['_raw']``). The emulator's endpoint and the requester's keys are the
    defaults; an argument set to None is left out."""
    def run(args: Dict[str, Any], check_mode: bool = False, diff: bool = False) -> Dict[str, Any]:
        args = dict({'endpoint': emulator.url, 'access_key_id': REQUESTER_AK, 'access_key_secret': REQUESTER_SECRET},
                    **args)
        args = {key: value for key, value in args.items() if value is not None}
        if check_mode:
            args['_ansible_check_mode'] = True
        if diff:
            args['_ansible_diff'] = True
        with patch_module_args(args):
            with pytest.raises(SystemExit):
                vpc_peer_route.main()
        out = capsys.readouterr().out
        result = json.loads(out)
        result['_raw'] = out
        return result
    return run


def cross_account(emulator: Any, **fields: Any) -> str:
    return seed_cross_account(emulator, **fields)['InstanceId']


def route_writes(emulator: Any):
    return [entry for entry in journal(emulator) if entry['action'] in (CREATE, MODIFY, DELETE)]


def test_routes_are_created_and_returned_as_documented(emulator, module_run):
    pcc = cross_account(emulator)
    result = module_run({'instance_id': pcc, 'name': 'to-shared', 'description': 'Managed'}, diff=True)
    assert result['changed'] is True and 'failed' not in result
    routes = result['vpc_peer_route']
    assert {key: routes[key] for key in ('instance_id', 'vpc_id', 'region_id', 'side', 'route_table_ids')} == {
        'instance_id': pcc, 'vpc_id': REQ_HZ_1, 'region_id': HZ, 'side': 'requester', 'route_table_ids': [HZ1_TABLE]}
    [entry] = routes['route_entries']
    assert set(entry) == ENTRY_KEYS
    [held] = emulator.control.route_entries(next_hop_id=pcc)
    assert entry['route_entry_id'] == held['RouteEntryId'] and entry['status'] == 'Available'
    assert (entry['destination_cidr_block'], entry['name'], entry['description']) == ('172.17.0.0/16', 'to-shared', 'Managed')
    [create] = route_writes(emulator)
    assert result['applied_actions'] == [{'action': CREATE, 'request_id': create['request_id'], 'answer_lost': False}]
    assert result['diff'] == {
        'before': {HZ1_TABLE: []},
        'after': {HZ1_TABLE: [{'destination_cidr_block': '172.17.0.0/16', 'name': 'to-shared', 'description': 'Managed',
                               'status': 'Available'}]}}


def test_the_id_alias_and_an_idempotent_run(emulator, module_run):
    pcc = cross_account(emulator)
    module_run({'id': pcc})
    emulator.control.clear_journal()
    result = module_run({'id': pcc}, diff=True)
    assert result['changed'] is False and result['applied_actions'] == [] and route_writes(emulator) == []
    assert result['diff']['before'] == result['diff']['after']
    assert len(result['vpc_peer_route']['route_entries']) == 1


def test_the_accepter_side_with_its_own_credentials(emulator, module_run):
    pcc = cross_account(emulator)
    result = module_run({'instance_id': pcc, 'access_key_id': ACCEPTER_AK, 'access_key_secret': ACCEPTER_SECRET})
    assert result['changed'] is True
    assert (result['vpc_peer_route']['side'], result['vpc_peer_route']['vpc_id'], result['vpc_peer_route']['region_id']) == (
        'accepter', ACC_SH_1, SH)
    assert [(entry['route_table_id'], entry['destination_cidr_block']) for entry in result['vpc_peer_route']['route_entries']] == [
        (ACC_SH1_TABLE, '10.0.0.0/16')]


def test_check_mode_dry_runs_and_shows_the_diff(emulator, module_run):
    pcc = cross_account(emulator)
    result = module_run({'instance_id': pcc, 'destinations': ['172.17.0.0/20', '172.17.16.0/20']}, check_mode=True,
                        diff=True)
    assert result['changed'] is True and result['applied_actions'] == []
    assert [(entry['action'], entry['code']) for entry in route_writes(emulator)] == [(CREATE, 'DryRunOperation')] * 2
    assert [entry['destination_cidr_block'] for entry in result['diff']['after'][HZ1_TABLE]] == ['172.17.0.0/20', '172.17.16.0/20']
    assert result['diff']['before'] == {HZ1_TABLE: []}
    assert [entry['route_entry_id'] for entry in result['vpc_peer_route']['route_entries']] == [None, None]
    assert emulator.control.route_entries(next_hop_id=pcc) == []


def test_check_mode_that_cannot_dry_run_warns(emulator, module_run, clock):
    pcc = cross_account(emulator)
    busy = emulator.control.seed_route_entry(RouteTableId=HZ1_TABLE, DestinationCidrBlock='192.168.0.0/16',
                                             NextHopId='i-instance1', Status='Pending',
                                             Transitions={'route_create': NEVER})['RouteEntryId']
    result = module_run({'instance_id': pcc}, check_mode=True)
    assert result['changed'] is True and clock.sleeps == [] and route_writes(emulator) == []
    # ansible-core 2.19 returns warnings as structured events; older versions as strings
    assert busy in json.dumps(result.get('warnings', []))


@pytest.mark.parametrize('args, needle', [
    ({'destinations': ['10.0.0.1/16']}, 'did you mean 10.0.0.0/16?'),
    ({'destinations': []}, 'destinations must not be empty'),
    ({'state': 'absent', 'purge': True}, 'purge applies to state=present only'),
    ({'name': 'https://x'}, 'name must not start with http:// or https://'),
    ({'instance_id': 'PCC-UPPER'}, 'instance_id'),
])
def test_invalid_options_fail_before_any_call(emulator, module_run, monkeypatch, args, needle):
    def no_sdk() -> None:
        raise AssertionError('the SDK must not be loaded')
    monkeypatch.setattr(module_utils, 'load_vpc_sdk', no_sdk)
    monkeypatch.setattr(module_utils, 'load_sdk', no_sdk)
    result = module_run(dict({'instance_id': 'pcc-abc123'}, **args))
    assert result['failed'] is True and not result.get('changed') and needle in result['msg']
    assert journal(emulator) == []


def test_a_refusal_before_any_write_fails_unchanged_with_the_routes_as_read(emulator, module_run):
    # RETURN: vpc_peer_route is "returned: success, and on failure when the connection was read".
    pcc = cross_account(emulator)
    conflict = emulator.control.seed_route_entry(RouteTableId=HZ1_TABLE, DestinationCidrBlock='172.17.0.0/16',
                                                 NextHopId='i-instance1')['RouteEntryId']
    result = module_run({'instance_id': pcc})
    assert result['failed'] is True and result['changed'] is False and result['applied_actions'] == []
    assert conflict in result['msg'] and route_writes(emulator) == []
    assert result['vpc_peer_route']['instance_id'] == pcc and result['vpc_peer_route']['side'] == 'requester'


def test_a_connection_that_cannot_carry_routes_fails_with_the_routes_as_read(emulator, module_run):
    pcc = cross_account(emulator, Status='Accepting')
    result = module_run({'instance_id': pcc})
    assert result['failed'] is True and result['changed'] is False and 'must accept it first' in result['msg']
    assert result['vpc_peer_route']['instance_id'] == pcc


def test_a_table_of_another_vpc_fails_with_the_routes_as_read(emulator, module_run):
    # The connection was read (and the side is known) when the named table turned out to be another VPC's.
    pcc = cross_account(emulator)
    result = module_run({'instance_id': pcc, 'route_table_ids': ['vtb-requester-hz-2']})
    assert result['failed'] is True and result['changed'] is False and 'is not a table of VPC' in result['msg']
    assert route_writes(emulator) == []
    assert result['vpc_peer_route']['instance_id'] == pcc and result['vpc_peer_route']['vpc_id'] == REQ_HZ_1


def test_a_failure_after_a_write_is_changed_and_lists_it(emulator, module_run):
    pcc = cross_account(emulator)
    emulator.control.set_transitions(route_create=NEVER)
    result = module_run({'instance_id': pcc, 'wait_timeout': 20})
    assert result['failed'] is True and result['changed'] is True
    assert [item['action'] for item in result['applied_actions']] == [CREATE]
    assert 'Timed out' in result['msg'] and result['vpc_peer_route']['instance_id'] == pcc


def test_an_api_error_is_reported_with_its_code_and_request_id(emulator, module_run):
    pcc = cross_account(emulator)
    emulator.control.add_fault('error', CREATE, code='InvalidCIDRBlock.Duplicate')
    result = module_run({'instance_id': pcc})
    assert result['failed'] is True and result['changed'] is False
    assert result['error']['code'] == 'InvalidCIDRBlock.Duplicate' and result['error']['action'] == CREATE
    assert result['error']['request_id'] and result['error']['request_id'] in result['msg']


def test_a_lost_answer_is_listed_as_such(emulator, module_run):
    pcc = cross_account(emulator)
    module_run({'instance_id': pcc})
    emulator.control.add_fault('drop', DELETE, after_apply=True)
    result = module_run({'instance_id': pcc, 'state': 'absent'})
    assert result['changed'] is True
    assert result['applied_actions'] == [{'action': DELETE, 'request_id': None, 'answer_lost': True}]
    assert emulator.control.route_entries(next_hop_id=pcc) == [] and result['vpc_peer_route']['route_entries'] == []


def test_the_vpc_api_is_reached_through_vpc_endpoint(emulator, module_run, monkeypatch):
    # A plain-HTTP endpoint is the VPC API's too by default (the runs above); vpc_endpoint, or its environment
    # variable, wins: here an address where nothing listens, so the first VPC call fails.
    pcc = cross_account(emulator)
    monkeypatch.setenv('ALIBABA_CLOUD_VPC_ENDPOINT', 'http://127.0.0.1:9')
    result = module_run({'instance_id': pcc})
    assert result['failed'] is True and result['error']['code'] == 'SDK.ServerUnreachable'
    assert result['error']['action'] == 'DescribeVpcAttribute'
    assert [entry['action'] for entry in journal(emulator)] == ['GetVpcPeerConnectionAttribute']
    monkeypatch.setenv('ALIBABA_CLOUD_VPC_ENDPOINT', emulator.url)
    assert module_run({'instance_id': pcc, 'endpoint': emulator.url})['changed'] is True


def test_no_secret_in_the_output_of_a_failure(emulator, module_run):
    pcc = cross_account(emulator)
    result = module_run({'instance_id': pcc, 'destinations': ['10.0.1.0/24']})
    assert result['failed'] is True and 'vSwitch block 10.0.1.0/24' in result['msg']
    assert REQUESTER_SECRET not in result['_raw']


def test_a_missing_vpc_sdk_is_reported_with_the_pip_names(emulator, module_run, monkeypatch):
    def missing() -> None:
        try:
            raise ImportError('No module named alibabacloud_vpc20160428')
        except ImportError as exc:
            raise SdkMissing(exc)
    monkeypatch.setattr(module_utils, 'load_vpc_sdk', missing)
    result = module_run({'instance_id': cross_account(emulator)})
    assert result['failed'] is True and 'alibabacloud-vpc20160428' in result['msg']
    assert 'Failed to import the required Python library' in result['msg']
