# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""API rate limits: a sliding window per (AliUid, region, action), as the VpcPeer quota page documents.

The VPC 2016-04-28 limits are the emulator's choice: no published number was found for them.

Throttled calls do not take a slot. When the ``retry_after_header`` setting is on, the answer
carries ``x-acs-retry-after`` (milliseconds until the oldest call leaves the window), which makes
the SDK raise ThrottlingException instead of ClientException.
"""

from __future__ import annotations

import math
from collections import deque
from typing import Any, Deque, Dict, Optional, Tuple

from .errors import ApiError, api_error

DEFAULT_LIMITS = {
    "CreateVpcPeerConnection": 360,
    "AcceptVpcPeerConnection": 360,
    "RejectVpcPeerConnection": 360,
    "ModifyVpcPeerConnection": 360,
    "DeleteVpcPeerConnection": 360,
    "GetVpcPeerConnectionAttribute": 360,
    "ListVpcPeerConnections": 360,
    "TagResources": 1000,
    "UnTagResources": 1000,
    "MoveResourceGroup": 1000,
    "ListTagResources": 3000,
    # VPC 2016-04-28 (the emulator's choice)
    "CreateRouteEntry": 360,
    "DeleteRouteEntry": 360,
    "ModifyRouteEntry": 360,
    "CreateVpc": 100,
    "DeleteVpc": 100,
    "DescribeVpcs": 1000,
    "DescribeVpcAttribute": 1000,
    "DescribeVSwitches": 1000,
    "DescribeRouteTableList": 1000,
    "DescribeRouteEntryList": 1000,
}


def default_quota_config() -> Dict[str, Any]:
    return {"enabled": True, "window_seconds": 60.0, "retry_after_header": False, "limits": dict(DEFAULT_LIMITS)}


class RateLimiter:
    """Sliding-window counters; callers hold the emulator lock."""

    def __init__(self) -> None:
        self._calls: Dict[Tuple[int, str, str], Deque[float]] = {}

    def reset(self) -> None:
        self._calls.clear()

    def check(self, config: Dict[str, Any], uid: int, region: str, action: str, now: float) -> None:
        """Take a slot for this call or raise Throttling.User."""
        if not config.get("enabled", True):
            return
        limit = (config.get("limits") or {}).get(action)
        if limit is None:
            return
        window = float(config.get("window_seconds", 60.0))
        calls = self._calls.setdefault((uid, region, action), deque())
        while calls and calls[0] <= now - window:
            calls.popleft()
        if len(calls) >= int(limit):
            raise self.throttled(config, calls[0] + window - now if calls else window)
        calls.append(now)

    @staticmethod
    def throttled(config: Dict[str, Any], seconds_left: Optional[float]) -> ApiError:
        headers = {}
        if config.get("retry_after_header") and seconds_left is not None:
            headers["x-acs-retry-after"] = str(max(1, int(math.ceil(seconds_left * 1000))))
        return api_error("Throttling.User", headers=headers)
