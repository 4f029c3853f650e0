# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests of the emulator itself, driven by the real alibabacloud-vpcpeer20220101 SDK over HTTP."""

from __future__ import annotations

import os

import pytest

# Before any SDK import: the credentials library reads its environment once, at import time.
for _name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
    os.environ.pop(_name, None)
os.environ["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "true"

pytest_plugins = ["vpcpeer_emulator.pytest_plugin"]


@pytest.fixture
def requester(emulator):
    """SDK client of the requester account (full access key)."""
    return emulator.requester()


@pytest.fixture
def accepter(emulator):
    """SDK client of the accepter account."""
    return emulator.accepter()


@pytest.fixture
def immediate(emulator):
    """Every phase but expiry completes at once: tests that do not study the life cycle."""
    emulator.control.set_all_transitions({"mode": "immediate"})
    return emulator
