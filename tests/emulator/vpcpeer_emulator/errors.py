# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""API errors of the emulated VpcPeer service: one exception class and the catalogue of codes.

Every code maps to (HTTP status, message template). Templates use ``%s`` placeholders that
are filled positionally, like the ``%s`` in the service's own error tables.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

HOST_ID = "vpcpeer.aliyuncs.com"
PRODUCT = "VpcPeer"

# code -> (HTTP status, message template)
CATALOGUE: Dict[str, Tuple[int, str]] = {
    # Gateway: request shape, authentication, authorization, flow control
    "InvalidAction.NotFound": (404, "Specified api is not found, please check your url and method."),
    "InvalidVersion": (400, "Specified parameter Version is not valid."),
    "MissingParameter": (400, 'The input parameter "%s" that is mandatory for processing this request is not supplied.'),
    "InvalidParameter": (400, "The specified parameter %s is not valid."),
    "IncompleteSignature": (400, "The request signature does not conform to Aliyun standards. %s"),
    "SignatureDoesNotMatch": (400, "Specified signature is not matched with our calculation. server string to sign is:%s"),
    "SignatureNonceUsed": (400, "Specified signature nonce was used already."),
    "InvalidTimeStamp.Expired": (400, "Specified time stamp or date value is expired."),
    "InvalidTimeStamp.Format": (400, "Specified time stamp or date value is not well formatted."),
    "InvalidAccessKeyId.NotFound": (404, "Specified access key is not found."),
    "InvalidAccessKeyId.Inactive": (400, "Specified access key is disabled."),
    "InvalidSecurityToken.MismatchWithAccessKey": (400, "Specified SecurityToken mismatch with the AccessKey."),
    "InvalidSecurityToken.Malformed": (400, "Specified SecurityToken is malformed."),
    "InvalidSecurityToken.Expired": (400, "Specified SecurityToken is expired."),
    "Forbidden.RAM": (403, "User not authorized to operate on the specified resource, or this API doesn't support RAM."),
    "Throttling.User": (400, "Request was denied due to user flow control."),
    "ServiceUnavailable": (503, "The request has failed due to a temporary failure of the server."),
    "InternalError": (500, "The request processing has failed due to some unknown error, exception or failure."),
    # Generic service behaviour
    "DryRunOperation": (400, "Request validation has been passed with DryRun flag set."),
    "IdempotentParameterMismatch": (400, "The request uses the same client token as a previous, but non-identical request."),
    "IllegalParam": (400, "The parameter %s is illegal."),
    "UnsupportedRegion": (400, "The specified region %s is not supported."),
    # VpcPeer connection codes (seed and reference tables)
    "ResourceNotFound.InstanceId": (400, "The specified resource of %s is not found."),
    "IncorrectStatus.VpcPeer": (400, "The status of %s [%s] is incorrect."),
    "IncorrectBusinessStatus.VpcPeer": (400, "The business status of %s [%s] is incorrect."),
    "OperationFailed.BandwidthCannotBeChangedInSameRegion": (
        400, "The operation failed because the bandwidth cannot be changed in the same region."),
    "QuotaExceeded.Bandwidth": (400, "The quota of bandwidth is exceeded."),
    "OperationFailed.InterRegionLinkTypeNotSupported": (400, "The same region not supported link type feature."),
    "OperationFailed.RegionIdNotSupportLinkType": (400, "The feature link type is not supported in the region."),
    "OperationFailed.SpecificLinkTypeNotSupported": (
        400, "The operation failed because the special link type of user is not opened."),
    "OperationDenied.ServiceManagedInstance": (
        400, "Operation is denied because the specified instance belongs to service manager."),
    "OperationDenied.RouteEntryExist": (400, "Operation is denied because route entries pointing to %s exist."),
    "Forbidden.NoPermission": (400, "The operation is not permitted for the caller on %s."),
    "ResourceAlreadyExist.VpcPeer": (400, "The VPC peering connection between %s and %s already exists."),
    "ResourceNotFound.VpcId": (400, "The specified resource of %s is not found."),
    "ResourceNotFound.AcceptingVpcId": (400, "The specified resource of %s is not found."),
    "OperationFailed.NotExist.ResourceGroup": (400, "The resource group %s does not exist."),
    # Tags and resource groups
    "NumberExceed.Tags": (400, "The maximum number of tags is exceeded."),
    "NumberExceed.ResourceIds": (400, "The maximum number of resource IDs is exceeded."),
    "Forbidden.TagKeys": (400, "The tag key %s is not allowed."),
    "Forbidden.TagKey.Duplicated": (400, "The tag key %s is duplicated."),
    "InvalidInstanceIds.NotFound": (400, "The specified instance IDs %s are not found."),
    "InvalidInstanceType.NotFound": (400, "The specified resource type %s is not found."),
    "BothEmpty.TagsAndResources": (400, "The tags and the resource IDs cannot both be empty."),
    "ResourceNotFound.VpcPeer": (400, "The specified resource of %s is not found."),
}


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
        status, template = CATALOGUE[code]
    elif code.startswith("IllegalParam."):
        status, template = CATALOGUE["IllegalParam"]
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
