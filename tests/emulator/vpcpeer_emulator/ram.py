# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""RAM policies given to access keys: their parsing, their evaluation, and the resource each call acts on.

A key without a policy is an account's own key and may call everything. A key with one or more policy documents may
call only what they allow, the way RAM decides it: a matching Deny statement wins (``ExplicitDeny``), else a matching
Allow statement allows, else the call is denied (``ImplicitDeny``). Actions match case-insensitively with ``*`` and
``?`` wildcards (``vpc:Describe*``); resources match the call's ARN (``ram_resource``) with the same wildcards,
case-sensitively. ``Condition`` blocks are accepted and not evaluated: the emulator knows none of the request context
RAM's condition keys name (source IP, MFA, secure transport...), so a statement applies as if it had no condition, and
a denial says so (``ConditionsIgnored``). ``NotAction``, ``NotResource`` and ``Principal`` are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

POLICY_VERSION = "1"
EFFECTS = ("Allow", "Deny")
STATEMENT_KEYS = frozenset(("Effect", "Action", "Resource", "Condition", "Sid"))
IDENTITY_POLICY_TYPE = "AccountLevelIdentityBasedPolicy"

# What read_only: true stands for: the Get, List and Describe actions of both products, as the system policy
# AliyunVPCReadOnlyAccess grants them.
READ_ONLY_POLICY: Dict[str, Any] = {
    "Version": POLICY_VERSION,
    "Statement": [{"Effect": "Allow", "Action": ["vpc:Get*", "vpc:List*", "vpc:Describe*"], "Resource": "*"}],
}


@dataclass(frozen=True)
class Statement:
    effect: str
    actions: Tuple[str, ...]
    resources: Tuple[str, ...]
    has_condition: bool = False

    def applies(self, action: str, resource: str) -> bool:
        return (any(_matches(pattern, action, True) for pattern in self.actions)
                and any(_matches(pattern, resource, False) for pattern in self.resources))


@dataclass(frozen=True)
class Policy:
    name: str
    statements: Tuple[Statement, ...]


@dataclass(frozen=True)
class Decision:
    """``denial`` is None when allowed, else ImplicitDeny or ExplicitDeny; ``policy`` names the denying policy."""
    denial: Optional[str] = None
    policy: str = ""
    conditions_ignored: bool = False


@lru_cache(maxsize=512)
def _pattern(pattern: str, case_insensitive: bool) -> "re.Pattern[str]":
    text = "".join(".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern)
    return re.compile(text, re.IGNORECASE if case_insensitive else 0)


def _matches(pattern: str, value: str, case_insensitive: bool) -> bool:
    return _pattern(pattern, case_insensitive).fullmatch(value) is not None


def _strings(value: Any, what: str, name: str) -> Tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(item, str) and item for item in items):
        raise ValueError("policy %s: %s must be a non-empty string or list of strings" % (name, what))
    return tuple(items)


def _statement(raw: Any, name: str) -> Statement:
    if not isinstance(raw, dict):
        raise ValueError("policy %s: each Statement must be an object" % name)
    unknown = set(raw) - STATEMENT_KEYS
    if unknown:
        raise ValueError("policy %s: the emulator does not support %s in a statement" % (name, ", ".join(sorted(unknown))))
    if raw.get("Effect") not in EFFECTS:
        raise ValueError("policy %s: Effect must be Allow or Deny" % name)
    actions = _strings(raw.get("Action"), "Action", name)
    for action in actions:
        if ":" not in action and action != "*":
            raise ValueError("policy %s: action %r is not <service>:<action>" % (name, action))
    condition = raw.get("Condition")
    if condition is not None and not isinstance(condition, dict):
        raise ValueError("policy %s: Condition must be an object" % name)
    return Statement(raw["Effect"], actions, _strings(raw.get("Resource"), "Resource", name), bool(condition))


def parse_policy(document: Any, name: str) -> Policy:
    """One policy document (``{"Version": "1", "Statement": [...]}``); ValueError says what is wrong."""
    if not isinstance(document, dict):
        raise ValueError("policy %s must be a JSON object" % name)
    if str(document.get("Version")) != POLICY_VERSION:
        raise ValueError('policy %s: Version must be "1"' % name)
    statements = document.get("Statement")
    statements = [statements] if isinstance(statements, dict) else statements
    if not isinstance(statements, list) or not statements:
        raise ValueError("policy %s: Statement must be a non-empty list" % name)
    return Policy(name, tuple(_statement(raw, name) for raw in statements))


def parse_policies(value: Any, key_id: str) -> Tuple[Policy, ...]:
    """A key's ``policy`` setting: one document, a list of them, or ``{"PolicyName": .., "PolicyDocument": ..}``
    entries (the name shows in a denial); unnamed documents are named ``<key id>-policy-N``. An empty list is a RAM
    user without any policy: allowed nothing."""
    entries = value if isinstance(value, list) else [value]
    policies = []
    for index, entry in enumerate(entries, 1):
        if isinstance(entry, dict) and "PolicyDocument" in entry:
            policies.append(parse_policy(entry["PolicyDocument"], str(entry.get("PolicyName") or index)))
        else:
            policies.append(parse_policy(entry, "%s-policy-%d" % (key_id, index)))
    return tuple(policies)


def evaluate(policies: Sequence[Policy], action: str, resource: str) -> Decision:
    """RAM's rule: an explicit Deny wins, then an Allow, else an implicit deny."""
    allowed = ignored = False
    for policy in policies:
        for statement in policy.statements:
            if not statement.applies(action, resource):
                continue
            ignored = ignored or statement.has_condition
            if statement.effect == "Deny":
                return Decision("ExplicitDeny", policy.name, ignored)
            allowed = True
    return Decision(None if allowed else "ImplicitDeny", "", ignored)


# -- the resource of each call --------------------------------------------------------------------------------
# (uid, parameters, a lookup of a route table's or entry's (region, table id)) -> the ARN the call acts on.
ArnBuilder = Callable[[int, Dict[str, str], Callable[[str, str], Optional[Tuple[str, str]]]], str]


def _peer_arn(uid: int, params: Dict[str, str], _lookup: Any) -> str:
    # The API page writes the PeerConnection ARN with * as its region: VpcPeer is one global service.
    return "acs:vpc:*:%d:vpcpeer/%s" % (uid, params.get("InstanceId") or "")


def _route_table_arn(uid: int, params: Dict[str, str], lookup: Callable[[str, str], Optional[Tuple[str, str]]]) -> str:
    region, table_id = params.get("RegionId") or "", params.get("RouteTableId") or ""
    if params.get("RouteEntryId") and not table_id:
        region, table_id = lookup("entry", params["RouteEntryId"]) or (region, "")
    elif table_id and not region:
        region = (lookup("table", table_id) or ("", ""))[0]
    return "acs:vpc:%s:%d:routetable/%s" % (region or "*", uid, table_id)


# The actions whose API page names a resource type; every other action is "All Resource": its resource is "*",
# which only a statement with Resource "*" (or a pattern that matches "*") covers, as RAM ignores an ARN there.
RESOURCE_ARNS: Dict[Tuple[str, str], ArnBuilder] = {
    ("VpcPeer", "GetVpcPeerConnectionAttribute"): _peer_arn,
    ("Vpc", "CreateRouteEntry"): _route_table_arn,
    ("Vpc", "DeleteRouteEntry"): _route_table_arn,
    ("Vpc", "DescribeRouteEntryList"): _route_table_arn,
}


def ram_action(action: str) -> str:
    """The RAM action of an API action: both products' RAM code is vpc."""
    return "vpc:" + action


def resource_of(product: str, action: str, uid: int, params: Dict[str, str],
                lookup: Callable[[str, str], Optional[Tuple[str, str]]]) -> str:
    builder = RESOURCE_ARNS.get((product, action))
    return builder(uid, params, lookup) if builder else "*"


def policy_names(policies: Optional[Sequence[Policy]]) -> List[str]:
    return [policy.name for policy in policies or ()]
