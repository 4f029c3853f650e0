# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The controller path's own decisions (plugins/plugin_utils/controller.py): which path a task takes, the task's
environment in the worker (and the credentials library's snapshot of it), and validation with the module's
messages. Whole tasks in both paths are compared by the path_parity integration target.

The controller code is imported inside each test: ansible-test runs every test in a fork of its own, and importing
ansible-core's controller code marks the process as a controller, which changes how the module tests in the same
worker collect warnings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any, Dict

import pytest

from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.support import patch_module_args

CONTROLLER = 'ansible_collections.alibabacloud.vpcpeer.plugins.plugin_utils.controller'


@pytest.fixture
def controller() -> Any:
    import importlib  # pylint: disable=import-outside-toplevel
    return importlib.import_module(CONTROLLER)


def facts(controller: Any, **changes: Any) -> Any:
    """The facts of a task that takes the controller path, with ``changes``."""
    values: Dict[str, Any] = dict(setting=None, sdk_error=None, async_val=0, connection='local', become=False,
                                  interpreter=sys.executable)
    values.update(changes)
    return controller.PathFacts(**values)


# -- the setting ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize('variable, environ, expected', [
    (None, {}, None),
    (False, {}, (False, 'alibabacloud_vpcpeer_controller')),
    ('no', {}, (False, 'alibabacloud_vpcpeer_controller')),
    (None, {'ALIBABACLOUD_VPCPEER_CONTROLLER': 'false'}, (False, 'ALIBABACLOUD_VPCPEER_CONTROLLER')),
    (None, {'ALIBABACLOUD_VPCPEER_CONTROLLER': '0'}, (False, 'ALIBABACLOUD_VPCPEER_CONTROLLER')),
    (None, {'ALIBABACLOUD_VPCPEER_CONTROLLER': ''}, None),  # empty is unset, as for every variable of the collection
    (True, {'ALIBABACLOUD_VPCPEER_CONTROLLER': 'false'}, (True, 'alibabacloud_vpcpeer_controller')),  # the variable wins
    ('false', {'ALIBABACLOUD_VPCPEER_CONTROLLER': 'true'}, (False, 'alibabacloud_vpcpeer_controller')),
])
def test_the_variable_wins_over_the_environment_variable(controller, variable, environ, expected):
    assert controller.controller_setting(variable, environ) == expected


@pytest.mark.parametrize('variable, environ', [('maybe', {}), (None, {'ALIBABACLOUD_VPCPEER_CONTROLLER': 'off-ish'})])
def test_a_setting_that_is_not_a_boolean_is_refused_naming_it(controller, variable, environ):
    with pytest.raises(ValueError, match='must be true or false'):
        controller.controller_setting(variable, environ)


# -- the path -------------------------------------------------------------------------------------------------
def test_a_local_task_with_the_controllers_python_takes_the_controller_path(controller):
    assert controller.module_path_reason(facts(controller)) is None
    assert controller.module_path_reason(facts(controller, setting=(True, 'x'))) is None


@pytest.mark.parametrize('changes, reason', [
    ({'setting': (False, 'ALIBABACLOUD_VPCPEER_CONTROLLER')}, 'ALIBABACLOUD_VPCPEER_CONTROLLER is false'),
    ({'sdk_error': 'No module named alibabacloud_vpcpeer20220101'}, 'the SDK cannot be imported on the controller'),
    ({'async_val': 30}, 'the task is async'),
    ({'connection': 'ssh'}, 'the connection is ssh, not local'),
    ({'become': True}, 'the task uses become'),
    ({'interpreter': None}, 'interpreter discovery has not run'),
    ({'interpreter': '/usr/bin/env python3'}, 'not the Python of the controller'),
    ({'interpreter': '/nonexistent/python3'}, 'not the Python of the controller'),
])
def test_what_sends_a_task_down_the_module_path(controller, changes, reason):
    assert reason in controller.module_path_reason(facts(controller, **changes))


def test_the_setting_is_checked_first(controller):
    both = facts(controller, setting=(False, 'alibabacloud_vpcpeer_controller'), connection='ssh')
    assert controller.module_path_reason(both) == 'alibabacloud_vpcpeer_controller is false'


def test_a_virtual_environment_is_not_the_python_it_was_made_from(controller, tmp_path):
    base = tmp_path / 'base' / 'bin'
    venv = tmp_path / 'venv' / 'bin'
    other = tmp_path / 'other' / 'bin'
    for directory in (base, venv, other):
        directory.mkdir(parents=True)
    (base / 'python3.13').write_text('')
    (base / 'python3').symlink_to(base / 'python3.13')
    (venv / 'python3').symlink_to(base / 'python3')
    (venv / 'python').symlink_to('python3')
    (other / 'python3').symlink_to(base / 'python3')
    assert controller.same_python(str(venv / 'python'), str(venv / 'python3'))  # one environment, two names
    assert controller.same_python(str(base / 'python3'), str(base / 'python3.13'))
    assert not controller.same_python(str(base / 'python3'), str(venv / 'python3'))  # the same program, another environment
    assert not controller.same_python(str(other / 'python3'), str(venv / 'python3'))
    found = {'python3': str(venv / 'python3')}
    assert controller.same_python('python3', str(venv / 'python'), which=found.get)  # a name, looked up on PATH
    assert not controller.same_python('python9', str(venv / 'python'), which=found.get)


def test_the_interpreter_is_compared_with_the_controllers_python(controller, tmp_path):
    (tmp_path / 'python').write_text('')
    here = facts(controller, interpreter=str(tmp_path / 'python'))
    assert controller.module_path_reason(here, executable=str(tmp_path / 'python')) is None
    assert 'not the Python of the controller' in controller.module_path_reason(here, executable=sys.executable)


# -- the task's environment -----------------------------------------------------------------------------------
def test_the_tasks_environment_is_set_while_the_task_runs_then_undone(controller, monkeypatch):
    monkeypatch.setenv('VPCPEER_UNIT_KEPT', 'before')
    monkeypatch.delenv('VPCPEER_UNIT_ADDED', raising=False)
    refreshed = []
    with controller.task_environment({'VPCPEER_UNIT_KEPT': 'during', 'VPCPEER_UNIT_ADDED': 3, 'VPCPEER_UNIT_EMPTY': ''},
                                     refresh=lambda: refreshed.append(dict(os.environ))):
        assert (os.environ['VPCPEER_UNIT_KEPT'], os.environ['VPCPEER_UNIT_ADDED']) == ('during', '3')
        assert os.environ['VPCPEER_UNIT_EMPTY'] == ''  # set, and empty: the option fallbacks treat it as unset
    assert os.environ['VPCPEER_UNIT_KEPT'] == 'before' and 'VPCPEER_UNIT_ADDED' not in os.environ
    assert [env['VPCPEER_UNIT_KEPT'] for env in refreshed] == ['during', 'before']


def test_no_environment_changes_nothing(controller):
    refreshed = []
    with controller.task_environment({}, refresh=lambda: refreshed.append(True)):
        pass
    assert refreshed == []


def test_the_credentials_library_reads_the_tasks_environment(controller, monkeypatch, tmp_path):
    from alibabacloud_credentials.utils import auth_constant, auth_util  # pylint: disable=import-outside-toplevel
    monkeypatch.delenv('ALIBABA_CLOUD_CREDENTIALS_URI', raising=False)
    monkeypatch.delenv('ALIBABA_CLOUD_PROFILE', raising=False)
    home = os.environ.get('HOME')
    controller.refresh_sdk_environment()
    with controller.task_environment({'ALIBABA_CLOUD_CREDENTIALS_URI': 'http://127.0.0.1:9/creds',
                                      'ALIBABA_CLOUD_PROFILE': 'ops', 'HOME': str(tmp_path)}):
        assert auth_util.environment_credentials_uri == 'http://127.0.0.1:9/creds'
        assert auth_util.environment_profile_name == 'ops' and auth_constant.HOME == str(tmp_path)
    assert auth_util.environment_credentials_uri is None and auth_util.environment_profile_name is None
    assert auth_constant.HOME == auth_util.get_home() and os.environ.get('HOME') == home


def test_importing_the_sdk_starts_no_thread_and_opens_no_socket():
    """What the action plugins import before ansible-core forks its workers."""
    code = ('import gc, socket, threading\n'
            'import %s as controller\n'
            'assert controller.SDK_ERROR is None, controller.SDK_ERROR\n'
            'import asyncio\n'
            'print(threading.active_count(), sum(isinstance(o, socket.socket) for o in gc.get_objects()),\n'
            '      asyncio.events._get_running_loop() is None)\n' % CONTROLLER)
    out = subprocess.run([sys.executable, '-c', code], check=True, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))).stdout
    assert out.split() == ['1', '0', 'True']


# -- what the module receives -----------------------------------------------------------------------------------
def test_the_arguments_go_through_json_as_to_a_module(controller):
    args = controller.as_module_args({'tags': {1: 'one'}, 'instance_ids': ('pcc-a', 'pcc-b'), 'wait': True})
    assert args == {'tags': {'1': 'one'}, 'instance_ids': ['pcc-a', 'pcc-b'], 'wait': True}


@pytest.fixture
def module_result(capsys: pytest.CaptureFixture) -> Any:
    """``module_result(args)``: what the vpc_peer_connection module prints for ``args`` (it fails validation)."""
    from ansible.module_utils.common import warnings as module_warnings  # pylint: disable=import-outside-toplevel
    from ansible_collections.alibabacloud.vpcpeer.plugins.modules import vpc_peer_connection  # pylint: disable=import-outside-toplevel

    def run(args: Dict[str, Any]) -> Dict[str, Any]:
        for name in ('_global_warnings', '_global_deprecations'):
            collected = getattr(module_warnings, name, None)
            if collected is not None:
                setattr(module_warnings, name, type(collected)())
        with patch_module_args(dict(args, _ansible_module_name='alibabacloud.vpcpeer.vpc_peer_connection')):
            with pytest.raises(SystemExit):
                vpc_peer_connection.main()
        return json.loads(capsys.readouterr().out)
    return run


@pytest.mark.parametrize('args', [
    {'instance_id': 'pcc-a', 'colour': 'blue'},                       # unsupported, with the supported ones listed
    {'instance_id': 'pcc-a', 'link_type': 'Silver'},                  # choices
    {'instance_id': 'pcc-a', 'bandwidth': 'wide'},                    # type
    {'state': 'accepted'},                                            # required_if
    {'instance_id': 'pcc-a', 'tags': 'a=b=c', 'purge_tags': 'maybe'},  # several problems at once
    {'id': 'pcc-a', 'wait_timeout': [1]},                             # an alias
])
def test_validation_fails_with_the_modules_message(module_result, args):
    # Imported after the module ran: ansible-core's controller code changes how modules collect warnings.
    from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.module import module_spec  # pylint: disable=import-outside-toplevel
    from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering import vpc_peer_connection_spec  # pylint: disable=import-outside-toplevel
    expected = module_result(dict(args))
    import importlib  # pylint: disable=import-outside-toplevel
    controller = importlib.import_module(CONTROLLER)
    checked = controller.check_arguments(module_spec(vpc_peer_connection_spec()), controller.as_module_args(args),
                                         'alibabacloud.vpcpeer.vpc_peer_connection')
    assert expected['failed'] is True and checked.error == expected['msg']


def test_an_option_and_its_alias_warn_as_the_module_does(module_result, monkeypatch):
    from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.module import module_spec  # pylint: disable=import-outside-toplevel
    from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering import vpc_peer_connection_spec  # pylint: disable=import-outside-toplevel
    args = {'id': 'pcc-a', 'instance_id': 'pcc-a', 'colour': 'blue'}
    warning = 'Both option instance_id and its alias id are set.'
    assert warning in json.dumps(module_result(dict(args))['warnings'])
    import importlib  # pylint: disable=import-outside-toplevel
    controller = importlib.import_module(CONTROLLER)
    shown = []
    monkeypatch.setattr(controller.display, 'warning', lambda msg, *_args, **_kwargs: shown.append(msg))
    checked = controller.check_arguments(module_spec(vpc_peer_connection_spec()), dict(args),
                                         'alibabacloud.vpcpeer.vpc_peer_connection')
    # Older ansible-core hands the warning back for the result; later releases display it at once.
    assert checked.warnings + shown == [warning]


def test_no_log_values_of_the_arguments_are_collected(controller):
    from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.module import module_spec  # pylint: disable=import-outside-toplevel
    from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.info import vpc_peer_connection_info_spec  # pylint: disable=import-outside-toplevel
    checked = controller.check_arguments(module_spec(vpc_peer_connection_info_spec()),
                                         {'access_key_id': 'AK', 'access_key_secret': 'the-secret', 'security_token': 'tok'},
                                         'alibabacloud.vpcpeer.vpc_peer_connection_info')
    assert checked.error is None and {'the-secret', 'tok'} <= checked.no_log_values
    shown = controller.formatted({'msg': 'failed with the-secret', 'changed': False}, checked, True)
    assert shown['msg'] == 'failed with ********' and shown['changed'] is False
    assert shown['invocation']['module_args']['access_key_secret'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
