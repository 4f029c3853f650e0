# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lazy life cycle shared by every emulated resource: peering connections, VPCs and route entries.

A resource in a transitional status carries one ``Pending`` phase. The phase completes lazily, like
moto's ManagedState: when a read or a mutation looks at the resource and the phase's condition holds
(time passed, enough reads). There are no timer threads, so tests are deterministic in-process and in
a separate server.

Modes per phase: immediate, time (``seconds``, or ``[min, max]`` drawn when the phase starts from the
resource's own generator, seeded with the configured ``seed`` and the resource's creation number),
reads (complete after ``reads`` reads; the read after the N-th sees the new state), never (stuck until
the control API moves it). What completing a phase does is each resource kind's business
(``LifeCycle.complete``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional

from .accounts import format_utc

# Phases of peering connections, then of VPCs and route entries (VPC 2016-04-28).
CONNECTION_PHASES = ("create", "accept", "modify", "delete", "deleted", "expire")
VPC_PHASES = ("vpc_create", "vpc_delete", "route_create", "route_modify", "route_delete")
PHASES = CONNECTION_PHASES + VPC_PHASES
MODES = ("immediate", "time", "reads", "never")
SEVEN_DAYS = 7 * 24 * 3600.0


def default_transitions() -> Dict[str, Dict[str, Any]]:
    """The ``fast`` profile's transitions (a fresh copy)."""
    return {
        "create": {"mode": "time", "seconds": 0.3},
        "accept": {"mode": "time", "seconds": 0.3},
        "modify": {"mode": "time", "seconds": 0.3},
        "delete": {"mode": "time", "seconds": 0.3},
        "deleted": {"mode": "time", "seconds": 0.5},
        "expire": {"mode": "time", "seconds": SEVEN_DAYS},
        "vpc_create": {"mode": "time", "seconds": 0.3},
        "vpc_delete": {"mode": "time", "seconds": 0.3},
        "route_create": {"mode": "time", "seconds": 0.3},
        "route_modify": {"mode": "time", "seconds": 0.3},
        "route_delete": {"mode": "time", "seconds": 0.3},
    }


def normalize_seconds(value: Any) -> Any:
    """A duration: a number >= 0, or ``[min, max]`` to draw from; ValueError otherwise."""
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise ValueError("a range of seconds must be [min, max]")
        low, high = float(value[0]), float(value[1])
        if not 0 <= low <= high:
            raise ValueError("a range of seconds needs 0 <= min <= max")
        return [low, high]
    seconds = float(value)
    if seconds < 0:
        raise ValueError("seconds must be >= 0")
    return seconds


def draw_seconds(value: Any, rng: random.Random) -> float:
    """A duration from ``normalize_seconds``' result: the number itself, or uniform in the range."""
    if isinstance(value, list):
        return rng.uniform(value[0], value[1])
    return float(value)


def resource_rng(seed: Any, seq: int) -> random.Random:
    """A resource's own generator: the same seed and creation order give the same durations."""
    return random.Random("%s:%d" % (seed, seq))


def normalize_transition(spec: Any) -> Dict[str, Any]:
    """Validate one phase's transition spec; ValueError when malformed."""
    if not isinstance(spec, dict):
        raise ValueError("a transition must be an object such as {\"mode\": \"time\", \"seconds\": 1}")
    mode = spec.get("mode")
    if mode not in MODES:
        raise ValueError("transition mode must be one of %s" % ", ".join(MODES))
    result: Dict[str, Any] = {"mode": mode}
    if mode == "time":
        result["seconds"] = normalize_seconds(spec.get("seconds", 0))
    elif mode == "reads":
        reads = int(spec.get("reads", 1))
        if reads < 0:
            raise ValueError("reads must be >= 0")
        result["reads"] = reads
    return result


def normalize_transitions(specs: Any) -> Dict[str, Dict[str, Any]]:
    if not isinstance(specs, dict):
        raise ValueError("transitions must be an object keyed by phase")
    result = {}
    for phase, spec in specs.items():
        if phase not in PHASES:
            raise ValueError("unknown phase %r; phases are %s" % (phase, ", ".join(PHASES)))
        result[phase] = normalize_transition(spec)
    return result


@dataclass
class Pending:
    phase: str
    target: str          # status after completion; "" = remove the resource
    mode: str
    started: float
    seconds: float = 0.0
    reads: int = 0
    reads_seen: int = 0

    @property
    def due(self) -> Optional[float]:
        if self.mode == "time":
            return self.started + self.seconds
        if self.mode == "immediate":
            return self.started
        return None

    def to_dict(self) -> Dict[str, Any]:
        result: Dict[str, Any] = {"phase": self.phase, "target": self.target or "(removed)", "mode": self.mode}
        if self.mode == "time":
            result["due"] = format_utc(self.started + self.seconds)
            result["seconds"] = self.seconds
        if self.mode == "reads":
            result["reads"] = self.reads
            result["reads_seen"] = self.reads_seen
        return result


class LifeCycle:
    """Starts, advances and completes the pending phase of resources; subclasses say what completing does.

    A resource needs ``pending`` (Pending or None), ``transitions`` (its own overrides by phase), ``rng``
    and ``removed``. Callers hold the emulator lock.
    """

    def __init__(self, settings: Callable[[], Dict[str, Any]]) -> None:
        self.settings = settings

    def transition(self, resource: Any, phase: str) -> Dict[str, Any]:
        """The resource's own transition of ``phase``, else the configured one."""
        if phase in resource.transitions:
            return resource.transitions[phase]
        return (self.settings().get("transitions") or {}).get(phase) or default_transitions()[phase]

    def start_phase(self, resource: Any, phase: str, target: str, now: float) -> None:
        spec = self.transition(resource, phase)
        resource.pending = Pending(phase=phase, target=target, mode=spec["mode"], started=now,
                                   seconds=draw_seconds(spec.get("seconds", 0.0), resource.rng),
                                   reads=int(spec.get("reads", 0)))
        self.phase_started(resource, now)
        self.advance(resource, now)

    def phase_started(self, resource: Any, now: float) -> None:
        """Hook: the phase is set up and about to be advanced (it may complete at once)."""

    def advance(self, resource: Any, now: float) -> None:
        """Complete every pending phase whose time has come (a completed phase may start the next one)."""
        while resource.pending is not None and not resource.removed:
            due = resource.pending.due
            if due is None or now < due:
                return
            self.complete(resource, due)

    def complete(self, resource: Any, at: float) -> None:
        """Finish the pending phase as of time ``at``."""
        raise NotImplementedError

    def count_read(self, resource: Any, now: float) -> None:
        """Count one read for a ``reads`` phase. The read that completes a phase is the first read of
        the phase it chains to (delete -> deleted), so every phase shows its status for ``reads`` reads."""
        while resource.pending is not None and resource.pending.mode == "reads" and not resource.removed:
            pending = resource.pending
            if pending.reads_seen < pending.reads:
                pending.reads_seen += 1
                return
            self.complete(resource, now)
            self.advance(resource, now)

    def force_complete(self, resource: Any, now: float) -> bool:
        """Complete the pending phase now, whatever its mode (control API)."""
        if resource.pending is None:
            return False
        self.complete(resource, now)
        return True

    def retime(self, resource: Any, overrides: Dict[str, Dict[str, Any]], now: float) -> None:
        """New per-resource transitions; the running phase follows its new rule, counted from when it started."""
        resource.transitions.update(overrides)
        pending = resource.pending
        if pending is not None and pending.phase in overrides:
            new = overrides[pending.phase]
            pending.mode = new["mode"]
            pending.seconds = draw_seconds(new.get("seconds", 0.0), resource.rng)
            pending.reads = int(new.get("reads", 0))
            self.advance(resource, now)
