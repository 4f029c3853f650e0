# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``TaskRun``: one run of a task of the collection, whichever process it runs in; ``VpcPeerModule``: the
``AnsibleModule`` that runs it as a module.

This module util is PRIVATE to the collection: its interface may change in any release.

A task of the collection runs one of two ways: as a module (``VpcPeerModule``, in the Python of the host, as every
module does) or in the controller's worker process (the action plugins, ``plugins/plugin_utils/controller.py``). Both
validate the same argument spec (``module_spec``) and hand the validated parameters to a ``TaskRun``, which starts
the task's time budget, builds the API facades lazily (only a task that calls the API imports the SDK), resolves the
credentials (their secrets join the values masked in every output), runs the engine (``converge``) and turns a
``VpcPeerError`` into the failed task's result. What differs between the two ways is only how a result leaves:
``exit_json`` and ``fail_json`` here, the action plugin's return value there.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import VpcApi, VpcPeerApi
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.client import (
    CREDENTIALS_PROFILE,
    SDK_PIP_PACKAGES,
    ConnectionSettings,
    Endpoint,
    SdkMissing,
    connection_argument_spec,
    credential_client,
    load_sdk,
    load_vpc_sdk,
    proxy_for,
    sdk_config,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.engine import Engine, ResourceTask
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import (
    CODE_NO_CREDENTIALS,
    ADVICE,
    ApiError,
    ConfigurationError,
    VpcPeerError,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import Deadline

# Time budget of a task run for modules without a wait_timeout option (retries of single calls).
DEFAULT_TIME_BUDGET = 120.0

# The result key that says which way the task ran (documented in each module's RETURN).
PATH_KEY = 'alibabacloud_vpcpeer_path'
PATH_MODULE = 'module'
PATH_CONTROLLER = 'controller'

# The keyword arguments of AnsibleModule that ansible-core's ArgumentSpecValidator takes too.
VALIDATION_RULES = ('mutually_exclusive', 'required_together', 'required_one_of', 'required_if', 'required_by')

MASK = '********'

Runner = Callable[['TaskRun'], Dict[str, Any]]


def module_spec(spec: Mapping[str, Any]) -> Dict[str, Any]:
    """A module's spec (``argument_spec`` and its rules, as the ``*_spec()`` functions next to the runners return
    them) with the connection options every module accepts added to its ``argument_spec``."""
    argument_spec = connection_argument_spec()
    argument_spec.update(spec['argument_spec'])
    return dict(spec, argument_spec=argument_spec)


def mask(text: str, secrets: List[str]) -> str:
    """``text`` with every secret replaced, as ansible-core masks no_log values inside longer strings."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


class TaskRun:
    """One run of a task: validated ``params``, ``check_mode`` and ``_diff``, ``warn`` and ``deadline``, the API
    facades (``api``, ``vpc_api``) and ``converge``: the one object every runner function takes.

    ``warn(text)`` tells the user something (secrets masked); ``no_log(value)`` adds a value to those the caller
    masks in every output; ``path`` is the way the task runs, returned under ``PATH_KEY``.
    """

    def __init__(self, params: Dict[str, Any], *, check_mode: bool, diff: bool, warn: Callable[[str], Any],
                 no_log: Callable[[str], Any], path: str) -> None:
        self.params = params
        self.check_mode = check_mode
        self._diff = diff
        self._warn = warn
        self._no_log = no_log
        self.path = path
        budget = params.get('wait_timeout')
        self.deadline = Deadline(budget if isinstance(budget, (int, float)) and budget > 0 else DEFAULT_TIME_BUDGET)
        self._api: Optional[VpcPeerApi] = None
        self._vpc_apis: Dict[str, VpcApi] = {}
        self._connection: Optional[Tuple[ConnectionSettings, Any]] = None
        self._secrets: List[str] = [v for v in (params.get('access_key_secret'), params.get('security_token')) if v]

    def warn(self, warning: str) -> None:
        self._warn(mask(warning, self._secrets))

    # -- the API ------------------------------------------------------------------------------------
    @property
    def api(self) -> VpcPeerApi:
        """The VpcPeer API facade, built on first use. Raises ``ConfigurationError`` on bad connection options and
        ``SdkMissing`` when the SDK cannot be imported."""
        if self._api is None:
            settings, credential = self._settings_and_credential()
            client = load_sdk()(sdk_config(settings, credential))
            self._api = VpcPeerApi(client, self.deadline, connect_timeout=settings.connect_timeout,
                                   read_timeout=settings.read_timeout, proxy=proxy_for(settings.endpoint, os.environ))
        return self._api

    def vpc_api(self, region_id: str) -> VpcApi:
        """The VPC API facade for ``region_id``: the region's endpoint, or ``vpc_endpoint`` when it is set."""
        if region_id not in self._vpc_apis:
            settings, credential = self._settings_and_credential()
            client = load_vpc_sdk()(sdk_config(settings, credential, settings.vpc_endpoint, region_id))
            endpoint = settings.vpc_endpoint or Endpoint(getattr(client, '_endpoint', None) or '', 'https')
            self._vpc_apis[region_id] = VpcApi(
                client, self.deadline, connect_timeout=settings.connect_timeout, read_timeout=settings.read_timeout,
                proxy=proxy_for(endpoint, os.environ), region_id=region_id)
        return self._vpc_apis[region_id]

    def _settings_and_credential(self) -> Tuple[ConnectionSettings, Any]:
        """The connection options, checked, and the credentials they name, loaded once per task."""
        if self._connection is None:
            settings = ConnectionSettings.from_params(self.params)
            for warning in settings.warnings:
                self.warn(warning)
            credential = credential_client(settings)
            if credential is not None:
                self._resolve_credentials(credential, settings)
            self._connection = (settings, credential)
        return self._connection

    def _resolve_credentials(self, credential: Any, settings: ConnectionSettings) -> None:
        """Load profile / default-chain credentials now: a clear error before any API call, and their
        secrets join the values masked in every output."""
        try:
            model = credential.get_credential()
        except Exception as exc:  # the providers raise CredentialException, ValueError, OSError, ...
            source = ('profile %r' % settings.profile if settings.credentials_source == CREDENTIALS_PROFILE
                      else 'the alibabacloud-credentials default chain')
            detail = getattr(exc, 'message', None) or str(exc)
            raise ConfigurationError('Could not load credentials from %s: %s. What to do: %s'
                                     % (source, detail, ADVICE[CODE_NO_CREDENTIALS]))
        for value in (getattr(model, 'access_key_secret', None), getattr(model, 'security_token', None)):
            if value:
                self._secrets.append(value)
                self._no_log(value)

    # -- results ------------------------------------------------------------------------------------
    def execute(self, runner: Runner) -> Tuple[bool, Dict[str, Any]]:
        """Run ``runner(self)``: ``(False, its result)``, or ``(True, the failure's result keys and msg)`` when it
        raised a ``VpcPeerError``; either with ``PATH_KEY``. ``SdkMissing`` is the caller's to report."""
        try:
            failed, result = False, runner(self)
        except VpcPeerError as err:
            failed, result = True, self.failure(err)
        result[PATH_KEY] = self.path
        return failed, result

    def failure(self, err: VpcPeerError) -> Dict[str, Any]:
        """The result keys of a task failed by ``err``: ``msg`` and its own keys (``error`` for API errors), with
        the secrets masked."""
        if isinstance(err, ApiError):
            err.scrub(self._secrets)
        return dict(err.to_result(), msg=mask(err.msg, self._secrets))

    def converge(self, task: ResourceTask, resource_key: str) -> Dict[str, Any]:
        """Run ``task`` through the engine and build the module's result: ``changed``, the resource under
        ``resource_key``, ``applied_actions``, and ``diff`` in diff mode. A failure carries ``changed``,
        ``applied_actions`` and the resource as last read."""
        engine = Engine(task, self.deadline, check_mode=self.check_mode, wait=self.params.get('wait', True))
        try:
            result = engine.run()
        except VpcPeerError as err:
            if err.extra.get(resource_key) is None and engine.last_view is not None:
                err.extra[resource_key] = engine.last_view
            raise
        finally:
            for warning in engine.warnings:  # a failed task says them too
                self.warn(warning)
        output: Dict[str, Any] = {
            'changed': result.changed,
            resource_key: task.returned(result) or {},
            'applied_actions': [applied.to_result() for applied in result.applied],
        }
        if self._diff:
            # A run that changed nothing shows no difference, whatever happened meanwhile by itself.
            output['diff'] = task.diff(result.before, result.resource if result.changed else result.before)
        return output


class VpcPeerModule(AnsibleModule):
    """The module way of running a task: an ``AnsibleModule`` with the collection's connection options, whose
    ``task_run`` runs the task; every result, ansible-core's own validation failures included, says ``PATH_KEY``."""

    def __init__(self, argument_spec: Dict[str, Any], **kwargs: Any) -> None:
        spec = module_spec({**kwargs, 'argument_spec': argument_spec})
        super().__init__(**spec)
        self.task_run = TaskRun(self.params, check_mode=self.check_mode, diff=self._diff, warn=self.warn,
                                no_log=self.no_log_values.add, path=PATH_MODULE)

    def execute(self, runner: Runner) -> None:
        """Run ``runner`` on ``task_run`` and exit with its result, or fail with the ``VpcPeerError`` it raised, or
        with what to install when the SDK is missing."""
        try:
            failed, result = self.task_run.execute(runner)
        except SdkMissing as exc:
            self.fail_json(msg=missing_required_lib(SDK_PIP_PACKAGES), exception=exc.traceback)
        if failed:
            self.fail_json(**result)
        self.exit_json(**result)

    def exit_json(self, **kwargs: Any) -> None:
        kwargs.setdefault(PATH_KEY, PATH_MODULE)
        super().exit_json(**kwargs)

    def fail_json(self, msg: str, **kwargs: Any) -> None:
        kwargs.setdefault(PATH_KEY, PATH_MODULE)
        super().fail_json(msg, **kwargs)
