# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures of the unit tests: the project's VpcPeer emulator, real SDK clients pointed at it, a fake clock.

``emulator_server`` and ``emulator`` come from the emulator's pytest plugin (imported here: a non-root conftest
may not name ``pytest_plugins``). ansible-test runs every test in a fork of its own, so the session's server is
started in that fork, in the same process as the test: ``emulator.emulator`` is the state the server serves.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Dict

# Before any SDK import: the credentials library reads its environment once, at import time; the SDK ignores
# NO_PROXY, so no proxy may route 127.0.0.1 elsewhere.
for _name in ('HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy'):
    os.environ.pop(_name, None)
os.environ['ALIBABA_CLOUD_ECS_METADATA_DISABLED'] = 'true'

import pytest  # noqa: E402

from vpcpeer_emulator.pytest_plugin import emulator, emulator_server  # noqa: E402,F401 pylint: disable=unused-import

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import client as client_utils  # noqa: E402
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import retry  # noqa: E402
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import VpcApi, VpcPeerApi  # noqa: E402
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import Deadline  # noqa: E402
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.support import KEYS, FakeTime  # noqa: E402

# The SDK is imported lazily by the collection (about 0.3 s). Import it here, once per worker: ansible-test forks
# every test from the worker, and each fork would otherwise import it again.
client_utils.load_sdk()
client_utils.load_vpc_sdk()
import alibabacloud_tea_util.models  # noqa: E402,F401 pylint: disable=unused-import,wrong-import-position
import alibabacloud_vpcpeer20220101.models  # noqa: E402,F401 pylint: disable=unused-import,wrong-import-position
import alibabacloud_vpc20160428.models  # noqa: E402,F401 pylint: disable=unused-import,wrong-import-position


def pytest_configure(config: pytest.Config) -> None:
    # The SDK signs with datetime.utcnow(), deprecated since Python 3.12: not the collection's to fix.
    config.addinivalue_line('filterwarnings', 'ignore:datetime.datetime.utcnow:DeprecationWarning')


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # pytest ends a run that collected nothing with status 5, which ansible-test counts as a pass: a suite that
    # silently lost its tests must fail instead.
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def no_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the jitter deterministic (random() = 0.5 means no jitter); tests of jitter pass their own rand."""
    monkeypatch.setattr(retry.random, 'random', lambda: 0.5)


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    """A fake clock for every Deadline, retry and poll of the collection: sleeping costs no real time.

    retry.py looks ``time`` up at call time (``default_clock``, ``default_sleep``), so replacing it there
    reaches every sleep of the engine, the waits and the retry loop."""
    clock = FakeTime()
    monkeypatch.setattr(retry, 'time', clock)
    return clock


@pytest.fixture
def clock(fake_time: FakeTime, emulator: Any) -> FakeTime:
    """The fake clock, linked to the emulator's: each sleep of the module moves emulator time as far, so that
    its time-based transitions (Creating, Updating, Deleting...) progress exactly as the module waits."""
    fake_time.on_sleep = emulator.emulator.advance_clock
    return fake_time


def sdk_client(emulator: Any, account: str = 'requester', **config: Any) -> Any:
    """A real SDK client pointed at the emulator, configured by the collection's own ``client.sdk_config``
    (plain HTTP, the collection's User-Agent, SDK retries off); ``config``: further Config fields."""
    key_id, secret = KEYS[account]
    settings = client_utils.ConnectionSettings.from_params(
        {'access_key_id': key_id, 'access_key_secret': secret, 'endpoint': emulator.url})
    sdk_config = client_utils.sdk_config(settings)
    for name, value in config.items():
        setattr(sdk_config, name, value)
    return client_utils.load_sdk()(sdk_config)


@pytest.fixture
def make_api(emulator: Any, clock: FakeTime) -> Callable[..., VpcPeerApi]:
    """``make_api(account='requester', budget=600.0, **VpcPeerApi options)``: the collection's API facade over a
    real SDK client of that emulator account, its Deadline on the fake clock."""
    def build(account: str = 'requester', budget: float = 600.0, **options: Any) -> VpcPeerApi:
        return VpcPeerApi(sdk_client(emulator, account), Deadline(budget), **options)
    return build


@pytest.fixture
def requester_api(make_api: Callable[..., VpcPeerApi]) -> VpcPeerApi:
    return make_api('requester')


@pytest.fixture
def accepter_api(make_api: Callable[..., VpcPeerApi]) -> VpcPeerApi:
    return make_api('accepter')


def vpc_sdk_client(emulator: Any, account: str, region_id: str) -> Any:
    """A real VPC 2016-04-28 SDK client of that emulator account for ``region_id``, configured as the module's
    ``vpc_api`` configures it: ``vpc_endpoint`` defaults to a plain-HTTP ``endpoint`` (the emulator)."""
    key_id, secret = KEYS[account]
    settings = client_utils.ConnectionSettings.from_params(
        {'access_key_id': key_id, 'access_key_secret': secret, 'endpoint': emulator.url})
    return client_utils.load_vpc_sdk()(client_utils.sdk_config(settings, None, settings.vpc_endpoint, region_id))


@pytest.fixture
def make_vpc_apis(emulator: Any, clock: FakeTime) -> Callable[..., Callable[[str], VpcApi]]:
    """``make_vpc_apis(account='requester', deadline=None, **VpcApi options)``: the ``vpc_apis`` a route task takes, a
    function of the region returning that account's VPC API facade there (one per region, as the module keeps
    them), all on one Deadline (the task's: pass the VpcPeerApi's) on the fake clock."""
    def build(account: str = 'requester', deadline: Any = None, **options: Any) -> Callable[[str], VpcApi]:
        budget = deadline or Deadline(600.0)
        built: Dict[str, VpcApi] = {}

        def for_region(region_id: str) -> VpcApi:
            if region_id not in built:
                built[region_id] = VpcApi(vpc_sdk_client(emulator, account, region_id), budget, region_id=region_id,
                                          **options)
            return built[region_id]
        return for_region
    return build


@pytest.fixture
def requester_vpc_apis(make_vpc_apis: Callable[..., Callable[[str], VpcApi]],
                       requester_api: VpcPeerApi) -> Callable[[str], VpcApi]:
    """The requester's VPC APIs, on ``requester_api``'s Deadline."""
    return make_vpc_apis('requester', requester_api.deadline)


@pytest.fixture
def accepter_vpc_apis(make_vpc_apis: Callable[..., Callable[[str], VpcApi]],
                      accepter_api: VpcPeerApi) -> Callable[[str], VpcApi]:
    return make_vpc_apis('accepter', accepter_api.deadline)
