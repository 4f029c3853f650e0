# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``errors.py``: real failures of the real SDK, classified by the types of the exceptions it raises.

The failures come from the emulator (its error envelopes, dropped and slow answers, HTML 502), from ports
nothing listens on, from a host name that cannot resolve, and from small local HTTP servers that answer what
no VpcPeer endpoint would (plain text, JSON without Code).
"""

from __future__ import annotations

import contextlib
import http.server
import importlib
import json
import socket
import threading
from typing import Any, Dict, Iterator, Optional

import pytest
from alibabacloud_tea_util.models import RuntimeOptions
from alibabacloud_vpcpeer20220101 import models

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import client as client_utils
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import errors
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import VpcPeerApi
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ApiError, advice_for
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import NOT_SENT_RETRY_SECONDS, Deadline, is_retryable
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.conftest import sdk_client
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.support import (
    REQUESTER_SECRET,
    journal,
    seed_cross_region,
)

GET = 'GetVpcPeerConnectionAttribute'
# Every error code of ModifyVpcPeerConnection in the API reference.
MODIFY_CODES = [
    'ResourceNotFound.InstanceId', 'IncorrectStatus.VpcPeer', 'IncorrectBusinessStatus.VpcPeer',
    'OperationFailed.BandwidthCannotBeChangedInSameRegion', 'QuotaExceeded.Bandwidth',
    'OperationFailed.InterRegionLinkTypeNotSupported', 'OperationFailed.RegionIdNotSupportLinkType',
    'OperationFailed.SpecificLinkTypeNotSupported', 'OperationDenied.ServiceManagedInstance',
]
# The other actions' codes, DryRun, permission, throttling, credential and signature codes of the gateway.
OTHER_CODES = [
    'OperationDenied.RouteEntryExist', 'ResourceAlreadyExist.VpcPeer', 'Conflict.Operation', 'LastTokenProcessing',
    'IdempotentParameterMismatch', 'OperationFailed.NotExist.ResourceGroup', 'DryRunOperation', 'Forbidden.RAM',
    'Forbidden.NoPermission', 'Throttling', 'Throttling.User', 'Throttling.Api', 'Rejected.Throttling',
    'ServiceUnavailable', 'InternalError', 'InvalidAccessKeyId.NotFound', 'InvalidCredentials',
    'SignatureDoesNotMatch', 'IncompleteSignature', 'SignatureNonceUsed', 'InvalidSecurityToken.Expired',
    'InvalidTimeStamp.Expired',
]


def sdk_failure(client: Any, instance_id: str = 'pcc-x', runtime: Optional[Dict[str, Any]] = None) -> ApiError:
    """Call GetVpcPeerConnectionAttribute once with the real SDK client (no retry loop) and classify what it
    raised."""
    request = models.GetVpcPeerConnectionAttributeRequest(instance_id=instance_id)
    with pytest.raises(Exception) as info:
        client.get_vpc_peer_connection_attribute_with_options(request, RuntimeOptions(**(runtime or {})))
    return ApiError.from_exception(info.value, GET)


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def answering(status: int, content_type: str, body: bytes) -> Iterator[str]:
    """A local HTTP server that answers every request with this status and body; yields its endpoint URL."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get('content-length') or 0))
            self.send_response(status)
            self.send_header('content-type', content_type)
            self.send_header('content-length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args: Any) -> None:  # keep the test output clean
            pass

    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.01}, daemon=True)
    thread.start()
    try:
        yield 'http://127.0.0.1:%d' % server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def client_at(emulator: Any, url: str, **config: Any) -> Any:
    """A requester SDK client whose endpoint is ``url`` (``host:port``, or ``http://host:port``)."""
    endpoint = url.split('://', 1)[-1]
    return sdk_client(emulator, 'requester', endpoint=endpoint, **config)


def api_at(client: Any, budget: float = 600.0, **options: Any) -> VpcPeerApi:
    return VpcPeerApi(client, Deadline(budget), **options)


# -- nothing answered ----------------------------------------------------------------------------------------
def test_connection_refused_is_not_sent_and_retried_only_briefly(emulator, clock):
    client = client_at(emulator, '127.0.0.1:%d' % closed_port(), protocol='http')
    err = sdk_failure(client)
    assert (err.kind, err.code, err.http_status) == ('not_sent', errors.CODE_UNREACHABLE, None)
    assert 'Connection refused' in err.message and errors.ADVICE[errors.CODE_UNREACHABLE] in err.msg
    # A restarting endpoint is back within seconds, a mistyped one never: retried for about 5 s only.
    with pytest.raises(ApiError) as info:
        api_at(client).get_connection('pcc-x')
    assert info.value.attempts == 3 and clock.elapsed() <= NOT_SENT_RETRY_SECONDS
    assert 'nothing answered at the endpoint' in info.value.msg
    assert info.value.possibly_applied is False


def test_a_name_that_does_not_resolve_is_misconfigured_and_not_retried(emulator, clock):
    client = client_at(emulator, 'no-such-host.invalid', protocol='http')
    err = sdk_failure(client)
    assert (err.kind, err.code) == ('misconfigured', errors.CODE_HOST_NOT_FOUND)
    assert 'no-such-host.invalid' in err.message and 'does not resolve' in err.msg
    with pytest.raises(ApiError) as info:
        api_at(client).get_connection('pcc-x')
    assert info.value.attempts == 1 and clock.sleeps == []


def test_tls_against_a_plain_http_port_is_misconfigured_and_not_retried(emulator, clock):
    client = client_at(emulator, emulator.endpoint, protocol='https')
    err = sdk_failure(client)
    assert (err.kind, err.code) == ('misconfigured', errors.CODE_TLS)
    assert 'use http://' in err.msg
    with pytest.raises(ApiError) as info:
        api_at(client).get_connection('pcc-x')
    assert info.value.attempts == 1 and clock.sleeps == []
    assert journal(emulator) == []  # nothing the emulator could read arrived


def test_a_missing_ca_bundle_is_neither_unreachable_nor_retried(emulator, clock, tmp_path):
    # requests raises a plain OSError (FileNotFoundError on some versions) before connecting: a local
    # configuration problem that no retry heals, and nothing to do with the endpoint being unreachable.
    client = client_at(emulator, emulator.endpoint, protocol='https', ca=str(tmp_path / 'missing-ca.pem'))
    err = sdk_failure(client)
    assert err.kind == 'sdk' and err.code not in (errors.CODE_UNREACHABLE, errors.CODE_TLS)
    assert 'missing-ca.pem' in err.message
    assert not is_retryable(err)
    with pytest.raises(ApiError) as info:
        api_at(client).get_connection('pcc-x')
    assert info.value.attempts == 1 and clock.sleeps == []


# -- sent, but no usable answer -----------------------------------------------------------------------------
def test_a_dropped_connection_lost_the_answer(emulator):
    emulator.control.add_fault('drop', GET)
    err = sdk_failure(emulator.requester())
    assert (err.kind, err.code) == ('answer_lost', errors.CODE_CONNECTION_LOST)
    assert 'Remote end closed connection' in err.message
    assert is_retryable(err) and err.kind in errors.AMBIGUOUS_KINDS


def test_a_read_timeout_lost_the_answer(emulator):
    emulator.control.add_fault('slow', GET, delay=0.3)
    err = sdk_failure(emulator.requester(), runtime={'read_timeout': 50})
    assert (err.kind, err.code) == ('answer_lost', errors.CODE_TIMEOUT)
    assert 'timed out' in err.message.lower() and errors.ADVICE[errors.CODE_TIMEOUT] in err.msg


def test_a_read_timeout_after_the_change_is_retried_and_applied_once(emulator, make_api):
    conn = seed_cross_region(emulator)
    emulator.control.add_fault('slow', 'ModifyVpcPeerConnection', delay=0.3, after_apply=True)
    make_api(read_timeout=0.05).modify_connection(conn['InstanceId'], name='late')
    attempts = journal(emulator, 'ModifyVpcPeerConnection')
    assert [entry['applied'] for entry in attempts] == [True, False]
    assert attempts[0]['client_token'] == attempts[1]['client_token']


def test_an_error_after_a_lost_answer_says_the_change_may_have_been_applied(emulator, make_api):
    conn = seed_cross_region(emulator)
    # The answer of the applied Modify is lost; the retry is refused (a read-only key cannot be set up here, so
    # the refusal is the emulator's ServiceUnavailable until the deadline).
    emulator.control.add_fault('drop', 'ModifyVpcPeerConnection', after_apply=True)
    emulator.control.add_fault('service_unavailable', 'ModifyVpcPeerConnection', count=100)
    with pytest.raises(ApiError) as info:
        make_api(budget=20).modify_connection(conn['InstanceId'], name='maybe')
    assert info.value.code == 'ServiceUnavailable' and info.value.possibly_applied is True
    assert info.value.gave_up and 'would pass wait_timeout (20 s' in info.value.msg


def test_an_html_502_is_a_bad_response(emulator):
    emulator.control.add_fault('bad_gateway', GET)
    err = sdk_failure(emulator.requester())
    assert (err.kind, err.code, err.http_status) == ('bad_response', errors.CODE_BAD_RESPONSE, None)
    assert '502 Bad Gateway' in err.message and is_retryable(err)


def test_plain_text_with_200_is_a_bad_response(emulator):
    with answering(200, 'text/plain', b'Welcome to nginx!') as url:
        err = sdk_failure(client_at(emulator, url, protocol='http'))
    assert (err.kind, err.code) == ('bad_response', errors.CODE_BAD_RESPONSE)
    assert 'Welcome to nginx!' in err.message


def test_json_404_without_code_is_a_foreign_answer_that_is_not_retried(emulator, clock):
    body = json.dumps({'error': 'not found', 'path': '/'}).encode()
    with answering(404, 'application/json', body) as url:
        client = client_at(emulator, url, protocol='http')
        err = sdk_failure(client)
        with pytest.raises(ApiError) as info:
            api_at(client).get_connection('pcc-x')
    assert (err.kind, err.code, err.http_status) == ('misconfigured', errors.CODE_BAD_RESPONSE, 404)
    assert 'HTTP 404' in err.message and 'probably not the VpcPeer service' in err.message
    assert '"error": "not found"' in err.message
    assert info.value.attempts == 1 and clock.sleeps == []


def test_json_503_without_code_may_heal_and_is_retried(emulator):
    with answering(503, 'application/json', b'{"status": "overloaded"}') as url:
        err = sdk_failure(client_at(emulator, url, protocol='http'))
    assert (err.kind, err.http_status) == ('bad_response', 503) and is_retryable(err)


def test_a_lower_case_error_document_keeps_its_fields(emulator):
    body = json.dumps({'requestId': 'rid-lc', 'code': 'InternalError', 'message': 'boom'}).encode()
    with answering(500, 'application/json', body) as url:
        err = sdk_failure(client_at(emulator, url, protocol='http'))
    assert (err.code, err.message, err.request_id, err.http_status, err.kind) == ('InternalError', 'boom', 'rid-lc', 500, 'api')


# -- the service's own error envelopes -------------------------------------------------------------------------
def test_a_client_error_envelope(emulator):
    err = sdk_failure(emulator.requester(), 'pcc-missing')
    assert (err.code, err.http_status, err.kind) == ('ResourceNotFound.InstanceId', 400, 'api')
    entry = journal(emulator)[-1]
    assert err.request_id == entry['request_id'] and err.message == entry['message']
    assert 'pcc-missing' in err.message and not err.message.startswith('code:')  # without the SDK's wrapper
    assert err.recommend.startswith('https://') and 'ResourceNotFound.InstanceId' in err.recommend
    assert err.msg == ('GetVpcPeerConnectionAttribute failed: ResourceNotFound.InstanceId: %s (request id: %s) What to '
                       'do: %s' % (err.message, err.request_id, errors.ADVICE['ResourceNotFound.InstanceId']))
    assert err.to_result() == {'error': {
        'code': 'ResourceNotFound.InstanceId', 'message': err.message, 'request_id': err.request_id,
        'recommend': err.recommend, 'action': GET, 'http_status': 400,
        'advice': errors.ADVICE['ResourceNotFound.InstanceId']}}


def test_a_server_error_envelope(emulator):
    emulator.control.add_fault('internal_error', GET)
    err = sdk_failure(emulator.requester())
    assert (err.code, err.http_status, err.kind) == ('InternalError', 500, 'api') and is_retryable(err)


def test_throttling_carries_the_retry_after_header(emulator):
    emulator.control.add_fault('throttling', GET, retry_after_ms=1500)
    err = sdk_failure(emulator.requester())
    assert (err.code, err.retry_after) == ('Throttling.User', 1500)
    assert 'quota' in err.msg


def test_a_ram_refusal_names_the_denied_action(emulator):
    conn = seed_cross_region(emulator)
    client = sdk_client(emulator, 'read_only')
    with pytest.raises(ApiError) as info:
        api_at(client).modify_connection(conn['InstanceId'], name='x')
    err = info.value
    assert (err.code, err.http_status) == ('Forbidden.RAM', 403)
    assert err.access_denied_detail['AuthAction'] == 'vpc:ModifyVpcPeerConnection'
    assert err.to_dict()['access_denied_detail'] == err.access_denied_detail
    assert '(RAM action denied: vpc:ModifyVpcPeerConnection)' in err.msg and 'RAM permission' in err.msg


@pytest.mark.parametrize('key_id, secret, code, status', [
    ('EMULATOR-AK-UNKNOWN', 'whatever', 'InvalidAccessKeyId.NotFound', 404),
    ('EMULATOR-AK-REQUESTER', 'not-the-secret', 'SignatureDoesNotMatch', 400),
])
def test_credential_refusals_of_the_gateway(emulator, key_id, secret, code, status):
    client = sdk_client(emulator, 'requester', access_key_id=key_id, access_key_secret=secret)
    err = sdk_failure(client)
    assert (err.code, err.http_status, err.kind) == (code, status, 'api') and not is_retryable(err)
    assert errors.ADVICE[code] in err.msg


# -- failures before any request -------------------------------------------------------------------------------
def test_no_credentials_at_all_is_a_credentials_error(emulator):
    client = sdk_client(emulator, 'requester', access_key_id=None, access_key_secret=None)
    err = sdk_failure(client)
    assert (err.code, err.kind) == ('InvalidCredentials', 'credentials') and not is_retryable(err)


def test_a_profile_that_cannot_load_is_a_credentials_error(emulator, monkeypatch, tmp_path):
    monkeypatch.setenv('HOME', str(tmp_path))
    settings = client_utils.ConnectionSettings.from_params({'profile': 'nope', 'endpoint': emulator.url})
    client = client_utils.load_sdk()(client_utils.sdk_config(settings, client_utils.credential_client(settings)))
    err = sdk_failure(client)
    assert (err.code, err.kind) == (errors.CODE_NO_CREDENTIALS, 'credentials')
    assert "profile 'nope'" in err.message and not is_retryable(err)


def test_a_tea_exception_mentioning_parse_is_not_a_parse_error():
    tea = importlib.import_module('Tea.exceptions')
    err = ApiError.from_exception(tea.TeaException({'code': 'SDK.Odd', 'message': 'could not parse the policy'}), GET)
    assert (err.code, err.kind) == ('SDK.Odd', 'sdk') and not is_retryable(err)
    # The type decides, never the text: a RuntimeError saying "Failed to parse" without a JSON error behind it.
    err = ApiError.from_exception(RuntimeError('Failed to parse the value as json format'), GET)
    assert err.kind == 'sdk' and err.code == errors.CODE_SDK_ERROR
    assert err.message == 'RuntimeError: Failed to parse the value as json format'


def test_an_api_error_is_kept_as_it_is():
    err = ApiError(GET, code='X')
    assert ApiError.from_exception(err, 'Other') is err


# -- advice ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('code', MODIFY_CODES + OTHER_CODES)
def test_every_known_code_has_its_own_advice(code):
    assert len(errors.ADVICE[code]) > 30
    assert advice_for(code) == errors.ADVICE[code]


def test_advice_distinguishes_codes():
    assert advice_for('OperationFailed.SpecificLinkTypeNotSupported') != advice_for('QuotaExceeded.Bandwidth')
    assert 'force' in advice_for('OperationDenied.RouteEntryExist')
    assert 'same region' in advice_for('OperationFailed.BandwidthCannotBeChangedInSameRegion')
    # The service says the same when the account may not act and when RAM forbids it: the advice names both.
    both = advice_for('Forbidden.NoPermission')
    assert 'accepter' in both and 'RAM' in both


@pytest.mark.parametrize('code, needle', [
    ('Throttling.Whatever', 'quota'),
    ('Forbidden.Something', 'RAM'),
    ('Unauthorized.X', 'RAM'),
    ('InvalidAccessKeyId.Disabled', 'AccessKey'),
    ('InvalidSecurityToken.Other', 'STS'),
    ('SignatureSomething', 'signature'),
    ('IllegalParam.TagKey', 'parameter'),
    ('QuotaExceeded.Other', 'quota'),
])
def test_advice_falls_back_to_patterns(code, needle):
    assert needle in advice_for(code).lower() or needle in advice_for(code)


def test_advice_for_unknown_codes():
    assert advice_for('Totally.Unknown') is None and advice_for(None) is None
    assert 'temporary' in advice_for('Totally.Unknown', 502) and advice_for(None, 503)
    assert advice_for('Totally.Unknown', 404) is None


def test_gave_up_is_part_of_the_message():
    err = ApiError(GET, code='Throttling.User', message='slow down', request_id='R-1')
    err.gave_up = 'Gave up after 3 attempts over 12.0 s.'
    assert 'slow down (request id: R-1) Gave up after 3 attempts over 12.0 s. What to do: ' in err.msg


def test_notes_follow_the_message():
    err = errors.WaitTimeout('Timed out.', vpc_peer_connection={'instance_id': 'pcc-1'})
    err.add_note('This run changed nothing.')
    assert err.msg == str(err) == 'Timed out. This run changed nothing.'
    assert err.to_result() == {'vpc_peer_connection': {'instance_id': 'pcc-1'}}


def test_validation_error_lists_every_problem():
    err = errors.ValidationError(['a is bad', 'b is bad'])
    assert err.msg == 'Invalid options: a is bad; b is bad' and err.problems == ['a is bad', 'b is bad']


# -- secrets --------------------------------------------------------------------------------------------------
def test_scrub_removes_secrets_from_every_text():
    token = 'sts-token-value-0123456789'
    err = ApiError('ModifyVpcPeerConnection', code='SignatureDoesNotMatch',
                   message='server string to sign is: %s and %s' % (REQUESTER_SECRET, token),
                   recommend='https://x/?q=%s' % REQUESTER_SECRET, request_id='R-%s' % token,
                   access_denied_detail='detail %s' % REQUESTER_SECRET)
    err.scrub([REQUESTER_SECRET, token, None, ''])
    dumped = json.dumps(err.to_result()) + err.msg + str(err)
    assert REQUESTER_SECRET not in dumped and token not in dumped
    assert err.message == 'server string to sign is: ******** and ********'


def test_a_real_signature_error_never_contains_the_secret(emulator):
    client = sdk_client(emulator, 'requester', access_key_secret=REQUESTER_SECRET + '-wrong')
    err = sdk_failure(client).scrub([REQUESTER_SECRET + '-wrong'])
    assert err.code == 'SignatureDoesNotMatch' and 'string to sign' in err.message
    assert REQUESTER_SECRET not in json.dumps(err.to_result()) + err.msg
