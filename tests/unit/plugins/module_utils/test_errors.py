# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import importlib
import json

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import errors
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ApiError, advice_for
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins import fakes

# Every error code of ModifyVpcPeerConnection in the API reference (the seed of issue 3).
SEED_CODES = [
    'ResourceNotFound.InstanceId',
    'IncorrectStatus.VpcPeer',
    'IncorrectBusinessStatus.VpcPeer',
    'OperationFailed.BandwidthCannotBeChangedInSameRegion',
    'QuotaExceeded.Bandwidth',
    'OperationFailed.InterRegionLinkTypeNotSupported',
    'OperationFailed.RegionIdNotSupportLinkType',
    'OperationFailed.SpecificLinkTypeNotSupported',
    'OperationDenied.ServiceManagedInstance',
]
# DryRun, permission, throttling, credential and signature codes of the gateway.
GATEWAY_CODES = [
    'DryRunOperation', 'Forbidden.RAM', 'Forbidden.NoPermission', 'Throttling', 'Throttling.User', 'Throttling.Api',
    'Rejected.Throttling', 'ServiceUnavailable', 'InternalError', 'InvalidAccessKeyId.NotFound', 'InvalidCredentials',
    'SignatureDoesNotMatch', 'IncompleteSignature', 'SignatureNonceUsed', 'InvalidSecurityToken.Expired',
    'InvalidTimeStamp.Expired', 'IdempotentParameterMismatch',
]


@pytest.mark.parametrize('code', SEED_CODES + GATEWAY_CODES)
def test_every_seed_and_gateway_code_has_its_own_advice(code):
    assert code in errors.ADVICE
    assert len(errors.ADVICE[code]) > 30


def test_advice_distinguishes_codes():
    assert advice_for('OperationFailed.SpecificLinkTypeNotSupported') != advice_for('QuotaExceeded.Bandwidth')
    assert 'force' in advice_for('OperationDenied.RouteEntryExist')
    assert 'same region' in advice_for('OperationFailed.BandwidthCannotBeChangedInSameRegion')


@pytest.mark.parametrize('code, needle', [
    ('Throttling.Whatever', 'quota'),
    ('Forbidden.Something', 'RAM'),
    ('InvalidAccessKeyId.Disabled', 'AccessKey'),
    ('IllegalParam.TagKey', 'parameter'),
])
def test_advice_falls_back_to_patterns(code, needle):
    assert needle in advice_for(code)


def test_advice_for_unknown_codes():
    assert advice_for('Totally.Unknown') is None
    assert 'temporary' in advice_for('Totally.Unknown', 502)


def test_client_exception_fields_and_message():
    exc = fakes.sdk_error('IncorrectStatus.VpcPeer', 'The status of pcc-abc123 [Updating] is incorrect.',
                          request_id='5E1A-REQ', recommend='https://api.alibabacloud.com/troubleshoot?q=x')
    err = ApiError.from_exception(exc, 'ModifyVpcPeerConnection')
    assert (err.code, err.http_status, err.request_id, err.kind) == ('IncorrectStatus.VpcPeer', 400, '5E1A-REQ', 'api')
    # the service's own message, without the SDK's "code: 400, ... request id:" wrapper
    assert err.message == 'The status of pcc-abc123 [Updating] is incorrect.'
    assert err.recommend == 'https://api.alibabacloud.com/troubleshoot?q=x'
    assert err.retry_after is None
    assert err.msg.startswith('ModifyVpcPeerConnection failed: IncorrectStatus.VpcPeer: The status of pcc-abc123')
    assert '(request id: 5E1A-REQ)' in err.msg
    assert 'What to do: ' + errors.ADVICE['IncorrectStatus.VpcPeer'] in err.msg
    result = err.to_result()
    assert result['error']['code'] == 'IncorrectStatus.VpcPeer'
    assert result['error']['message'] == err.message
    assert result['error']['request_id'] == '5E1A-REQ'
    assert result['error']['recommend'] == 'https://api.alibabacloud.com/troubleshoot?q=x'
    assert result['error']['action'] == 'ModifyVpcPeerConnection'
    assert result['error']['advice'] == errors.ADVICE['IncorrectStatus.VpcPeer']


@pytest.mark.parametrize('code', SEED_CODES)
def test_every_seed_code_message_says_what_to_do(code):
    err = ApiError.from_exception(fakes.sdk_error(code, 'service says no', request_id='RID-9'), 'ModifyVpcPeerConnection')
    assert code in err.msg and 'service says no' in err.msg and 'RID-9' in err.msg
    assert 'What to do: ' + errors.ADVICE[code] in err.msg


def test_server_exception():
    err = ApiError.from_exception(fakes.sdk_error('ServiceUnavailable', 'try later', status=503), 'GetVpcPeerConnectionAttribute')
    assert (err.code, err.http_status, err.kind) == ('ServiceUnavailable', 503, 'api')
    assert type(fakes.sdk_error('ServiceUnavailable', status=503)).__name__ == 'ServerException'


def test_throttling_exception_carries_retry_after():
    exc = fakes.sdk_error('Throttling.User', 'Request was denied due to user flow control.', status=429, retry_after=1500)
    assert type(exc).__name__ == 'ThrottlingException'
    err = ApiError.from_exception(exc, 'ModifyVpcPeerConnection')
    assert (err.code, err.http_status, err.retry_after) == ('Throttling.User', 429, 1500)


def test_access_denied_detail_is_kept():
    detail = {'AuthAction': 'vpc:ModifyVpcPeerConnection', 'NoPermissionType': 'ImplicitDeny'}
    exc = fakes.sdk_error('Forbidden.RAM', 'not authorized', status=403, access_denied_detail=detail)
    err = ApiError.from_exception(exc, 'ModifyVpcPeerConnection')
    assert err.access_denied_detail == detail
    assert err.to_dict()['access_denied_detail'] == detail
    assert 'RAM permission' in err.msg


def test_lower_case_error_document():
    # the SDK accepts {requestId, code, message}; the parsed body lands in .data unchanged
    exc = fakes.tea_exceptions.ServerException(
        status_code=500, code='InternalError', message='code: 500, boom request id: rid-lc',
        data={'requestId': 'rid-lc', 'code': 'InternalError', 'message': 'boom'}, request_id='rid-lc')
    err = ApiError.from_exception(exc, 'ListVpcPeerConnections')
    assert (err.code, err.message, err.request_id, err.http_status) == ('InternalError', 'boom', 'rid-lc', 500)


def test_missing_fields_reported_by_the_sdk_as_the_string_none():
    exc = fakes.tea_exceptions.ClientException(status_code=400, code='None', message='code: 400, None request id: None',
                                               data={}, request_id='None')
    err = ApiError.from_exception(exc, 'ModifyVpcPeerConnection')
    assert err.code is None and err.request_id is None and err.message is None
    assert 'unknown error' in err.msg and 'request id: none' in err.msg


def test_sdk_side_invalid_credentials_is_a_credentials_error():
    exc = fakes.tea_exceptions.ClientException(code='InvalidCredentials', message='Please set up the credentials correctly.')
    err = ApiError.from_exception(exc, 'GetVpcPeerConnectionAttribute')
    assert (err.code, err.kind) == ('InvalidCredentials', 'credentials')


@pytest.mark.parametrize('factory, code, kind', [
    (fakes.connection_refused, errors.CODE_UNREACHABLE, 'transport'),
    (fakes.read_timeout, errors.CODE_TIMEOUT, 'transport'),
    (fakes.unparseable, errors.CODE_BAD_RESPONSE, 'bad_response'),
])
def test_unretryable_exception_is_classified_by_its_cause(factory, code, kind):
    err = ApiError.from_exception(factory(), 'ModifyVpcPeerConnection')
    assert (err.code, err.kind, err.http_status) == (code, kind, None)
    assert err.message
    assert errors.ADVICE[code] in err.msg


def test_credential_failure_from_the_chain():
    cred_exc = importlib.import_module('alibabacloud_credentials.exceptions')
    inner = cred_exc.CredentialException('unable to load credentials from any of the providers in the chain: []')
    err = ApiError.from_exception(fakes.unretryable(inner), 'GetVpcPeerConnectionAttribute')
    assert (err.code, err.kind) == (errors.CODE_NO_CREDENTIALS, 'credentials')
    assert 'unable to load credentials' in err.message


def test_tea_exception_is_the_last_resort():
    tea = importlib.import_module('Tea.exceptions')
    err = ApiError.from_exception(tea.TeaException({'code': 'Odd.Code', 'message': 'odd'}), 'X')
    assert (err.code, err.kind) == ('Odd.Code', 'sdk')
    err = ApiError.from_exception(ValueError('surprise'), 'X')
    assert (err.code, err.kind) == (errors.CODE_SDK_ERROR, 'sdk')
    assert 'ValueError: surprise' in err.message


def test_scrub_removes_secrets_from_every_text():
    exc = fakes.sdk_error('SignatureDoesNotMatch', 'server string to sign is: %s and %s' % (fakes.SECRET, fakes.TOKEN))
    err = ApiError.from_exception(exc, 'ModifyVpcPeerConnection').scrub([fakes.SECRET, fakes.TOKEN, None, ''])
    dumped = json.dumps(err.to_result()) + err.msg + str(err)
    assert fakes.SECRET not in dumped and fakes.TOKEN not in dumped
    assert '********' in err.message


def test_gave_up_is_part_of_the_message():
    err = ApiError.from_exception(fakes.sdk_error('Throttling.User', status=400), 'ModifyVpcPeerConnection')
    err.gave_up = 'Gave up after 3 attempts over 12.0 s.'
    assert 'Gave up after 3 attempts over 12.0 s.' in err.msg


def test_other_errors_carry_their_extra_result():
    err = errors.StateError('gone', vpc_peer_connection={'instance_id': 'pcc-1'})
    assert err.msg == 'gone' and err.to_result() == {'vpc_peer_connection': {'instance_id': 'pcc-1'}}
    err = errors.ValidationError(['a is bad', 'b is bad'])
    assert err.msg == 'Invalid options: a is bad; b is bad' and err.problems == ['a is bad', 'b is bad']
