# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import os

import pytest
from ansible.module_utils.common import warnings as ansible_warnings

# Kept: without it, the credentials chain would ask the ECS metadata service.
KEPT = ('ALIBABA_CLOUD_ECS_METADATA_DISABLED',)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Modules read credentials, region and endpoint from the environment: start every module test without any."""
    for name in list(os.environ):
        if name.startswith(('ALIBABA_CLOUD_', 'ALICLOUD_')) and name not in KEPT:
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    """ansible-core keeps the warnings of a module run in a module-level collection: start every test with an
    empty one, or a test run without forks would see the warnings of the tests before it."""
    for name in ('_global_warnings', '_global_deprecations'):
        collected = getattr(ansible_warnings, name, None)
        if collected is not None:
            monkeypatch.setattr(ansible_warnings, name, type(collected)())
