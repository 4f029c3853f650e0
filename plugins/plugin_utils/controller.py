# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Running a task of the collection in the controller's worker process instead of as a module: the action plugins.

This plugin util is PRIVATE to the collection: its interface may change in any release.

A module of the collection spends most of its time starting a new Python and importing the SDK. When the task would
run its module on the controller itself, with the controller's own Python, the action plugin runs the same code
(``module_utils``: the argument spec, ``TaskRun``, the engine) in the worker process that ansible-core forked for the
task: the *controller path*. Otherwise it runs the module as ansible-core's ``normal`` action does: the *module path*.

The SDK is imported here, when ansible-core imports an action plugin of the collection: its linear and free
strategies import a task's action plugin in the main process before they fork the worker that runs it, so the import
happens once per run and every worker inherits it. Importing the SDK starts no thread, event loop or socket.

The controller path gives the same result as the module path: the same validation (ansible-core's argument spec
validator, as ``AnsibleModule`` runs it), the module's arguments as the module would receive them (a JSON round trip),
the task's ``environment:`` in the process environment while the task runs, and the result serialised as the module
prints it, then parsed and cleaned by ansible-core's own ``ActionBase`` code, as a module's output is.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import os
import shutil
import sys
from typing import Any, Callable, Dict, Iterator, List, Mapping, NamedTuple, Optional, Set, Tuple

from ansible import constants as C
from ansible.errors import AnsibleActionFail
from ansible.module_utils.common import warnings as module_warnings
from ansible.module_utils.common.arg_spec import ModuleArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.client import SdkMissing, load_sdk, load_vpc_sdk
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.module import (
    PATH_CONTROLLER,
    PATH_KEY,
    VALIDATION_RULES,
    Runner,
    TaskRun,
    module_spec,
)

try:  # ansible-core 2.19 and later: the serialisation between the controller and modules
    from ansible.module_utils.common.json import Direction, get_module_decoder, get_module_encoder
except ImportError:  # earlier releases send and return plain JSON
    Direction = get_module_decoder = get_module_encoder = None

display = Display()

# The setting that forces the module path: a variable (any scope, -e), else an environment variable of the run.
SETTING_VARIABLE = 'alibabacloud_vpcpeer_controller'
SETTING_ENVIRONMENT = 'ALIBABACLOUD_VPCPEER_CONTROLLER'

# The serialisation profile of Python modules that declare none (the collection's do not).
MODULE_PROFILE = 'legacy'


def _import_sdk() -> Optional[str]:
    """Import everything a task imports from the SDK; the reason it cannot be imported, or None."""
    try:
        load_sdk()
        load_vpc_sdk()
        for name in ('alibabacloud_vpcpeer20220101.models', 'alibabacloud_vpc20160428.models', 'alibabacloud_tea_util.models',
                     'alibabacloud_tea_openapi.models', 'alibabacloud_credentials.client', 'alibabacloud_credentials.provider',
                     'alibabacloud_credentials.exceptions', 'alibabacloud_credentials.utils.auth_util',
                     'alibabacloud_credentials.utils.auth_constant'):
            importlib.import_module(name)
    except (SdkMissing, ImportError) as exc:
        return str(exc)
    return None


SDK_ERROR = _import_sdk()


# -- which path -------------------------------------------------------------------------------------------
class PathFacts(NamedTuple):
    """What decides the path of one task."""

    setting: Optional[Tuple[bool, str]]  # (enabled, where it was set), None when not set
    sdk_error: Optional[str]             # why the SDK cannot be imported on the controller, None when it can
    async_val: int                       # the task's async keyword (seconds)
    connection: str                      # the transport of the task's connection plugin
    become: bool                         # the task uses become
    interpreter: Optional[str]           # the Python the module would run with; None: not known before discovery


def controller_setting(variable: Any, environ: Mapping[str, str]) -> Optional[Tuple[bool, str]]:
    """The setting: the variable when it is set, else the environment variable of the run, else None (empty is
    unset). Raises ``ValueError`` for a value that is not a boolean."""
    for value, name in ((variable, SETTING_VARIABLE), (environ.get(SETTING_ENVIRONMENT), SETTING_ENVIRONMENT)):
        if value is None or value == '':
            continue
        try:
            return boolean(value, strict=True), name
        except TypeError:
            raise ValueError('%s must be true or false, got %r' % (name, value)) from None
    return None


def same_python(interpreter: str, executable: str, which: Callable[[str], Optional[str]] = shutil.which) -> bool:
    """Whether ``interpreter`` (a path, or a name on PATH) is the Python ``executable``: the same program (real path)
    in the same directory, so that a virtual environment's Python is not taken for the one it was made from."""
    path = interpreter if os.path.isabs(interpreter) else which(interpreter)
    if not path:
        return False
    return (os.path.realpath(path) == os.path.realpath(executable)
            and os.path.dirname(os.path.abspath(path)) == os.path.dirname(os.path.abspath(executable)))


def module_path_reason(facts: PathFacts, executable: str = sys.executable,
                       which: Callable[[str], Optional[str]] = shutil.which) -> Optional[str]:
    """Why the task runs as a module; None when it runs on the controller path."""
    if facts.setting is not None and not facts.setting[0]:
        return '%s is false' % facts.setting[1]
    if facts.sdk_error is not None:
        return 'the SDK cannot be imported on the controller (%s)' % facts.sdk_error
    if facts.async_val:
        return 'the task is async'
    if facts.connection != 'local':
        return 'the connection is %s, not local' % facts.connection
    if facts.become:
        return 'the task uses become'
    if facts.interpreter is None:
        return ('ansible_python_interpreter is not set and interpreter discovery has not run for this host; set it to '
                '"{{ ansible_playbook_python }}" to run on the controller')
    if ' ' in facts.interpreter.strip() or not same_python(facts.interpreter.strip(), executable, which):
        return 'ansible_python_interpreter is %s, not the Python of the controller (%s)' % (facts.interpreter, executable)
    return None


# -- the task's environment -----------------------------------------------------------------------------
def refresh_sdk_environment() -> None:
    """alibabacloud-credentials reads the environment once, when it is imported (``auth_util``, ``auth_constant``:
    keys, profile, credentials file and URI, HOME); read it again."""
    from alibabacloud_credentials.utils import auth_constant, auth_util  # pylint: disable=import-outside-toplevel
    importlib.reload(auth_util)
    importlib.reload(auth_constant)


@contextlib.contextmanager
def task_environment(environment: Mapping[str, Any], refresh: Callable[[], Any] = refresh_sdk_environment) -> Iterator[None]:
    """The task's ``environment:`` set in this process's environment for the time of the task, as the module path
    sets it in the module's process (values as strings); the earlier environment afterwards.

    The worker process is forked for the task and ends with it, so nothing else sees the change meanwhile."""
    if not environment:
        yield
        return
    saved = dict(os.environ)
    os.environ.update({str(name): str(value) for name, value in environment.items()})
    refresh()
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        refresh()


# -- what the module would receive and print ----------------------------------------------------------------
def as_module_args(args: Mapping[str, Any]) -> Dict[str, Any]:
    """The task's arguments as the module would receive them: through the JSON ansible-core sends to modules."""
    if get_module_encoder is None:
        from ansible.module_utils.common.json import AnsibleJSONEncoder  # pylint: disable=import-outside-toplevel
        return json.loads(json.dumps(dict(args), cls=AnsibleJSONEncoder, vault_to_text=True))
    text = json.dumps(dict(args), cls=get_module_encoder(MODULE_PROFILE, Direction.CONTROLLER_TO_MODULE))
    return json.loads(text, cls=get_module_decoder(MODULE_PROFILE, Direction.CONTROLLER_TO_MODULE))


def module_stdout(data: Mapping[str, Any]) -> str:
    """``data`` as a module prints its result."""
    if get_module_encoder is None:
        return '\n' + json.dumps(data)
    return '\n' + json.dumps(data, cls=get_module_encoder(MODULE_PROFILE, Direction.MODULE_TO_CONTROLLER))


class Checked(NamedTuple):
    params: Dict[str, Any]
    no_log_values: Set[str]
    warnings: List[str]
    error: Optional[str]


def check_arguments(spec: Mapping[str, Any], args: Dict[str, Any], module_name: str) -> Checked:
    """Validate ``args`` as ``AnsibleModule`` does: the same validator, parameters, no_log values and messages."""
    rules = {name: spec[name] for name in VALIDATION_RULES if spec.get(name)}
    before = len(module_warnings.get_warning_messages())
    validation = ModuleArgumentSpecValidator(spec['argument_spec'], **rules).validate(args)
    # Older ansible-core keeps the validator's warnings (an option given with its alias) for the module's result;
    # later releases display them at once.
    warnings = list(module_warnings.get_warning_messages()[before:])
    params = dict(args)
    params.update(validation.validated_parameters)
    error = None
    try:
        first = validation.errors[0]
    except IndexError:
        first = None
    if first is not None:
        error = validation.errors.msg
        if isinstance(first, UnsupportedError):
            error = 'Unsupported parameters for (%s) module: %s' % (module_name, error)
    return Checked(params, set(validation._no_log_values), warnings, error)  # pylint: disable=protected-access


def formatted(data: Dict[str, Any], checked: Checked, inject_invocation: bool) -> Dict[str, Any]:
    """What ``AnsibleModule`` prints for ``data``: ``invocation`` when asked for, the warnings, every no_log value
    masked (booleans and None kept)."""
    if inject_invocation and 'invocation' not in data:
        data['invocation'] = {'module_args': checked.params}
    if checked.warnings:
        data['warnings'] = list(checked.warnings)
    preserved = {key: value for key, value in data.items() if value is None or isinstance(value, bool)}
    data = remove_values(data, checked.no_log_values)
    data.update(preserved)
    return data


def failed(msg: str, **keys: Any) -> Dict[str, Any]:
    """A failure's keys in the order ``fail_json`` gives them."""
    return dict(keys, failed=True, msg=msg)


# -- the action plugins -----------------------------------------------------------------------------------
class ControllerAction(NormalAction):
    """The action plugin of a module of the collection: the controller path when ``module_path_reason`` says none,
    else the module (ansible-core's ``normal`` action). Subclasses name the module's ``spec`` and ``runner``."""

    spec: Callable[[], Dict[str, Any]]
    runner: Runner

    def run(self, tmp: Optional[str] = None, task_vars: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        task_vars = task_vars or {}
        reason = self._module_path_reason(task_vars)
        where = 'controller path (%s)' % inspect.getfile(type(self)) if reason is None else 'module path: ' + reason
        display.v('%s: %s' % (self._task.action, where), host=self._play_context.remote_addr)
        if reason is not None:
            return super().run(tmp, task_vars)
        environment: Dict[str, Any] = {}
        self._compute_environment_string(environment)
        with task_environment(environment):
            data = self._run_here(task_vars)
        return self._as_module_result(data)

    def _module_path_reason(self, task_vars: Dict[str, Any]) -> Optional[str]:
        variable = task_vars.get(SETTING_VARIABLE)
        try:
            setting = controller_setting(self._templar.template(variable) if variable is not None else None, os.environ)
        except ValueError as exc:
            raise AnsibleActionFail(str(exc)) from None
        return module_path_reason(PathFacts(
            setting=setting, sdk_error=SDK_ERROR, async_val=self._task.async_val or 0,
            connection=getattr(self._connection, 'transport', '') or '', become=bool(self._play_context.become),
            interpreter=self._module_interpreter(task_vars)))

    def _module_interpreter(self, task_vars: Dict[str, Any]) -> Optional[str]:
        """The Python the module path would run the module with, as ansible-core picks it (the delegated host's
        variables for delegate_to); None when interpreter discovery would pick it and has not run yet."""
        host_vars = task_vars
        if self._task.delegate_to:
            host_vars = (task_vars.get('ansible_delegated_vars') or {}).get(self._task.delegate_to) or task_vars
        configured = C.config.get_config_value('INTERPRETER_PYTHON', variables=host_vars)
        value = str(self._templar.template(configured) or '').strip()
        if not value or value.startswith('auto'):
            return (host_vars.get('ansible_facts') or {}).get('discovered_interpreter_python')
        return value

    def _run_here(self, task_vars: Dict[str, Any]) -> Dict[str, Any]:
        """What the module would print, run in this process."""
        checked = check_arguments(module_spec(self.spec()), as_module_args(self._task.args), self._task.action)
        if checked.error is not None:
            data = failed(checked.error, **{PATH_KEY: PATH_CONTROLLER})
        else:
            run = TaskRun(checked.params, check_mode=bool(self._task.check_mode), diff=bool(self._task.diff),
                          warn=checked.warnings.append, no_log=checked.no_log_values.add, path=PATH_CONTROLLER)
            is_failure, result = run.execute(self.runner)
            data = failed(**result) if is_failure else result
        return formatted(data, checked, self._inject_invocation(task_vars))

    @staticmethod
    def _inject_invocation(task_vars: Dict[str, Any]) -> bool:
        """Whether the module would add ``invocation``: always before ansible-core 2.21, then when configured."""
        if not C.config.get_configuration_definition('INJECT_INVOCATION'):
            return True
        return bool(C.config.get_config_value('INJECT_INVOCATION', variables=task_vars))

    def _as_module_result(self, data: Dict[str, Any]) -> Dict[str, Any]:
        """``data`` printed as the module prints it, then parsed and cleaned as ansible-core parses a module's output."""
        stdout = module_stdout(data)
        output = {'rc': 1 if data.get('failed') else 0, 'stdout': stdout, 'stdout_lines': stdout.splitlines(),
                  'stderr': '', 'stderr_lines': []}
        if 'profile' in inspect.signature(self._parse_returned_data).parameters:
            parsed = self._parse_returned_data(output, MODULE_PROFILE)  # pylint: disable=too-many-function-args
        else:
            parsed = self._parse_returned_data(output)  # pylint: disable=no-value-for-parameter
        if isinstance(parsed, dict):  # before ansible-core 2.21
            clean = importlib.import_module('ansible.vars.clean')
            getattr(clean, 'remove_internal_keys')(parsed)
            return parsed
        parsed.remove_internal_keys()
        return parsed.as_result_dict(for_round_trip=True)
