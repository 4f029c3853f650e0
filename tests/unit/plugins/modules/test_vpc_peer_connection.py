# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The vpc_peer_connection module as Ansible runs it (``main()``, real exit_json and fail_json), against the
emulator: its results, diff, applied_actions, failures with ``changed``, connection options and secrets."""

from __future__ import annotations

import json
import time
from typing import Any, Dict

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import client as client_utils
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import module as module_utils
from ansible_collections.alibabacloud.vpcpeer.plugins.modules import vpc_peer_connection
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.support import (
    ACCEPTER_UID,
    HZ,
    NEVER,
    REQ_HZ_1,
    REQ_SH_1,
    REQUESTER_AK,
    REQUESTER_SECRET,
    SH,
    actions,
    applied,
    journal,
    params,
    patch_module_args,
    seed_cross_region,
    seed_same_region,
    writes,
)

MODIFY, GET = 'ModifyVpcPeerConnection', 'GetVpcPeerConnectionAttribute'
STS_TOKEN = 'sts-token-value-0123456789'


@pytest.fixture
def module_run(emulator: Any, clock: Any, capsys: pytest.CaptureFixture) -> Any:
    """``module_run(args, check_mode=False, diff=False)``: run the module like Ansible does and return its parsed
    result (the raw output in ``result['_raw']``, for the checks that no secret appears anywhere in it).

    The emulator's endpoint and the requester's keys are the defaults; an argument set to None is left out."""
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
                vpc_peer_connection.main()
        out = capsys.readouterr().out
        result = json.loads(out)
        result['_raw'] = out
        return result
    return run


def no_sdk() -> None:
    raise AssertionError('the SDK must not be loaded')


# -- results --------------------------------------------------------------------------------------------------
def test_modify_with_diff_and_applied_actions(emulator, module_run):
    conn = seed_cross_region(emulator)
    result = module_run({'instance_id': conn['InstanceId'], 'name': 'new-name', 'bandwidth': 100}, diff=True)
    assert result['changed'] is True and 'failed' not in result
    assert (result['vpc_peer_connection']['name'], result['vpc_peer_connection']['status']) == ('new-name', 'Activated')
    assert result['diff'] == {
        'before': {'name': 'old-name', 'description': 'old description', 'bandwidth': 100, 'link_type': 'Gold'},
        'after': {'name': 'new-name', 'description': 'old description', 'bandwidth': 100, 'link_type': 'Gold'}}
    assert result['applied_actions'] == [{'action': MODIFY, 'request_id': journal(emulator, MODIFY)[0]['request_id'],
                                          'answer_lost': False}]
    assert params(emulator, MODIFY)[0]['Name'] == 'new-name' and 'Bandwidth' not in params(emulator, MODIFY)[0]


def test_an_idempotent_run_is_one_call(emulator, module_run):
    conn = seed_cross_region(emulator)
    result = module_run({'instance_id': conn['InstanceId'], 'name': 'old-name', 'link_type': 'Gold'})
    assert result['changed'] is False and 'diff' not in result and result['applied_actions'] == []
    assert actions(emulator) == [GET]


def test_check_mode_uses_dry_run_and_changes_nothing(emulator, module_run):
    conn = seed_cross_region(emulator)
    result = module_run({'id': conn['InstanceId'], 'description': 'preview'}, check_mode=True, diff=True)
    assert result['changed'] is True and result['applied_actions'] == []
    assert result['diff']['after']['description'] == 'preview'
    assert result['vpc_peer_connection']['description'] == 'preview'
    assert params(emulator, MODIFY) == [{'InstanceId': conn['InstanceId'], 'Description': 'preview', 'DryRun': 'True'}]
    assert applied(emulator) == []


def test_a_refused_dry_run_fails_with_the_error(emulator, module_run):
    conn = seed_cross_region(emulator)
    result = module_run({'instance_id': conn['InstanceId'], 'link_type': 'Platinum'}, check_mode=True)
    request_id = journal(emulator, MODIFY)[0]['request_id']
    assert result['failed'] is True and result['changed'] is False
    assert 'OperationFailed.SpecificLinkTypeNotSupported' in result['msg'] and request_id in result['msg']
    assert result['error']['code'] == 'OperationFailed.SpecificLinkTypeNotSupported'
    assert result['error']['request_id'] == request_id and result['error']['action'] == MODIFY
    assert {'code', 'message', 'request_id', 'recommend', 'action', 'http_status', 'advice'} <= set(result['error'])
    assert result['vpc_peer_connection']['instance_id'] == conn['InstanceId']  # as read


def test_wait_false_returns_right_after_the_change(emulator, module_run, clock):
    conn = seed_cross_region(emulator, Transitions={'modify': NEVER})
    result = module_run({'instance_id': conn['InstanceId'], 'name': 'fast', 'wait': False})
    assert result['changed'] is True and clock.sleeps == []
    assert result['vpc_peer_connection']['name'] == 'fast' and result['vpc_peer_connection']['status'] == 'Updating'


def test_the_same_region_rule_fails_before_any_write(emulator, module_run):
    conn = seed_same_region(emulator)
    result = module_run({'instance_id': conn['InstanceId'], 'bandwidth': 10})
    assert result['failed'] is True and 'same region' in result['msg'] and writes(emulator) == []
    assert result['changed'] is False and result['applied_actions'] == []
    assert result['vpc_peer_connection']['bandwidth'] == -1


def test_not_found(emulator, module_run):
    result = module_run({'instance_id': 'pcc-missing', 'name': 'x'})
    assert result['failed'] is True and 'pcc-missing' in result['msg'] and 'not found' in result['msg']


# -- failures after accepted writes ---------------------------------------------------------------------------
def test_a_wait_timeout_after_the_modify_fails_as_changed(emulator, module_run, clock):
    conn = seed_cross_region(emulator, Transitions={'modify': NEVER})
    result = module_run({'instance_id': conn['InstanceId'], 'name': 'slow', 'wait_timeout': 30})
    assert result['failed'] is True and result['changed'] is True
    assert 'Timed out after 30 s' in result['msg'] and 'The service accepted ModifyVpcPeerConnection' in result['msg']
    assert [a['action'] for a in result['applied_actions']] == [MODIFY]
    assert result['vpc_peer_connection']['status'] == 'Updating'
    assert clock.elapsed() == 30.0


def test_a_refusal_after_the_modify_fails_as_changed(emulator, module_run):
    conn = seed_cross_region(emulator)
    emulator.control.add_fault('service_unavailable', 'TagResources', count=1000)
    result = module_run({'instance_id': conn['InstanceId'], 'name': 'renamed', 'tags': {'env': 'prod'},
                         'wait_timeout': 60})
    assert result['failed'] is True and result['changed'] is True
    assert result['error']['code'] == 'ServiceUnavailable'
    assert [a['action'] for a in result['applied_actions']] == [MODIFY]


# -- creating, states -----------------------------------------------------------------------------------------
CREATE_ARGS = {'region_id': HZ, 'vpc_id': REQ_HZ_1, 'accepting_region_id': SH, 'accepting_vpc_id': 'vpc-accepter-sh-1',
               'accepting_ali_uid': ACCEPTER_UID}


def test_create_with_diff(emulator, module_run):
    result = module_run(dict(CREATE_ARGS, name='created', tags={'env': 'prod'}), diff=True)
    assert result['changed'] is True
    created = result['vpc_peer_connection']
    assert created['instance_id'] == emulator.control.connections()[0]['InstanceId']
    assert created['status'] == 'Accepting' and created['tags'] == {'env': 'prod'}  # the accepter must accept it
    assert result['diff']['before'] == {} and result['diff']['after']['name'] == 'created'
    assert [a['action'] for a in result['applied_actions']] == ['CreateVpcPeerConnection']


def test_create_in_check_mode_predicts_the_same_shape(emulator, module_run):
    conn = seed_cross_region(emulator, VpcId='vpc-requester-hz-2', AcceptingVpcId=REQ_SH_1)
    shape = set(module_run({'instance_id': conn['InstanceId']})['vpc_peer_connection'])
    result = module_run(CREATE_ARGS, check_mode=True)
    assert result['changed'] is True and result['vpc_peer_connection']['instance_id'] is None
    assert set(result['vpc_peer_connection']) == shape
    assert params(emulator, 'CreateVpcPeerConnection')[0]['DryRun'] == 'True' and len(emulator.control.connections()) == 1


@pytest.mark.parametrize('args, needle', [
    ({'state': 'accepted'}, 'state is accepted but all of the following are missing: instance_id'),
    ({'state': 'absent'}, 'state=absent needs instance_id, or vpc_id and accepting_vpc_id'),
    ({'name': 'x'}, 'missing: vpc_id, accepting_vpc_id, accepting_region_id, accepting_ali_uid, region_id'),
    ({'state': 'gone', 'instance_id': 'pcc-a'}, 'value of state must be one of'),
    ({'instance_id': 'pcc-a', 'name': 'https://bad', 'bandwidth': 0}, 'bandwidth must be an integer from 1'),
])
def test_what_each_state_needs_is_checked_before_loading_the_sdk(emulator, module_run, monkeypatch, args, needle):
    monkeypatch.setattr(module_utils, 'load_sdk', no_sdk)
    result = module_run(args)
    assert result['failed'] is True and needle in result['msg'] and actions(emulator) == []


def test_absent_returns_an_empty_connection_when_there_is_none(emulator, module_run):
    result = module_run({'state': 'absent', 'instance_id': 'pcc-gone'})
    assert result['changed'] is False and result['vpc_peer_connection'] == {}


def test_absent_returns_the_connection_as_it_was(emulator, module_run):
    conn = seed_cross_region(emulator)
    result = module_run({'state': 'absent', 'instance_id': conn['InstanceId']}, diff=True)
    assert result['changed'] is True and result['vpc_peer_connection']['status'] == 'Activated'
    assert result['diff']['after'] == {} and result['diff']['before']['instance_id'] == conn['InstanceId']


def test_ignored_options_are_warned_about(emulator, module_run):
    result = module_run({'state': 'absent', 'instance_id': 'pcc-gone', 'name': 'unused'})
    assert 'name not used with state=absent' in json.dumps(result['warnings'])


def test_a_failed_task_still_gives_its_warnings(emulator, module_run):
    # The options the task ignored are worth knowing most when it fails.
    conn = seed_cross_region(emulator)
    result = module_run({'state': 'rejected', 'instance_id': conn['InstanceId'], 'name': 'unused'})
    assert result['failed'] is True and 'state=absent' in result['msg']
    assert 'name not used with state=rejected' in json.dumps(result.get('warnings', []))


# -- connection options -------------------------------------------------------------------------------------
def test_the_collection_user_agent_reaches_the_service(emulator, module_run):
    conn = seed_cross_region(emulator)
    module_run({'instance_id': conn['InstanceId']})
    assert journal(emulator)[0]['user_agent'].endswith(' ' + client_utils.USER_AGENT)


def test_read_timeout_reaches_the_sdk(emulator, module_run):
    conn = seed_cross_region(emulator)
    emulator.control.add_fault('slow', GET, delay=0.15)
    result = module_run({'instance_id': conn['InstanceId'], 'read_timeout': 0.05})
    assert result['changed'] is False
    # The slow answer timed out after 50 ms and was asked again: the retry is journaled at once, the slow call
    # when its handler is done (with the default 10 s read timeout there would be one call only).
    deadline = time.monotonic() + 2
    while len(journal(emulator, GET)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [entry['fault'] for entry in journal(emulator, GET)].count(None) == 1 and len(journal(emulator, GET)) == 2


@pytest.mark.parametrize('env', [
    {'ALIBABA_CLOUD_ACCESS_KEY_ID': REQUESTER_AK, 'ALIBABA_CLOUD_ACCESS_KEY_SECRET': REQUESTER_SECRET,
     'ALICLOUD_ACCESS_KEY': 'AK-OLD', 'ALICLOUD_SECRET_KEY': 'SK-OLD'},
    # AWX injects empty variables for empty fields: they never hide the next variable of the chain.
    {'ALIBABA_CLOUD_ACCESS_KEY_ID': '', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET': '',
     'ALICLOUD_ACCESS_KEY': REQUESTER_AK, 'ALICLOUD_SECRET_KEY': REQUESTER_SECRET},
])
def test_credentials_and_endpoint_from_the_environment(emulator, module_run, monkeypatch, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv('ALIBABA_CLOUD_VPCPEER_ENDPOINT', emulator.url)
    conn = seed_cross_region(emulator)
    result = module_run({'instance_id': conn['InstanceId'], 'name': 'old-name', 'endpoint': None,
                         'access_key_id': None, 'access_key_secret': None})
    assert result['changed'] is False and journal(emulator)[0]['access_key_id'] == REQUESTER_AK


def test_half_a_key_pair_fails_before_any_call(emulator, module_run):
    result = module_run({'instance_id': 'pcc-a', 'name': 'x', 'access_key_secret': None})
    assert result['failed'] is True and 'access_key_secret is not' in result['msg'] and actions(emulator) == []


def test_a_profile_is_ignored_with_a_warning_when_keys_are_given(emulator, module_run):
    conn = seed_cross_region(emulator)
    result = module_run({'instance_id': conn['InstanceId'], 'profile': 'ops'})
    # ansible-core 2.19 returns warnings as structured events; older versions as strings
    assert "profile 'ops' is ignored" in json.dumps(result['warnings'])


def write_profile(home: Any, secret: str = REQUESTER_SECRET) -> None:
    (home / '.aliyun').mkdir()
    (home / '.aliyun' / 'config.json').write_text(json.dumps({'current': 'x', 'profiles': [
        {'name': 'ops', 'mode': 'AK', 'access_key_id': REQUESTER_AK, 'access_key_secret': secret}]}))


def test_named_profile_credentials_are_used(emulator, module_run, monkeypatch, tmp_path):
    monkeypatch.setenv('HOME', str(tmp_path))
    write_profile(tmp_path)
    conn = seed_cross_region(emulator)
    result = module_run({'instance_id': conn['InstanceId'], 'name': 'renamed', 'profile': 'ops',
                         'access_key_id': None, 'access_key_secret': None})
    assert result['changed'] is True and journal(emulator)[0]['access_key_id'] == REQUESTER_AK
    assert REQUESTER_SECRET not in result['_raw']


def test_a_profile_with_a_wrong_secret_fails_without_showing_it(emulator, module_run, monkeypatch, tmp_path):
    monkeypatch.setenv('HOME', str(tmp_path))
    write_profile(tmp_path, secret='wrong-secret-0123456789')
    result = module_run({'instance_id': 'pcc-a', 'name': 'x', 'profile': 'ops', 'access_key_id': None,
                         'access_key_secret': None})
    assert result['failed'] is True and result['error']['code'] == 'SignatureDoesNotMatch'
    assert 'wrong-secret-0123456789' not in result['_raw']


def test_profile_secrets_join_the_masked_values(emulator, monkeypatch, tmp_path):
    monkeypatch.setenv('HOME', str(tmp_path))
    write_profile(tmp_path)
    with patch_module_args({'instance_id': 'pcc-a', 'profile': 'ops', 'endpoint': emulator.url}):
        module = module_utils.VpcPeerModule(argument_spec={'instance_id': {'type': 'str'}})
    assert REQUESTER_SECRET not in module.no_log_values
    assert module.task_run.api is not None  # building the API loads the profile's credentials
    assert REQUESTER_SECRET in module.no_log_values


def test_an_unknown_profile_fails_before_any_call(emulator, module_run, monkeypatch, tmp_path):
    monkeypatch.setenv('HOME', str(tmp_path))
    result = module_run({'instance_id': 'pcc-a', 'name': 'x', 'profile': 'missing', 'access_key_id': None,
                         'access_key_secret': None})
    assert result['failed'] is True and "profile 'missing'" in result['msg'] and actions(emulator) == []


def test_secrets_never_appear_in_output(emulator, module_run):
    result = module_run({'instance_id': 'pcc-a', 'name': 'x', 'access_key_secret': 'not-the-secret-0123',
                         'security_token': STS_TOKEN})
    assert result['failed'] is True and result['error']['code'] in ('SignatureDoesNotMatch',
                                                                    'InvalidSecurityToken.MismatchWithAccessKey')
    assert result['error']['request_id'] in result['msg']
    assert 'not-the-secret-0123' not in result['_raw'] and STS_TOKEN not in result['_raw']


def test_secrets_not_in_a_successful_result(emulator, module_run):
    conn = seed_cross_region(emulator)
    result = module_run({'instance_id': conn['InstanceId'], 'name': 'new'}, diff=True)
    assert result['changed'] is True and REQUESTER_SECRET not in result['_raw']


def test_a_missing_sdk_is_reported_with_the_pip_names(emulator, module_run, monkeypatch):
    def missing() -> None:
        raise client_utils.SdkMissing(ImportError('No module named alibabacloud_vpcpeer20220101'))
    monkeypatch.setattr(module_utils, 'load_sdk', missing)
    result = module_run({'instance_id': 'pcc-a', 'name': 'x'})
    assert result['failed'] is True
    assert 'alibabacloud-vpcpeer20220101 alibabacloud-vpc20160428 alibabacloud-tea-openapi alibabacloud-credentials' in result['msg']
    assert 'Failed to import the required Python library' in result['msg']
