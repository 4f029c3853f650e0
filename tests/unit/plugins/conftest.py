# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import retry
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.fakes import FakeTime


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    """A fake clock for every Deadline, retry and poll of the collection: sleeping costs no real time."""
    clock = FakeTime()
    monkeypatch.setattr(retry, 'time', clock)
    return clock


@pytest.fixture(autouse=True)
def no_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the jitter deterministic (random() = 0.5 means no jitter); tests of jitter pass their own rand."""
    monkeypatch.setattr(retry.random, 'random', lambda: 0.5)
