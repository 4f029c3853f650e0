# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Server-side verification of both signatures the SDK can send.

ACS3-HMAC-SHA256 (the SDK default) is rebuilt from the names listed in ``SignedHeaders``, the
SHA-256 of the raw body and the RFC 3986 re-encoding of the parsed query. The legacy RPC
HMAC-SHA1 signature (``Config(signature_algorithm='v2')``) covers query and body parameters.
Nonces are remembered for the replay window; dates must be within the allowed clock skew.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple
from urllib.parse import quote

from .accounts import AccessKey, parse_utc
from .errors import ApiError, api_error
from .wire import ApiRequest

ACS3_ALGORITHM = "ACS3-HMAC-SHA256"
RPC_METHOD = "HMAC-SHA1"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

# Headers that must be covered by the V3 signature whenever they are sent.
MANDATORY_SIGNED_HEADERS = ("host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256")
SIGNED_WHEN_PRESENT = ("content-type", "x-acs-security-token", "x-acs-accesskey-id")
RPC_REQUIRED_PARAMS = ("AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "Timestamp")


def rfc3986(value: str) -> str:
    """Percent-encode everything but the RFC 3986 unreserved characters."""
    return quote(value, safe="-_.~", encoding="utf-8")


@dataclass
class AuthResult:
    access_key: AccessKey
    signature_method: str


def canonical_query(pairs: List[Tuple[str, str]]) -> str:
    encoded = sorted((rfc3986(key), rfc3986(value)) for key, value in pairs)
    return "&".join("%s=%s" % item for item in encoded)


def acs3_string_to_sign(request: ApiRequest, signed_headers: List[str], payload_hash: str) -> Tuple[str, str]:
    """(canonical request, string to sign) as the server rebuilds them."""
    header_block = "".join("%s:%s\n" % (name, request.headers.get(name, "").strip()) for name in signed_headers)
    canonical_request = "\n".join((
        request.method,
        request.path or "/",
        canonical_query(request.query),
        header_block,
        ";".join(signed_headers),
        payload_hash,
    ))
    digest = hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    return canonical_request, "%s\n%s" % (ACS3_ALGORITHM, digest)


def acs3_signature(secret: str, string_to_sign: str) -> str:
    return hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def rpc_string_to_sign(method: str, params: Dict[str, str]) -> str:
    canonical = "&".join(
        "%s=%s" % (rfc3986(key), rfc3986(params[key])) for key in sorted(params) if key != "Signature"
    )
    return "%s&%s&%s" % (method, rfc3986("/"), rfc3986(canonical))


def rpc_signature(secret: str, string_to_sign: str) -> str:
    digest = hmac.new((secret + "&").encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def parse_authorization(value: str) -> Tuple[str, Dict[str, str]]:
    """``ALGO Credential=AK,SignedHeaders=a;b,Signature=hex`` into (algorithm, fields)."""
    algorithm, _sep, rest = value.strip().partition(" ")
    fields: Dict[str, str] = {}
    for part in rest.split(","):
        name, sep, field_value = part.strip().partition("=")
        if sep:
            fields[name.strip()] = field_value.strip()
    return algorithm, fields


class NonceCache:
    """Nonces seen in the last ``ttl`` seconds of real time, per access key."""

    def __init__(self) -> None:
        self._seen: "OrderedDict[Tuple[str, str], float]" = OrderedDict()
        self._lock = threading.Lock()

    def use(self, access_key_id: str, nonce: str, ttl: float) -> bool:
        """Record a nonce; False when it was already used within the window."""
        now = time.time()
        key = (access_key_id, nonce)
        with self._lock:
            # Entries are appended in time order, so expired ones sit at the front.
            while self._seen:
                oldest_key, expires = next(iter(self._seen.items()))
                if expires > now:
                    break
                del self._seen[oldest_key]
            if key in self._seen:
                return False
            self._seen[key] = now + ttl
            return True

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()


class Verifier:
    """Authenticates API requests against the access-key table."""

    def __init__(self, lookup_key: Callable[[str], Optional[AccessKey]], emulator_now: Callable[[], float]) -> None:
        self.lookup_key = lookup_key
        self.emulator_now = emulator_now
        self.nonces = NonceCache()
        self.max_skew_seconds = 900.0
        self.nonce_ttl_seconds = 900.0

    def authenticate(self, request: ApiRequest, debug: Dict[str, str]) -> AuthResult:
        """Verify the request's signature; raise the service's ApiError on any failure.

        ``debug`` receives the access key id and the server's string to sign for the journal.
        """
        authorization = request.header("authorization")
        if authorization:
            return self._authenticate_acs3(request, authorization, debug)
        if "Signature" in request.all_params or "SignatureMethod" in request.all_params:
            return self._authenticate_rpc(request, debug)
        raise api_error("IncompleteSignature", "The Authorization header or the Signature parameter is missing.")

    def _key(self, access_key_id: str) -> AccessKey:
        key = self.lookup_key(access_key_id)
        if key is None:
            raise api_error("InvalidAccessKeyId.NotFound")
        if key.disabled:
            raise api_error("InvalidAccessKeyId.Inactive")
        return key

    def _check_time(self, value: str) -> None:
        try:
            sent = parse_utc(value)
        except ValueError:
            raise api_error("InvalidTimeStamp.Format") from None
        if abs(time.time() - sent) > self.max_skew_seconds:
            raise api_error("InvalidTimeStamp.Expired")

    def _check_token(self, key: AccessKey, token: Optional[str]) -> None:
        if not key.is_sts:
            if token:
                raise api_error("InvalidSecurityToken.MismatchWithAccessKey")
            return
        if not token:
            raise api_error("MissingSecurityToken")
        if any(ch.isspace() or not ch.isprintable() for ch in token) or len(token) > 8192:
            raise api_error("InvalidSecurityToken.Malformed")
        if not hmac.compare_digest(token.encode("utf-8"), (key.security_token or "").encode("utf-8")):
            raise api_error("InvalidSecurityToken.MismatchWithAccessKey")
        if key.expiration is not None and self.emulator_now() >= key.expiration:
            raise api_error("InvalidSecurityToken.Expired")

    def _check_nonce(self, key: AccessKey, nonce: str) -> None:
        if not self.nonces.use(key.access_key_id, nonce, self.nonce_ttl_seconds):
            raise api_error("SignatureNonceUsed")

    def _authenticate_acs3(self, request: ApiRequest, authorization: str, debug: Dict[str, str]) -> AuthResult:
        algorithm, fields = parse_authorization(authorization)
        if fields.get("Credential"):
            debug["access_key_id"] = fields["Credential"]
        if algorithm != ACS3_ALGORITHM:
            raise api_error("IncompleteSignature", "Unsupported signature algorithm %r." % algorithm)
        missing_fields = [name for name in ("Credential", "SignedHeaders", "Signature") if not fields.get(name)]
        if missing_fields:
            raise api_error("IncompleteSignature", "The Authorization header lacks %s." % ", ".join(missing_fields))
        signed_headers = [name.strip().lower() for name in fields["SignedHeaders"].split(";") if name.strip()]
        required = list(MANDATORY_SIGNED_HEADERS) + [name for name in SIGNED_WHEN_PRESENT if name in request.headers]
        for name in required:
            if name not in signed_headers:
                raise api_error("IncompleteSignature", "The header %s must be signed." % name)
        for name in signed_headers:
            if name not in request.headers:
                raise api_error("IncompleteSignature", "The signed header %s is missing from the request." % name)
        key = self._key(fields["Credential"])
        self._check_time(request.header("x-acs-date"))
        payload_hash = hashlib.sha256(request.body).hexdigest()
        canonical_request, string_to_sign = acs3_string_to_sign(request, signed_headers, payload_hash)
        expected = acs3_signature(key.secret, string_to_sign)
        sent_hash = request.header("x-acs-content-sha256").strip().lower()
        if sent_hash != payload_hash or not hmac.compare_digest(expected, fields["Signature"].strip().lower()):
            # Kept for the journal only: the service itself echoes just the string to sign.
            debug["canonical_request"] = canonical_request
            if sent_hash != payload_hash:
                debug["payload_hash_mismatch"] = "x-acs-content-sha256 %s != body %s" % (sent_hash, payload_hash)
            raise api_error("SignatureDoesNotMatch", string_to_sign)
        if request.header("x-acs-security-token") and request.header("x-acs-accesskey-id") != key.access_key_id:
            raise api_error("InvalidSecurityToken.MismatchWithAccessKey")
        self._check_token(key, request.header("x-acs-security-token") or None)
        self._check_nonce(key, request.header("x-acs-signature-nonce"))
        return AuthResult(access_key=key, signature_method=ACS3_ALGORITHM)

    def _authenticate_rpc(self, request: ApiRequest, debug: Dict[str, str]) -> AuthResult:
        params = request.all_params
        if params.get("AccessKeyId"):
            debug["access_key_id"] = params["AccessKeyId"]
        missing = [name for name in RPC_REQUIRED_PARAMS if not params.get(name)]
        if missing:
            raise api_error("IncompleteSignature", "The parameter %s is missing." % ", ".join(missing))
        if params["SignatureMethod"] != RPC_METHOD:
            raise api_error("IncompleteSignature", "Unsupported SignatureMethod %r." % params["SignatureMethod"])
        if params.get("SignatureVersion", "1.0") != "1.0":
            raise api_error("IncompleteSignature", "Unsupported SignatureVersion %r." % params["SignatureVersion"])
        key = self._key(params["AccessKeyId"])
        self._check_time(params["Timestamp"])
        string_to_sign = rpc_string_to_sign(request.method, params)
        expected = rpc_signature(key.secret, string_to_sign)
        if not hmac.compare_digest(expected.encode("ascii"), params["Signature"].encode("utf-8", errors="replace")):
            raise api_error("SignatureDoesNotMatch", string_to_sign)
        self._check_token(key, params.get("SecurityToken") or None)
        self._check_nonce(key, params["SignatureNonce"])
        return AuthResult(access_key=key, signature_method=RPC_METHOD)


__all__ = ["ApiError", "AuthResult", "NonceCache", "Verifier", "acs3_signature", "acs3_string_to_sign", "rpc_signature", "rpc_string_to_sign"]
