# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import module as module_utils
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.vpc_peer import normalize
from ansible_collections.alibabacloud.vpcpeer.plugins.modules import vpc_peer_connection_info
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.fakes import (
    SECRET,
    FakeClientClass,
    FakeService,
    connection,
    patch_module_args,
)


@pytest.fixture
def sdk(monkeypatch, fake_time):
    holder = FakeClientClass(FakeService(*[connection(InstanceId='pcc-%03d' % n, Name='n%d' % n) for n in range(130)]))
    monkeypatch.setattr(module_utils, 'load_sdk', lambda: holder)
    return holder


def run(args, capsys, check_mode=False):
    args = dict(args, access_key_id='AK-TEST', access_key_secret=SECRET)
    if check_mode:
        args['_ansible_check_mode'] = True
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            vpc_peer_connection_info.main()
    out = capsys.readouterr().out
    result = json.loads(out)
    result['_raw'] = out
    return result


@pytest.mark.parametrize('check_mode', [False, True])
def test_lists_every_page_in_the_shape_of_the_main_module(sdk, capsys, check_mode):
    result = run({}, capsys, check_mode=check_mode)
    assert result['changed'] is False
    assert len(result['vpc_peer_connections']) == 130
    assert result['vpc_peer_connections'][0] == normalize(sdk.service.conns['pcc-000'])
    assert sdk.service.count('ListVpcPeerConnections') == 2
    assert SECRET not in result['_raw']


def test_filters(sdk, capsys):
    result = run({'name': 'n7', 'vpc_ids': ['vpc-accepter']}, capsys)
    assert [c['instance_id'] for c in result['vpc_peer_connections']] == ['pcc-007']


def test_too_many_vpcs_fail_without_loading_the_sdk(monkeypatch, capsys, fake_time):
    def no_sdk():
        raise AssertionError('the SDK must not be loaded')
    monkeypatch.setattr(module_utils, 'load_sdk', no_sdk)
    result = run({'vpc_ids': ['vpc-1', 'vpc-2', 'vpc-3']}, capsys)
    assert result['failed'] is True and 'vpc_ids takes at most 2' in result['msg']
