# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import VpcPeerApi
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import (
    ApiError,
    StateError,
    ValidationError,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.lifecycle import (
    ConnectionTask,
    immutable_problems,
    validate_options,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import Deadline
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.vpc_peer import VpcPeerConnections, tag_changes
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins import fakes
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.fakes import (
    ACCEPTER_UID,
    INSTANCE_ID,
    REQUESTER_UID,
    FakeService,
    connection,
)

HZ, SH = 'cn-hangzhou', 'cn-shanghai'
# The task that creates (or finds) the cross-region connection of fakes.connection(): vpc-requester -> vpc-accepter.
CREATE = dict(region_id=HZ, vpc_id='vpc-requester', accepting_region_id=SH, accepting_vpc_id='vpc-accepter',
              accepting_ali_uid=REQUESTER_UID)


def creating(**overrides):
    """The options of a task that creates (or finds) the connection of CREATE, with some changed."""
    values = dict(CREATE)
    values.update(overrides)
    return values


def params(**overrides):
    values = dict(state='present', instance_id=None, vpc_id=None, accepting_vpc_id=None, accepting_region_id=None,
                  accepting_ali_uid=None, region_id=None, name=None, description=None, bandwidth=None, link_type=None,
                  resource_group_id=None, tags=None, purge_tags=True, force=False, wait=True, wait_timeout=600)
    values.update(overrides)
    return values


def run(service, check_mode=False, **overrides):
    """Validate and run one task against the fake service, the way the module does."""
    task_params = params(**overrides)
    validate_options(task_params)
    tokens = iter('token-%d' % n for n in range(1, 100))
    api = VpcPeerApi(service, Deadline(600.0), token_factory=lambda: next(tokens))
    return ConnectionTask(task_params, VpcPeerConnections(api), check_mode=check_mode).run()


def actions(service):
    return [request.action for request in service.requests]


def mutations(service):
    return [action for action, _fields in service.mutations]


def empty():
    """A fake service without any connection."""
    service = FakeService(connection())
    service.conns.clear()
    return service


# -- validation ---------------------------------------------------------------------------------------
@pytest.mark.parametrize('overrides, needle', [
    ({}, 'missing: vpc_id, accepting_vpc_id, accepting_region_id, accepting_ali_uid, region_id'),
    (creating(region_id=None), 'missing: region_id'),
    (creating(name='a'), 'name must be 2 to 128 characters long to create'),
    (creating(name='1st-peering'), 'name must start with a letter'),
    (creating(description='-dash first'), 'description must start with a letter'),
    (creating(description='https://x'), 'description must not start with http'),
    (creating(accepting_region_id=HZ, bandwidth=100), 'same region'),
    (creating(accepting_region_id=HZ, link_type='Gold'), 'same region'),
    (creating(accepting_vpc_id='vpc-requester'), 'cannot be peered with itself'),
    (creating(accepting_ali_uid=0), 'accepting_ali_uid must be'),
    (creating(tags={'aliyun-x': '1'}), 'must not start with aliyun or acs:'),
    (creating(tags={'acs:x': '1'}), 'must not start with aliyun or acs:'),
    (creating(tags={'k': 'see https://example.com'}), 'must not contain http'),
    (creating(tags={'': 'v'}), 'tag key'),
    (creating(tags={'k%d' % n: 'v' for n in range(21)}), 'at most 20 tags'),
    (creating(resource_group_id=''), 'resource_group_id must not be empty'),
    ({'state': 'absent'}, 'state=absent needs instance_id, or vpc_id and accepting_vpc_id'),
    ({'state': 'absent', 'vpc_id': 'vpc-a'}, 'state=absent needs instance_id'),
    ({'state': 'accepted'}, 'state=accepted needs instance_id'),
    ({'state': 'rejected'}, 'state=rejected needs instance_id'),
    ({'state': 'rejected', 'instance_id': 'pcc-UP'}, 'instance_id must look like'),
])
def test_validation(overrides, needle):
    with pytest.raises(ValidationError) as info:
        validate_options(params(**overrides))
    assert needle in info.value.msg


def test_modify_rules_apply_with_an_instance_id():
    # Create's stricter rules only when the task may create: a 1-character name starting with a digit is fine here.
    validate_options(params(instance_id=INSTANCE_ID, name='1'))
    validate_options(params(state='absent', vpc_id='vpc-a', accepting_vpc_id='vpc-b'))
    validate_options(params(**creating(name='Peering_1-a', description='Described', tags={'env': 'prod'})))


def test_every_problem_is_listed_at_once():
    with pytest.raises(ValidationError) as info:
        validate_options(params(**creating(name='a', accepting_ali_uid=-1, tags={'acs:x': ''})))
    assert len(info.value.problems) == 3


# -- finding: both directions, never a duplicate ------------------------------------------------------
def test_present_finds_the_connection_by_its_vpcs_and_changes_nothing(fake_time):
    service = FakeService(connection(OwnerId=REQUESTER_UID, AcceptingOwnerUid=REQUESTER_UID))
    outcome = run(service, **creating(name='old-name'))
    assert outcome.changed is False and outcome.raw['InstanceId'] == INSTANCE_ID
    assert actions(service) == ['ListVpcPeerConnections']
    # one VPC per List: two VpcIds may mean "both ends" or "either end", one means the same for both readings
    assert service.sent('ListVpcPeerConnections') == [{'RegionId': HZ, 'VpcId': ['vpc-requester'], 'MaxResults': 100}]


def test_present_finds_the_connection_created_the_other_way_round(fake_time):
    # vpc-accepter (cn-shanghai) -> vpc-requester (cn-hangzhou), both in our account
    reverse = connection(Vpc={'VpcId': 'vpc-accepter'}, AcceptingVpc={'VpcId': 'vpc-requester'}, RegionId=SH,
                         AcceptingRegionId=HZ, OwnerId=REQUESTER_UID, AcceptingOwnerUid=REQUESTER_UID)
    service = FakeService(reverse)
    outcome = run(service, **creating(name='renamed'))
    assert outcome.changed is True and outcome.raw['Name'] == 'renamed'
    assert 'CreateVpcPeerConnection' not in actions(service)
    assert service.sent('ModifyVpcPeerConnection')[0]['InstanceId'] == INSTANCE_ID


def test_present_finds_the_reversed_connection_of_another_account(fake_time):
    # The other account asked to peer its VPC with ours; we are its accepter, in our region.
    reverse = connection(Vpc={'VpcId': 'vpc-accepter'}, AcceptingVpc={'VpcId': 'vpc-requester'}, RegionId=SH,
                         AcceptingRegionId=HZ, OwnerId=ACCEPTER_UID, AcceptingOwnerUid=REQUESTER_UID, Status='Accepting')
    service = FakeService(reverse)
    outcome = run(service, **creating(accepting_ali_uid=ACCEPTER_UID))
    assert outcome.changed is False and outcome.raw['Status'] == 'Accepting'
    assert actions(service) == ['ListVpcPeerConnections']


@pytest.mark.parametrize('status', ['Rejected', 'Expired', 'Deleted'])
def test_inactive_connections_are_ignored_and_a_new_one_is_created(fake_time, status):
    service = FakeService(connection(Status=status, OwnerId=REQUESTER_UID, AcceptingOwnerUid=REQUESTER_UID))
    outcome = run(service, **CREATE)
    assert outcome.changed is True and outcome.raw['InstanceId'] == 'pcc-new1'
    assert outcome.raw['Status'] == 'Activated'


def test_a_connection_being_deleted_is_waited_for_before_creating(fake_time):
    service = FakeService(connection(OwnerId=REQUESTER_UID, AcceptingOwnerUid=REQUESTER_UID))
    service._start_phase(service.conns[INSTANCE_ID], 'Deleting', None)
    outcome = run(service, **CREATE)
    assert outcome.changed is True and outcome.raw['InstanceId'] == 'pcc-new1'
    assert INSTANCE_ID not in service.conns
    # otherwise CreateVpcPeerConnection would have answered ResourceAlreadyExist.VpcPeer
    assert actions(service).index('CreateVpcPeerConnection') > actions(service).index('GetVpcPeerConnectionAttribute')


def test_the_found_connection_must_match_the_fixed_options(fake_time):
    service = FakeService(connection(OwnerId=REQUESTER_UID, AcceptingOwnerUid=REQUESTER_UID))
    with pytest.raises(StateError) as info:
        run(service, **creating(accepting_ali_uid=ACCEPTER_UID, name='xy'))
    assert 'accepting_ali_uid is %d, but the connection has %d' % (ACCEPTER_UID, REQUESTER_UID) in info.value.msg
    assert 'ModifyVpcPeerConnection' not in actions(service) and 'CreateVpcPeerConnection' not in actions(service)


# -- creating -----------------------------------------------------------------------------------------
def test_create_in_one_account_waits_for_activated(fake_time):
    service = empty()
    outcome = run(service, **creating(name='web-to-db', description='Web to database', bandwidth=200,
                                      resource_group_id='rg-2', tags={'env': 'prod', 'n': 1}))
    assert outcome.changed is True
    assert service.sent('CreateVpcPeerConnection') == [{
        'RegionId': HZ, 'VpcId': 'vpc-requester', 'AcceptingAliUid': REQUESTER_UID, 'AcceptingRegionId': SH,
        'AcceptingVpcId': 'vpc-accepter', 'Name': 'web-to-db', 'Description': 'Web to database', 'Bandwidth': 200,
        'ResourceGroupId': 'rg-2', 'Tag': [{'Key': 'env', 'Value': 'prod'}, {'Key': 'n', 'Value': '1'}],
        'ClientToken': 'token-1'}]
    assert outcome.raw['Status'] == 'Activated' and outcome.raw['InstanceId'] == 'pcc-new1'
    # list, create, then Creating once and Activated
    assert actions(service) == ['ListVpcPeerConnections', 'CreateVpcPeerConnection'] + ['GetVpcPeerConnectionAttribute'] * 2
    assert outcome.before == {}
    assert outcome.after['instance_id'] == 'pcc-new1' and outcome.after['tags'] == {'env': 'prod', 'n': '1'}
    assert outcome.after['resource_group_id'] == 'rg-2' and outcome.after['status'] == 'Activated'


def test_create_for_another_account_waits_for_accepting(fake_time):
    service = empty()
    outcome = run(service, **creating(accepting_ali_uid=ACCEPTER_UID))
    assert outcome.changed is True and outcome.raw['Status'] == 'Accepting'


def test_a_lost_answer_to_create_is_retried_with_the_same_token_and_creates_once(fake_time):
    service = empty()
    service.script['CreateVpcPeerConnection'].append(('after', fakes.read_timeout()))
    outcome = run(service, **CREATE)
    assert outcome.changed is True and outcome.raw['InstanceId'] == 'pcc-new1'
    assert [f['ClientToken'] for f in service.sent('CreateVpcPeerConnection')] == ['token-1', 'token-1']
    assert service.created == 1 and mutations(service) == ['CreateVpcPeerConnection']


def test_create_check_mode_dry_runs_and_predicts(fake_time):
    service = empty()
    outcome = run(service, check_mode=True, **creating(name='preview', tags={'env': 'prod'}))
    assert outcome.changed is True
    assert service.sent('CreateVpcPeerConnection')[0]['DryRun'] is True
    assert 'ClientToken' not in service.sent('CreateVpcPeerConnection')[0]
    assert service.conns == {} and service.mutations == []
    assert outcome.raw['InstanceId'] is None and outcome.raw['Name'] == 'preview'
    assert outcome.after['vpc_id'] == 'vpc-requester' and outcome.after['tags'] == {'env': 'prod'}


def test_create_check_mode_fails_on_the_dry_run_answer(fake_time):
    service = empty()
    service.script['CreateVpcPeerConnection'].append(fakes.sdk_error('Forbidden.RAM', 'no', status=403))
    with pytest.raises(ApiError) as info:
        run(service, check_mode=True, **CREATE)
    assert info.value.code == 'Forbidden.RAM'


def test_create_without_wait_returns_the_new_id(fake_time):
    service = empty()
    outcome = run(service, wait=False, **CREATE)
    assert outcome.raw['InstanceId'] == 'pcc-new1' and outcome.raw['Status'] == 'Creating'
    assert actions(service) == ['ListVpcPeerConnections', 'CreateVpcPeerConnection']


def test_created_meanwhile_by_someone_else_is_used(fake_time):
    service = empty()

    def someone_else_was_faster(fields):
        service.conns[INSTANCE_ID] = connection(OwnerId=REQUESTER_UID, AcceptingOwnerUid=REQUESTER_UID)
        raise fakes.sdk_error('ResourceAlreadyExist.VpcPeer', 'exists')
    service.script['CreateVpcPeerConnection'].append(someone_else_was_faster)
    outcome = run(service, **creating(name='old-name'))
    assert outcome.changed is False and outcome.raw['InstanceId'] == INSTANCE_ID
    assert actions(service) == ['ListVpcPeerConnections', 'CreateVpcPeerConnection', 'ListVpcPeerConnections']


def test_a_connection_that_fails_while_being_created(fake_time):
    service = empty()
    service.script['GetVpcPeerConnectionAttribute'].append(lambda fields: connection(InstanceId='pcc-new1', Status='Deleting'))
    with pytest.raises(StateError, match='became Deleting while it was being created'):
        run(service, **CREATE)


# -- immutable options --------------------------------------------------------------------------------
def test_fixed_options_that_differ_fail_before_any_change(fake_time):
    service = FakeService()
    with pytest.raises(StateError) as info:
        run(service, instance_id=INSTANCE_ID, vpc_id='vpc-other', accepting_region_id='cn-beijing', name='x')
    msg = info.value.msg
    assert "vpc_id is 'vpc-other', but the connection has 'vpc-requester'" in msg
    assert "accepting_region_id is 'cn-beijing', but the connection has 'cn-shanghai'" in msg
    assert 'state=absent' in msg
    assert actions(service) == ['GetVpcPeerConnectionAttribute']


def test_fixed_options_may_name_the_vpcs_either_way_round():
    raw = connection()
    assert immutable_problems(raw, params(vpc_id='vpc-accepter', accepting_vpc_id='vpc-requester',
                                          accepting_region_id=HZ, region_id=SH, accepting_ali_uid=REQUESTER_UID)) == []
    assert immutable_problems(raw, params(accepting_vpc_id='vpc-requester')) == []
    assert immutable_problems(raw, params(vpc_id='vpc-accepter', accepting_region_id=SH)) == [
        "accepting_region_id is 'cn-shanghai', but the connection has 'cn-hangzhou'"]


def test_region_id_alone_is_not_compared():
    # region_id often comes from ALIBABA_CLOUD_REGION_ID: without vpc_id it says nothing about the connection
    assert immutable_problems(connection(), params(region_id='cn-beijing')) == []
    assert immutable_problems(connection(), params(region_id='cn-beijing', vpc_id='vpc-requester')) == [
        "region_id is 'cn-beijing', but the connection has 'cn-hangzhou'"]


# -- tags and resource group --------------------------------------------------------------------------
def test_tag_changes_are_only_the_differences():
    current = {'env': 'test', 'team': 'a', 'acs:system': 'x'}
    assert tag_changes(current, None, True) == ({}, [])
    assert tag_changes(current, {'env': 'test', 'team': 'a'}, True) == ({}, [])
    assert tag_changes(current, {'env': 'prod'}, True) == ({'env': 'prod'}, ['team'])
    assert tag_changes(current, {'env': 'prod'}, False) == ({'env': 'prod'}, [])
    assert tag_changes(current, {}, True) == ({}, ['env', 'team'])
    assert tag_changes({}, {'n': 5, 'e': None}, True) == ({'n': '5', 'e': ''}, [])


def test_tags_removed_then_set_and_read_back(fake_time):
    service = FakeService(connection(Tags=[{'Key': 'env', 'Value': 'test'}, {'Key': 'old', 'Value': '1'}],
                                     OwnerId=REQUESTER_UID, AcceptingOwnerUid=REQUESTER_UID))
    outcome = run(service, instance_id=INSTANCE_ID, tags={'env': 'prod', 'new': 'x'})
    assert outcome.changed is True
    assert service.sent('UnTagResources') == [{'RegionId': HZ, 'ResourceId': [INSTANCE_ID], 'ResourceType': 'PeerConnection',
                                               'TagKey': ['old'], 'ClientToken': 'token-1'}]
    assert service.sent('TagResources') == [{'RegionId': HZ, 'ResourceId': [INSTANCE_ID], 'ResourceType': 'PeerConnection',
                                             'Tag': [{'Key': 'env', 'Value': 'prod'}, {'Key': 'new', 'Value': 'x'}],
                                             'ClientToken': 'token-2'}]
    assert fakes_tags(outcome.raw) == {'env': 'prod', 'new': 'x'}
    assert outcome.before['tags'] == {'env': 'test', 'old': '1'} and outcome.after['tags'] == {'env': 'prod', 'new': 'x'}
    assert actions(service) == ['GetVpcPeerConnectionAttribute', 'UnTagResources', 'TagResources', 'GetVpcPeerConnectionAttribute']


def fakes_tags(raw):
    return {tag['Key']: tag['Value'] for tag in raw['Tags']}


def test_tags_without_purge_only_add(fake_time):
    service = FakeService()
    outcome = run(service, instance_id=INSTANCE_ID, tags={'new': 'x'}, purge_tags=False)
    assert mutations(service) == ['TagResources'] and fakes_tags(outcome.raw) == {'env': 'test', 'new': 'x'}


def test_tags_already_right_cost_one_read(fake_time):
    service = FakeService()
    outcome = run(service, instance_id=INSTANCE_ID, tags={'env': 'test'}, resource_group_id='rg-default')
    assert outcome.changed is False and actions(service) == ['GetVpcPeerConnectionAttribute']
    assert outcome.before == outcome.after
    assert outcome.before['tags'] == {'env': 'test'} and outcome.before['resource_group_id'] == 'rg-default'


def test_tags_and_resource_group_in_check_mode_are_predicted_without_calls(fake_time):
    service = FakeService()
    outcome = run(service, check_mode=True, instance_id=INSTANCE_ID, tags={}, resource_group_id='rg-2')
    assert outcome.changed is True and service.mutations == []
    assert actions(service) == ['GetVpcPeerConnectionAttribute']  # no DryRun exists for these actions
    assert outcome.raw['Tags'] == [] and outcome.raw['ResourceGroupId'] == 'rg-2'
    assert outcome.after['tags'] == {} and outcome.after['resource_group_id'] == 'rg-2'


def test_the_diff_has_tags_and_resource_group_only_when_the_task_sets_them(fake_time):
    outcome = run(FakeService(), instance_id=INSTANCE_ID, name='new')
    assert set(outcome.before) == {'name', 'description', 'bandwidth', 'link_type'}


def test_move_resource_group_in_the_callers_region(fake_time):
    # cross-account, cross-region: a region-scoped List tells on which side the credentials are (here: the accepter)
    service = FakeService(caller_uid=ACCEPTER_UID)
    outcome = run(service, instance_id=INSTANCE_ID, resource_group_id='rg-accepter-2')
    assert outcome.changed is True and outcome.raw['ResourceGroupId'] == 'rg-accepter-2'
    assert service.sent('ListVpcPeerConnections')[0]['RegionId'] == HZ
    assert service.sent('MoveResourceGroup') == [{'ResourceId': INSTANCE_ID, 'NewResourceGroupId': 'rg-accepter-2',
                                                  'RegionId': SH, 'ResourceType': 'PeerConnection'}]


def test_same_region_needs_no_probe_for_the_tag_region(fake_time):
    service = FakeService(connection(AcceptingRegionId=HZ, Bandwidth=-1, LinkType=''))
    run(service, instance_id=INSTANCE_ID, tags={'a': 'b'}, purge_tags=False)
    assert 'ListVpcPeerConnections' not in actions(service)
    assert service.sent('TagResources')[0]['RegionId'] == HZ


def test_tags_while_accepting_are_managed_but_not_modify(fake_time):
    service = FakeService(connection(Status='Accepting'))
    outcome = run(service, instance_id=INSTANCE_ID, name='old-name', tags={'env': 'waiting'})
    assert outcome.changed is True and mutations(service) == ['TagResources']
    with pytest.raises(StateError, match='must accept it first'):
        run(service, instance_id=INSTANCE_ID, name='other-name')


# -- accepted -----------------------------------------------------------------------------------------
def accepting(**overrides):
    return FakeService(connection(Status='Accepting', **overrides), caller_uid=ACCEPTER_UID)


def test_accept_with_resource_group_and_tags_waits_for_activated(fake_time):
    service = accepting(Tags=[])
    outcome = run(service, state='accepted', instance_id=INSTANCE_ID, resource_group_id='rg-acc', tags={'peer': 'req'})
    assert outcome.changed is True and outcome.raw['Status'] == 'Activated'
    assert service.sent('AcceptVpcPeerConnection') == [{'InstanceId': INSTANCE_ID, 'ResourceGroupId': 'rg-acc',
                                                        'Tag': [{'Key': 'peer', 'Value': 'req'}], 'ClientToken': 'token-1'}]
    assert mutations(service) == ['AcceptVpcPeerConnection']  # tags and group came with Accept
    assert outcome.before['status'] == 'Accepting' and outcome.after['status'] == 'Activated'
    assert outcome.after['tags'] == {'peer': 'req'} and outcome.after['resource_group_id'] == 'rg-acc'


def test_accept_then_modify(fake_time):
    service = accepting()
    outcome = run(service, state='accepted', instance_id=INSTANCE_ID, bandwidth=300)
    assert mutations(service) == ['AcceptVpcPeerConnection']
    assert service.applied == [{'Bandwidth': 300}]
    assert outcome.raw['Bandwidth'] == 300 and outcome.raw['Status'] == 'Activated'


def test_accept_an_activated_connection_changes_nothing(fake_time):
    service = FakeService(caller_uid=ACCEPTER_UID)
    outcome = run(service, state='accepted', instance_id=INSTANCE_ID)
    assert outcome.changed is False and actions(service) == ['GetVpcPeerConnectionAttribute']


def test_accept_check_mode(fake_time):
    service = accepting()
    outcome = run(service, check_mode=True, state='accepted', instance_id=INSTANCE_ID, name='predicted')
    assert outcome.changed is True and service.mutations == [] and service.applied == []
    assert service.sent('AcceptVpcPeerConnection') == [{'InstanceId': INSTANCE_ID, 'DryRun': True}]
    assert outcome.raw['Status'] == 'Activated' and outcome.raw['Name'] == 'predicted'
    # Modify cannot be dry-run before the connection is Activated: predicted from the comparison only
    assert 'ModifyVpcPeerConnection' not in actions(service)


@pytest.mark.parametrize('status, needle', [('Rejected', 'rejected'), ('Expired', 'expired'), ('Deleting', 'Deleting')])
def test_accept_impossible(fake_time, status, needle):
    service = FakeService(connection(Status=status), caller_uid=ACCEPTER_UID)
    with pytest.raises(StateError) as info:
        run(service, state='accepted', instance_id=INSTANCE_ID)
    assert needle in info.value.msg and 'can no longer be accepted' in info.value.msg


def test_accept_by_the_requester_says_who_must_accept(fake_time):
    service = FakeService(connection(Status='Accepting'), caller_uid=REQUESTER_UID)
    with pytest.raises(StateError) as info:
        run(service, state='accepted', instance_id=INSTANCE_ID)
    assert 'only the accepter account %d can accept' % ACCEPTER_UID in info.value.msg
    assert info.value.to_result()['error']['code'] == 'Forbidden.NoPermission'


def test_accept_without_wait(fake_time):
    service = accepting()
    outcome = run(service, state='accepted', instance_id=INSTANCE_ID, wait=False)
    assert outcome.changed is True and outcome.raw['Status'] == 'Updating'
    assert actions(service) == ['GetVpcPeerConnectionAttribute', 'AcceptVpcPeerConnection']


# -- rejected -----------------------------------------------------------------------------------------
def test_reject(fake_time):
    service = accepting()
    outcome = run(service, state='rejected', instance_id=INSTANCE_ID)
    assert outcome.changed is True and outcome.raw['Status'] == 'Rejected'
    assert (outcome.before, outcome.after) == ({'status': 'Accepting'}, {'status': 'Rejected'})
    assert mutations(service) == ['RejectVpcPeerConnection']
    again = run(service, state='rejected', instance_id=INSTANCE_ID)
    assert again.changed is False and mutations(service) == ['RejectVpcPeerConnection']


def test_reject_check_mode(fake_time):
    service = accepting()
    outcome = run(service, check_mode=True, state='rejected', instance_id=INSTANCE_ID)
    assert outcome.changed is True and service.mutations == []
    assert service.sent('RejectVpcPeerConnection') == [{'InstanceId': INSTANCE_ID, 'DryRun': True}]


def test_reject_an_activated_connection_points_to_absent(fake_time):
    with pytest.raises(StateError, match='state=absent'):
        run(FakeService(caller_uid=ACCEPTER_UID), state='rejected', instance_id=INSTANCE_ID)


def test_absent_and_rejected_warn_about_ignored_options(fake_time):
    outcome = run(accepting(), state='rejected', instance_id=INSTANCE_ID, name='unused', tags={'a': 'b'})
    assert outcome.warnings == ['name, tags not used with state=rejected, and ignored.']


# -- absent -------------------------------------------------------------------------------------------
def test_delete_by_id_waits_until_gone(fake_time):
    service = FakeService()
    outcome = run(service, state='absent', instance_id=INSTANCE_ID)
    assert outcome.changed is True and INSTANCE_ID not in service.conns
    assert service.sent('DeleteVpcPeerConnection') == [{'InstanceId': INSTANCE_ID, 'ClientToken': 'token-1'}]
    # read, delete, Deleting once, then not found
    assert actions(service) == ['GetVpcPeerConnectionAttribute', 'DeleteVpcPeerConnection'] + ['GetVpcPeerConnectionAttribute'] * 2
    assert outcome.before['instance_id'] == INSTANCE_ID and outcome.after == {}
    assert outcome.raw['InstanceId'] == INSTANCE_ID


def test_delete_what_is_gone_changes_nothing(fake_time):
    service = empty()
    outcome = run(service, state='absent', instance_id=INSTANCE_ID)
    assert outcome.changed is False and outcome.raw == {} and actions(service) == ['GetVpcPeerConnectionAttribute']


def test_delete_by_the_vpc_pair_in_either_direction(fake_time):
    service = FakeService(connection(OwnerId=REQUESTER_UID, AcceptingOwnerUid=REQUESTER_UID))
    outcome = run(service, state='absent', vpc_id='vpc-accepter', accepting_vpc_id='vpc-requester')
    assert outcome.changed is True and service.conns == {}
    assert service.sent('ListVpcPeerConnections')[0]['VpcId'] == ['vpc-accepter']
    assert run(service, state='absent', vpc_id='vpc-accepter', accepting_vpc_id='vpc-requester').changed is False


def test_delete_by_the_pair_leaves_rejected_connections(fake_time):
    service = FakeService(connection(Status='Rejected'))
    assert run(service, state='absent', vpc_id='vpc-requester', accepting_vpc_id='vpc-accepter').changed is False
    assert INSTANCE_ID in service.conns


def test_delete_a_rejected_connection_by_id(fake_time):
    service = FakeService(connection(Status='Rejected'))
    assert run(service, state='absent', instance_id=INSTANCE_ID).changed is True and service.conns == {}


def test_delete_with_routes_needs_force(fake_time):
    service = FakeService(connection(RouteCount=2))
    with pytest.raises(ApiError) as info:
        run(service, state='absent', instance_id=INSTANCE_ID)
    assert info.value.code == 'OperationDenied.RouteEntryExist' and 'force: true' in info.value.msg
    assert INSTANCE_ID in service.conns
    outcome = run(service, state='absent', instance_id=INSTANCE_ID, force=True)
    assert outcome.changed is True and service.sent('DeleteVpcPeerConnection')[-1]['Force'] is True


def test_delete_check_mode(fake_time):
    service = FakeService(connection(RouteCount=1))
    outcome = run(service, check_mode=True, state='absent', instance_id=INSTANCE_ID, force=True)
    assert outcome.changed is True and service.mutations == [] and INSTANCE_ID in service.conns
    assert service.sent('DeleteVpcPeerConnection') == [{'InstanceId': INSTANCE_ID, 'Force': True, 'DryRun': True}]
    with pytest.raises(ApiError, match='RouteEntryExist'):
        run(service, check_mode=True, state='absent', instance_id=INSTANCE_ID)


def test_delete_what_is_already_being_deleted(fake_time):
    service = FakeService()
    service._start_phase(service.conns[INSTANCE_ID], 'Deleting', None)
    outcome = run(service, state='absent', instance_id=INSTANCE_ID)
    assert outcome.changed is False and 'DeleteVpcPeerConnection' not in actions(service)
    assert INSTANCE_ID not in service.conns  # waited until gone


def test_delete_waits_for_a_change_in_flight(fake_time):
    service = FakeService(connection(Status='Updating'))
    service._start_phase(service.conns[INSTANCE_ID], 'Updating', 'Activated')
    assert run(service, state='absent', instance_id=INSTANCE_ID).changed is True
    # Updating, then Activated: only then Delete (the service refuses to delete an Updating connection)
    assert actions(service)[:3] == ['GetVpcPeerConnectionAttribute'] * 2 + ['DeleteVpcPeerConnection']


# -- issue 3 unchanged --------------------------------------------------------------------------------
def test_modify_by_id_is_unchanged(fake_time):
    service = FakeService()
    outcome = run(service, instance_id=INSTANCE_ID, name='old-name')
    assert outcome.changed is False and actions(service) == ['GetVpcPeerConnectionAttribute']
    outcome = run(service, check_mode=True, instance_id=INSTANCE_ID, name='new')
    assert actions(service)[1:] == ['GetVpcPeerConnectionAttribute', 'ModifyVpcPeerConnection']
    assert set(outcome.before) == {'name', 'description', 'bandwidth', 'link_type'}
