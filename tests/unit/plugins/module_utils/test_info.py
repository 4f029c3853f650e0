# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import VpcPeerApi
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ValidationError
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.info import (
    find_connections,
    tags_match,
    validate_info_options,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import Deadline
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.fakes import FakeService, connection


def peering(n, vpc='vpc-a', accepting_vpc=None, **overrides):
    return connection(InstanceId='pcc-%04d' % n, Name='peering-%d' % n, GmtCreate='2025-11-25T08:%02d:00Z' % (n % 60),
                      Vpc={'VpcId': vpc}, AcceptingVpc={'VpcId': accepting_vpc or 'vpc-x%d' % n}, **overrides)


def find(service, **params):
    validate_info_options(params)
    return find_connections(VpcPeerApi(service, Deadline(120.0)), params)


def ids(found):
    return [raw['InstanceId'] for raw in found]


def test_pages_through_next_token_until_done(fake_time):
    service = FakeService(*[peering(n) for n in range(250)])
    found = find(service)
    assert len(found) == 250 and len(set(ids(found))) == 250
    pages = service.sent('ListVpcPeerConnections')
    assert [page.get('NextToken') for page in pages] == [None, '100', '200']
    assert {page['MaxResults'] for page in pages} == {100}


def test_two_vpcs_match_either_end(fake_time):
    # The fake reads two VpcIds as the emulator does ("both ends"); the module must still find either end.
    service = FakeService(peering(1, 'vpc-a', 'vpc-b'), peering(2, 'vpc-c', 'vpc-a'), peering(3, 'vpc-b', 'vpc-d'),
                          peering(4, 'vpc-e', 'vpc-f'))
    found = find(service, vpc_ids=['vpc-a', 'vpc-b'])
    assert ids(found) == ['pcc-0001', 'pcc-0002', 'pcc-0003']  # each once, oldest first
    assert [page['VpcId'] for page in service.sent('ListVpcPeerConnections')] == [['vpc-a'], ['vpc-b']]


def test_more_than_two_vpcs_fail_before_any_call(fake_time):
    service = FakeService()
    with pytest.raises(ValidationError, match='at most 2 VPC IDs'):
        find(service, vpc_ids=['vpc-a', 'vpc-b', 'vpc-c'])
    assert service.count() == 0


@pytest.mark.parametrize('params, needle', [
    ({'instance_ids': ['pcc-ok', 'vpc-1']}, "instance_ids: 'vpc-1'"),
    ({'vpc_ids': ['']}, 'must not contain empty'),
    ({'tags': {'': 'v'}}, 'tag key must not be empty'),
])
def test_validation(params, needle):
    with pytest.raises(ValidationError, match=needle):
        validate_info_options(params)


def test_instance_ids_are_listed_one_by_one_with_the_other_filters(fake_time):
    service = FakeService(peering(1), peering(2), peering(3, 'vpc-z'))
    found = find(service, instance_ids=['pcc-0003', 'pcc-0001', 'pcc-0001', 'pcc-9999'], vpc_ids=['vpc-a'])
    assert ids(found) == ['pcc-0001']  # pcc-0003 is not at vpc-a, pcc-9999 does not exist
    assert [page['InstanceId'] for page in service.sent('ListVpcPeerConnections')] == ['pcc-0003', 'pcc-0001', 'pcc-9999']


def test_filters_are_sent_and_applied_again(fake_time):
    service = FakeService(peering(1, ResourceGroupId='rg-1', Tags=[{'Key': 'env', 'Value': 'prod'}]),
                          peering(2, ResourceGroupId='rg-1', Tags=[{'Key': 'env', 'Value': 'test'}]),
                          peering(3, ResourceGroupId='rg-2', Tags=[{'Key': 'env', 'Value': 'prod'}]))
    # a service that ignores every filter: the module's own filtering keeps the documented meaning
    service._listed = lambda conn, fields: True
    found = find(service, region_id='cn-hangzhou', resource_group_id='rg-1', tags={'env': 'prod'}, name='peering-1')
    assert ids(found) == ['pcc-0001']
    assert service.sent('ListVpcPeerConnections')[0] == {
        'RegionId': 'cn-hangzhou', 'Name': 'peering-1', 'ResourceGroupId': 'rg-1',
        'Tags': [{'Key': 'env', 'Value': 'prod'}], 'MaxResults': 100}


def test_tag_filter_with_an_empty_value_matches_the_key():
    assert tags_match({'env': 'prod', 'a': 'b'}, {'env': ''})
    assert tags_match({'env': 'prod'}, {'env': 'prod'})
    assert not tags_match({'env': 'prod'}, {'env': 'test'})
    assert not tags_match({}, {'env': ''})
