# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""API errors of the emulated services (VpcPeer 2022-01-01, VPC 2016-04-28): one exception class and the
catalogues of codes.

Every code maps to (HTTP status, message template, source). Templates use ``%s`` placeholders that
are filled positionally, like the ``%s`` in the service's own error tables. The source says where
the wording comes from, so a reader knows which messages are the service's and which are guesses.
Each product has its catalogue (VpcPeer: ``CATALOGUE``, VPC: ``VPC_CATALOGUE``) and its host in the
error envelope (``Service``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple


@dataclass(frozen=True)
class Service:
    """Who answers: the product named in the Recommend link, and the HostId of the error envelope."""
    product: str
    host_id: str


VPCPEER_SERVICE = Service("VpcPeer", "vpcpeer.aliyuncs.com")
VPC_SERVICE = Service("Vpc", "vpc.aliyuncs.com")

# Where a code's status and wording come from.
ERROR_CODE_PAGE = "VpcPeer error-code page"       # alibabacloud.com/help/en/vpc/developer-reference/api-vpcpeer-2022-01-01-errorcodes
API_PAGE = "VpcPeer API page %s"                   # the "Error codes" table of that action's API reference page
API_META = "VpcPeer API metadata (zh, older) %s"   # errorCodes of that action in the published API metadata
STS_ERROR_PAGE = "STS common error codes (help doc-detail 42775)"
VPC_API_PAGE = "VPC API page %s"                   # alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-<action>
VPC_API_PAGE_ZH = "VPC API page %s (zh, older)"    # the older Chinese reference of that action
PUBLIC_CODE = "public code that quotes the answer (not on the API page)"
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

_CREATE_ROUTE = VPC_API_PAGE % "CreateRouteEntry"
_DELETE_ROUTE = VPC_API_PAGE % "DeleteRouteEntry"
_LIST_ROUTES = VPC_API_PAGE % "DescribeRouteEntryList"
_CREATE_VPC = VPC_API_PAGE % "CreateVpc"

# The VPC 2016-04-28 codes the emulator sends, as the action's API page words them.
VPC_CODES: Dict[str, Tuple[int, str, str]] = {
    "TaskConflict": (400, "The operation is too frequent, please wait a moment and try again.", _CREATE_ROUTE),
    "IncorrectRouteEntryStatus": (400, "Some route entry status blocked this operation.", _CREATE_ROUTE),
    "IncorrectStatus.VpcRouteEntry": (400, "The status of the specified routeEntry is invalid.", _DELETE_ROUTE),
    "IncorrectVpcStatus": (400, "Current VPC status does not support this operation.", _CREATE_ROUTE),
    "IncorrectVSwitchStatus": (400, "The current virtual switch status does not support this operation.", _CREATE_ROUTE),
    "IncorrectStatus.RouteTableStatus": (400, "The status of the specified RouteTable is incorrect.", _CREATE_ROUTE),
    "OperationFailed.DistibuteLock": (400, "Distibute lock fail.", _CREATE_ROUTE),
    "IncorrectStatus.VpcPeer": (400, "The status of %s [%s] is incorrect.", _CREATE_ROUTE),
    "ResourceNotFound.VpcPeer": (400, "The specified resource of %s is not found.", _CREATE_ROUTE),
    "InvalidNextHopId.NotFound": (404, "Specified next hop does not exist.", _CREATE_ROUTE),
    "OperationFailed.InstanceDismatchCurrentVpc": (404, "The specified instance does not exist in current vpc.", _CREATE_ROUTE),
    "InvalidNextHopType": (400, 'Specified parameter "NextHopType" is not valid.', _CREATE_ROUTE),
    "InvalidNexthopTypeAndList.BothNotNull": (400, "both nexthopType and nextHopList are not null.", _CREATE_ROUTE),
    "Duplicated.VpcNextHop": (400, "Route entry nexthop duplicate.", _CREATE_ROUTE),
    "InvalidRouteTableId.NotFound": (404, "Specified route table does not exist.", _CREATE_ROUTE),
    "InvalidCidrBlock": (400, "Specified CIDR block is not valid.", _CREATE_ROUTE),
    "InvalidCidrBlock.Malformed": (400, "Specified CIDR block is not valid.", _CREATE_ROUTE),
    "InvalidCIDRBlock.Duplicate": (400, "Specified CIDR block is already exists.", _CREATE_ROUTE),
    "InvalidRouteEntry.Duplicate": (400, "The route entry already exist.", _CREATE_ROUTE),
    "RouteConflict.AlreadyExist": (400, "Route conflict exists in routing table.", _CREATE_ROUTE),
    "OperationFailed.CidrConflictWithPrefixList": (
        400, "The specified CIDR block already exists in a prefixList route entry.", _CREATE_ROUTE),
    "UnsupportedFeature.VpcPeerIpv6": (
        400, "IPv6 route entries for VPC peering connections cannot be created in this region.", _CREATE_ROUTE),
    "QuotaExceeded": (400, "Route entry quota exceeded in this route table.", _CREATE_ROUTE),
    "InvalidRouteEntryName.Malformed": (400, "Specified RouteEntry name is not valid.", _CREATE_ROUTE),
    "InvalidDescription.Malformed": (400, "The Description is illegal.", _CREATE_ROUTE),
    "InvalidRouteEntry.NotFound": (400, "Route entry not exists.", _DELETE_ROUTE),
    "InvalidRouteEntryId.NotFound": (400, "Specified RouteEntryId does not exist.", _DELETE_ROUTE),
    "OperationDenied": (400, "Specified operation is denied as route entry type is system.", _DELETE_ROUTE),
    "OperationDenied.DeleteManagedRouteEntry": (
        400, "The operation is not allowed because of route entry is managed.", _DELETE_ROUTE),
    "OperationDenied.ModifyManagedRouteEntry": (
        400, "The operation is not allowed because of route entry is managed.", EMULATOR + " (the page's wording is cut off)"),
    "OperationDenied.NextHopNotChanged": (400, "The operation is not allowed because of NextHopNotChanged.", _DELETE_ROUTE),
    "Forbbiden": (400, "Specified RouteEntry cannot allowed delete by openApi.", _DELETE_ROUTE),
    "ParamExclusive.RouteEntryIdAndRouteTableIdOrDestCidrBlock": (400, "%s", _DELETE_ROUTE),
    "ParamExclusive.NextHopIdAndList": (400, "NextHopId and NextHopList cannot both be not null.", _DELETE_ROUTE),
    "IllegalParam.NextToken": (400, "User nextToken is illegal.", _LIST_ROUTES),
    "IllegalParam.RouteEntryType": (400, "The parameter of RouteEntryType is illegal.", _LIST_ROUTES),
    "IllegalParam.IpVersion": (400, "Param IpVersion illegal.", _LIST_ROUTES),
    "InvalidRouteTable.NotFound": (400, "The specified RouteTable was not found.", _LIST_ROUTES),
    "OperationFailed.FilterParamUnderWrongRouteType": (
        400, "Operation failed because only custom type support filter by routeEntryId or routeEntryName", _LIST_ROUTES),
    "InvalidVpcId.NotFound": (404, "Specified VPC does not exist.", VPC_API_PAGE % "DescribeVpcAttribute"),
    "Forbidden.VpcNotFound": (400, "Specified VPC can not found.", VPC_API_PAGE % "DescribeVSwitches"),
    "InvalidVSwitchIdNumber.NotSupported": (404, "The number of vSwitchIds exceeds the limit.", VPC_API_PAGE % "DescribeVSwitches"),
    "InvalidVpcIdNumber.NotSupported": (400, "The number of vpcIds exceeds the limit.", VPC_API_PAGE % "DescribeVpcs"),
    "InvalidResourceGroupId.NotFound": (400, "The Specified ResourceGroupId not exists.", VPC_API_PAGE % "DescribeVpcs"),
    "InvalidResourceGroupId": (400, "The specified ResourceGroupId does not exist.", _CREATE_VPC),
    "InvalidParameter": (400, "Specified CIDR block is not valid", _CREATE_VPC),
    "IllegalParam.CidrBlockMask": (400, "The param of CidrBlock Mask [%s] is illegal.", _CREATE_VPC),
    "InvalidVpcName.Malformed": (400, "Specified VPC name is not valid.", _CREATE_VPC),
    "InvalidVpcDiscription.Malformed": (400, "Specified VPC description is not valid.", _CREATE_VPC),
    "InvalidUserCidr.Quota": (400, "Specified UserCidr number is greater than 3.", _CREATE_VPC),
    "InvalidUserCidr.Malformed": (400, "Specified UserCidr overlapping in of 100.64.0.0/10.", _CREATE_VPC),
    "QuotaExceeded.Vpc": (400, "VPC quota exceeded.", _CREATE_VPC),
    "InvalidRegionId.NotFound": (404, 'Specified value of "regionId" is not supported.', _CREATE_VPC),
    "DependencyViolation.VSwitch": (400, "Specified object has dependent resources", VPC_API_PAGE_ZH % "DeleteVpc"),
    "DependencyViolation.RouteEntry": (400, "Specified object has dependent resources", VPC_API_PAGE_ZH % "DeleteVpc"),
    "OperationDenied.VpcPeerExists": (400, "The operation is not allowed because the VpcPeer exists.", PUBLIC_CODE),
}

# code -> (HTTP status, message template, source)
CATALOGUE: Dict[str, Tuple[int, str, str]] = {**OTHER_CODES, **VPCPEER_CODES}
VPC_CATALOGUE: Dict[str, Tuple[int, str, str]] = {
    **OTHER_CODES, "IllegalParam": VPCPEER_CODES["IllegalParam"], "DryRunOperation": VPCPEER_CODES["DryRunOperation"],
    **VPC_CODES}


def recommend_url(code: str, request_id: str, service: Service = VPCPEER_SERVICE) -> str:
    """The troubleshooting link the gateway adds to every error body."""
    return "https://api.aliyun.com/troubleshoot?q=%s&product=%s&requestId=%s" % (code, service.product, request_id)


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

    def envelope(self, request_id: str, service: Service = VPCPEER_SERVICE) -> Dict[str, Any]:
        """The JSON body ``service`` sends for this error."""
        body: Dict[str, Any] = {
            "RequestId": request_id,
            "HostId": service.host_id,
            "Code": self.code,
            "Message": self.message,
            "Recommend": recommend_url(self.code, request_id, service),
        }
        body.update(self.extra)
        return body


def api_error(code: str, *args: Any, catalogue: Optional[Dict[str, Tuple[int, str, str]]] = None, **kwargs: Any) -> ApiError:
    """Build an ApiError from ``catalogue`` (default: VpcPeer's).

    ``IllegalParam.<Name>`` codes share one template. Unknown codes default to HTTP 400 with
    the code as message, so fault rules may use any code.
    """
    catalogue = CATALOGUE if catalogue is None else catalogue
    if code in catalogue:
        status, template, _source = catalogue[code]
    elif code.startswith("IllegalParam."):
        status, template, _source = catalogue["IllegalParam"]
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


def vpc_error(code: str, *args: Any, **kwargs: Any) -> ApiError:
    """An ApiError worded as VPC 2016-04-28 words it."""
    return api_error(code, *args, catalogue=VPC_CATALOGUE, **kwargs)
