# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``VpcPeerModule``: the ``AnsibleModule`` every module of the collection uses.

This module util is PRIVATE to the collection: its interface may change in any release.

It merges the shared connection options into the argument spec, starts the task's time budget, builds
the API facade lazily (only a task that calls the API imports the SDK), reports a missing SDK with
``missing_required_lib`` and fails every ``VpcPeerError`` (API errors included) the same way.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Dict, List, Optional, Tuple

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


class VpcPeerModule(AnsibleModule):
    """An ``AnsibleModule`` with the collection's connection options, API facade and error reporting."""

    def __init__(self, argument_spec: Dict[str, Any], **kwargs: Any) -> None:
        spec = connection_argument_spec()
        spec.update(argument_spec)
        super().__init__(argument_spec=spec, **kwargs)
        budget = self.params.get('wait_timeout')
        self.deadline = Deadline(budget if isinstance(budget, (int, float)) and budget > 0 else DEFAULT_TIME_BUDGET)
        self._api: Optional[VpcPeerApi] = None
        self._vpc_apis: Dict[str, VpcApi] = {}
        self._connection: Optional[Tuple[ConnectionSettings, Any]] = None
        self._secrets: List[str] = [v for v in (self.params.get('access_key_secret'), self.params.get('security_token')) if v]

    # -- the API ------------------------------------------------------------------------------------
    @property
    def api(self) -> VpcPeerApi:
        """The VpcPeer API facade, built on first use (fails the task on bad connection options)."""
        if self._api is None:
            settings, credential = self._settings_and_credential()
            client = self._sdk_class(load_sdk)(sdk_config(settings, credential))
            self._api = VpcPeerApi(client, self.deadline, connect_timeout=settings.connect_timeout,
                                   read_timeout=settings.read_timeout, proxy=proxy_for(settings.endpoint, os.environ))
        return self._api

    def vpc_api(self, region_id: str) -> VpcApi:
        """The VPC API facade for ``region_id``: the region's endpoint, or ``vpc_endpoint`` when it is set."""
        if region_id not in self._vpc_apis:
            settings, credential = self._settings_and_credential()
            client = self._sdk_class(load_vpc_sdk)(sdk_config(settings, credential, settings.vpc_endpoint, region_id))
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
            credential = self._sdk_class(lambda: credential_client(settings))
            if credential is not None:
                self._resolve_credentials(credential, settings)
            self._connection = (settings, credential)
        return self._connection

    def _sdk_class(self, load: Callable[[], Any]) -> Any:
        """``load()``, failing the task with what to install when the SDK is missing."""
        try:
            return load()
        except SdkMissing as exc:
            self.fail_json(msg=missing_required_lib(SDK_PIP_PACKAGES), exception=exc.traceback)

    def _resolve_credentials(self, credential: Any, settings: ConnectionSettings) -> None:
        """Load profile / default-chain credentials now: a clear error before any API call, and their
        secrets join the values Ansible masks in every output."""
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
                self.no_log_values.add(value)

    # -- results ------------------------------------------------------------------------------------
    def fail_error(self, err: VpcPeerError) -> None:
        """Fail the task with ``err.msg`` and its result keys (``error`` for API errors), secrets masked."""
        if isinstance(err, ApiError):
            err.scrub(self._secrets)
        msg = err.msg
        for secret in self._secrets:
            msg = msg.replace(secret, '********')
        self.fail_json(msg=msg, **err.to_result())

    def execute(self, task: Callable[['VpcPeerModule'], Dict[str, Any]]) -> None:
        """Run ``task(self)`` and exit with its result, or fail with the ``VpcPeerError`` it raised."""
        try:
            result = task(self)
        except VpcPeerError as err:
            self.fail_error(err)
        self.exit_json(**result)

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
