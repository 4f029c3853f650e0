# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``info.py``: finding connections against the emulator, by id, name, VPCs, resource group and tags."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ValidationError
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.info import (
    find_connections,
    tags_match,
    validate_info_options,
)
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.support import (
    ACC_SH_1,
    ACCEPTER_SECOND_RG,
    ACCEPTER_UID,
    HZ,
    REQ_HZ_1,
    REQUESTER_SECOND_RG,
    SH,
    actions,
    params,
    seed,
)


def peering(emulator: Any, n: int, vpc: str = 'vpc-a', accepting_vpc: str = '', **fields: Any) -> str:
    """Connection number ``n`` (created at minute n, so that the order is known) between two VPCs."""
    return seed(emulator, VpcId=vpc, AcceptingVpcId=accepting_vpc or 'vpc-x%d' % n, Name='peering-%d' % n,
                GmtCreate='2025-11-25T08:%02d:00Z' % n, **fields)['InstanceId']


def find(api: Any, **task: Any) -> List[str]:
    validate_info_options(task)
    return [view['instance_id'] for view in find_connections(api, task)]


def test_pages_through_next_token_until_done(emulator, requester_api):
    ids = [view['InstanceId'] for view in emulator.control.seed_connections(
        [{'VpcId': 'vpc-a', 'AcceptingVpcId': 'vpc-x%d' % n} for n in range(250)])]
    assert find(requester_api) == ids
    pages = params(emulator, 'ListVpcPeerConnections')
    assert len(pages) == 3 and {page['MaxResults'] for page in pages} == {'100'}
    assert 'NextToken' not in pages[0] and all(page.get('NextToken') for page in pages[1:])


def test_two_vpcs_match_either_end_each_connection_once_oldest_first(emulator, requester_api):
    # The emulator reads two VpcIds as "both ends"; the documented meaning is "either end".
    first = peering(emulator, 1, 'vpc-a', 'vpc-b')
    second = peering(emulator, 2, 'vpc-c', 'vpc-a')
    third = peering(emulator, 3, 'vpc-b', 'vpc-d')
    peering(emulator, 4, 'vpc-e', 'vpc-f')
    assert find(requester_api, vpc_ids=['vpc-b', 'vpc-a', 'vpc-b']) == [first, second, third]
    assert [page['VpcId'] for page in params(emulator, 'ListVpcPeerConnections')] == ['vpc-b', 'vpc-a']


def test_instance_ids_are_listed_one_by_one_with_the_other_filters(emulator, requester_api):
    first, third = peering(emulator, 1), peering(emulator, 3, 'vpc-z')
    peering(emulator, 2)
    found = find(requester_api, instance_ids=[third, first, first, 'pcc-doesnotexist'], vpc_ids=['vpc-a'])
    assert found == [first]  # the third is not at vpc-a, the last does not exist
    assert [page['InstanceId'] for page in params(emulator, 'ListVpcPeerConnections')] == [third, first, 'pcc-doesnotexist']


def test_filters_are_sent_to_the_service(emulator, requester_api):
    wanted = peering(emulator, 1, ResourceGroupId=REQUESTER_SECOND_RG, Tags={'env': 'prod', 'team': 'a'})
    peering(emulator, 2, ResourceGroupId=REQUESTER_SECOND_RG, Tags={'env': 'test'})
    peering(emulator, 3, Tags={'env': 'prod'})
    found = find(requester_api, region_id=HZ, resource_group_id=REQUESTER_SECOND_RG, tags={'env': 'prod', 'team': ''},
                 name='peering-1')
    assert found == [wanted]
    assert params(emulator, 'ListVpcPeerConnections') == [{
        'RegionId': HZ, 'Name': 'peering-1', 'ResourceGroupId': REQUESTER_SECOND_RG, 'Tags.1.Key': 'env',
        'Tags.1.Value': 'prod', 'Tags.2.Key': 'team', 'Tags.2.Value': '', 'MaxResults': '100'}]


def test_the_region_selects_the_callers_side(emulator, requester_api, accepter_api):
    cross = seed(emulator, VpcId=REQ_HZ_1, AcceptingAliUid=ACCEPTER_UID, AcceptingRegionId=SH, AcceptingVpcId=ACC_SH_1,
                 AcceptingTags={'mine': 'accepter'}, AcceptingResourceGroupId=ACCEPTER_SECOND_RG)['InstanceId']
    assert find(requester_api, region_id=HZ) == [cross] and find(requester_api, region_id=SH) == []
    assert find(accepter_api, region_id=SH) == [cross] and find(accepter_api, region_id=HZ) == []
    # Each account filters by its own tags and group.
    assert find(accepter_api, tags={'mine': 'accepter'}, resource_group_id=ACCEPTER_SECOND_RG) == [cross]
    assert find(requester_api, tags={'mine': 'accepter'}) == []


@pytest.mark.parametrize('empty', [{'instance_ids': []}, {'vpc_ids': []}, {'tags': {}}])
def test_a_filter_given_empty_matches_nothing_without_a_call(emulator, requester_api, empty):
    peering(emulator, 1)
    assert find(requester_api, **empty) == [] and actions(emulator) == []


def test_more_than_two_vpcs_fail_before_any_call(emulator, requester_api):
    with pytest.raises(ValidationError, match='at most 2 VPC IDs'):
        find(requester_api, vpc_ids=['vpc-a', 'vpc-b', 'vpc-c'])
    assert actions(emulator) == []


@pytest.mark.parametrize('task, needle', [
    ({'instance_ids': ['pcc-ok', 'vpc-1']}, "instance_ids: 'vpc-1'"),
    ({'vpc_ids': ['']}, 'must not contain empty'),
    ({'tags': {'': 'v'}}, 'tag key must not be empty'),
])
def test_validation(task: Dict[str, Any], needle: str):
    with pytest.raises(ValidationError, match=needle):
        validate_info_options(task)


def test_every_problem_is_listed_at_once():
    with pytest.raises(ValidationError) as info:
        validate_info_options({'instance_ids': ['x'], 'vpc_ids': ['a', 'b', ''], 'tags': {'': 'v'}})
    assert len(info.value.problems) == 4


def test_a_tag_filter_with_an_empty_value_matches_the_key():
    assert tags_match({'env': 'prod', 'a': 'b'}, {'env': ''})
    assert tags_match({'env': 'prod'}, {'env': 'prod'})
    assert not tags_match({'env': 'prod'}, {'env': 'test'})
    assert not tags_match({}, {'env': ''})
