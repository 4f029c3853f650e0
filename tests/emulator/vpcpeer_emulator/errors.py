# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""API errors of the emulated VpcPeer service: one exception class and the catalogue of codes.

Every code maps to (HTTP status, message template, source). Templates use ``%s`` placeholders that
are filled positionally, like the ``%s`` in the service's own error tables. The source says where
the wording comes from, so a reader knows which messages are the service's and which are guesses.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

HOST_ID = "vpcpeer.aliyuncs.com"
PRODUCT = "VpcPeer"

# Where a code's status and wording come from.
ERROR_CODE_PAGE = "VpcPeer error-code page"       # alibabacloud.com/help/en/vpc/developer-reference/api-vpcpeer-2022-01-01-errorcodes
API_PAGE = "VpcPeer API page %s"                   # the "Error codes" table of that action's API reference page
API_META = "VpcPeer API metadata (zh, older) %s"   # errorCodes of that action in the published API metadata
STS_ERROR_PAGE = "STS common error codes (help doc-detail 42775)"
GATEWAY = "POP gateway, observed answers (reference B5)"
EMULATOR = "emulator's choice"

# The VpcPeer codes the emulator sends, as the VpcPeer error-code page and the API pages word them.
# The error-code page is the complete list the API pages refer to; the rows read from it directly are
# marked ERROR_CODE_PAGE, the others come from the API page of an action that documents them.
VPCPEER_CODES: Dict[str, Tuple[int, str, str]] = {
    "BothEmpty.TagsAndResources": (400, "The specified Tags and ResourcesIds are not allow to both empty.", ERROR_CODE_PAGE),
    "Conflict.Operation": (
        400, "There are other peering operations on the requester VPC or accepter VPC, try again later.", ERROR_CODE_PAGE),
    "DryRunOperation": (400, "The operation DryRun verifies success.", ERROR_CODE_PAGE),
    "Forbidden.NoPermission": (400, "Authentication is failed for %s.", ERROR_CODE_PAGE),
    "Forbidden.TagKey.Duplicated": (400, "The specified tag key already exists.", ERROR_CODE_PAGE),
    "Forbidden.TagKeys": (400, "The tag key cannot be operated by the request.", ERROR_CODE_PAGE),
    "IllegalParam": (400, "The param of %s is illegal.", ERROR_CODE_PAGE),  # the page's IllegalParam.%s row
    "IllegalParam.TagKey": (400, "The param of Tag.Key is illegal.", ERROR_CODE_PAGE),
    "IllegalParam.TagValue": (400, "The param of Tag.Value is illegal.", ERROR_CODE_PAGE),
    "IncorrectBusinessStatus.VpcPeer": (400, "The business status of %s [%s] is incorrect.", ERROR_CODE_PAGE),
    "ResourceNotFound.InstanceId": (400, "The specified resource of %s is not found.", API_PAGE % "GetVpcPeerConnectionAttribute"),
    "IncorrectStatus.VpcPeer": (400, "The status of %s [%s] is incorrect.", API_PAGE % "RejectVpcPeerConnection"),
    "ResourceAlreadyExist.VpcPeer": (400, "The specified resource of %s already exists.", API_PAGE % "CreateVpcPeerConnection"),
    "UnsupportedRegion": (400, "The feature of %s is not supported in the region of %s.", API_PAGE % "CreateVpcPeerConnection"),
    "OperationFailed.NotExist.ResourceGroup": (
        400, "The operation failed because the resource group does not exist.", API_PAGE % "CreateVpcPeerConnection"),
    "OperationFailed.BandwidthCannotBeChangedInSameRegion": (
        400, "The operation failed because the bandwidth cannot be changed in the same region.", API_PAGE % "ModifyVpcPeerConnection"),
    "QuotaExceeded.Bandwidth": (400, "The quota of bandwidth is exceeded.", API_PAGE % "ModifyVpcPeerConnection"),
    "OperationFailed.InterRegionLinkTypeNotSupported": (
        400, "The same region not supported link type feature.", API_PAGE % "ModifyVpcPeerConnection"),
    "OperationFailed.RegionIdNotSupportLinkType": (
        400, "The feature link type is not supported in the region.", API_PAGE % "ModifyVpcPeerConnection"),
    "OperationFailed.SpecificLinkTypeNotSupported": (
        400, "The operation failed because the special link type of user is not opened.", API_PAGE % "ModifyVpcPeerConnection"),
    "OperationDenied.ServiceManagedInstance": (
        400, "Operation is denied because the specified instance belongs to service manager.", API_PAGE % "ModifyVpcPeerConnection"),
    "OperationDenied.RouteEntryExist": (
        400, "The operation is not allowed because of existing routeEntry point to VpcPeer.", API_PAGE % "DeleteVpcPeerConnection"),
    "NumberExceed.Tags": (400, "The maximum number of tags is exceeded.", API_META % "TagResources"),
    "NumberExceed.ResourceIds": (400, "The maximum number of resource IDs is exceeded.", API_META % "TagResources"),
    "InvalidInstanceIds.NotFound": (400, "The instance IDs are not found.", API_META % "TagResources"),
    "InvalidInstanceType.NotFound": (400, "The instance type is not found.", API_META % "TagResources"),
    "ResourceNotFound.VpcPeer": (400, "The specified resource of VpcPeer is not found.", API_META % "MoveResourceGroup"),
}

# Codes of the API gateway (request shape, authentication, authorization, flow control) and of the
# emulator itself, where the VpcPeer pages document nothing.
OTHER_CODES: Dict[str, Tuple[int, str, str]] = {
    "InvalidAction.NotFound": (404, "Specified api is not found, please check your url and method.", GATEWAY),
    "InvalidVersion": (400, "Specified parameter Version is not valid.", GATEWAY),
    "MissingParameter": (400, 'The input parameter "%s" that is mandatory for processing this request is not supplied.', GATEWAY),
    "InvalidParameter": (400, "The specified parameter %s is not valid.", GATEWAY),
    "IncompleteSignature": (400, "The request signature does not conform to Aliyun standards. %s", GATEWAY),
    "SignatureDoesNotMatch": (400, "Specified signature is not matched with our calculation. server string to sign is:%s", GATEWAY),
    "SignatureNonceUsed": (400, "Specified signature nonce was used already.", GATEWAY),
    "InvalidTimeStamp.Expired": (400, "Specified time stamp or date value is expired.", GATEWAY),
    "InvalidTimeStamp.Format": (400, "Specified time stamp or date value is not well formatted.", GATEWAY),
    "InvalidAccessKeyId.NotFound": (404, "Specified access key is not found.", GATEWAY),
    "InvalidAccessKeyId.Inactive": (400, "Specified access key is disabled.", STS_ERROR_PAGE),
    "MissingSecurityToken": (400, "SecurityToken is mandatory for this action.", STS_ERROR_PAGE),
    "InvalidSecurityToken.MismatchWithAccessKey": (400, "Specified SecurityToken mismatch with the AccessKey.", EMULATOR),
    "InvalidSecurityToken.Malformed": (400, "Specified SecurityToken is malformed.", EMULATOR),
    "InvalidSecurityToken.Expired": (400, "Specified SecurityToken is expired.", EMULATOR),
    "Forbidden.RAM": (403, "User not authorized to operate on the specified resource, or this API doesn't support RAM.", GATEWAY),
    "Throttling.User": (400, "Request was denied due to user flow control.", GATEWAY),
    "ServiceUnavailable": (503, "The request has failed due to a temporary failure of the server.", GATEWAY),
    "InternalError": (500, "The request processing has failed due to some unknown error, exception or failure.", GATEWAY),
    "IdempotentParameterMismatch": (
        400, "The request uses the same client token as a previous, but non-identical request.", EMULATOR),
    "ResourceNotFound.VpcId": (400, "The specified resource of %s is not found.", EMULATOR),
    "ResourceNotFound.AcceptingVpcId": (400, "The specified resource of %s is not found.", EMULATOR),
    "OperationFailed.VpcCidrOverlap": (
        400, "The operation failed because the IPv4 CIDR blocks of %s and %s overlap.", EMULATOR),
}

# code -> (HTTP status, message template, source)
CATALOGUE: Dict[str, Tuple[int, str, str]] = {**OTHER_CODES, **VPCPEER_CODES}


def recommend_url(code: str, request_id: str) -> str:
    """The troubleshooting link the gateway adds to every error body."""
    return "https://api.aliyun.com/troubleshoot?q=%s&product=%s&requestId=%s" % (code, PRODUCT, request_id)


class ApiError(Exception):
    """An error answer of the API: HTTP status, Code and Message, plus optional extras.

    ``extra`` adds fields to the JSON envelope (AccessDeniedDetail); ``headers`` adds
    response headers (x-acs-retry-after); ``debug`` is kept for the journal only.
    """

    def __init__(self, code: str, message: str, status: int = 400,
                 extra: Optional[Dict[str, Any]] = None, headers: Optional[Dict[str, str]] = None,
                 debug: Optional[Dict[str, Any]] = None) -> None:
        super().__init__("%s: %s" % (code, message))
        self.code = code
        self.message = message
        self.status = status
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})
        self.debug = dict(debug or {})

    def envelope(self, request_id: str) -> Dict[str, Any]:
        """The JSON body the service sends for this error."""
        body: Dict[str, Any] = {
            "RequestId": request_id,
            "HostId": HOST_ID,
            "Code": self.code,
            "Message": self.message,
            "Recommend": recommend_url(self.code, request_id),
        }
        body.update(self.extra)
        return body


def api_error(code: str, *args: Any, **kwargs: Any) -> ApiError:
    """Build an ApiError from the catalogue.

    ``IllegalParam.<Name>`` codes share one template. Unknown codes default to HTTP 400 with
    the code as message, so fault rules may use any code.
    """
    if code in CATALOGUE:
        status, template, _source = CATALOGUE[code]
    elif code.startswith("IllegalParam."):
        status, template, _source = CATALOGUE["IllegalParam"]
        if not args:
            args = (code.split(".", 1)[1],)
    else:
        status, template = 400, code
    try:
        message = template % args if "%s" in template else template
    except TypeError:
        # A caller passed the wrong number of values: keep the template rather than fail the call.
        message = template
    return ApiError(code, message, status=kwargs.pop("status", status), **kwargs)
