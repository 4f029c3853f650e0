# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Error types and the translation of SDK exceptions into one ``ApiError``.

This module util is PRIVATE to the collection: its interface may change in any release.

Every failure a module reports goes through ``VpcPeerError`` (``msg`` plus extra result keys), so
modules fail uniformly. ``ApiError.from_exception`` reads any exception the Alibaba Cloud Tea SDK
raises (``ClientException``, ``ServerException``, ``ThrottlingException``, ``UnretryableException``
wrapping transport errors, time-outs, unparseable answers and credential failures, and the generic
``TeaException``) without importing the SDK, so it also works in unit tests and when the SDK is broken.
"""

from __future__ import annotations

import json
import re
import socket
import ssl
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple

# Synthetic codes for failures that never reached (or never came back from) the service. The
# ``SDK.`` prefix follows the convention of Alibaba Cloud's own Python SDK core.
CODE_UNREACHABLE = 'SDK.ServerUnreachable'          # connection refused, connect time-out, proxy refused
CODE_HOST_NOT_FOUND = 'SDK.HostNotFound'            # the endpoint's name does not resolve
CODE_TLS = 'SDK.TLSError'                           # TLS handshake failed (wrong port or protocol, certificates)
CODE_TIMEOUT = 'SDK.ReadTimeout'                    # sent, but no answer in time
CODE_CONNECTION_LOST = 'SDK.ConnectionLost'         # sent, then the connection broke before the whole answer
CODE_BAD_RESPONSE = 'SDK.InvalidServerResponse'     # an answer that is not the API's
CODE_NO_CREDENTIALS = 'SDK.CredentialsNotFound'
CODE_SDK_ERROR = 'SDK.UnknownError'

# Error kinds: how the failure happened, independent of the code. They decide retries and whether a
# mutating call may have been applied although it failed.
KIND_API = 'api'                  # the service answered with an error document
KIND_NOT_SENT = 'not_sent'        # the request never reached a server (refused, connect time-out, proxy)
KIND_MISCONFIGURED = 'misconfigured'  # cannot heal within a task: DNS failure, TLS or protocol mismatch
KIND_ANSWER_LOST = 'answer_lost'  # the request was sent, the answer never arrived whole (time-out, reset)
KIND_BAD_RESPONSE = 'bad_response'  # an answer that is not a VpcPeer API answer (HTML 502, plain text, foreign JSON)
KIND_CREDENTIALS = 'credentials'  # no usable credentials (client side, before any request)
KIND_SDK = 'sdk'                  # anything else raised inside the SDK or the Python runtime

# Kinds after which a mutating request may or may not have been applied by the service.
AMBIGUOUS_KINDS = frozenset((KIND_ANSWER_LOST, KIND_BAD_RESPONSE))

_PERMISSION = (
    'The credentials lack a RAM permission for this action. Grant the RAM user or role the RAM action '
    'named in the message (for example vpc:ModifyVpcPeerConnection) on the connection, or use other credentials.'
)
_THROTTLING = (
    'The request rate quota was exceeded (VpcPeer allows 360 calls a minute per account, region and '
    'action, shared by every task running at once). The module retried with backoff within '
    'wait_timeout; run fewer tasks in parallel or raise wait_timeout.'
)
_ACCESS_KEY = (
    'The AccessKey ID is unknown or disabled. Check access_key_id (or ALIBABA_CLOUD_ACCESS_KEY_ID / '
    'ALICLOUD_ACCESS_KEY, or the profile) and that the key is enabled in the RAM console.'
)
_SIGNATURE = (
    'The request signature did not match. The AccessKey secret does not belong to the AccessKey ID; '
    'check access_key_secret (or ALIBABA_CLOUD_ACCESS_KEY_SECRET / ALICLOUD_SECRET_KEY, or the profile).'
)
_STS = (
    'The STS security token is invalid or has expired. Obtain a fresh token and pass it with its '
    'matching temporary AccessKey pair (security_token, access_key_id, access_key_secret).'
)
_CLOCK = 'The request time was rejected. Synchronise the clock of the host that runs the module (NTP).'
_RETRY_LATER = (
    'The service had a temporary problem. The module retried with backoff within wait_timeout; '
    'run the task again later. If it persists, contact Alibaba Cloud support with the request id.'
)
_LINK_TYPE = 'Link types (link_type) apply only to cross-region connections.'

# What to do, for every error code of ModifyVpcPeerConnection (its API page's table), the other VpcPeer actions
# the collection calls, and the gateway's DryRun, permission, throttling, credential and signature codes.
ADVICE: Dict[str, str] = {
    # ModifyVpcPeerConnection and GetVpcPeerConnectionAttribute
    'ResourceNotFound.InstanceId': (
        'No VPC peering connection with this instance_id exists for these credentials. Check the id '
        '(pcc-...), the account the credentials belong to, and that the connection was not deleted.'
    ),
    'IncorrectStatus.VpcPeer': (
        'The connection is not in a state that allows this change (another change may still be in '
        'progress, or it is not Activated). Wait until it is Activated and run the task again.'
    ),
    'IncorrectBusinessStatus.VpcPeer': (
        'The connection is locked for business reasons (BizStatus FinancialLocked, usually an overdue '
        'payment). Settle the account\'s overdue payments in the Billing console, then retry.'
    ),
    'OperationFailed.BandwidthCannotBeChangedInSameRegion': (
        'Both VPCs are in the same region: such connections have unlimited bandwidth (-1) that cannot '
        'be changed. Remove bandwidth from the task.'
    ),
    'QuotaExceeded.Bandwidth': (
        'The requested bandwidth is not allowed for this connection or exceeds the account\'s quota. '
        'Choose a smaller bandwidth, or request a higher quota in the Quota Center.'
    ),
    'OperationFailed.InterRegionLinkTypeNotSupported': (
        _LINK_TYPE + ' This connection is within one region: remove link_type from the task.'
    ),
    'OperationFailed.RegionIdNotSupportLinkType': (
        'This region does not offer the requested link type. Remove link_type or keep the current one.'
    ),
    'OperationFailed.SpecificLinkTypeNotSupported': (
        'The account is not enabled for this link type (Platinum must be enabled for the account). Ask '
        'Alibaba Cloud to enable it, or use link_type Gold.'
    ),
    'OperationFailed.ChargeTypeNotSupported': (
        'The Cloud Data Transfer (CDT) billing method of the account does not support this link type. '
        'Keep link_type Gold or change the CDT billing method.'
    ),
    'OperationDenied.ServiceManagedInstance': (
        'The connection is managed by another Alibaba Cloud service (see managed_service) and cannot be '
        'changed or deleted directly. Change it through the managing service.'
    ),
    # Other VpcPeer actions (create, accept, reject, delete, tags, resource groups)
    'OperationDenied.RouteEntryExist': (
        'Route entries still point at the connection. Delete those routes first, or delete with '
        'force: true, which also removes them.'
    ),
    'ResourceNotFound.VpcPeer': (
        'No VPC peering connection with this id exists for these credentials. Check the id and the account.'
    ),
    'Conflict.Operation': (
        'Another peering operation on the requester or accepter VPC is in progress. The module retried '
        'within wait_timeout; run the task again later.'
    ),
    'LastTokenProcessing': (
        'The previous request with the same client token is still being processed. The module retried '
        'within wait_timeout; run the task again later.'
    ),
    'IdempotentParameterMismatch': (
        'A client token was reused with different parameters. Each change gets a token of its own; run the '
        'task again, and report it if it happens again.'
    ),
    'OperationFailed.CdtNotOpened': (
        'Cloud Data Transfer (CDT) is not activated for the account. Activate CDT, then retry.'
    ),
    'OperationFailed.CrossBorderCdtNotOpened': (
        'Cross-border Cloud Data Transfer is not activated for the account. Activate it, then retry.'
    ),
    'OperationFailed.AcceptUserCdtNotOpened': (
        'Cloud Data Transfer (CDT) is not activated for the accepter account. The accepter must activate it.'
    ),
    'OperationFailed.NotExist.ResourceGroup': (
        'The resource group does not exist in this account. Check resource_group_id.'
    ),
    'ResourceAlreadyExist.VpcPeer': (
        'A peering connection between these two VPCs already exists. Use it (by instance_id) instead.'
    ),
    'QuotaExceeded.VpcPeerCountPerVpc': (
        'The VPC has reached its peering-connection quota. Delete unused connections or request a higher quota.'
    ),
    'UnsupportedRegion': 'VPC peering is not available in this region pair.',
    # DryRun
    'DryRunOperation': (
        'The dry run passed: the request would succeed. Nothing was changed.'
    ),
    # Parameters
    'MissingParameter': 'A required parameter was not sent. Check the task options.',
    'InvalidParameter': 'A parameter value was rejected by the service. Check the task options against the documentation.',
    # Permissions
    'Forbidden.RAM': _PERMISSION,
    # "Authentication is failed for %s": the service says the same whether the RAM identity lacks the action or
    # the account is not the party that may act (only the accepter accepts and rejects). The module says which,
    # where its read of the connection can tell.
    'Forbidden.NoPermission': (
        'The service refused the action for these credentials. Either the account is not the one that may do it '
        '(only the accepter account can accept or reject a connection) or the RAM user or role lacks the action '
        '(vpc:<Action>) on the connection. Check which account the credentials belong to, then their RAM policy.'
    ),
    'NoPermission': _PERMISSION,
    'Forbidden': _PERMISSION,
    # Throttling
    'Throttling': _THROTTLING,
    'Throttling.User': _THROTTLING,
    'Throttling.Api': _THROTTLING,
    'Rejected.Throttling': _THROTTLING,
    # Temporary service problems
    'ServiceUnavailable': _RETRY_LATER,
    'InternalError': _RETRY_LATER,
    # Credentials and signatures
    'InvalidAccessKeyId.NotFound': _ACCESS_KEY,
    'InvalidAccessKeyId': _ACCESS_KEY,
    'InvalidAccessKeyId.Inactive': _ACCESS_KEY,
    'InvalidCredentials': (
        'No credentials were configured. Set access_key_id and access_key_secret (or the environment '
        'variables), a profile, or another source of the alibabacloud-credentials default chain.'
    ),
    'SignatureDoesNotMatch': _SIGNATURE,
    'IncompleteSignature': _SIGNATURE,
    'SignatureNonceUsed': 'A request nonce was reused. Run the task again; if it persists, check the host clock.',
    'InvalidTimeStamp.Expired': _CLOCK,
    'InvalidTimeStamp.Format': _CLOCK,
    'InvalidSecurityToken.Expired': _STS,
    'InvalidSecurityToken.Malformed': _STS,
    'InvalidSecurityToken.MismatchWithAccessKey': _STS,
    # Client-side failures (synthetic codes)
    CODE_UNREACHABLE: (
        'Nothing answered at the endpoint (connection refused or timed out while connecting). Check endpoint (or '
        'ALIBABA_CLOUD_VPCPEER_ENDPOINT), the network, and any proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY).'
    ),
    CODE_HOST_NOT_FOUND: (
        'The endpoint\'s host name does not resolve. Check endpoint (or ALIBABA_CLOUD_VPCPEER_ENDPOINT) for a typo, '
        'and the DNS of the host that runs the module.'
    ),
    CODE_TLS: (
        'The TLS handshake with the endpoint failed: it does not speak HTTPS on that port (use http:// for a plain '
        'HTTP endpoint such as the local emulator) or its certificate is not trusted.'
    ),
    CODE_TIMEOUT: (
        'The endpoint did not answer in time. The module retried within wait_timeout; check the network, '
        'or raise read_timeout / connect_timeout.'
    ),
    CODE_CONNECTION_LOST: (
        'The connection broke before the whole answer arrived. The module retried within wait_timeout with the same '
        'client token, so a change is never applied twice; check the network and any proxy in between.'
    ),
    CODE_BAD_RESPONSE: (
        'The endpoint sent an answer that is not a VpcPeer API answer (for example an HTML error page, or JSON '
        'of another service). Check endpoint and any proxy in between.'
    ),
    CODE_NO_CREDENTIALS: (
        'No credentials could be loaded. Set access_key_id and access_key_secret (or '
        'ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET), or a profile that exists in '
        '~/.aliyun/config.json or ~/.alibabacloud/credentials.ini.'
    ),
}

# Used when a code has no entry of its own.
_PATTERN_ADVICE = (
    (re.compile(r'Throttling'), _THROTTLING),
    (re.compile(r'^(Forbidden|NoPermission|Unauthorized)'), _PERMISSION),
    (re.compile(r'^InvalidAccessKeyId'), _ACCESS_KEY),
    (re.compile(r'^InvalidSecurityToken'), _STS),
    (re.compile(r'^Signature'), _SIGNATURE),
    (re.compile(r'^(IllegalParam|InvalidParam|MissingParam)'), 'A parameter value was rejected. Check the task options.'),
    (re.compile(r'^QuotaExceeded'), 'A quota was exceeded. Free resources or request a higher quota in the Quota Center.'),
)


def advice_for(code: Optional[str], http_status: Optional[int] = None) -> Optional[str]:
    """Return what the user should do about an error code, or ``None`` when nothing specific is known."""
    if code and code in ADVICE:
        return ADVICE[code]
    if code:
        for pattern, text in _PATTERN_ADVICE:
            if pattern.search(code):
                return text
    if http_status is not None and 500 <= http_status < 600:
        return _RETRY_LATER
    return None


class VpcPeerError(Exception):
    """Anything that must fail the task: ``msg`` plus extra keys for the module result."""

    def __init__(self, msg: str, **extra: Any) -> None:
        super().__init__(msg)
        self._msg = msg
        self.extra = extra
        self.notes: List[str] = []

    @property
    def msg(self) -> str:
        """What failed, then the notes added on the way up (such as what the run changed before)."""
        return ' '.join([self.describe()] + self.notes)

    def describe(self) -> str:
        return self._msg

    def add_note(self, note: str) -> None:
        self.notes.append(note)

    def to_result(self) -> Dict[str, Any]:
        """The keys (besides ``msg``) of the failed task's result."""
        return dict(self.extra)

    def __str__(self) -> str:
        return self.msg


class ConfigurationError(VpcPeerError):
    """Invalid connection options (credentials, endpoint, time-outs), found before any API call."""


class ValidationError(VpcPeerError):
    """Invalid module options, found before any API call."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__('Invalid options: ' + '; '.join(self.problems))


class StateError(VpcPeerError):
    """The resource is missing, or in a state in which the requested change is impossible."""


class WaitTimeout(VpcPeerError):
    """The resource did not reach the expected state within ``wait_timeout``."""


def _clean(value: Any) -> Optional[str]:
    """The SDK formats missing fields as the string ``'None'``; turn those (and blanks) into ``None``."""
    if value is None:
        return None
    text = str(value)
    if text in ('', 'None'):
        return None
    return text


_SDK_MESSAGE_WRAPPER = re.compile(r'^code: \d+, (?P<message>.*) request id: [^ ]*$', re.DOTALL)


class ApiError(VpcPeerError):
    """One failed VpcPeer API call, whatever the SDK raised.

    ``code``/``message``/``request_id``/``recommend`` are the service's own fields where it sent an error
    document; transport, parse and credential failures get a synthetic ``SDK.*`` code. ``attempts`` and
    ``elapsed`` are set by the retry loop; ``possibly_applied`` is true when an earlier attempt of the same
    call ended in a way that leaves open whether the service applied it (lost answer).
    """

    def __init__(
        self,
        action: str,
        code: Optional[str] = None,
        message: Optional[str] = None,
        request_id: Optional[str] = None,
        recommend: Optional[str] = None,
        http_status: Optional[int] = None,
        retry_after: Optional[int] = None,
        access_denied_detail: Optional[Any] = None,
        kind: str = KIND_API,
    ) -> None:
        self.action = action
        self.code = code
        self.message = message
        self.request_id = request_id
        self.recommend = recommend
        self.http_status = http_status
        self.retry_after = retry_after  # milliseconds, from the x-acs-retry-after header
        self.access_denied_detail = access_denied_detail
        self.kind = kind
        self.attempts = 1
        self.elapsed: Optional[float] = None
        self.gave_up: Optional[str] = None
        self.possibly_applied = False
        self.unconfirmed = False  # a write without a ClientToken lost its answer: read whether it was applied
        super().__init__('%s failed' % action)

    @property
    def advice(self) -> Optional[str]:
        return advice_for(self.code, self.http_status)

    def describe(self) -> str:
        text = '%s failed: %s: %s' % (self.action, self.code or 'unknown error', self.message or 'no message')
        denied = self.access_denied_detail.get('AuthAction') if isinstance(self.access_denied_detail, Mapping) else None
        if denied:
            text += ' (RAM action denied: %s)' % denied
        text += ' (request id: %s)' % (self.request_id or 'none')
        if self.gave_up:
            text += ' ' + self.gave_up
        advice = self.advice
        if advice:
            text += ' What to do: ' + advice
        return text

    def to_result(self) -> Dict[str, Any]:
        result = dict(self.extra)
        result['error'] = self.to_dict()
        return result

    def to_dict(self) -> Dict[str, Any]:
        """The ``error`` key of a failed task's result."""
        data: Dict[str, Any] = {
            'code': self.code,
            'message': self.message,
            'request_id': self.request_id,
            'recommend': self.recommend,
            'action': self.action,
            'http_status': self.http_status,
            'advice': self.advice,
        }
        if self.access_denied_detail:
            data['access_denied_detail'] = self.access_denied_detail
        return data

    def scrub(self, secrets: Iterable[Optional[str]]) -> 'ApiError':
        """Replace every occurrence of the given secrets in the texts of this error, then return it."""
        for secret in secrets:
            if not secret:
                continue
            for attr in ('message', 'recommend', 'request_id', 'code'):
                value = getattr(self, attr)
                if isinstance(value, str) and secret in value:
                    setattr(self, attr, value.replace(secret, '********'))
            self.access_denied_detail = _without(self.access_denied_detail, secret)
        return self

    # ------------------------------------------------------------------------------------------------
    @classmethod
    def from_exception(cls, exc: BaseException, action: str) -> 'ApiError':
        """Build an ``ApiError`` from anything the SDK (or its HTTP stack) raised."""
        if isinstance(exc, ApiError):
            return exc
        # Service error documents: ClientException / ServerException / ThrottlingException, all
        # darabonba ResponseException subclasses carrying status_code and the parsed body in .data.
        if hasattr(exc, 'status_code') and hasattr(exc, 'retry_after'):
            return cls._from_response_exception(exc, action)
        return cls._from_cause(exc, action)

    @classmethod
    def _from_response_exception(cls, exc: Any, action: str) -> 'ApiError':
        data = exc.data if isinstance(getattr(exc, 'data', None), dict) else {}
        code = _clean(getattr(exc, 'code', None)) or _clean(data.get('Code') or data.get('code'))
        message = _clean(data.get('Message') or data.get('message'))
        if message is None:
            raw = _clean(getattr(exc, 'message', None))
            if raw is not None:
                match = _SDK_MESSAGE_WRAPPER.match(raw)
                message = _clean(match.group('message')) if match else raw
        request_id = _clean(getattr(exc, 'request_id', None)) or _clean(data.get('RequestId') or data.get('requestId'))
        status = getattr(exc, 'status_code', None)
        if status is None:
            status = data.get('statusCode')
        http_status = int(status) if isinstance(status, int) or (isinstance(status, str) and status.isdigit()) else None
        if code is None and request_id is None and http_status is not None:
            return cls._foreign_answer(action, http_status, data)
        retry_after = getattr(exc, 'retry_after', None)
        detail = getattr(exc, 'access_denied_detail', None) or data.get('AccessDeniedDetail') or data.get('accessDeniedDetail')
        kind = KIND_API
        if status is None and code == 'InvalidCredentials':
            kind = KIND_CREDENTIALS  # raised by the SDK itself when no credential was configured
        return cls(
            action,
            code=code,
            message=message,
            request_id=request_id,
            recommend=_clean(data.get('Recommend') or data.get('recommend')),
            http_status=http_status,
            retry_after=int(retry_after) if isinstance(retry_after, int) and retry_after > 0 else None,
            access_denied_detail=detail or None,
            kind=kind,
        )

    @classmethod
    def _foreign_answer(cls, action: str, http_status: int, data: Mapping[str, Any]) -> 'ApiError':
        """A JSON error answer without the API's Code and RequestId: something else answered (a wrong endpoint,
        a proxy, a load balancer). A 4xx will not heal; a 5xx may be a passing fault of whatever is in between."""
        body = {key: value for key, value in data.items() if key != 'statusCode'}
        message = ('HTTP %d answer that is not a VpcPeer API error (no Code, no RequestId): the endpoint is probably not '
                   'the VpcPeer service. It said: %s' % (http_status, json.dumps(body, sort_keys=True)[:300]))
        kind = KIND_BAD_RESPONSE if http_status >= 500 else KIND_MISCONFIGURED
        return cls(action, code=CODE_BAD_RESPONSE, message=message, http_status=http_status, kind=kind)

    @classmethod
    def _from_cause(cls, exc: BaseException, action: str) -> 'ApiError':
        """Classify a failure without an error document by the types of the exceptions it was caused by."""
        chain = list(_causes(exc))
        # darabonba's UnretryableException only wraps; what it wraps names the host and what went wrong.
        described = [cause for cause in chain if not _is_named(cause, 'UnretryableException')] or chain
        text = _exception_text(described[0])
        for kind, code, matches in _CAUSE_RULES:
            if any(matches(cause) for cause in chain):
                return cls(action, code=code, message=text, kind=kind)
        tea_code = next((_clean(getattr(cause, 'code', None)) for cause in chain if _is_named(cause, 'TeaException')), None)
        if tea_code == 'InvalidCredentials':
            return cls(action, code=CODE_NO_CREDENTIALS, message=text, kind=KIND_CREDENTIALS)
        return cls(action, code=tea_code or CODE_SDK_ERROR, message='%s: %s' % (type(described[0]).__name__, text),
                   kind=KIND_SDK)


def _without(value: Any, secret: str) -> Any:
    """``value`` (a string, or dicts and lists of them) with every occurrence of ``secret`` masked."""
    if isinstance(value, str):
        return value.replace(secret, '********')
    if isinstance(value, Mapping):
        return {key: _without(item, secret) for key, item in value.items()}
    if isinstance(value, list):
        return [_without(item, secret) for item in value]
    return value


def _causes(exc: BaseException) -> Iterable[BaseException]:
    """``exc`` and every exception it wraps (darabonba's ``inner_exception``, then ``__cause__``/``__context__``)."""
    seen = set()
    current: Optional[BaseException] = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        inner = getattr(current, 'inner_exception', None)
        current = inner if isinstance(inner, BaseException) else (current.__cause__ or current.__context__)


def _exception_text(exc: BaseException) -> str:
    message = getattr(exc, 'message', None)
    text = _clean(message) if isinstance(message, str) else None
    return text or str(exc) or type(exc).__name__


def _is_named(exc: BaseException, *names: str) -> bool:
    """Whether ``exc`` is an instance of a class of one of these names (the SDK's HTTP stack, requests and urllib3,
    is matched by class name, so that this module imports none of it)."""
    return any(klass.__name__ in names for klass in type(exc).__mro__)


# How a failure without an error document happened, decided by the first rule that any exception in its
# chain matches. The order matters: urllib3's NewConnectionError is also a ConnectTimeoutError, a
# NameResolutionError is also a NewConnectionError, and requests' SSLError is also a ConnectionError.
_CAUSE_RULES: Tuple[Tuple[str, str, Callable[[BaseException], bool]], ...] = (
    (KIND_CREDENTIALS, CODE_NO_CREDENTIALS, lambda e: _is_named(e, 'CredentialException')),
    (KIND_MISCONFIGURED, CODE_HOST_NOT_FOUND, lambda e: isinstance(e, socket.gaierror) or _is_named(e, 'NameResolutionError')),
    (KIND_MISCONFIGURED, CODE_TLS, lambda e: isinstance(e, ssl.SSLError) or _is_named(e, 'SSLError')),
    (KIND_NOT_SENT, CODE_UNREACHABLE, lambda e: isinstance(e, ConnectionRefusedError)
     or _is_named(e, 'NewConnectionError', 'ConnectTimeout', 'ConnectTimeoutError', 'ProxyError')),
    (KIND_ANSWER_LOST, CODE_TIMEOUT, lambda e: isinstance(e, (TimeoutError, socket.timeout))
     or _is_named(e, 'ReadTimeout', 'ReadTimeoutError')),
    (KIND_ANSWER_LOST, CODE_CONNECTION_LOST, lambda e: isinstance(e, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError))
     or _is_named(e, 'RemoteDisconnected', 'ProtocolError', 'IncompleteRead', 'ChunkedEncodingError')),
    (KIND_BAD_RESPONSE, CODE_BAD_RESPONSE, lambda e: isinstance(e, (json.JSONDecodeError, UnicodeDecodeError))
     or _is_named(e, 'ExpatError', 'ParseError')),
)
