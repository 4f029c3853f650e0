# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault rules: make chosen API calls fail the way a real network or gateway can.

Kinds:
  service_unavailable  503 ServiceUnavailable (JSON)       -> SDK ServerException
  internal_error       500 InternalError (JSON)            -> SDK ServerException
  throttling           400 Throttling.User (JSON), optional x-acs-retry-after -> Client/ThrottlingException
  bad_gateway          502 with an HTML body               -> SDK UnretryableException (body is not JSON)
  slow                 answer after ``delay`` seconds      -> UnretryableException when beyond read_timeout
  drop                 close the connection, no answer     -> UnretryableException
  error                the API error ``code`` (with ``message`` and ``status`` when given, else as the catalogue
                       words it): a refusal such as Conflict.Operation or IncorrectStatus.VpcPeer that another
                       writer would cause, without that writer's change
``after_apply`` (slow/drop) handles the call first, then delays or drops the answer: the change is
made although the client sees a failure, the "lost answer" case.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from .errors import CATALOGUE, ApiError, api_error

FAULT_KINDS = ("service_unavailable", "internal_error", "throttling", "bad_gateway", "slow", "drop", "error")

BAD_GATEWAY_HTML = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n"
)


@dataclass
class FaultRule:
    rule_id: int
    action: str
    fault: str
    count: Optional[int] = None          # faults left to inject; None = no limit
    probability: Optional[float] = None  # chance per matching call
    skip: int = 0                        # matching calls still to let through first
    after_apply: bool = False
    delay: float = 2.0
    retry_after_ms: Optional[int] = None
    access_key_id: Optional[str] = None
    product: Optional[str] = None        # "VpcPeer" or "Vpc": only that product's calls; None = both
    origin: str = "api"                  # "profile" for the rules a timing profile installs
    code: Optional[str] = None           # the "error" kind's API error code
    message: Optional[str] = None        # and its message (None: the catalogue's)
    status: Optional[int] = None         # and its HTTP status (None: the catalogue's)
    injected: int = 0
    matched: int = 0
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "id": self.rule_id, "action": self.action, "fault": self.fault, "remaining": self.count,
            "probability": self.probability, "skip": self.skip, "after_apply": self.after_apply,
            "delay": self.delay, "retry_after_ms": self.retry_after_ms, "access_key_id": self.access_key_id,
            "product": self.product,
            "matched": self.matched, "injected": self.injected, "origin": self.origin,
            "code": self.code, "message": self.message, "status": self.status,
        }

    @property
    def exhausted(self) -> bool:
        return self.count is not None and self.count <= 0

    def error(self, catalogue: Optional[Dict[str, Tuple[int, str, str]]] = None, subject: str = "") -> Optional[ApiError]:
        """The error answer of a JSON fault (None for bad_gateway/slow/drop), an ``error`` fault's code worded
        from ``catalogue`` (the called product's), its placeholders filled with ``subject`` (the resource the call
        names, as the service words them; a call that names none keeps the template)."""
        if self.fault == "service_unavailable":
            return api_error("ServiceUnavailable")
        if self.fault == "internal_error":
            return api_error("InternalError")
        if self.fault == "throttling":
            headers = {"x-acs-retry-after": str(int(self.retry_after_ms))} if self.retry_after_ms else {}
            return api_error("Throttling.User", headers=headers)
        if self.fault == "error":
            code = self.code or "InternalError"
            template = (CATALOGUE if catalogue is None else catalogue).get(code, (0, "", ""))[1]
            error = api_error(code, *([subject] * template.count("%s") if subject else []), catalogue=catalogue)
            if self.message is not None:
                error.message = self.message
            if self.status is not None:
                error.status = self.status
            return error
        return None


class FaultInjector:
    """Holds the rules; callers hold the emulator lock."""

    def __init__(self) -> None:
        self.rules: List[FaultRule] = []
        self._ids = itertools.count(1)

    def reset(self) -> None:
        self.rules = []

    def replace_profile_rules(self, specs: List[Dict[str, Any]]) -> None:
        """Drop the rules of the previous profile and install those of the one just selected."""
        self.rules = [rule for rule in self.rules if rule.origin != "profile"]
        for spec in specs:
            self.add(spec).origin = "profile"

    def add(self, spec: Dict[str, Any]) -> FaultRule:
        fault = spec.get("fault")
        if fault not in FAULT_KINDS:
            raise ValueError("fault must be one of %s" % ", ".join(FAULT_KINDS))
        count = spec.get("count")
        probability = spec.get("probability")
        if count is None and probability is None:
            count = 1
        if probability is not None and not 0.0 <= float(probability) <= 1.0:
            raise ValueError("probability must be between 0 and 1")
        if spec.get("product") not in (None, "VpcPeer", "Vpc"):
            raise ValueError("product must be VpcPeer or Vpc")
        if fault == "error" and not spec.get("code"):
            raise ValueError("an error fault needs the API error code to answer, e.g. {\"code\": \"Conflict.Operation\"}")
        rule = FaultRule(
            rule_id=next(self._ids),
            action=str(spec.get("action") or "*"),
            fault=fault,
            count=int(count) if count is not None else None,
            probability=float(probability) if probability is not None else None,
            skip=int(spec.get("skip") or 0),
            after_apply=bool(spec.get("after_apply", False)),
            delay=float(spec.get("delay", 2.0)),
            retry_after_ms=int(spec["retry_after_ms"]) if spec.get("retry_after_ms") else None,
            access_key_id=spec.get("access_key_id"),
            product=spec.get("product"),
            code=spec.get("code"),
            message=spec.get("message"),
            status=int(spec["status"]) if spec.get("status") else None,
        )
        if spec.get("seed") is not None:
            rule.rng.seed(spec["seed"])
        self.rules.append(rule)
        return rule

    def match(self, action: str, access_key_id: str, product: Optional[str] = None) -> Optional[FaultRule]:
        """The first rule that fires for this call, consuming one of its counts. Rules a caller added come before
        the profile's: a test that injects one fault gets it, whatever mix of faults the profile draws around it."""
        for rule in sorted(self.rules, key=lambda candidate: candidate.origin == "profile"):
            if rule.exhausted:
                continue
            if rule.action not in ("*", action) or (rule.product and rule.product != product):
                continue
            if rule.access_key_id and rule.access_key_id != access_key_id:
                continue
            rule.matched += 1
            if rule.skip > 0:
                rule.skip -= 1
                continue
            if rule.probability is not None and rule.rng.random() >= rule.probability:
                continue
            if rule.count is not None:
                rule.count -= 1
            rule.injected += 1
            return rule
        return None

    def to_list(self) -> List[Dict[str, Any]]:
        return [rule.to_dict() for rule in self.rules]
