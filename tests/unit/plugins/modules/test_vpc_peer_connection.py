# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import client as client_utils
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import module as module_utils
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.vpc_peer import normalize
from ansible_collections.alibabacloud.vpcpeer.plugins.modules import vpc_peer_connection
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins import fakes
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.fakes import (
    INSTANCE_ID,
    SECRET,
    TOKEN,
    FakeClientClass,
    FakeService,
    connection,
    patch_module_args,
)


@pytest.fixture
def sdk(monkeypatch, fake_time):
    """Replace the SDK client class with a fake service; returns the FakeClientClass (``.service``)."""
    holder = FakeClientClass(FakeService(updating_reads=1))
    monkeypatch.setattr(module_utils, 'load_sdk', lambda: holder)
    return holder


def run(args, capsys, check_mode=False, diff=False):
    """Run the module like Ansible does (real exit_json / fail_json) and return its parsed result.

    The raw output is kept in ``result['_raw']`` for the checks that no secret appears anywhere in it."""
    args = dict(args)
    args.setdefault('access_key_id', 'AK-TEST')
    if 'access_key_secret' not in args:
        args['access_key_secret'] = SECRET
    args = {k: v for k, v in args.items() if v is not None}
    if check_mode:
        args['_ansible_check_mode'] = True
    if diff:
        args['_ansible_diff'] = True
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            vpc_peer_connection.main()
    out = capsys.readouterr().out
    result = json.loads(out)
    result['_raw'] = out
    return result


def test_validation_fails_with_zero_api_calls_and_without_loading_the_sdk(monkeypatch, capsys, fake_time):
    def no_sdk():
        raise AssertionError('the SDK must not be loaded')
    monkeypatch.setattr(module_utils, 'load_sdk', no_sdk)
    result = run({'instance_id': INSTANCE_ID, 'name': 'https://bad', 'bandwidth': 0}, capsys)
    assert result['failed'] is True
    assert 'name must not start with http' in result['msg'] and 'bandwidth must be an integer greater than 0' in result['msg']


def test_modify_with_diff(sdk, capsys):
    result = run({'instance_id': INSTANCE_ID, 'name': 'new-name', 'bandwidth': 100}, capsys, diff=True)
    assert result['changed'] is True
    assert result['vpc_peer_connection']['name'] == 'new-name'
    assert result['vpc_peer_connection']['status'] == 'Activated'
    assert result['diff'] == {
        'before': {'name': 'old-name', 'description': 'old description', 'bandwidth': 100, 'link_type': 'Gold'},
        'after': {'name': 'new-name', 'description': 'old description', 'bandwidth': 100, 'link_type': 'Gold'},
    }
    assert sdk.service.applied == [{'Name': 'new-name'}]


def test_idempotent_run_is_one_call(sdk, capsys):
    result = run({'instance_id': INSTANCE_ID, 'name': 'old-name', 'link_type': 'Gold'}, capsys)
    assert result['changed'] is False and 'diff' not in result
    assert sdk.service.count() == 1


def test_check_mode_uses_dry_run_and_changes_nothing(sdk, capsys):
    result = run({'id': INSTANCE_ID, 'description': 'preview'}, capsys, check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['diff']['after']['description'] == 'preview'
    assert result['vpc_peer_connection']['description'] == 'preview'
    assert sdk.service.sent('ModifyVpcPeerConnection') == [{'InstanceId': INSTANCE_ID, 'Description': 'preview', 'DryRun': True}]
    assert sdk.service.applied == []


def test_check_mode_failure_of_the_dry_run(sdk, capsys):
    sdk.service.script['ModifyVpcPeerConnection'].append(
        fakes.sdk_error('OperationFailed.SpecificLinkTypeNotSupported', 'special link type not opened', request_id='R-77'))
    result = run({'instance_id': INSTANCE_ID, 'link_type': 'Platinum'}, capsys, check_mode=True)
    assert result['failed'] is True
    assert 'OperationFailed.SpecificLinkTypeNotSupported' in result['msg'] and 'R-77' in result['msg']
    assert 'special link type not opened' in result['msg']
    assert result['error']['code'] == 'OperationFailed.SpecificLinkTypeNotSupported'
    assert set(('code', 'message', 'request_id', 'recommend')) <= set(result['error'])


def test_wait_false(sdk, capsys):
    result = run({'instance_id': INSTANCE_ID, 'name': 'fast', 'wait': False}, capsys)
    assert result['changed'] is True and result['vpc_peer_connection']['name'] == 'fast'
    assert [r.action for r in sdk.service.requests] == ['GetVpcPeerConnectionAttribute', 'ModifyVpcPeerConnection']


def test_same_region_rule(sdk, capsys):
    sdk.service.conns[INSTANCE_ID].update(AcceptingRegionId='cn-hangzhou', Bandwidth=-1, LinkType='')
    result = run({'instance_id': INSTANCE_ID, 'bandwidth': 10}, capsys)
    assert result['failed'] is True and 'same region' in result['msg']
    assert sdk.service.count('ModifyVpcPeerConnection') == 0


def test_connection_options_reach_the_sdk(sdk, capsys):
    run({'instance_id': INSTANCE_ID, 'name': 'old-name', 'endpoint': 'http://127.0.0.1:8080', 'read_timeout': 2.5,
         'region_id': 'cn-hangzhou'}, capsys)
    config = sdk.configs[0]
    assert (config.endpoint, config.protocol, config.read_timeout, config.region_id) == ('127.0.0.1:8080', 'http', 2500, 'cn-hangzhou')
    assert config.user_agent == client_utils.USER_AGENT
    assert (config.access_key_id, config.access_key_secret) == ('AK-TEST', SECRET)


@pytest.mark.parametrize('env, expected', [
    ({'ALIBABA_CLOUD_ACCESS_KEY_ID': 'AK-NEW', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET': 'SK-NEW',
      'ALICLOUD_ACCESS_KEY': 'AK-OLD', 'ALICLOUD_SECRET_KEY': 'SK-OLD'}, ('AK-NEW', 'SK-NEW', None)),
    ({'ALICLOUD_ACCESS_KEY': 'AK-OLD', 'ALICLOUD_SECRET_KEY': 'SK-OLD', 'ALICLOUD_SECURITY_TOKEN': 'TOK-OLD'},
     ('AK-OLD', 'SK-OLD', 'TOK-OLD')),
])
def test_credentials_from_the_environment(sdk, capsys, monkeypatch, env, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv('ALIBABA_CLOUD_VPCPEER_ENDPOINT', 'http://127.0.0.1:9999')
    result = run({'instance_id': INSTANCE_ID, 'name': 'old-name', 'access_key_id': None, 'access_key_secret': None}, capsys)
    config = sdk.configs[0]
    assert (config.access_key_id, config.access_key_secret, config.security_token) == expected
    assert config.endpoint == '127.0.0.1:9999'
    assert result['changed'] is False


def test_half_a_key_pair_fails_before_any_call(sdk, capsys):
    result = run({'instance_id': INSTANCE_ID, 'name': 'x', 'access_key_id': 'AK-ONLY', 'access_key_secret': None}, capsys)
    assert result['failed'] is True and 'access_key_secret is not' in result['msg']
    assert sdk.configs == [] and sdk.service.count() == 0


def test_profile_is_ignored_with_a_warning_when_keys_are_given(sdk, capsys):
    result = run({'instance_id': INSTANCE_ID, 'name': 'old-name', 'profile': 'ops'}, capsys)
    # ansible-core 2.19 returns warnings as structured events; older versions as strings
    assert "profile 'ops' is ignored" in json.dumps(result['warnings'])


def test_named_profile_credentials_are_used_and_masked(sdk, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv('HOME', str(tmp_path))
    (tmp_path / '.aliyun').mkdir()
    (tmp_path / '.aliyun' / 'config.json').write_text(json.dumps({'current': 'x', 'profiles': [
        {'name': 'ops', 'mode': 'StsToken', 'access_key_id': 'AK-OPS', 'access_key_secret': SECRET, 'sts_token': TOKEN}]}))
    sdk.service.script['ModifyVpcPeerConnection'].append(
        fakes.sdk_error('SignatureDoesNotMatch', 'string to sign with %s and %s' % (SECRET, TOKEN)))
    result = run({'instance_id': INSTANCE_ID, 'name': 'x', 'profile': 'ops', 'access_key_id': None,
                  'access_key_secret': None}, capsys)
    assert sdk.configs[0].credential.get_credential().access_key_id == 'AK-OPS'
    assert result['failed'] is True and result['error']['code'] == 'SignatureDoesNotMatch'
    assert SECRET not in result['_raw'] and TOKEN not in result['_raw']


def test_profile_secrets_join_the_masked_values(sdk, monkeypatch, tmp_path):
    monkeypatch.setenv('HOME', str(tmp_path))
    (tmp_path / '.aliyun').mkdir()
    (tmp_path / '.aliyun' / 'config.json').write_text(json.dumps({'current': 'x', 'profiles': [
        {'name': 'ops', 'mode': 'StsToken', 'access_key_id': 'AK-OPS', 'access_key_secret': SECRET, 'sts_token': TOKEN}]}))
    with patch_module_args({'instance_id': INSTANCE_ID, 'profile': 'ops'}):
        module = module_utils.VpcPeerModule(argument_spec={'instance_id': {'type': 'str'}})
    assert SECRET not in module.no_log_values and TOKEN not in module.no_log_values
    assert module.api is not None  # building the API loads the profile's credentials
    assert SECRET in module.no_log_values and TOKEN in module.no_log_values


def test_unknown_profile_fails_before_any_call(sdk, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv('HOME', str(tmp_path))
    result = run({'instance_id': INSTANCE_ID, 'name': 'x', 'profile': 'missing', 'access_key_id': None,
                  'access_key_secret': None}, capsys)
    assert result['failed'] is True and "profile 'missing'" in result['msg']
    assert sdk.service.count() == 0


def test_secrets_never_appear_in_output(sdk, capsys):
    sdk.service.script['ModifyVpcPeerConnection'].append(
        fakes.sdk_error('SignatureDoesNotMatch', 'server string to sign is: POST&%%2F&%s' % SECRET, request_id='R-SIG'))
    result = run({'instance_id': INSTANCE_ID, 'name': 'x', 'security_token': TOKEN}, capsys)
    assert result['failed'] is True and 'R-SIG' in result['msg'] and 'SignatureDoesNotMatch' in result['msg']
    assert SECRET not in result['_raw'] and TOKEN not in result['_raw']


def test_secrets_not_in_a_successful_result(sdk, capsys):
    result = run({'instance_id': INSTANCE_ID, 'name': 'new', 'security_token': TOKEN}, capsys, diff=True)
    assert result['changed'] is True
    assert SECRET not in result['_raw'] and TOKEN not in result['_raw']


def test_missing_sdk_is_reported_with_the_pip_names(monkeypatch, capsys, fake_time):
    def missing():
        raise client_utils.SdkMissing(ImportError('No module named alibabacloud_vpcpeer20220101'))
    monkeypatch.setattr(module_utils, 'load_sdk', missing)
    result = run({'instance_id': INSTANCE_ID, 'name': 'x'}, capsys)
    assert result['failed'] is True
    assert 'alibabacloud-vpcpeer20220101 alibabacloud-tea-openapi alibabacloud-credentials' in result['msg']
    assert 'Failed to import the required Python library' in result['msg']


def test_not_found(sdk, capsys):
    sdk.service.conns.clear()
    sdk.service.conns['pcc-other'] = connection(InstanceId='pcc-other')
    result = run({'instance_id': INSTANCE_ID, 'name': 'x'}, capsys)
    assert result['failed'] is True and INSTANCE_ID in result['msg'] and 'not found' in result['msg']
    assert result['error']['code'] == 'ResourceNotFound.InstanceId'


def test_wait_timeout_is_the_task_budget(sdk, capsys, fake_time):
    sdk.service.updating_reads = 10000
    result = run({'instance_id': INSTANCE_ID, 'name': 'slow', 'wait_timeout': 30}, capsys)
    assert result['failed'] is True and 'Timed out after 30 s' in result['msg']
    assert result['vpc_peer_connection']['status'] == 'Updating'
    assert fake_time.now - 1000.0 == 30.0


# -- the life cycle (issue 4) -------------------------------------------------------------------------
CREATE_ARGS = {'region_id': 'cn-hangzhou', 'vpc_id': 'vpc-new-a', 'accepting_region_id': 'cn-shanghai',
               'accepting_vpc_id': 'vpc-new-b', 'accepting_ali_uid': fakes.ACCEPTER_UID}


def test_create_with_diff(sdk, capsys):
    result = run(dict(CREATE_ARGS, name='created', tags={'env': 'prod'}), capsys, diff=True)
    assert result['changed'] is True
    assert result['vpc_peer_connection']['instance_id'] == 'pcc-new1'
    assert result['vpc_peer_connection']['status'] == 'Accepting'  # the accepter account has to accept it
    assert result['vpc_peer_connection']['tags'] == {'env': 'prod'}
    assert result['diff']['before'] == {} and result['diff']['after']['name'] == 'created'
    assert sdk.service.count('CreateVpcPeerConnection') == 1


def test_create_in_check_mode(sdk, capsys):
    result = run(CREATE_ARGS, capsys, check_mode=True)
    assert result['changed'] is True and result['vpc_peer_connection']['instance_id'] is None
    assert set(result['vpc_peer_connection']) == set(normalize(connection()))  # the same shape as ever
    assert sdk.service.sent('CreateVpcPeerConnection')[0]['DryRun'] is True and sdk.service.created == 0


@pytest.mark.parametrize('args, needle', [
    ({'state': 'accepted'}, 'state is accepted but all of the following are missing: instance_id'),
    ({'state': 'absent'}, 'state=absent needs instance_id, or vpc_id and accepting_vpc_id'),
    ({'name': 'x'}, 'missing: vpc_id, accepting_vpc_id, accepting_region_id, accepting_ali_uid, region_id'),
    ({'state': 'gone', 'instance_id': INSTANCE_ID}, 'value of state must be one of'),
])
def test_what_each_state_needs_is_checked_before_any_call(sdk, capsys, args, needle):
    result = run(args, capsys)
    assert result['failed'] is True and needle in result['msg']
    assert sdk.configs == [] and sdk.service.count() == 0


def test_absent_returns_an_empty_connection_when_there_is_none(sdk, capsys):
    result = run({'state': 'absent', 'instance_id': 'pcc-gone'}, capsys)
    assert result['changed'] is False and result['vpc_peer_connection'] == {}


def test_ignored_options_are_warned_about(sdk, capsys):
    result = run({'state': 'absent', 'instance_id': 'pcc-gone', 'name': 'unused'}, capsys)
    assert 'name not used with state=absent' in json.dumps(result['warnings'])
