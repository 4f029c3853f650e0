# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What Get and List show of a connection that a Modify changed: which new values are visible when.

Three rules decide it, all applied when a connection is read (mutations always see the true state):

- Deferred fields (``visibility.deferred_fields``, default Bandwidth and LinkType) read their values
  from before the Modify while its ``modify`` phase runs; the other fields (Name, Description) read
  their new values at once, even while the connection is Updating.
- A replica lag (``visibility.replica_lag``) opens when the ``modify`` phase completes: for
  ``seconds`` and/or ``reads`` its fields (default Bandwidth and LinkType) still read the values from
  before the Modify, while Status already reads Activated, like a read replica that is behind.
- The legacy stale window (``stale_window``) opens when the Modify is answered: every field, Status
  (Activated) and GmtModified included, reads the values from before the Modify.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

from .accounts import format_utc

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from .model import Connection

# API field -> Connection attribute, for every field a rule may hold back.
FIELD_ATTRIBUTES = {"Name": "name", "Description": "description", "Bandwidth": "bandwidth", "LinkType": "link_type",
                    "Status": "status", "GmtModified": "gmt_modified"}
MODIFIABLE_FIELDS = ("Name", "Description", "Bandwidth", "LinkType")
OPENS_AT_MODIFY = "modify"          # when the Modify is answered
OPENS_AT_ACTIVATION = "activation"  # when the modify phase completes


def default_visibility_config() -> Dict[str, Any]:
    return {"deferred_fields": ["Bandwidth", "LinkType"],
            "replica_lag": {"seconds": 0, "reads": 0, "fields": ["Bandwidth", "LinkType"]}}


@dataclass(frozen=True)
class LagRule:
    """When a lag opens, how long it lasts and which fields it holds back."""
    opens: str
    seconds: Any   # a number, or [min, max] drawn per connection
    reads: int
    fields: Tuple[str, ...]


def lag_rules(settings: Dict[str, Any]) -> List[LagRule]:
    """The lags configured: the replica lag and the legacy stale window, each when it is not zero."""
    rules = []
    lag = (settings.get("visibility") or {}).get("replica_lag") or {}
    if lag.get("seconds") or lag.get("reads"):
        rules.append(LagRule(OPENS_AT_ACTIVATION, lag.get("seconds") or 0, int(lag.get("reads") or 0),
                             tuple(lag.get("fields") or ())))
    window = settings.get("stale_window") or {}
    if window.get("stale_seconds") or window.get("stale_reads"):
        rules.append(LagRule(OPENS_AT_MODIFY, float(window.get("stale_seconds") or 0), int(window.get("stale_reads") or 0),
                             tuple(FIELD_ATTRIBUTES)))
    return rules


def validate_visibility(settings: Dict[str, Any], check_seconds: Any) -> None:
    """ValueError when ``visibility`` is malformed; ``check_seconds`` validates a seconds value or range."""
    visibility = settings.get("visibility") or {}
    _check_fields("visibility.deferred_fields", visibility.get("deferred_fields") or [])
    lag = visibility.get("replica_lag") or {}
    _check_fields("visibility.replica_lag.fields", lag.get("fields") or [])
    check_seconds(lag.get("seconds") or 0)
    if int(lag.get("reads") or 0) < 0:
        raise ValueError("visibility.replica_lag.reads must be >= 0")


def _check_fields(key: str, fields: Sequence[str]) -> None:
    if not isinstance(fields, list) or any(name not in MODIFIABLE_FIELDS for name in fields):
        raise ValueError("%s must be a list of %s" % (key, ", ".join(MODIFIABLE_FIELDS)))


def field_values(conn: "Connection") -> Dict[str, Any]:
    """The connection's current values of every field a rule may hold back."""
    return {name: getattr(conn, attribute) for name, attribute in FIELD_ATTRIBUTES.items()}


@dataclass
class ReplicaLag:
    """Old values that reads keep showing until the lag's time and reads are both used up."""
    opened_by: str
    values: Dict[str, Any]
    until: Optional[float]
    reads_left: int

    @classmethod
    def open(cls, rule: LagRule, before: Dict[str, Any], at: float, seconds: float) -> "ReplicaLag":
        return cls(opened_by=rule.opens, values={name: before[name] for name in rule.fields},
                   until=at + seconds if seconds > 0 else None, reads_left=rule.reads)

    def active(self, now: float) -> bool:
        return (self.until is not None and now < self.until) or self.reads_left > 0

    def to_dict(self) -> Dict[str, Any]:
        return {"opened_by": self.opened_by, "until": format_utc(self.until) if self.until is not None else None,
                "reads_left": self.reads_left, "values": printable(self.values)}


def printable(values: Dict[str, Any]) -> Dict[str, Any]:
    """Field values as the API writes them (GmtModified as a UTC date)."""
    result = dict(values)
    if "GmtModified" in result:
        result["GmtModified"] = format_utc(result["GmtModified"])
    return result


def read_overrides(conn: "Connection", deferred_fields: Sequence[str], now: float, count: bool) -> Dict[str, Any]:
    """The old values a read shows instead of the true ones; ``count`` uses up one read of each lag."""
    overrides: Dict[str, Any] = {}
    if conn.before_modify and conn.pending is not None and conn.pending.phase == "modify":
        overrides.update({name: conn.before_modify[name] for name in deferred_fields})
    for lag in conn.lags:
        if not lag.active(now):
            continue
        overrides.update(lag.values)
        if count and lag.reads_left > 0:
            lag.reads_left -= 1
    if count:
        conn.lags = [lag for lag in conn.lags if lag.active(now)]
    return overrides


def shown_version(conn: "Connection", overrides: Dict[str, Any]) -> "Connection":
    """The connection as a read shows it: itself, or a copy with the old values put back."""
    if not overrides:
        return conn
    shown = conn.snapshot()
    for name, value in overrides.items():
        setattr(shown, FIELD_ATTRIBUTES[name], value)
    return shown
