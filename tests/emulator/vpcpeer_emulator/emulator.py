# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's state and the pipeline every API call goes through, whatever its product.

Order of checks, as the gateway does it: parse (Version -> product, Action) -> authenticate (signature,
token, nonce, RAM) -> quota -> fault rules -> idempotency (ClientToken) -> the action handler.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import itertools
import json
import secrets
import string
import sys
import threading
import time
import traceback
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any, Callable, Deque, Dict, List, Optional, Tuple

from .accounts import VPC_CONFIG_KEYS, AccessKey, Account, AccountRegistry, default_accounts_config, format_utc
from .actions import modify_vpc_peer_connection
from .calls import ActionSpec, Call
from .errors import VPCPEER_SERVICE, ApiError, api_error
from .faults import BAD_GATEWAY_HTML, FaultInjector, FaultRule
from .lifecycle import default_transitions, normalize_seconds, normalize_transitions
from .model import Connection, Model, VpcEnd
from .network import Network, NextHop
from .network_admin import NetworkAdmin
from .products import PRODUCTS, PRODUCTS_BY_NAME, Product
from .profiles import DEFAULT_PROFILE, apply_profile, profile_fault_rules, profile_settings
from .quotas import RateLimiter, default_quota_config
from .ram import IDENTITY_POLICY_TYPE, Decision, evaluate, ram_action, resource_of
from .route_actions import peer_of
from .signature import Verifier
from .visibility import default_visibility_config, validate_visibility
from .vpc_actions import VPC_SETTING_CHOICES, default_vpc_settings
from .wire import ApiRequest, Params, error_response, new_request_id, ok_response
# Parameters that do not take part in the ClientToken comparison.
NOT_FINGERPRINTED = frozenset(("ClientToken", "DryRun"))


def default_config() -> Dict[str, Any]:
    """The complete built-in configuration (a fresh copy)."""
    config = default_accounts_config()
    config.update({
        "profile": DEFAULT_PROFILE,
        "transitions": default_transitions(),
        "stale_window": {"stale_seconds": 0, "stale_reads": 0},
        "visibility": default_visibility_config(),
        "seed": 0,
        "quotas": default_quota_config(),
        "signature": {"max_skew_seconds": 900, "nonce_ttl_seconds": 900},
        "idempotency_ttl_seconds": 86400,
        "idempotency": {"replay_failures": True},
        "paging": {"last_page_next_token": "omit"},
        "conflicts": {"enabled": True, "dry_run": True},
        "cidr_overlap": {"enabled": True},
        "modify_without_changes": "updating",
        "journal_max_entries": 10000,
        "vpc": default_vpc_settings(),
    })
    return config


def merge_with_profile(base: Dict[str, Any], patch: Dict[str, Any]) -> Dict[str, Any]:
    """``deep_merge``, except that a ``profile`` in ``patch`` is applied to ``base`` first."""
    if "profile" in patch:
        apply_profile(base, patch["profile"])
    return deep_merge(base, {key: value for key, value in patch.items() if key != "profile"})


def deep_merge(base: Dict[str, Any], patch: Dict[str, Any]) -> Dict[str, Any]:
    """Merge ``patch`` into ``base`` in place: objects merge, other values replace, null deletes."""
    for key, value in patch.items():
        if value is None:
            base.pop(key, None)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            deep_merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


def _setting(config: Dict[str, Any], path: str, default: Any) -> Any:
    """The value at a dotted ``path`` of the configuration, or ``default``."""
    value: Any = config
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return default
        value = value[part]
    return value


def validate_settings(config: Dict[str, Any]) -> None:
    """Refuse a configuration whose behaviour settings are malformed (ValueError names the key)."""
    window = config.get("stale_window") or {}
    if float(window.get("stale_seconds") or 0) < 0 or int(window.get("stale_reads") or 0) < 0:
        raise ValueError("stale_window values must be >= 0")
    for region_list in ("regions", "link_type_unsupported_regions"):
        if not isinstance(config.get(region_list) or [], list):
            raise ValueError("%s must be a list" % region_list)
    for path in ("conflicts.enabled", "conflicts.dry_run", "idempotency.replay_failures", "cidr_overlap.enabled",
                 "vpc.task_conflict.enabled", "vpc.task_conflict.dry_run", "vpc.route_entry_exist_counts_deleting"):
        if not isinstance(_setting(config, path, True), bool):
            raise ValueError("%s must be true or false" % path)
    for path in ("vpc.max_custom_entries_per_table", "vpc.max_vpcs_per_region"):
        if not isinstance(_setting(config, path, 0), int) or _setting(config, path, 0) < 0:
            raise ValueError("%s must be an integer >= 0" % path)
    if not isinstance(_setting(config, "vpc.vpc_peer_ipv6_unsupported_regions", []), list):
        raise ValueError("vpc.vpc_peer_ipv6_unsupported_regions must be a list")
    profile_settings(config.get("profile", DEFAULT_PROFILE))
    validate_visibility(config, normalize_seconds)
    choices = {"paging.last_page_next_token": ("omit", "empty"),
               "modify_without_changes": ("updating", "missing_parameter", "noop"), **VPC_SETTING_CHOICES}
    for path, allowed in choices.items():
        if _setting(config, path, allowed[0]) not in allowed:
            raise ValueError("%s must be one of %s" % (path, ", ".join(allowed)))


@dataclass
class Outcome:
    """What the server writes back: a full answer, or nothing at all (dropped connection)."""
    status: int = 200
    headers: Dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    drop: bool = False


@dataclass
class TokenRecord:
    """The answer of a ClientToken's first use, replayed to later uses with the same parameters."""
    fingerprint: str
    status: int
    headers: Dict[str, str]
    body: bytes
    request_id: str
    expires: float
    code: Optional[str] = None      # the error code when the first use was refused
    message: Optional[str] = None


@dataclass
class Exchange:
    """One API call on its way through the pipeline: its journal entry, product and matched fault rule."""
    request: ApiRequest
    request_id: str
    started: float
    entry: Dict[str, Any] = field(default_factory=dict)
    debug: Dict[str, str] = field(default_factory=dict)
    product: Optional[Product] = None
    rule: Optional[FaultRule] = None


def access_denied_detail(key: AccessKey, action: str, resource: str, decision: Decision) -> Dict[str, Any]:
    """The AccessDeniedDetail of a Forbidden.RAM answer; its encoded diagnostic adds the resource and, for an
    explicit deny, the policy that denied."""
    diagnostic = {"AuthAction": action, "AuthResource": resource, "AuthPrincipal": key.display_name,
                  "AccountId": str(key.account.uid), "NoPermissionType": decision.denial,
                  "PolicyType": IDENTITY_POLICY_TYPE}
    if decision.policy:
        diagnostic["MatchedPolicy"] = decision.policy
    if decision.conditions_ignored:
        diagnostic["ConditionsIgnored"] = True
    return {
        "AuthAction": action,
        "AuthPrincipalType": key.principal_type,
        "AuthPrincipalOwnerId": str(key.account.uid),
        "AuthPrincipalDisplayName": key.display_name,
        "PolicyType": IDENTITY_POLICY_TYPE,
        "NoPermissionType": decision.denial,
        "EncodedDiagnosticMessage": base64.b64encode(json.dumps(diagnostic).encode("utf-8")).decode("ascii"),
    }


def _random_text(length: int, alphabet: str = string.ascii_uppercase + string.digits) -> str:
    return "".join(secrets.choice(alphabet) for _index in range(length))


class Emulator:
    """All state of one emulated service endpoint. Thread-safe."""

    def __init__(self, config: Optional[Dict[str, Any]] = None, log: Optional[Callable[[Dict[str, Any]], None]] = None,
                 profile: Optional[str] = None) -> None:
        """``profile`` (the command line's --profile) wins over a ``profile`` in ``config``."""
        self.lock = threading.RLock()
        self.log = log
        startup_patch = dict(config or {})
        if profile is not None:
            startup_patch["profile"] = profile
        self.startup_config = merge_with_profile(default_config(), startup_patch)
        self.config: Dict[str, Any] = {}
        self.registry = AccountRegistry({})
        self.clock_offset = 0.0
        self.model = Model(lambda: self.config)
        self.network = Network(lambda: self.config)
        self.network_admin = NetworkAdmin(self)
        self.verifier = Verifier(self.lookup_key, self.now)
        self.limiter = RateLimiter()
        self.faults = FaultInjector()
        self.journal: Deque[Dict[str, Any]] = deque()
        self.stats_by_action: Dict[str, Counter] = {}
        self.stats_by_code: Counter = Counter()
        self.tokens: Dict[Tuple[int, str, str], TokenRecord] = {}
        self.minted_keys: Dict[str, Dict[str, Any]] = {}
        self._seq = itertools.count(1)
        self.started = time.time()
        self.apply_config(copy.deepcopy(self.startup_config))
        self.reset()

    # -- time -------------------------------------------------------------------------------
    def now(self) -> float:
        """Emulator time: real time plus the offset set through the control API."""
        return time.time() + self.clock_offset

    # -- configuration ----------------------------------------------------------------------
    def apply_config(self, config: Dict[str, Any]) -> None:
        """Validate and install a complete configuration; ValueError when invalid."""
        registry = AccountRegistry(config)
        config["transitions"] = {**default_transitions(), **normalize_transitions(config.get("transitions") or {})}
        validate_settings(config)
        with self.lock:
            self.config = config
            self.registry = registry
            self.network.sync(registry, self.now())
            signature = config.get("signature") or {}
            self.verifier.max_skew_seconds = float(signature.get("max_skew_seconds", 900))
            self.verifier.nonce_ttl_seconds = float(signature.get("nonce_ttl_seconds", 900))
            maximum = int(config.get("journal_max_entries") or 10000)
            if self.journal.maxlen != maximum:
                self.journal = deque(self.journal, maxlen=maximum)

    def merge_config(self, patch: Dict[str, Any]) -> Dict[str, Any]:
        """Deep-merge ``patch``; a ``profile`` in it is selected first, and the rest of it overrides the profile."""
        with self.lock:
            merged = merge_with_profile(copy.deepcopy(self.config), patch)
            self.apply_config(merged)
            if "profile" in patch or "seed" in patch:
                self.faults.replace_profile_rules(profile_fault_rules(merged))
            return self.config

    def set_transitions(self, specs: Dict[str, Any]) -> Dict[str, Any]:
        """Replace the global transition of each phase named in ``specs``."""
        normalized = normalize_transitions(specs)
        with self.lock:
            config = copy.deepcopy(self.config)
            config["transitions"].update(normalized)
            self.apply_config(config)
            return self.config["transitions"]

    def reset(self) -> None:
        """Back to the startup configuration with empty state."""
        with self.lock:
            self.apply_config(copy.deepcopy(self.startup_config))
            self.clock_offset = 0.0
            self.model.reset()
            self.network.reset(self.registry, self.now())
            self.faults.reset()
            self.faults.replace_profile_rules(profile_fault_rules(self.config))
            self.limiter.reset()
            self.journal.clear()
            self.stats_by_action = {}
            self.stats_by_code = Counter()
            self.tokens = {}
            self.minted_keys = {}
            self._seq = itertools.count(1)
        self.verifier.nonces.clear()

    # -- keys -------------------------------------------------------------------------------
    def lookup_key(self, access_key_id: str) -> Optional[AccessKey]:
        with self.lock:
            key = self.registry.keys.get(access_key_id)
            if key is None and access_key_id in self.minted_keys:
                try:
                    key = self.registry.make_key(access_key_id, self.minted_keys[access_key_id])
                except ValueError:
                    return None
            return key

    def credentials(self, access_key_id: str, duration_seconds: float = 3600.0) -> Optional[Dict[str, Any]]:
        """Answer of the credentials-URI provider: the STS key itself, or a fresh one for a long-term key."""
        key = self.lookup_key(access_key_id)
        if key is None:
            return None
        real_expiration = time.time() + duration_seconds
        if key.is_sts:
            if key.expiration is not None:
                real_expiration = key.expiration - self.clock_offset
            return {"Code": "Success", "AccessKeyId": key.access_key_id, "AccessKeySecret": key.secret,
                    "SecurityToken": key.security_token or "", "Expiration": format_utc(real_expiration)}
        minted_id = "STS.EMULATOR-" + _random_text(20)
        spec = {"secret": _random_text(30, string.ascii_letters + string.digits), "account": key.account.uid,
                "read_only": key.read_only, "security_token": "emulator-sts-" + _random_text(40, string.ascii_letters + string.digits),
                "expiration": self.now() + duration_seconds, "display_name": key.display_name + "/credentials-uri"}
        # The temporary key acts with the long-term key's permissions.
        policy = ((self.config.get("access_keys") or {}).get(access_key_id) or {}).get("policy")
        if policy is not None:
            spec["policy"] = copy.deepcopy(policy)
        with self.lock:
            self.minted_keys[minted_id] = spec
        return {"Code": "Success", "AccessKeyId": minted_id, "AccessKeySecret": spec["secret"],
                "SecurityToken": spec["security_token"], "Expiration": format_utc(real_expiration)}

    # -- the API pipeline -------------------------------------------------------------------
    def handle_api(self, request: ApiRequest) -> Outcome:
        """Answer one API call of any product, journal it, and apply an after-apply fault to its answer."""
        exchange = Exchange(request=request, request_id=new_request_id(), started=time.time())
        exchange.entry = {
            "action": request.action, "product": None, "version": request.version or None, "account_uid": None,
            "access_key_id": None, "region": None, "params": request.loggable_params(), "http_status": None,
            "code": None, "message": None, "request_id": exchange.request_id,
            "client_token": request.params.get("ClientToken"), "retry_attempt": request.retry_attempt(),
            "signature_method": None, "fault": None, "dry_run": False, "idempotent_replay": False, "applied": False,
            # What the client says it is, so tests can check that every call names the collection and version.
            "user_agent": request.header("user-agent") or None,
        }
        try:
            outcome = self._process(exchange)
        except ApiError as error:
            outcome = self._error_outcome(exchange, error, error.message)
        except Exception as exc:  # pylint: disable=broad-except
            # A bug in the emulator must still answer like the service does (500 InternalError).
            traceback.print_exc(file=sys.stderr)
            outcome = self._error_outcome(exchange, api_error("InternalError"), "%s: %s" % (type(exc).__name__, exc))
        return self._finish(exchange, outcome)

    def _process(self, exchange: "Exchange") -> Outcome:
        request, entry = exchange.request, exchange.entry
        product, spec = self._check_envelope(exchange)
        auth = self.verifier.authenticate(request, exchange.debug)
        key = auth.access_key
        entry.update(account_uid=key.account.uid, signature_method=auth.signature_method)
        with self.lock:
            now = self.now()
            self._authorize(key, product, request, entry)
            # The quota key's region: RegionId, else the named resource's (the caller's side), else "global".
            region = (request.params.get("RegionId") or product.quota_region(self, key.account.uid, request.params, now)
                      or "global")
            entry["region"] = region
            self.limiter.check(self.config.get("quotas") or {}, key.account.uid, region, request.action, now)
            exchange.rule = self.faults.match(request.action, key.access_key_id, product.name)
        outcome = None
        if exchange.rule is not None:
            entry["fault"] = exchange.rule.fault
            outcome = self._fault_outcome(exchange.rule, exchange)
        if outcome is None:
            outcome = self._dispatch(exchange, spec, key)
            # Whether this call changed the emulated world (also when its answer is then dropped or
            # delayed), so tests can prove a change was applied exactly once.
            entry["applied"] = (not spec.read_only and 200 <= outcome.status < 300
                                and not entry["dry_run"] and not entry["idempotent_replay"])
        return outcome

    def _error_outcome(self, exchange: "Exchange", error: ApiError, journaled_message: str) -> Outcome:
        exchange.entry.update(code=error.code, message=journaled_message)
        service = exchange.product.service if exchange.product else VPCPEER_SERVICE
        return Outcome(*error_response(error, exchange.request_id, service))

    def _finish(self, exchange: "Exchange", outcome: Outcome) -> Outcome:
        """Journal the call; drop or delay its answer when an after-apply fault says so."""
        entry, debug, rule = exchange.entry, exchange.debug, exchange.rule
        entry["access_key_id"] = debug.get("access_key_id")
        if "canonical_request" in debug:
            entry["server_canonical_request"] = debug["canonical_request"]
        if "payload_hash_mismatch" in debug:
            entry["payload_hash_mismatch"] = debug["payload_hash_mismatch"]
        if rule is not None and rule.after_apply and rule.fault == "drop":
            outcome = Outcome(drop=True)
        entry["http_status"] = None if outcome.drop else outcome.status
        entry["duration_ms"] = round((time.time() - exchange.started) * 1000, 3)
        self._record(entry)
        if rule is not None and rule.after_apply and rule.fault == "slow":
            time.sleep(rule.delay)
        return outcome

    @staticmethod
    def _check_envelope(exchange: "Exchange") -> Tuple[Product, ActionSpec]:
        """The product the Version names (it answers from here on) and the action's spec."""
        request = exchange.request
        if not request.version:
            raise api_error("MissingParameter", "Version")
        product = PRODUCTS.get(request.version)
        if product is None:
            raise api_error("InvalidVersion")
        exchange.product = product
        exchange.entry["product"] = product.name
        if not request.action:
            raise api_error("MissingParameter", "Action")
        spec = product.actions.get(request.action)
        if spec is None:
            raise api_error("InvalidAction.NotFound")
        return product, spec

    def _authorize(self, key: AccessKey, product: Product, request: ApiRequest, entry: Dict[str, Any]) -> None:
        """RAM: a key with policies may call only what they allow (dry runs too: RAM decides before the action
        runs). A denial is journaled with the action, the resource and the policy that decided it."""
        if key.policies is None:
            return
        action = ram_action(request.action)
        resource = resource_of(product.name, request.action, key.account.uid, request.params, self._route_lookup)
        decision = evaluate(key.policies, action, resource)
        if decision.denial is None:
            return
        entry["access_denied"] = {"auth_action": action, "resource": resource, "no_permission_type": decision.denial,
                                  "policy": decision.policy or None, "conditions_ignored": decision.conditions_ignored}
        raise api_error("Forbidden.RAM", extra={"AccessDeniedDetail": access_denied_detail(key, action, resource, decision)})

    def _route_lookup(self, kind: str, resource_id: str) -> Optional[Tuple[str, str]]:
        """(region, route table id) of a route entry or table, for the ARN of a call that names only that."""
        now = self.now()
        if kind == "entry":
            found = self.network.entry(resource_id, now)
            return (found[0].region_id, found[1].route_table_id) if found else None
        table = self.network.table(resource_id, now)
        return (table[0].region_id, table[1].route_table_id) if table else None

    @staticmethod
    def _fault_outcome(rule: FaultRule, exchange: "Exchange") -> Optional[Outcome]:
        """The fault's answer, or None when the call goes on (after a delay, or to be dropped after applying)."""
        params = exchange.request.params
        subject = params.get("InstanceId") or params.get("RouteEntryId") or params.get("RouteTableId") or ""
        error = rule.error(exchange.product.catalogue if exchange.product else None, subject)
        if error is not None:
            raise error
        if rule.fault == "bad_gateway":
            return Outcome(502, {"Content-Type": "text/html", "x-acs-request-id": exchange.request_id}, BAD_GATEWAY_HTML)
        if rule.after_apply:
            return None
        if rule.fault == "drop":
            return Outcome(drop=True)
        if rule.fault == "slow":
            time.sleep(rule.delay)
        return None

    def _dispatch(self, exchange: "Exchange", spec: ActionSpec, key: AccessKey) -> Outcome:
        request, request_id, entry = exchange.request, exchange.request_id, exchange.entry
        service = exchange.product.service if exchange.product else VPCPEER_SERVICE
        params = Params(request.params)
        with self.lock:
            now = self.now()
            dry_run = spec.dry_run and params.boolean("DryRun")
            entry["dry_run"] = dry_run
            token = self._client_token(params, spec, dry_run)
            record_key = (key.account.uid, request.action, token) if token else None
            fingerprint = self._fingerprint(params) if record_key else ""
            if record_key is not None:
                replay = self._replay(record_key, fingerprint, now, entry)
                if replay is not None:
                    return replay
            call = Call(emulator=self, account=key.account, access_key=key, params=params, now=now, request_id=request_id)
            body: Dict[str, Any] = {"RequestId": request_id}
            try:
                body.update(spec.handler(call))
            except ApiError as error:
                # The action refused the call. Whether its token now replays that refusal is not documented.
                if record_key is not None and _setting(self.config, "idempotency.replay_failures", True):
                    self._remember(record_key, fingerprint, error_response(error, request_id, service), request_id, now, error)
                raise
            answer = ok_response(body, request_id)
            if record_key is not None:
                self._remember(record_key, fingerprint, answer, request_id, now)
            return Outcome(*answer)

    @staticmethod
    def _client_token(params: Params, spec: ActionSpec, dry_run: bool) -> Optional[str]:
        """The call's ClientToken; None when the action takes none, or for a dry run (never recorded)."""
        token = params.raw.get("ClientToken") if spec.client_token else None
        if token is not None and (not token or len(token) > 64 or not token.isascii()):
            raise api_error("IllegalParam.ClientToken")
        return token if token and not dry_run else None

    def _replay(self, record_key: Tuple[int, str, str], fingerprint: str, now: float, entry: Dict[str, Any]) -> Optional[Outcome]:
        """The recorded answer of an earlier use of this token, byte for byte, or None for a new token."""
        self._purge_tokens(now)
        record = self.tokens.get(record_key)
        if record is None or (record.code is not None and not _setting(self.config, "idempotency.replay_failures", True)):
            return None
        if record.fingerprint != fingerprint:
            raise api_error("IdempotentParameterMismatch")
        entry.update(idempotent_replay=True, request_id=record.request_id, code=record.code, message=record.message)
        return Outcome(record.status, dict(record.headers), record.body)

    def _remember(self, record_key: Tuple[int, str, str], fingerprint: str, answer: Tuple[int, Dict[str, str], bytes],
                  request_id: str, now: float, error: Optional[ApiError] = None) -> None:
        status, headers, body = answer
        ttl = float(self.config.get("idempotency_ttl_seconds") or 86400)
        self.tokens[record_key] = TokenRecord(fingerprint, status, dict(headers), body, request_id, now + ttl,
                                              error.code if error else None, error.message if error else None)

    @staticmethod
    def _fingerprint(params: Params) -> str:
        relevant = sorted((k, v) for k, v in params.raw.items() if k not in NOT_FINGERPRINTED)
        return hashlib.sha256(json.dumps(relevant).encode("utf-8")).hexdigest()

    def _purge_tokens(self, now: float) -> None:
        expired = [k for k, record in self.tokens.items() if record.expires <= now]
        for k in expired:
            del self.tokens[k]

    # -- journal and stats ------------------------------------------------------------------
    def _record(self, entry: Dict[str, Any]) -> None:
        with self.lock:
            entry["seq"] = next(self._seq)
            stamp = time.time()
            entry["time"] = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(stamp)) + ".%03dZ" % int((stamp % 1) * 1000)
            self.journal.append(entry)
            if entry["code"]:
                outcome = entry["code"]
            elif entry["http_status"] is None:
                outcome = "DROPPED"
            else:
                # A non-JSON fault answer (502 HTML) has no Code but is not a success either.
                outcome = "OK" if entry["http_status"] < 400 else "HTTP_%d" % entry["http_status"]
            self.stats_by_action.setdefault(entry["action"] or "(none)", Counter())[outcome] += 1
            self.stats_by_code[outcome] += 1
        if self.log is not None:
            self.log(entry)

    def journal_entries(self, action: Optional[str] = None) -> List[Dict[str, Any]]:
        with self.lock:
            return [dict(e) for e in self.journal if action is None or e["action"] == action]

    def clear_journal(self) -> None:
        with self.lock:
            self.journal.clear()
            self.stats_by_action = {}
            self.stats_by_code = Counter()

    def stats(self) -> Dict[str, Any]:
        with self.lock:
            return {
                "total": sum(self.stats_by_code.values()),
                "by_action": {action: dict(counts) for action, counts in sorted(self.stats_by_action.items())},
                "by_code": dict(self.stats_by_code),
            }

    # -- control-side operations ------------------------------------------------------------
    def _seed_defaults(self, now: float) -> Dict[str, Any]:
        def vpc(uid: int, region: str, vpc_id: Optional[str], exclude: Optional[str]) -> VpcEnd:
            if vpc_id:
                found = self.network.owned_vpc(uid, vpc_id, now, region=region)
                return VpcEnd(found.vpc_id, list(found.ipv4_cidrs), list(found.ipv6_cidrs)) if found else VpcEnd(vpc_id)
            for candidate in self.network.vpcs_of(uid, region, now):
                if candidate.vpc_id != exclude:
                    return VpcEnd(candidate.vpc_id, list(candidate.ipv4_cidrs), list(candidate.ipv6_cidrs))
            return VpcEnd("vpc-emulator-" + _random_text(12, string.ascii_lowercase + string.digits))

        def resource_group(uid: int) -> str:
            account = self.registry.account(uid)
            return account.default_resource_group if account else "rg-emulator-%d-default" % uid

        first = next(iter(self.registry.accounts.values()), None)
        return {"owner_uid": first.uid if first else 0, "region_id": "cn-hangzhou", "vpc": vpc, "resource_group": resource_group}

    def seed_connection(self, spec: Dict[str, Any]) -> Dict[str, Any]:
        with self.lock:
            now = self.now()
            conn = self.model.seed(spec, self._seed_defaults(now), now)
            self._seed_routes(conn, spec, now)
            return self._connection_view(conn, now)

    def _seed_routes(self, conn: Connection, spec: Dict[str, Any], now: float) -> None:
        """``RouteCount``: that many route entries point at the connection. New ones go to the System table of
        the requester's VPC (known to the network, or created there), with destinations inside the accepter's CIDR."""
        if "RouteCount" not in spec:
            return
        holder = (conn.owner_uid, conn.region_id, conn.vpc.vpc_id, list(conn.vpc.ipv4_cidrs))
        hop = NextHop("VpcPeer", conn.instance_id, related=peer_of(conn, conn.vpc.vpc_id))
        self.network.set_routes_to(hop, int(spec["RouteCount"]), holder, list(conn.accepting_vpc.ipv4_cidrs), now)

    def _connection_view(self, conn: Connection, now: float) -> Dict[str, Any]:
        """The control API's view of a connection, with the number of route entries pointing at it."""
        if conn.removed:
            return {"InstanceId": conn.instance_id, "Removed": True}
        view = self.model.admin_view(conn, now)
        view["RouteCount"] = len(self.network.entries_to(conn.instance_id, now))
        return view

    def connection(self, instance_id: str) -> Optional[Connection]:
        with self.lock:
            return self.model.get(instance_id, self.now())

    def admin_view(self, conn: Connection) -> Dict[str, Any]:
        with self.lock:
            return self._connection_view(conn, self.now())

    def list_connections(self) -> List[Dict[str, Any]]:
        with self.lock:
            now = self.now()
            return [self._connection_view(conn, now) for conn in self.model.connections(now)]

    def patch_connection(self, instance_id: str, spec: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        with self.lock:
            now = self.now()
            conn = self.model.get(instance_id, now)
            if conn is None:
                return None
            self.model.patch(conn, spec, now)
            self._seed_routes(conn, spec, now)
            return self._connection_view(conn, now)

    def delete_connection(self, instance_id: str) -> bool:
        with self.lock:
            conn = self.model.store.get(instance_id)
            if conn is None:
                return False
            self.model.store.remove(conn)
            return True

    def set_connection_transitions(self, instance_id: str, specs: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        normalized = normalize_transitions(specs)
        with self.lock:
            now = self.now()
            conn = self.model.get(instance_id, now)
            if conn is None:
                return None
            self.model.retime(conn, normalized, now)
            return self._connection_view(conn, now)

    def advance_connection(self, instance_id: str) -> Optional[Dict[str, Any]]:
        with self.lock:
            now = self.now()
            conn = self.model.get(instance_id, now)
            if conn is None:
                return None
            self.model.force_complete(conn, now)
            return self._connection_view(conn, now)

    def external_modify(self, instance_id: str, changes: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """Another client changes the connection through ModifyVpcPeerConnection's own rules."""
        with self.lock:
            now = self.now()
            conn = self.model.get(instance_id, now)
            if conn is None:
                return None
            owner = self.registry.account(conn.owner_uid) or Account(name="owner", uid=conn.owner_uid)
            raw = {"InstanceId": instance_id}
            for name in ("Name", "Description", "Bandwidth", "LinkType"):
                if changes.get(name) is not None:
                    raw[name] = str(changes[name])
            call = Call(emulator=self, account=owner, access_key=None, params=Params(raw), now=now, request_id=new_request_id())
            modify_vpc_peer_connection(call)
            return self._connection_view(conn, now)

    def add_vpc(self, spec: Dict[str, Any]) -> Dict[str, Any]:
        account = self.registry.account(spec.get("account"))
        if account is None:
            raise ValueError("unknown account %r" % spec.get("account"))
        if not spec.get("vpc_id") or not spec.get("region"):
            raise ValueError("vpc_id and region are required")
        vpc = {"ipv4_cidrs": list(spec.get("ipv4_cidrs") or []), "ipv6_cidrs": list(spec.get("ipv6_cidrs") or [])}
        # The running VPC's other settings (see accounts.RegisteredVpc), when given.
        vpc.update({key: spec[key] for key in VPC_CONFIG_KEYS if spec.get(key) is not None})
        self.merge_config({"accounts": {account.name: {"vpcs": {spec["region"]: {spec["vpc_id"]: vpc}}}}})
        return {"account": account.name, "uid": account.uid, "region": spec["region"], "vpc_id": spec["vpc_id"], **vpc}

    def add_access_key(self, key_id: str, spec: Dict[str, Any]) -> Dict[str, Any]:
        """A new access key (or a replaced one) in the configuration: ``secret``, ``account`` and the optional
        settings of ``access_keys`` (``policy``, ``security_token``, ``display_name``...)."""
        if not key_id or not spec.get("secret") or spec.get("account") is None:
            raise ValueError("an access key needs an id, a secret and an account")
        with self.lock:
            config = copy.deepcopy(self.config)
            config.setdefault("access_keys", {})[key_id] = copy.deepcopy(spec)
            self.apply_config(config)
            return self.key_view(key_id)

    def set_key_policy(self, key_id: str, policy: Any) -> Optional[Dict[str, Any]]:
        """Replace the key's RAM policies (a document, a list of them, or None: an unrestricted key again);
        None when there is no such key. A malformed policy is refused (ValueError) and nothing changes."""
        with self.lock:
            config = copy.deepcopy(self.config)
            spec = (config.get("access_keys") or {}).get(key_id)
            if spec is None:
                return None
            spec.pop("read_only", None)
            if policy is None:
                spec.pop("policy", None)
            else:
                spec["policy"] = copy.deepcopy(policy)
            self.apply_config(config)
            return self.key_view(key_id)

    def key_view(self, key_id: str) -> Optional[Dict[str, Any]]:
        """A configured key as the control API shows it: its account, principal type and policies (no secret)."""
        with self.lock:
            spec = (self.config.get("access_keys") or {}).get(key_id)
            key = self.registry.keys.get(key_id)
            if spec is None or key is None:
                return None
            return {"access_key_id": key_id, "account": key.account.name, "uid": key.account.uid,
                    "principal_type": key.principal_type, "display_name": key.display_name,
                    "read_only": key.read_only, "policy": copy.deepcopy(spec.get("policy")),
                    "policy_names": [policy.name for policy in key.policies] if key.policies is not None else None}

    def advance_clock(self, seconds: float) -> Dict[str, Any]:
        with self.lock:
            self.clock_offset += float(seconds)
            return self.clock()

    def clock(self) -> Dict[str, Any]:
        now = self.now()
        return {"offset_seconds": self.clock_offset, "now": format_utc(now), "epoch": now}

    def health(self) -> Dict[str, Any]:
        with self.lock:
            return {"status": "ok", "api_version": PRODUCTS_BY_NAME["VpcPeer"].version,
                    "api_versions": {product.name: product.version for product in PRODUCTS.values()},
                    "connections": len(self.model.store), "vpcs": len(self.network.vpcs),
                    "uptime_seconds": round(time.time() - self.started, 3)}
