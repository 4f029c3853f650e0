# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The control API under ``/_emulator/`` (a path the real service never serves) and its client.

The control API is plain, unauthenticated JSON for tests and scripts: reset, configuration,
transitions, seeding and inspecting connections and the network (VPCs, vSwitches, route tables and
route entries), fault rules, the call journal and statistics.
"""

from __future__ import annotations

import functools
import json
import re
import urllib.error
import urllib.request
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, quote, urlencode

from .errors import ApiError
from .lifecycle import PHASES
from .profiles import PROFILES, profile_settings
from .wire import JSON_CONTENT_TYPE, error_response, new_request_id

CONTROL_PREFIX = "/_emulator/"

Answer = Tuple[int, Dict[str, str], bytes]


class ControlRequestError(Exception):
    """A control request the emulator refuses (bad JSON, unknown connection...)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _answer(status: int, payload: Any) -> Answer:
    return status, {"Content-Type": JSON_CONTENT_TYPE}, json.dumps(payload, indent=None, sort_keys=False).encode("utf-8")


def _body(raw: bytes) -> Dict[str, Any]:
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ControlRequestError(400, "the body must be a JSON object: %s" % exc) from None
    if not isinstance(data, dict):
        raise ControlRequestError(400, "the body must be a JSON object")
    return data


def _found(value: Any, what: str) -> Any:
    if value is None:
        raise ControlRequestError(404, "%s not found" % what)
    return value


def handle_control(emulator: Any, method: str, path: str, raw_query: str, raw_body: bytes) -> Answer:
    """Route one control request; answers JSON."""
    query = {key: values[-1] for key, values in parse_qs(raw_query, keep_blank_values=True).items()}
    route = path[len(CONTROL_PREFIX):].strip("/") if path.startswith(CONTROL_PREFIX) else ""
    try:
        for pattern, methods in ROUTES:
            match = pattern.fullmatch(route)
            if match is None:
                continue
            handler = methods.get(method)
            if handler is None:
                raise ControlRequestError(405, "method %s not allowed on %s" % (method, path))
            return handler(emulator, match, query, _body(raw_body) if method in ("POST", "PATCH", "PUT") else {})
        raise ControlRequestError(404, "no control endpoint %s" % path)
    except ControlRequestError as exc:
        return _answer(exc.status, {"error": exc.message})
    except ApiError as error:
        # external-modify refuses like ModifyVpcPeerConnection does, in the service's envelope.
        return error_response(error, new_request_id())
    except (ValueError, KeyError, TypeError) as exc:
        return _answer(400, {"error": "%s: %s" % (type(exc).__name__, exc)})
    except Exception as exc:  # pylint: disable=broad-except
        # Keep the connection usable and say what broke rather than dropping it.
        return _answer(500, {"error": "%s: %s" % (type(exc).__name__, exc)})


# -- handlers ---------------------------------------------------------------------------------

def _health(emulator, _match, _query, _body_data):
    return _answer(200, emulator.health())


def _reset(emulator, _match, _query, _body_data):
    emulator.reset()
    return _answer(200, {"reset": True})


def _get_config(emulator, _match, _query, _body_data):
    return _answer(200, emulator.config)


def _post_config(emulator, _match, _query, body):
    return _answer(200, emulator.merge_config(body))


def _current_profile(emulator) -> Dict[str, Any]:
    config = emulator.config
    return {"profile": config["profile"], "seed": config.get("seed", 0), "transitions": config["transitions"],
            "replica_lag": config["visibility"]["replica_lag"]}


def _get_profile(emulator, _match, _query, _body_data):
    return _answer(200, _current_profile(emulator))


def _post_profile(emulator, _match, _query, body):
    if "profile" not in body or set(body) - {"profile", "seed"}:
        raise ControlRequestError(400, 'the body must be {"profile": NAME} or {"profile": NAME, "seed": N}')
    emulator.merge_config(body)
    return _answer(200, _current_profile(emulator))


def _get_profiles(_emulator, _match, _query, _body_data):
    return _answer(200, {"profiles": {name: profile_settings(name) for name in PROFILES}})


def _get_transitions(emulator, _match, _query, _body_data):
    return _answer(200, emulator.config["transitions"])


def _post_transitions(emulator, _match, _query, body):
    return _answer(200, emulator.set_transitions(body))


def _post_vpc(emulator, _match, _query, body):
    return _answer(200, emulator.add_vpc(body))


def _add_access_key(emulator, _match, _query, body):
    spec = {key: value for key, value in body.items() if key != "access_key_id"}
    return _answer(200, emulator.add_access_key(str(body.get("access_key_id") or ""), spec))


def _get_key_policy(emulator, match, _query, _body_data):
    return _answer(200, _found(emulator.key_view(match.group("id")), "access key " + match.group("id")))


def _set_key_policy(emulator, match, _query, body):
    if set(body) != {"policy"}:
        raise ControlRequestError(400, 'the body must be {"policy": DOCUMENT}, {"policy": [DOCUMENTS]} or {"policy": null}')
    return _answer(200, _found(emulator.set_key_policy(match.group("id"), body["policy"]), "access key " + match.group("id")))


def _get_clock(emulator, _match, _query, _body_data):
    return _answer(200, emulator.clock())


def _post_clock(emulator, _match, _query, body):
    if "offset_seconds" in body:
        emulator.advance_clock(float(body["offset_seconds"]) - emulator.clock_offset)
    return _answer(200, emulator.advance_clock(float(body.get("advance_seconds") or 0)))


def _list_connections(emulator, _match, _query, _body_data):
    return _answer(200, {"connections": emulator.list_connections()})


def _seed_connection(emulator, _match, _query, body):
    if "Connections" in body:  # many at once: one request instead of one per connection (paging tests)
        specs = body["Connections"]
        if not isinstance(specs, list) or not all(isinstance(spec, dict) for spec in specs):
            raise ControlRequestError(400, "Connections must be a list of connection objects")
        return _answer(200, {"connections": [emulator.seed_connection(spec) for spec in specs]})
    return _answer(200, emulator.seed_connection(body))


def _get_connection(emulator, match, _query, _body_data):
    conn = _found(emulator.connection(match.group("id")), "connection " + match.group("id"))
    return _answer(200, emulator.admin_view(conn))


def _patch_connection(emulator, match, _query, body):
    return _answer(200, _found(emulator.patch_connection(match.group("id"), body), "connection " + match.group("id")))


def _delete_connection(emulator, match, _query, _body_data):
    _found(emulator.delete_connection(match.group("id")) or None, "connection " + match.group("id"))
    return _answer(200, {"deleted": match.group("id")})


def _connection_transitions(emulator, match, _query, body):
    return _answer(200, _found(emulator.set_connection_transitions(match.group("id"), body), "connection " + match.group("id")))


def _advance_connection(emulator, match, _query, _body_data):
    return _answer(200, _found(emulator.advance_connection(match.group("id")), "connection " + match.group("id")))


def _external_modify(emulator, match, _query, body):
    return _answer(200, _found(emulator.external_modify(match.group("id"), body), "connection " + match.group("id")))


def _list_vpcs(emulator, _match, _query, _body_data):
    return _answer(200, {"vpcs": emulator.network_admin.vpcs()})


def _get_vpc(emulator, match, _query, _body_data):
    return _answer(200, _found(emulator.network_admin.vpc(match.group("id")), "VPC " + match.group("id")))


def _patch_vpc(emulator, match, _query, body):
    return _answer(200, _found(emulator.network_admin.patch_vpc(match.group("id"), body), "VPC " + match.group("id")))


def _vpc_transitions(emulator, match, _query, body):
    return _answer(200, _found(emulator.network_admin.retime_vpc(match.group("id"), body), "VPC " + match.group("id")))


def _advance_vpc(emulator, match, _query, _body_data):
    return _answer(200, _found(emulator.network_admin.advance_vpc(match.group("id")), "VPC " + match.group("id")))


def _list_vswitches(emulator, _match, _query, _body_data):
    return _answer(200, {"vswitches": emulator.network_admin.vswitches()})


def _add_vswitch(emulator, _match, _query, body):
    return _answer(200, emulator.network_admin.add_vswitch(body))


def _patch_vswitch(emulator, match, _query, body):
    return _answer(200, _found(emulator.network_admin.patch_vswitch(match.group("id"), body), "vSwitch " + match.group("id")))


def _list_route_tables(emulator, _match, _query, _body_data):
    return _answer(200, {"route_tables": emulator.network_admin.route_tables()})


def _add_route_table(emulator, _match, _query, body):
    return _answer(200, emulator.network_admin.add_route_table(body))


def _get_route_table(emulator, match, _query, _body_data):
    return _answer(200, _found(emulator.network_admin.route_table(match.group("id")), "route table " + match.group("id")))


def _patch_route_table(emulator, match, _query, body):
    return _answer(200, _found(emulator.network_admin.patch_route_table(match.group("id"), body), "route table " + match.group("id")))


def _list_route_entries(emulator, _match, query, _body_data):
    entries = emulator.network_admin.route_entries(query.get("route_table_id"), query.get("vpc_id"), query.get("next_hop_id"))
    return _answer(200, {"route_entries": entries})


def _seed_route_entry(emulator, _match, _query, body):
    if "RouteEntries" in body:  # many at once, in order; a refused one stops there and those before it stay
        specs = body["RouteEntries"]
        if not isinstance(specs, list) or not all(isinstance(spec, dict) for spec in specs):
            raise ControlRequestError(400, "RouteEntries must be a list of route entry objects")
        return _answer(200, {"route_entries": [emulator.network_admin.seed_route_entry(spec) for spec in specs]})
    return _answer(200, emulator.network_admin.seed_route_entry(body))


def _get_route_entry(emulator, match, _query, _body_data):
    return _answer(200, _found(emulator.network_admin.route_entry(match.group("id")), "route entry " + match.group("id")))


def _patch_route_entry(emulator, match, _query, body):
    return _answer(200, _found(emulator.network_admin.patch_route_entry(match.group("id"), body), "route entry " + match.group("id")))


def _delete_route_entry(emulator, match, _query, _body_data):
    _found(emulator.network_admin.delete_route_entry(match.group("id")) or None, "route entry " + match.group("id"))
    return _answer(200, {"deleted": match.group("id")})


def _route_entry_transitions(emulator, match, _query, body):
    return _answer(200, _found(emulator.network_admin.retime_route_entry(match.group("id"), body), "route entry " + match.group("id")))


def _advance_route_entry(emulator, match, _query, _body_data):
    return _answer(200, _found(emulator.network_admin.advance_route_entry(match.group("id")), "route entry " + match.group("id")))


def _add_fault(emulator, _match, _query, body):
    with emulator.lock:
        rule = emulator.faults.add(body)
    return _answer(200, {"id": rule.rule_id, "rule": rule.to_dict()})


def _list_faults(emulator, _match, _query, _body_data):
    with emulator.lock:
        return _answer(200, {"faults": emulator.faults.to_list()})


def _clear_faults(emulator, _match, _query, _body_data):
    with emulator.lock:
        emulator.faults.reset()
    return _answer(200, {"faults": []})


def _delete_fault(emulator, match, _query, _body_data):
    rule_id = int(match.group("id"))
    with emulator.lock:
        before = len(emulator.faults.rules)
        emulator.faults.rules = [rule for rule in emulator.faults.rules if rule.rule_id != rule_id]
        removed = len(emulator.faults.rules) != before
    _found(removed or None, "fault %d" % rule_id)
    return _answer(200, {"deleted": rule_id})


def _journal(emulator, _match, query, _body_data):
    return _answer(200, {"calls": emulator.journal_entries(query.get("action") or None)})


def _clear_journal(emulator, _match, _query, _body_data):
    emulator.clear_journal()
    return _answer(200, {"calls": []})


def _stats(emulator, _match, _query, _body_data):
    return _answer(200, emulator.stats())


def _credentials(emulator, match, query, _body_data):
    duration = float(query.get("duration_seconds") or 3600)
    result = emulator.credentials(match.group("id"), duration)
    if result is None:
        return _answer(404, {"Code": "InvalidAccessKeyId.NotFound", "Message": "Specified access key is not found."})
    return _answer(200, result)


_ID = r"(?P<id>[^/]+)"
ROUTES: List[Tuple["re.Pattern[str]", Dict[str, Callable[..., Answer]]]] = [
    (re.compile(r"health"), {"GET": _health}),
    (re.compile(r"reset"), {"POST": _reset}),
    (re.compile(r"config"), {"GET": _get_config, "POST": _post_config}),
    (re.compile(r"transitions"), {"GET": _get_transitions, "POST": _post_transitions}),
    (re.compile(r"profile"), {"GET": _get_profile, "POST": _post_profile}),
    (re.compile(r"profiles"), {"GET": _get_profiles}),
    (re.compile(r"vpcs"), {"GET": _list_vpcs, "POST": _post_vpc}),
    (re.compile(r"vpcs/" + _ID), {"GET": _get_vpc, "PATCH": _patch_vpc}),
    (re.compile(r"vpcs/" + _ID + r"/transitions"), {"POST": _vpc_transitions}),
    (re.compile(r"vpcs/" + _ID + r"/advance"), {"POST": _advance_vpc}),
    (re.compile(r"vswitches"), {"GET": _list_vswitches, "POST": _add_vswitch}),
    (re.compile(r"vswitches/" + _ID), {"PATCH": _patch_vswitch}),
    (re.compile(r"route-tables"), {"GET": _list_route_tables, "POST": _add_route_table}),
    (re.compile(r"route-tables/" + _ID), {"GET": _get_route_table, "PATCH": _patch_route_table}),
    (re.compile(r"route-entries"), {"GET": _list_route_entries, "POST": _seed_route_entry}),
    (re.compile(r"route-entries/" + _ID), {"GET": _get_route_entry, "PATCH": _patch_route_entry, "DELETE": _delete_route_entry}),
    (re.compile(r"route-entries/" + _ID + r"/transitions"), {"POST": _route_entry_transitions}),
    (re.compile(r"route-entries/" + _ID + r"/advance"), {"POST": _advance_route_entry}),
    (re.compile(r"clock"), {"GET": _get_clock, "POST": _post_clock}),
    (re.compile(r"access-keys"), {"POST": _add_access_key}),
    (re.compile(r"access-keys/" + _ID), {"GET": _get_key_policy}),
    (re.compile(r"access-keys/" + _ID + r"/policy"), {"GET": _get_key_policy, "PUT": _set_key_policy, "POST": _set_key_policy}),
    (re.compile(r"connections"), {"GET": _list_connections, "POST": _seed_connection}),
    (re.compile(r"connections/" + _ID), {"GET": _get_connection, "PATCH": _patch_connection, "DELETE": _delete_connection}),
    (re.compile(r"connections/" + _ID + r"/transitions"), {"POST": _connection_transitions}),
    (re.compile(r"connections/" + _ID + r"/advance"), {"POST": _advance_connection}),
    (re.compile(r"connections/" + _ID + r"/external-modify"), {"POST": _external_modify}),
    (re.compile(r"faults"), {"GET": _list_faults, "POST": _add_fault, "DELETE": _clear_faults}),
    (re.compile(r"faults/(?P<id>\d+)"), {"DELETE": _delete_fault}),
    (re.compile(r"journal"), {"GET": _journal, "DELETE": _clear_journal}),
    (re.compile(r"stats"), {"GET": _stats}),
    (re.compile(r"credentials/" + _ID), {"GET": _credentials}),
]


# -- client -----------------------------------------------------------------------------------

class ControlError(Exception):
    """A non-2xx answer of the control API; ``body`` is the decoded JSON (or text)."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__("control API answered %d: %s" % (status, body))
        self.status = status
        self.body = body


@functools.lru_cache(maxsize=None)
def _proxy_free_opener() -> urllib.request.OpenerDirector:
    """One opener for every client: building one loads the TLS trust store, about 35 ms."""
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ControlClient:
    """Python wrapper of the control API. Uses urllib with proxies disabled (tests must never use one)."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._opener = _proxy_free_opener()

    def request(self, method: str, path: str, body: Optional[Dict[str, Any]] = None, query: Optional[Dict[str, Any]] = None) -> Any:
        url = self.base_url + CONTROL_PREFIX + path.lstrip("/")
        if query:
            url += "?" + urlencode({k: v for k, v in query.items() if v is not None})
        data = json.dumps(body).encode("utf-8") if body is not None else None
        req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                return json.loads(resp.read().decode("utf-8") or "null")
        except urllib.error.HTTPError as exc:
            raw = exc.read().decode("utf-8", errors="replace")
            try:
                payload = json.loads(raw)
            except ValueError:
                payload = raw
            raise ControlError(exc.code, payload) from None

    # service-wide
    def health(self) -> Dict[str, Any]:
        return self.request("GET", "health")

    def reset(self) -> None:
        self.request("POST", "reset")

    def config(self) -> Dict[str, Any]:
        return self.request("GET", "config")

    def update_config(self, patch: Dict[str, Any]) -> Dict[str, Any]:
        """Deep-merge ``patch`` into the configuration (objects merge, null deletes a key)."""
        return self.request("POST", "config", patch)

    def set_transitions(self, specs: Optional[Dict[str, Any]] = None, **phases: Any) -> Dict[str, Any]:
        """E.g. ``set_transitions(create={"mode": "immediate"}, modify={"mode": "reads", "reads": 2})``."""
        return self.request("POST", "transitions", {**(specs or {}), **phases})

    def set_all_transitions(self, spec: Dict[str, Any], include_expire: bool = False) -> Dict[str, Any]:
        """Every phase of connections, VPCs and route entries (and expire with ``include_expire``)."""
        phases = [phase for phase in PHASES if phase != "expire" or include_expire]
        return self.set_transitions({phase: spec for phase in phases})

    def set_profile(self, name: str, seed: Optional[int] = None) -> Dict[str, Any]:
        """Select a timing profile (fast, realistic, chaos); returns the profile, seed, transitions and replica lag."""
        return self.request("POST", "profile", {"profile": name, **({"seed": seed} if seed is not None else {})})

    def profile(self) -> Dict[str, Any]:
        return self.request("GET", "profile")

    def profiles(self) -> Dict[str, Any]:
        return self.request("GET", "profiles")["profiles"]

    def set_replica_lag(self, seconds: Any = 0, reads: int = 0, fields: Optional[List[str]] = None) -> Dict[str, Any]:
        lag: Dict[str, Any] = {"seconds": seconds, "reads": reads}
        if fields is not None:
            lag["fields"] = fields
        return self.update_config({"visibility": {"replica_lag": lag}})

    def set_stale_window(self, seconds: float = 0, reads: int = 0) -> Dict[str, Any]:
        return self.update_config({"stale_window": {"stale_seconds": seconds, "stale_reads": reads}})

    def set_quotas(self, limits: Optional[Dict[str, int]] = None, enabled: Optional[bool] = None,
                   window_seconds: Optional[float] = None, retry_after_header: Optional[bool] = None) -> Dict[str, Any]:
        patch: Dict[str, Any] = {}
        if limits is not None:
            patch["limits"] = limits
        if enabled is not None:
            patch["enabled"] = enabled
        if window_seconds is not None:
            patch["window_seconds"] = window_seconds
        if retry_after_header is not None:
            patch["retry_after_header"] = retry_after_header
        return self.update_config({"quotas": patch})

    def add_vpc(self, account: Any, region: str, vpc_id: str, ipv4_cidrs: Optional[List[str]] = None,
                ipv6_cidrs: Optional[List[str]] = None, **settings: Any) -> Dict[str, Any]:
        """A VPC in the configuration; ``settings`` are its other keys (vswitches, route_tables, name, status...)."""
        return self.request("POST", "vpcs", {"account": account, "region": region, "vpc_id": vpc_id,
                                             "ipv4_cidrs": ipv4_cidrs or [], "ipv6_cidrs": ipv6_cidrs or [], **settings})

    def add_access_key(self, access_key_id: str, secret: str, account: Any, policy: Any = None,
                       **settings: Any) -> Dict[str, Any]:
        """A new access key of ``account`` (name or AliUid); ``policy``: a RAM policy document or a list of them
        (None: an unrestricted key); ``settings``: display_name, security_token, expiration..."""
        body = {"access_key_id": access_key_id, "secret": secret, "account": account, **settings}
        if policy is not None:
            body["policy"] = policy
        return self.request("POST", "access-keys", body)

    def set_key_policy(self, access_key_id: str, policy: Any) -> Dict[str, Any]:
        """Replace the key's RAM policies: a document, a list of documents (or of {"PolicyName", "PolicyDocument"}
        entries), or None for an unrestricted key. Returns the key's view."""
        return self.request("PUT", "access-keys/%s/policy" % quote(access_key_id), {"policy": policy})

    def key_policy(self, access_key_id: str) -> Dict[str, Any]:
        return self.request("GET", "access-keys/%s/policy" % quote(access_key_id))

    def clock(self) -> Dict[str, Any]:
        return self.request("GET", "clock")

    def advance_clock(self, seconds: float) -> Dict[str, Any]:
        return self.request("POST", "clock", {"advance_seconds": seconds})

    # connections
    def seed_connection(self, spec: Optional[Dict[str, Any]] = None, **fields: Any) -> Dict[str, Any]:
        return self.request("POST", "connections", {**(spec or {}), **fields})

    def seed_connections(self, specs: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        """Seed several connections with one request; returns their admin views, in order."""
        return self.request("POST", "connections", {"Connections": list(specs)})["connections"]

    def connections(self) -> List[Dict[str, Any]]:
        return self.request("GET", "connections")["connections"]

    def connection(self, instance_id: str) -> Dict[str, Any]:
        return self.request("GET", "connections/" + quote(instance_id))

    def patch_connection(self, instance_id: str, spec: Optional[Dict[str, Any]] = None, **fields: Any) -> Dict[str, Any]:
        return self.request("PATCH", "connections/" + quote(instance_id), {**(spec or {}), **fields})

    def delete_connection(self, instance_id: str) -> None:
        self.request("DELETE", "connections/" + quote(instance_id))

    def set_connection_transitions(self, instance_id: str, specs: Optional[Dict[str, Any]] = None, **phases: Any) -> Dict[str, Any]:
        return self.request("POST", "connections/%s/transitions" % quote(instance_id), {**(specs or {}), **phases})

    def advance_connection(self, instance_id: str) -> Dict[str, Any]:
        return self.request("POST", "connections/%s/advance" % quote(instance_id))

    def external_modify(self, instance_id: str, **changes: Any) -> Dict[str, Any]:
        return self.request("POST", "connections/%s/external-modify" % quote(instance_id), changes)

    # the network (VPC 2016-04-28)
    def vpcs(self) -> List[Dict[str, Any]]:
        return self.request("GET", "vpcs")["vpcs"]

    def vpc(self, vpc_id: str) -> Dict[str, Any]:
        return self.request("GET", "vpcs/" + quote(vpc_id))

    def patch_vpc(self, vpc_id: str, spec: Optional[Dict[str, Any]] = None, **fields: Any) -> Dict[str, Any]:
        return self.request("PATCH", "vpcs/" + quote(vpc_id), {**(spec or {}), **fields})

    def set_vpc_transitions(self, vpc_id: str, specs: Optional[Dict[str, Any]] = None, **phases: Any) -> Dict[str, Any]:
        return self.request("POST", "vpcs/%s/transitions" % quote(vpc_id), {**(specs or {}), **phases})

    def advance_vpc(self, vpc_id: str) -> Dict[str, Any]:
        return self.request("POST", "vpcs/%s/advance" % quote(vpc_id))

    def vswitches(self) -> List[Dict[str, Any]]:
        return self.request("GET", "vswitches")["vswitches"]

    def add_vswitch(self, spec: Optional[Dict[str, Any]] = None, **fields: Any) -> Dict[str, Any]:
        return self.request("POST", "vswitches", {**(spec or {}), **fields})

    def patch_vswitch(self, vswitch_id: str, spec: Optional[Dict[str, Any]] = None, **fields: Any) -> Dict[str, Any]:
        return self.request("PATCH", "vswitches/" + quote(vswitch_id), {**(spec or {}), **fields})

    def route_tables(self) -> List[Dict[str, Any]]:
        return self.request("GET", "route-tables")["route_tables"]

    def route_table(self, route_table_id: str) -> Dict[str, Any]:
        return self.request("GET", "route-tables/" + quote(route_table_id))

    def add_route_table(self, spec: Optional[Dict[str, Any]] = None, **fields: Any) -> Dict[str, Any]:
        return self.request("POST", "route-tables", {**(spec or {}), **fields})

    def patch_route_table(self, route_table_id: str, spec: Optional[Dict[str, Any]] = None, **fields: Any) -> Dict[str, Any]:
        return self.request("PATCH", "route-tables/" + quote(route_table_id), {**(spec or {}), **fields})

    def route_entries(self, route_table_id: Optional[str] = None, vpc_id: Optional[str] = None,
                      next_hop_id: Optional[str] = None) -> List[Dict[str, Any]]:
        query = {"route_table_id": route_table_id, "vpc_id": vpc_id, "next_hop_id": next_hop_id}
        return self.request("GET", "route-entries", query=query)["route_entries"]

    def route_entry(self, route_entry_id: str) -> Dict[str, Any]:
        return self.request("GET", "route-entries/" + quote(route_entry_id))

    def seed_route_entry(self, spec: Optional[Dict[str, Any]] = None, **fields: Any) -> Dict[str, Any]:
        return self.request("POST", "route-entries", {**(spec or {}), **fields})

    def seed_route_entries(self, specs: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        return self.request("POST", "route-entries", {"RouteEntries": list(specs)})["route_entries"]

    def patch_route_entry(self, route_entry_id: str, spec: Optional[Dict[str, Any]] = None, **fields: Any) -> Dict[str, Any]:
        return self.request("PATCH", "route-entries/" + quote(route_entry_id), {**(spec or {}), **fields})

    def delete_route_entry(self, route_entry_id: str) -> None:
        self.request("DELETE", "route-entries/" + quote(route_entry_id))

    def set_route_entry_transitions(self, route_entry_id: str, specs: Optional[Dict[str, Any]] = None,
                                    **phases: Any) -> Dict[str, Any]:
        return self.request("POST", "route-entries/%s/transitions" % quote(route_entry_id), {**(specs or {}), **phases})

    def advance_route_entry(self, route_entry_id: str) -> Dict[str, Any]:
        return self.request("POST", "route-entries/%s/advance" % quote(route_entry_id))

    # faults
    def add_fault(self, fault: str, action: str = "*", **options: Any) -> int:
        return self.request("POST", "faults", {"fault": fault, "action": action, **options})["id"]

    def faults(self) -> List[Dict[str, Any]]:
        return self.request("GET", "faults")["faults"]

    def clear_faults(self) -> None:
        self.request("DELETE", "faults")

    def delete_fault(self, rule_id: int) -> None:
        self.request("DELETE", "faults/%d" % rule_id)

    # inspection
    def journal(self, action: Optional[str] = None) -> List[Dict[str, Any]]:
        return self.request("GET", "journal", query={"action": action})["calls"]

    def clear_journal(self) -> None:
        self.request("DELETE", "journal")

    def stats(self) -> Dict[str, Any]:
        return self.request("GET", "stats")

    def credentials(self, access_key_id: str) -> Dict[str, Any]:
        return self.request("GET", "credentials/" + quote(access_key_id))
