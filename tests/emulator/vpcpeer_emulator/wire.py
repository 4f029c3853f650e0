# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The wire format of the RPC-style APIs (VpcPeer and VPC): request parsing and JSON answers.

Clients put parameters in the query string, in a form-urlencoded body, or in both (the Python
SDK splits them per action, Terraform sends everything in one place), so both are merged.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl

from .errors import VPCPEER_SERVICE, ApiError, Service, api_error

JSON_CONTENT_TYPE = "application/json;charset=utf-8"

# Common parameters of the RPC signature; never part of an action's own parameters.
RPC_COMMON_PARAMS = frozenset((
    "Action", "Version", "Format", "Timestamp", "SignatureNonce", "SignatureMethod",
    "SignatureVersion", "SignatureType", "AccessKeyId", "Signature", "SecurityToken", "BearerToken",
))
# Never written to the journal.
SECRET_PARAMS = frozenset(("Signature", "SecurityToken", "BearerToken", "AccessKeySecret"))

_INDEXED = re.compile(r"^(?P<base>[A-Za-z]+)\.(?P<index>\d+)(?:\.(?P<field>[A-Za-z]+))?$")


def new_request_id() -> str:
    """A RequestId shaped like the service's: an upper-case UUID."""
    return str(uuid.uuid4()).upper()


class ApiRequest:
    """One parsed HTTP request to the API endpoint."""

    def __init__(self, method: str, path: str, raw_query: str, headers: Dict[str, str], body: bytes) -> None:
        self.method = method
        self.path = path
        self.raw_query = raw_query
        # Lower-case names; repeated headers are comma-joined like the SDK's canonical form.
        self.headers = headers
        self.body = body
        self.query: List[Tuple[str, str]] = parse_qsl(raw_query, keep_blank_values=True)
        self.form: List[Tuple[str, str]] = []
        content_type = headers.get("content-type", "")
        if body and (not content_type or content_type.split(";")[0].strip().lower() == "application/x-www-form-urlencoded"):
            self.form = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        merged: Dict[str, str] = {}
        for key, value in self.query:
            merged[key] = value
        for key, value in self.form:
            merged[key] = value
        self.all_params = merged
        # The action's own parameters, without the RPC signature's common parameters.
        self.params: Dict[str, str] = {k: v for k, v in merged.items() if k not in RPC_COMMON_PARAMS}
        self.action = headers.get("x-acs-action") or merged.get("Action") or ""
        self.version = headers.get("x-acs-version") or merged.get("Version") or ""

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    def retry_attempt(self) -> int:
        try:
            return int(self.header("x-acs-retry-attempts", "0") or 0)
        except ValueError:
            return 0

    def loggable_params(self) -> Dict[str, str]:
        """Parameters for the journal: the action's own, never signatures or tokens."""
        return {k: v for k, v in self.params.items() if k not in SECRET_PARAMS}


class Params:
    """Typed access to an action's parameters, raising the service's validation errors."""

    def __init__(self, raw: Dict[str, str]) -> None:
        self.raw = raw

    def has(self, name: str) -> bool:
        return name in self.raw

    def text(self, name: str, required: bool = False) -> Optional[str]:
        value = self.raw.get(name)
        if value is None or (required and value == ""):
            if required:
                raise api_error("MissingParameter", name)
            return None
        return value

    def integer(self, name: str, required: bool = False, minimum: Optional[int] = None,
                maximum: Optional[int] = None, code: Optional[str] = None) -> Optional[int]:
        value = self.text(name, required=required)
        if value is None:
            return None
        try:
            number = int(value.strip())
        except ValueError:
            raise api_error(code or "IllegalParam." + name) from None
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            raise api_error(code or "IllegalParam." + name)
        return number

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        lowered = value.strip().lower()
        if lowered == "true":
            return True
        if lowered == "false":
            return False
        raise api_error("IllegalParam." + name)

    def indexed(self, base: str) -> Dict[int, Dict[str, str]]:
        """``Base.N`` and ``Base.N.Field`` parameters, grouped by N (1-based)."""
        groups: Dict[int, Dict[str, str]] = {}
        for key, value in self.raw.items():
            match = _INDEXED.match(key)
            if not match or match.group("base") != base:
                continue
            index = int(match.group("index"))
            groups.setdefault(index, {})[match.group("field") or ""] = value
        return dict(sorted(groups.items()))

    def str_list(self, base: str) -> List[str]:
        """``ResourceId.1``, ``ResourceId.2``... in index order; a bare ``ResourceId`` counts as one item."""
        items = [group[""] for group in self.indexed(base).values() if "" in group]
        if not items and self.raw.get(base):
            items = [self.raw[base]]
        return items

    def tags(self, base: str) -> List[Tuple[str, Optional[str]]]:
        """``Tag.N.Key`` / ``Tag.N.Value`` pairs in index order; the value is None when absent."""
        pairs: List[Tuple[str, Optional[str]]] = []
        for group in self.indexed(base).values():
            if "Key" not in group and "Value" not in group:
                continue
            pairs.append((group.get("Key", ""), group.get("Value")))
        return pairs

    def csv(self, name: str) -> List[str]:
        value = self.raw.get(name)
        if not value:
            return []
        return [item.strip() for item in value.split(",") if item.strip()]


def json_bytes(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def error_response(error: ApiError, request_id: str, service: Service = VPCPEER_SERVICE) -> Tuple[int, Dict[str, str], bytes]:
    """Status, headers and body of an error answer, in ``service``'s JSON envelope."""
    headers = {"Content-Type": JSON_CONTENT_TYPE, "x-acs-request-id": request_id}
    headers.update(error.headers)
    return error.status, headers, json_bytes(error.envelope(request_id, service))


def ok_response(body: Dict[str, Any], request_id: str) -> Tuple[int, Dict[str, str], bytes]:
    return 200, {"Content-Type": JSON_CONTENT_TYPE, "x-acs-request-id": request_id}, json_bytes(body)


__all__ = ["ApiError", "ApiRequest", "Params", "error_response", "json_bytes", "new_request_id", "ok_response"]
