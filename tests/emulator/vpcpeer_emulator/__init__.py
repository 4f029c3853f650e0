# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A local emulator of the Alibaba Cloud VpcPeer 2022-01-01 and VPC 2016-04-28 APIs, for tests (standard library only)."""

from __future__ import annotations

from .accounts import (
    ACCEPTER_AK, ACCEPTER_SECRET, ACCEPTER_UID, REQUESTER_AK, REQUESTER_RO_AK, REQUESTER_RO_SECRET,
    REQUESTER_SECRET, REQUESTER_STS_AK, REQUESTER_STS_SECRET, REQUESTER_STS_TOKEN, REQUESTER_UID,
)
from .control import ControlClient, ControlError
from .emulator import Emulator, default_config
from .server import EmulatorServer

__version__ = "0.1.0"

__all__ = [
    "ACCEPTER_AK", "ACCEPTER_SECRET", "ACCEPTER_UID", "REQUESTER_AK", "REQUESTER_RO_AK", "REQUESTER_RO_SECRET",
    "REQUESTER_SECRET", "REQUESTER_STS_AK", "REQUESTER_STS_SECRET", "REQUESTER_STS_TOKEN", "REQUESTER_UID",
    "ControlClient", "ControlError", "Emulator", "EmulatorServer", "default_config", "__version__",
]
