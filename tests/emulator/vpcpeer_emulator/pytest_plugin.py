# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""pytest fixtures: one in-process emulator per test session, reset before every test.

Use with ``pytest_plugins = ["vpcpeer_emulator.pytest_plugin"]`` in a conftest.py, or
``pytest -p vpcpeer_emulator.pytest_plugin``.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Iterator, Optional

import pytest

from .accounts import (
    ACCEPTER_AK, ACCEPTER_SECRET, REQUESTER_AK, REQUESTER_RO_AK, REQUESTER_RO_SECRET, REQUESTER_SECRET,
    REQUESTER_STS_AK, REQUESTER_STS_SECRET, REQUESTER_STS_TOKEN,
)
from .control import ControlClient
from .server import EmulatorServer

# The SDK honours these and ignores NO_PROXY, so any of them would route 127.0.0.1 to a proxy.
PROXY_ENV_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy")

DEFAULT_SECRETS = {
    REQUESTER_AK: REQUESTER_SECRET,
    REQUESTER_RO_AK: REQUESTER_RO_SECRET,
    REQUESTER_STS_AK: REQUESTER_STS_SECRET,
    ACCEPTER_AK: ACCEPTER_SECRET,
}


def clean_environment(environ: Optional[Dict[str, str]] = None) -> None:
    """Remove proxy variables and keep the credentials chain away from the ECS metadata service."""
    target = os.environ if environ is None else environ
    for name in PROXY_ENV_VARS:
        target.pop(name, None)
    target["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "true"


class EmulatorHandle:
    """What the ``emulator`` fixture yields."""

    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self.emulator = server.emulator
        self.endpoint = server.endpoint
        self.port = server.port
        self.url = server.url
        self.control = ControlClient(server.url)

    def sdk_config(self, access_key_id: str = REQUESTER_AK, access_key_secret: Optional[str] = None,
                   security_token: Optional[str] = None, **config_overrides: Any) -> Any:
        """An ``alibabacloud_tea_openapi`` Config pointed at the emulator: credentials (the known secret and STS
        token of a default key unless given), endpoint and ``protocol="http"``, plus ``config_overrides``."""
        # Imported here so that the emulator itself never depends on the SDK.
        from alibabacloud_tea_openapi import models as open_api_models  # pylint: disable=import-outside-toplevel

        if access_key_secret is None:
            access_key_secret = DEFAULT_SECRETS.get(access_key_id, "")
        if security_token is None and access_key_id == REQUESTER_STS_AK:
            security_token = REQUESTER_STS_TOKEN
        settings: Dict[str, Any] = {"access_key_id": access_key_id, "access_key_secret": access_key_secret,
                                    "endpoint": self.endpoint, "protocol": "http"}
        if security_token is not None:
            settings["security_token"] = security_token
        settings.update(config_overrides)
        return open_api_models.Config(**settings)

    def sdk_client(self, access_key_id: str = REQUESTER_AK, access_key_secret: Optional[str] = None,
                   security_token: Optional[str] = None, **config_overrides: Any) -> Any:
        """A real ``alibabacloud_vpcpeer20220101`` client pointed at the emulator.

        Only credentials, endpoint and ``protocol="http"`` are set; ``config_overrides`` are
        further ``Config`` fields (read_timeout, signature_algorithm, retry_options...).
        """
        from alibabacloud_vpcpeer20220101.client import Client  # pylint: disable=import-outside-toplevel

        return Client(self.sdk_config(access_key_id, access_key_secret, security_token, **config_overrides))

    def vpc_client(self, access_key_id: str = REQUESTER_AK, access_key_secret: Optional[str] = None,
                   security_token: Optional[str] = None, **config_overrides: Any) -> Any:
        """A real ``alibabacloud_vpc20160428`` client (VPC 2016-04-28) pointed at the emulator, set up like
        ``sdk_client``. The endpoint given wins over the SDK's regional endpoint map."""
        from alibabacloud_vpc20160428.client import Client  # pylint: disable=import-outside-toplevel

        return Client(self.sdk_config(access_key_id, access_key_secret, security_token, **config_overrides))

    def requester(self, **config_overrides: Any) -> Any:
        return self.sdk_client(REQUESTER_AK, **config_overrides)

    def accepter(self, **config_overrides: Any) -> Any:
        return self.sdk_client(ACCEPTER_AK, **config_overrides)

    def read_only(self, **config_overrides: Any) -> Any:
        return self.sdk_client(REQUESTER_RO_AK, **config_overrides)

    def vpc_requester(self, **config_overrides: Any) -> Any:
        return self.vpc_client(REQUESTER_AK, **config_overrides)

    def vpc_accepter(self, **config_overrides: Any) -> Any:
        return self.vpc_client(ACCEPTER_AK, **config_overrides)

    def vpc_read_only(self, **config_overrides: Any) -> Any:
        return self.vpc_client(REQUESTER_RO_AK, **config_overrides)


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[EmulatorServer]:
    """The session's emulator, in a thread of this process, on a free 127.0.0.1 port, with the fast profile."""
    clean_environment()
    server = EmulatorServer(host="127.0.0.1", port=0, profile="fast").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def emulator(emulator_server: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[EmulatorHandle]:
    """The session emulator, reset to its startup configuration, with a proxy-free environment."""
    for name in PROXY_ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
    emulator_server.emulator.reset()
    yield EmulatorHandle(emulator_server)
