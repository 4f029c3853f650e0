# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Named timing profiles: how long the transitional statuses last and how far a replica lags behind.

- ``fast`` (the default): short fixed windows, for unit-test speed; no replica lag.
- ``realistic``: windows of seconds to tens of seconds, drawn per resource, and a replica lag.
- ``chaos``: realistic-shaped but shorter windows, drawn per resource, a replica lag, and a fault mix.

Ranges ``[min, max]`` are drawn when a phase starts from the resource's own generator, seeded with the
configuration's ``seed``. Selecting a profile replaces ``transitions``, the replica lag's ``seconds`` and
``reads`` and the profile's fault rules; explicit settings given with it, or later, override it.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List

from .lifecycle import SEVEN_DAYS, default_transitions

DEFAULT_PROFILE = "fast"


def _drawn(**windows: List[float]) -> Dict[str, Dict[str, Any]]:
    """Transitions whose windows are drawn from these [min, max] ranges, in seconds, by phase."""
    transitions = {phase: {"mode": "time", "seconds": list(bounds)} for phase, bounds in windows.items()}
    transitions["expire"] = {"mode": "time", "seconds": SEVEN_DAYS}
    return transitions


# Mutating actions of VpcPeer, which another writer's operations can refuse.
MUTATIONS = ("CreateVpcPeerConnection", "AcceptVpcPeerConnection", "RejectVpcPeerConnection",
             "ModifyVpcPeerConnection", "DeleteVpcPeerConnection")
TAG_MUTATIONS = ("TagResources", "UnTagResources", "MoveResourceGroup")
# Mutating actions of VPC 2016-04-28; route writes also meet another writer's task in the same VPC.
ROUTE_WRITES = ("CreateRouteEntry", "DeleteRouteEntry", "ModifyRouteEntry")
VPC_MUTATIONS = ROUTE_WRITES + ("CreateVpc", "DeleteVpc")


def _chaos_faults() -> List[Dict[str, Any]]:
    """Every fault the emulator has, each with a small chance per call (the emulator's choice of rates: low
    enough that a task's retries within its time budget absorb them, high enough that a run of the
    integration targets meets each kind many times). Stale and partial reads come from the replica lag."""
    rules: List[Dict[str, Any]] = [
        {"action": "*", "fault": "throttling", "probability": 0.03},
        {"action": "*", "fault": "throttling", "probability": 0.01, "retry_after_ms": 300},
        {"action": "*", "fault": "service_unavailable", "probability": 0.02},
        {"action": "*", "fault": "internal_error", "probability": 0.01},
        {"action": "*", "fault": "bad_gateway", "probability": 0.01},
        {"action": "*", "fault": "drop", "probability": 0.01},
        {"action": "*", "fault": "slow", "probability": 0.02, "delay": 0.8},
    ]
    for action in MUTATIONS + TAG_MUTATIONS + VPC_MUTATIONS:
        rules.append({"action": action, "fault": "drop", "after_apply": True, "probability": 0.03})
        rules.append({"action": action, "fault": "slow", "after_apply": True, "probability": 0.01, "delay": 0.8})
    for action in MUTATIONS:
        rules.append({"action": action, "fault": "error", "code": "Conflict.Operation", "probability": 0.04})
    for action in MUTATIONS[1:]:
        rules.append({"action": action, "fault": "error", "code": "IncorrectStatus.VpcPeer", "probability": 0.02,
                      "message": "The status of the peering connection [Updating] is incorrect."})
    for action in ROUTE_WRITES:
        rules.append({"action": action, "fault": "error", "code": "TaskConflict", "probability": 0.04})
        rules.append({"action": action, "fault": "error", "code": "OperationFailed.DistibuteLock", "probability": 0.01})
    return rules


PROFILES: Dict[str, Dict[str, Any]] = {
    "fast": {
        "transitions": default_transitions(),
        "replica_lag": {"seconds": 0, "reads": 0},
        "faults": [],
    },
    "realistic": {
        "transitions": _drawn(create=[3, 20], accept=[2, 10], modify=[2, 15], delete=[2, 10], deleted=[2, 10],
                              vpc_create=[2, 8], vpc_delete=[2, 8], route_create=[1, 5], route_modify=[1, 5],
                              route_delete=[1, 5]),
        "replica_lag": {"seconds": [0.5, 3], "reads": 0},
        "faults": [],
    },
    "chaos": {
        "transitions": _drawn(create=[0.5, 4], accept=[0.5, 3], modify=[0.5, 4], delete=[0.5, 3], deleted=[0.5, 3],
                              vpc_create=[0.5, 3], vpc_delete=[0.5, 3], route_create=[0.3, 2], route_modify=[0.3, 2],
                              route_delete=[0.3, 2]),
        "replica_lag": {"seconds": [0.2, 1.5], "reads": 0},
        # Rules in the format of POST /_emulator/faults, installed (with "origin": "profile") whenever the
        # profile is selected or the emulator reset, removed when another profile is selected; each draws
        # from a generator seeded with the configuration's seed, so a seed replays the same faults.
        "faults": _chaos_faults(),
    },
}


def profile_settings(name: Any) -> Dict[str, Any]:
    """A copy of the named profile's settings; ValueError for an unknown name."""
    if name not in PROFILES:
        raise ValueError("profile must be one of %s" % ", ".join(PROFILES))
    return copy.deepcopy(PROFILES[name])


def apply_profile(config: Dict[str, Any], name: Any) -> Dict[str, Any]:
    """Select ``name`` in ``config`` (in place): its transitions and replica lag replace the current ones."""
    settings = profile_settings(name)
    config["profile"] = name
    config["transitions"] = settings["transitions"]
    visibility = config.setdefault("visibility", {})
    visibility["replica_lag"] = {**(visibility.get("replica_lag") or {}), **settings["replica_lag"]}
    return config


def profile_fault_rules(config: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The fault rules of the configuration's profile, each seeded from the configuration's seed."""
    seed = int(config.get("seed") or 0)
    rules = profile_settings(config.get("profile", DEFAULT_PROFILE))["faults"]
    return [dict(rule, seed=seed * 1000 + index) for index, rule in enumerate(rules)]
