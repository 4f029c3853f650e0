# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The vpc_peer_connection_info module as Ansible runs it, against the emulator."""

from __future__ import annotations

import json
from typing import Any, Dict

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import module as module_utils
from ansible_collections.alibabacloud.vpcpeer.plugins.modules import vpc_peer_connection_info
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.support import (
    REQUESTER_AK,
    REQUESTER_SECRET,
    actions,
    params,
    patch_module_args,
    seed_cross_region,
)


@pytest.fixture
def module_run(emulator: Any, clock: Any, capsys: pytest.CaptureFixture) -> Any:
    def run(args: Dict[str, Any], check_mode: bool = False) -> Dict[str, Any]:
        args = dict(args, endpoint=emulator.url, access_key_id=REQUESTER_AK, access_key_secret=REQUESTER_SECRET)
        if check_mode:
            args['_ansible_check_mode'] = True
        with patch_module_args(args):
            with pytest.raises(SystemExit):
                vpc_peer_connection_info.main()
        out = capsys.readouterr().out
        result = json.loads(out)
        result['_raw'] = out
        return result
    return run


@pytest.mark.parametrize('check_mode', [False, True])
def test_lists_every_page_in_the_shape_of_the_main_module(emulator, module_run, check_mode):
    emulator.control.seed_connections([{'VpcId': 'vpc-a', 'AcceptingVpcId': 'vpc-x%d' % n, 'Name': 'n%d' % n}
                                       for n in range(130)])
    result = module_run({}, check_mode=check_mode)
    assert result['changed'] is False and len(result['vpc_peer_connections']) == 130
    assert actions(emulator) == ['ListVpcPeerConnections'] * 2
    assert REQUESTER_SECRET not in result['_raw']


def test_an_item_is_what_the_main_module_returns(emulator, module_run, requester_api):
    conn = seed_cross_region(emulator, Tags={'env': 'prod'})
    result = module_run({'instance_ids': [conn['InstanceId']]})
    assert result['vpc_peer_connections'] == [requester_api.get_connection(conn['InstanceId'])]


def test_filters(emulator, module_run):
    wanted = seed_cross_region(emulator, Name='n7')
    seed_cross_region(emulator, Name='n8')
    result = module_run({'name': 'n7', 'vpc_ids': ['vpc-requester-sh-1']})
    assert [c['instance_id'] for c in result['vpc_peer_connections']] == [wanted['InstanceId']]
    assert params(emulator, 'ListVpcPeerConnections')[0]['Name'] == 'n7'


def test_an_empty_filter_finds_nothing(emulator, module_run):
    seed_cross_region(emulator)
    result = module_run({'vpc_ids': []})
    assert result['vpc_peer_connections'] == [] and actions(emulator) == []


def test_too_many_vpcs_fail_without_loading_the_sdk(emulator, module_run, monkeypatch):
    def no_sdk() -> None:
        raise AssertionError('the SDK must not be loaded')
    monkeypatch.setattr(module_utils, 'load_sdk', no_sdk)
    result = module_run({'vpc_ids': ['vpc-1', 'vpc-2', 'vpc-3']})
    assert result['failed'] is True and 'vpc_ids takes at most 2' in result['msg'] and actions(emulator) == []


def test_a_refusal_fails_with_the_error(emulator, module_run):
    result = module_run({'region_id': 'mars-central-1'})
    assert result['failed'] is True and result['error']['code'] == 'UnsupportedRegion'
