# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``peering_model.py``: the status table and its refusal texts, comparisons, tags, fixed options and the diff
views. Pure functions on snake_case views; the views here are what ``api.connection_view`` makes of emulator
answers (test_api.py checks that shape)."""

from __future__ import annotations

from typing import Any, Dict

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import peering_model as model
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import StateError
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering_model import (
    ACCEPT,
    DELETE,
    MODIFY,
    REJECT,
    STATUSES,
    TAG,
    differences,
    full_view,
    immutable_problems,
    joins,
    managed_view,
    refusal,
    requested_values,
    side_region,
    status_of,
    tag_changes,
    tag_dict,
    with_tags,
)

REQUESTER, ACCEPTER = 1111111111111111, 2222222222222222


def view(**overrides: Any) -> Dict[str, Any]:
    """A cross-account, cross-region connection as ``api.connection_view`` returns it."""
    values = {
        'instance_id': 'pcc-abc123', 'name': 'old-name', 'description': 'old description', 'status': 'Activated',
        'biz_status': 'Normal', 'bandwidth': 100, 'link_type': 'Gold', 'region_id': 'cn-hangzhou',
        'accepting_region_id': 'cn-shanghai', 'owner_id': REQUESTER, 'accepting_owner_uid': ACCEPTER,
        'vpc': {'vpc_id': 'vpc-a', 'ipv4_cidrs': ['10.0.0.0/16'], 'ipv6_cidrs': []},
        'accepting_vpc': {'vpc_id': 'vpc-b', 'ipv4_cidrs': ['172.16.0.0/16'], 'ipv6_cidrs': []},
        'gmt_create': '2025-11-25T08:00:00Z', 'gmt_modified': '2025-11-25T08:00:00Z', 'gmt_expired': None,
        'resource_group_id': 'rg-1', 'tags': {'env': 'test'}, 'managed_service': None,
    }
    values.update(overrides)
    return values


# -- the status table ---------------------------------------------------------------------------------------
@pytest.mark.parametrize('status, settling, live, requester, accepter', [
    ('Creating', True, True, set(), set()),
    ('Accepting', False, True, {DELETE, TAG}, {ACCEPT, REJECT, TAG}),
    ('Updating', True, True, set(), set()),
    ('Activated', False, True, {MODIFY, DELETE, TAG}, {MODIFY, DELETE, TAG}),
    ('Rejected', False, False, {DELETE}, set()),
    ('Expired', False, False, {DELETE}, set()),
    ('Deleting', True, False, set(), set()),
    ('Deleted', False, False, set(), set()),
])
def test_what_each_status_allows_each_side(status, settling, live, requester, accepter):
    entry = status_of(view(status=status))
    assert entry is STATUSES[status]
    assert (entry.settling, entry.live) == (settling, live)
    assert set(entry.allowed('requester')) == requester and set(entry.allowed('accepter')) == accepter
    # One account owning both VPCs, or a side no read could tell: what either side may (the service decides).
    assert set(entry.allowed('both')) == set(entry.allowed(None)) == requester | accepter


def test_the_table_has_every_status_of_the_api():
    assert set(STATUSES) == {'Creating', 'Accepting', 'Updating', 'Activated', 'Rejected', 'Expired', 'Deleting',
                             'Deleted'}


@pytest.mark.parametrize('status', [None, 'Frozen'])
def test_an_unknown_status_allows_nothing_and_is_not_waited_for(status):
    entry = status_of(view(status=status))
    assert entry.allows == frozenset() and entry.settling is False and entry.live is True
    assert 'unknown status %s' % (status or '(none)') in refusal(view(status=status)).msg


@pytest.mark.parametrize('status, needles', [
    ('Creating', ['is being created']),
    ('Accepting', ['waits for the accepter account %d to accept it' % ACCEPTER, 'state=accepted', 'run this task again']),
    ('Updating', ['is being updated']),
    ('Activated', ['was accepted already', 'only a connection that is Accepting can be accepted or rejected',
                   'state=absent']),
    ('Rejected', ['was rejected by the accepter account', 'can delete it (state=absent) and create a new connection']),
    ('Expired', ['did not accept it within 7 days', 'create a new connection']),
    ('Deleting', ['is being deleted']),
    ('Deleted', ['has been deleted']),
])
def test_each_refusal_says_why_and_what_to_do(status, needles):
    err = refusal(view(status=status))
    assert isinstance(err, StateError) and err.msg.startswith('VPC peering connection pcc-abc123 ')
    for needle in needles:
        assert needle in err.msg
    assert err.extra == {'vpc_peer_connection': view(status=status)}


def test_a_refusal_without_a_known_accepter_says_so():
    assert '(unknown)' in refusal(view(status='Accepting', accepting_owner_uid=None)).msg


# -- comparing a task with a read -------------------------------------------------------------------------
def test_only_requested_options_are_compared():
    assert requested_values({'name': 'n', 'bandwidth': None, 'link_type': 'Gold', 'tags': {}}) == {
        'name': 'n', 'link_type': 'Gold'}
    assert differences(view(), {'name': 'old-name'}) == {}
    assert differences(view(), {'name': 'new', 'bandwidth': 100}) == {'name': 'new'}
    assert differences(view(), {}) == {}


def test_tag_changes_are_only_the_differences():
    current = {'env': 'test', 'team': 'a', 'acs:system': 'x', 'aliyun-x': 'y'}
    assert tag_changes(current, None, True) == ({}, [])
    assert tag_changes(current, {'env': 'test', 'team': 'a'}, True) == ({}, [])
    assert tag_changes(current, {'env': 'prod'}, True) == ({'env': 'prod'}, ['team'])  # system tags are never purged
    assert tag_changes(current, {'env': 'prod'}, False) == ({'env': 'prod'}, [])
    assert tag_changes(current, {}, True) == ({}, ['env', 'team'])
    assert tag_changes({}, {'n': 5, 'e': None, 'b': False}, True) == ({'n': '5', 'e': '', 'b': 'false'}, [])


def test_tags_as_the_service_stores_them():
    assert tag_dict({1: True, 'none': None}) == {'1': 'true', 'none': ''}
    assert with_tags({'a': '1', 'b': '2'}, {'c': '3', 'a': '9'}, ['b']) == {'a': '9', 'c': '3'}


@pytest.mark.parametrize('key', ['aliyun', 'ALIYUNx', 'acs:x', 'Acs:y'])
def test_system_tag_keys(key):
    assert model.is_system_tag(key)


def test_joins_either_way_round():
    assert joins(view(), 'vpc-a', 'vpc-b') and joins(view(), 'vpc-b', 'vpc-a')
    assert not joins(view(), 'vpc-a', 'vpc-c')


def test_same_region_rules():
    same = view(accepting_region_id='cn-hangzhou', bandwidth=-1, link_type='')
    model.check_same_region(same, {'name': 'x'})
    model.check_same_region(view(), {'bandwidth': 5})
    with pytest.raises(StateError, match='Remove bandwidth and link_type from the task'):
        model.check_same_region(same, {'bandwidth': 5, 'link_type': 'Gold'})


# -- fixed options ----------------------------------------------------------------------------------------
def test_fixed_options_may_name_the_vpcs_either_way_round():
    assert immutable_problems(view(), {'vpc_id': 'vpc-b', 'accepting_vpc_id': 'vpc-a', 'accepting_region_id': 'cn-hangzhou',
                                       'region_id': 'cn-shanghai', 'accepting_ali_uid': REQUESTER}) == []
    assert immutable_problems(view(), {'accepting_vpc_id': 'vpc-a'}) == []
    assert immutable_problems(view(), {'vpc_id': 'vpc-b', 'accepting_region_id': 'cn-shanghai'}) == [
        "accepting_region_id is 'cn-shanghai', but the connection has 'cn-hangzhou'"]


def test_every_differing_fixed_option_is_named():
    problems = immutable_problems(view(), {'vpc_id': 'vpc-x', 'accepting_vpc_id': 'vpc-y', 'accepting_ali_uid': 3,
                                           'accepting_region_id': 'cn-beijing', 'region_id': 'cn-shenzhen'})
    assert len(problems) == 5
    with pytest.raises(StateError, match='cannot change after creation differ'):
        model.check_immutable(view(), {'vpc_id': 'vpc-x'})


def test_region_id_alone_is_not_compared():
    # region_id often comes from ALIBABA_CLOUD_REGION_ID: without vpc_id it says nothing about the connection.
    assert immutable_problems(view(), {'region_id': 'cn-beijing'}) == []
    assert immutable_problems(view(), {'region_id': 'cn-beijing', 'vpc_id': 'vpc-a'}) == [
        "region_id is 'cn-beijing', but the connection has 'cn-hangzhou'"]


# -- the caller's side --------------------------------------------------------------------------------------
@pytest.mark.parametrize('side, region', [
    (model.REQUESTER, 'cn-hangzhou'), (model.ACCEPTER, 'cn-shanghai'), (model.BOTH, 'cn-hangzhou'), (None, 'cn-hangzhou')])
def test_tags_are_addressed_in_the_region_of_the_callers_side(side, region):
    assert side_region(view(), side) == region


# -- diff views -----------------------------------------------------------------------------------------------
def test_the_managed_view_shows_tags_group_and_status_only_when_asked():
    assert managed_view(view(), {}) == {'name': 'old-name', 'description': 'old description', 'bandwidth': 100,
                                        'link_type': 'Gold'}
    shown = managed_view(view(), {'tags': {}, 'resource_group_id': 'rg-2'}, with_status=True)
    assert (shown['tags'], shown['resource_group_id'], shown['status']) == ({'env': 'test'}, 'rg-1', 'Activated')


def test_the_full_view_of_a_created_or_deleted_connection():
    assert full_view(view()) == {
        'instance_id': 'pcc-abc123', 'status': 'Activated', 'name': 'old-name', 'description': 'old description',
        'bandwidth': 100, 'link_type': 'Gold', 'region_id': 'cn-hangzhou', 'vpc_id': 'vpc-a',
        'accepting_region_id': 'cn-shanghai', 'accepting_vpc_id': 'vpc-b', 'accepting_owner_uid': ACCEPTER,
        'resource_group_id': 'rg-1', 'tags': {'env': 'test'}}
