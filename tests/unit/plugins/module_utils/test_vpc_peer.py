# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import vpc_peer
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import VpcPeerApi
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import (
    ApiError,
    StateError,
    ValidationError,
    WaitTimeout,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import POLL_QUICK_DELAY, Deadline
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.vpc_peer import (
    VpcPeerConnections,
    differences,
    normalize,
    requested_values,
    validate_modify_options,
)
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins import fakes
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.fakes import INSTANCE_ID, FakeService, connection


def connections(service, budget=600.0):
    tokens = iter('token-%d' % n for n in range(1, 100))
    return VpcPeerConnections(VpcPeerApi(service, Deadline(budget), token_factory=lambda: next(tokens)))


def modify(service, check_mode=False, wait=True, budget=600.0, **requested):
    return connections(service, budget).modify(INSTANCE_ID, requested, check_mode=check_mode, wait=wait)


# -- normalize ----------------------------------------------------------------------------------------
def test_normalize_returns_every_attribute_in_snake_case():
    raw = connection(GmtExpired=None, ManagedService='SWAS', RequestId='R')
    assert normalize(raw) == {
        'instance_id': INSTANCE_ID, 'name': 'old-name', 'description': 'old description', 'status': 'Activated',
        'biz_status': 'Normal', 'bandwidth': 100, 'link_type': 'Gold', 'region_id': 'cn-hangzhou',
        'accepting_region_id': 'cn-shanghai', 'owner_id': 1111111111111111, 'accepting_owner_uid': 2222222222222222,
        'vpc': {'vpc_id': 'vpc-requester', 'ipv4_cidrs': ['192.168.0.0/16'], 'ipv6_cidrs': []},
        'accepting_vpc': {'vpc_id': 'vpc-accepter', 'ipv4_cidrs': ['10.0.0.0/16'], 'ipv6_cidrs': ['2408:4000::/56']},
        'gmt_create': '2025-11-25T08:00:00Z', 'gmt_modified': '2025-11-25T08:00:00Z', 'gmt_expired': None,
        'resource_group_id': 'rg-default', 'tags': {'env': 'test'}, 'managed_service': 'SWAS',
    }


def test_normalize_tolerates_missing_parts():
    shape = normalize({'InstanceId': 'pcc-x', 'Tags': {'Tag': [{'Key': 'a'}]}})
    assert shape['vpc'] == {'vpc_id': None, 'ipv4_cidrs': [], 'ipv6_cidrs': []}
    assert shape['tags'] == {'a': ''} and shape['name'] is None
    assert normalize({})['tags'] == {}


# -- validation ---------------------------------------------------------------------------------------
def valid(**overrides):
    params = {'instance_id': INSTANCE_ID, 'name': None, 'description': None, 'bandwidth': None,
              'link_type': None, 'wait': True, 'wait_timeout': 600}
    params.update(overrides)
    return params


@pytest.mark.parametrize('overrides, needle', [
    ({'instance_id': 'vpc-123'}, 'instance_id'),
    ({'instance_id': 'pcc-'}, 'instance_id'),
    ({'instance_id': 'pcc-ABC'}, 'instance_id'),
    ({'instance_id': 'pcc-a_b'}, 'instance_id'),
    ({'name': ''}, 'name must be 1 to 128'),
    ({'name': 'x' * 129}, 'name must be 1 to 128'),
    ({'name': 'http://example.com'}, 'name must not start with http'),
    ({'name': 'https://example.com'}, 'name must not start with http'),
    ({'description': ''}, 'description must be 1 to 256'),
    ({'description': 'd' * 257}, 'description must be 1 to 256'),
    ({'description': 'https://x'}, 'description must not start with http'),
    ({'bandwidth': 0}, 'bandwidth must be an integer greater than 0'),
    ({'bandwidth': -1}, 'bandwidth must be an integer greater than 0'),
    ({'link_type': 'Silver'}, 'link_type must be one of Platinum, Gold'),
    ({'wait_timeout': 0}, 'wait_timeout must be at least 1'),
])
def test_validation_rules(overrides, needle):
    with pytest.raises(ValidationError) as info:
        validate_modify_options(valid(**overrides))
    assert needle in info.value.msg


def test_validation_accepts_the_limits():
    validate_modify_options(valid(name='n', description='d' * 256, bandwidth=1, link_type='Platinum', wait_timeout=1))
    validate_modify_options(valid(name='x' * 128, description='ftp://fine', link_type='Gold'))
    validate_modify_options(valid(name='HTTP://is-not-the-api-prefix'))


def test_validation_lists_every_problem_at_once():
    with pytest.raises(ValidationError) as info:
        validate_modify_options(valid(name='', description='http://x', bandwidth=0))
    assert len(info.value.problems) == 3


# -- comparison ---------------------------------------------------------------------------------------
def test_only_requested_options_are_compared():
    raw = connection()
    assert differences(raw, {'name': 'old-name'}) == {}
    assert differences(raw, {'name': 'new', 'bandwidth': 100}) == {'name': 'new'}
    assert differences(raw, {}) == {}
    assert requested_values(valid(name='n', bandwidth=None, link_type='Gold')) == {'name': 'n', 'link_type': 'Gold'}


def test_nothing_differs_is_not_changed_after_exactly_one_call(fake_time):
    service = FakeService()
    outcome = modify(service, name='old-name', description='old description', bandwidth=100, link_type='Gold')
    assert outcome.changed is False
    assert service.count() == 1 and service.count('GetVpcPeerConnectionAttribute') == 1
    assert outcome.before == outcome.after


@pytest.mark.parametrize('requested', [{'bandwidth': 200}, {'link_type': 'Platinum'}, {'bandwidth': 300, 'name': 'n'}])
def test_same_region_rule_fails_before_modify(fake_time, requested):
    service = FakeService(connection(AcceptingRegionId='cn-hangzhou', Bandwidth=-1, LinkType=''))
    with pytest.raises(StateError) as info:
        modify(service, **requested)
    assert 'same region' in info.value.msg and 'cn-hangzhou' in info.value.msg
    assert service.count('ModifyVpcPeerConnection') == 0
    assert info.value.to_result()['vpc_peer_connection']['bandwidth'] == -1


def test_same_region_connection_can_still_be_renamed(fake_time):
    service = FakeService(connection(AcceptingRegionId='cn-hangzhou', Bandwidth=-1, LinkType=''))
    assert modify(service, name='renamed').changed is True
    assert service.applied == [{'Name': 'renamed'}]


# -- reading and states -------------------------------------------------------------------------------
def test_not_found_names_the_instance_id(fake_time):
    with pytest.raises(StateError) as info:
        connections(FakeService(connection(InstanceId='pcc-other'))).modify(INSTANCE_ID, {'name': 'x'}, check_mode=False, wait=True)
    assert INSTANCE_ID in info.value.msg and 'not found' in info.value.msg
    assert info.value.to_result()['error']['code'] == 'ResourceNotFound.InstanceId'


@pytest.mark.parametrize('status, needle', [
    ('Accepting', 'accepter account 2222222222222222'),
    ('Rejected', 'rejected'),
    ('Expired', 'expired'),
    ('Deleted', 'deleted'),
    ('Deleting', 'being deleted'),
])
def test_never_modifiable_states_fail_at_once(fake_time, status, needle):
    service = FakeService(connection(Status=status))
    with pytest.raises(StateError) as info:
        modify(service, name='x')
    assert needle in info.value.msg and INSTANCE_ID in info.value.msg
    assert service.count() == 1 and fake_time.sleeps == []


def test_accepting_says_the_accepter_must_accept_first(fake_time):
    with pytest.raises(StateError) as info:
        modify(FakeService(connection(Status='Accepting')), name='x')
    assert 'must accept it first' in info.value.msg


@pytest.mark.parametrize('status', ['Creating', 'Updating'])
def test_transitional_states_are_waited_for_then_compared(fake_time, status):
    service = FakeService(connection(Status=status))
    reads = iter([status, 'Activated'])  # read 1 and 2 show the status, read 3 Activated
    original = service._get_vpc_peer_connection_attribute

    def get(fields):
        answer = original(fields)
        service.conns[INSTANCE_ID]['Status'] = next(reads, 'Activated')
        return answer
    service._get_vpc_peer_connection_attribute = get
    outcome = modify(service, name='old-name')
    assert outcome.changed is False
    assert service.count('GetVpcPeerConnectionAttribute') == 3
    # the schedule's quick polls (retry.POLL_QUICK_DELAY apart; fake_time removes the jitter)
    assert fake_time.sleeps == [POLL_QUICK_DELAY] * 2


def test_creating_that_settles_into_accepting_fails(fake_time):
    service = FakeService(connection(Status='Creating'))
    service.script['GetVpcPeerConnectionAttribute'].extend([
        lambda fields: connection(Status='Creating'), lambda fields: connection(Status='Accepting')])
    with pytest.raises(StateError, match='Accepting'):
        modify(service, name='x')


# -- check mode ---------------------------------------------------------------------------------------
def test_check_mode_dry_runs_only_the_differing_fields(fake_time):
    service = FakeService()
    outcome = modify(service, check_mode=True, name='old-name', description='new description', bandwidth=500)
    assert outcome.changed is True
    assert service.sent('ModifyVpcPeerConnection') == [
        {'InstanceId': INSTANCE_ID, 'Description': 'new description', 'Bandwidth': 500, 'DryRun': True}]
    assert service.applied == []
    assert outcome.before == {'name': 'old-name', 'description': 'old description', 'bandwidth': 100, 'link_type': 'Gold'}
    assert outcome.after == {'name': 'old-name', 'description': 'new description', 'bandwidth': 500, 'link_type': 'Gold'}
    assert outcome.raw['Description'] == 'new description' and outcome.raw['Status'] == 'Activated'


def test_check_mode_with_nothing_to_change_sends_no_dry_run(fake_time):
    service = FakeService()
    assert modify(service, check_mode=True, name='old-name').changed is False
    assert service.count() == 1


@pytest.mark.parametrize('code, status', [
    ('Forbidden.RAM', 403), ('QuotaExceeded.Bandwidth', 400), ('OperationFailed.SpecificLinkTypeNotSupported', 400),
    ('IncorrectBusinessStatus.VpcPeer', 400),
])
def test_check_mode_fails_on_any_other_answer(fake_time, code, status):
    service = FakeService()
    service.script['ModifyVpcPeerConnection'].append(fakes.sdk_error(code, 'refused', status=status))
    with pytest.raises(ApiError) as info:
        modify(service, check_mode=True, link_type='Platinum')
    assert info.value.code == code
    assert info.value.to_result()['vpc_peer_connection']['instance_id'] == INSTANCE_ID
    assert service.applied == []


def test_check_mode_warns_when_a_dry_run_answers_success(fake_time):
    service = FakeService()
    service.script['ModifyVpcPeerConnection'].append(lambda fields: {'RequestId': 'R'})
    outcome = modify(service, check_mode=True, name='n')
    assert outcome.changed is True and 'DryRunOperation' in outcome.warnings[0]


# -- applying and waiting -----------------------------------------------------------------------------
def test_modify_once_with_only_the_differing_fields_and_wait(fake_time):
    service = FakeService(updating_reads=2)
    outcome = modify(service, name='new-name', description='old description', link_type='Platinum')
    assert outcome.changed is True
    assert service.sent('ModifyVpcPeerConnection') == [
        {'InstanceId': INSTANCE_ID, 'Name': 'new-name', 'LinkType': 'Platinum', 'ClientToken': 'token-1'}]
    assert outcome.raw['Status'] == 'Activated' and outcome.raw['Name'] == 'new-name'
    assert outcome.after == {'name': 'new-name', 'description': 'old description', 'bandwidth': 100, 'link_type': 'Platinum'}
    # read, modify, then Updating, Updating, Activated
    assert [r.action for r in service.requests] == ['GetVpcPeerConnectionAttribute', 'ModifyVpcPeerConnection'] + \
        ['GetVpcPeerConnectionAttribute'] * 3
    assert fake_time.sleeps == [POLL_QUICK_DELAY] * 3


def test_stale_activated_read_with_old_values_is_not_accepted(fake_time):
    service = FakeService(stale_reads=2, updating_reads=0)
    outcome = modify(service, bandwidth=300)
    assert outcome.raw['Bandwidth'] == 300
    assert service.count('GetVpcPeerConnectionAttribute') == 1 + 3  # two stale reads, then the new value
    assert outcome.warnings == []


def test_wait_false_returns_right_after_modify(fake_time):
    service = FakeService(updating_reads=5)
    outcome = modify(service, wait=False, name='quick')
    assert outcome.changed is True
    assert [r.action for r in service.requests] == ['GetVpcPeerConnectionAttribute', 'ModifyVpcPeerConnection']
    # the attributes read before the change, with the requested values filled in
    assert outcome.raw['Name'] == 'quick' and outcome.raw['Status'] == 'Activated'
    assert fake_time.sleeps == []


@pytest.mark.parametrize('final', ['Rejected', 'Expired', 'Deleted', 'Deleting', 'gone'])
def test_waiting_fails_fast_when_the_connection_leaves_the_path(fake_time, final):
    service = FakeService(updating_reads=10)
    if final == 'gone':
        service.script['GetVpcPeerConnectionAttribute'].extend([
            lambda fields: connection(), fakes.sdk_error('ResourceNotFound.InstanceId', 'gone')])
    else:
        service.script['GetVpcPeerConnectionAttribute'].extend([
            lambda fields: connection(), lambda fields: connection(Status='Updating'), lambda fields: connection(Status=final)])
    with pytest.raises(StateError) as info:
        modify(service, name='x')
    assert INSTANCE_ID in info.value.msg
    assert fake_time.now - 1000.0 < 10  # long before the 600 s budget


def test_wait_timeout_names_the_last_status_and_the_time_waited(fake_time):
    service = FakeService(updating_reads=1000)
    with pytest.raises(WaitTimeout) as info:
        modify(service, budget=60, description='slow')
    msg = info.value.msg
    assert 'Timed out after 60 s' in msg and 'last status seen: Updating' in msg
    assert "description='slow'" in msg and 'wait_timeout (60 s)' in msg
    assert info.value.to_result()['vpc_peer_connection']['status'] == 'Updating'
    assert fake_time.now - 1000.0 == 60.0


def test_wait_timeout_with_the_new_values_visible_blames_only_the_status(fake_time):
    service = FakeService()
    service.script['GetVpcPeerConnectionAttribute'].extend(
        [lambda fields: connection()] + [lambda fields: connection(Status='Updating', Description='slow')] * 100)
    with pytest.raises(WaitTimeout) as info:
        modify(service, budget=60, description='slow')
    msg = info.value.msg
    assert 'last status seen: Updating' in msg
    assert 'not visible' not in msg


def test_lost_answer_is_retried_with_the_same_token_and_applied_once(fake_time):
    service = FakeService(updating_reads=1)
    service.script['ModifyVpcPeerConnection'].append(('after', fakes.read_timeout()))
    outcome = modify(service, name='once')
    assert outcome.changed is True and outcome.raw['Name'] == 'once'
    assert [f['ClientToken'] for f in service.sent('ModifyVpcPeerConnection')] == ['token-1', 'token-1']
    assert service.applied == [{'Name': 'once'}]


# -- IncorrectStatus.VpcPeer: another change in flight ------------------------------------------------
def test_incorrect_status_waits_compares_again_and_modifies(fake_time):
    service = FakeService(updating_reads=1)
    # another task changed the description just before our Modify arrived
    service.script['ModifyVpcPeerConnection'].append(lambda fields: service._modify_vpc_peer_connection(
        {'InstanceId': INSTANCE_ID, 'Description': 'theirs', 'ClientToken': 'other-task'}) and None)
    outcome = modify(service, name='mine', description='old description')
    sent = service.sent('ModifyVpcPeerConnection')
    assert len(sent) == 2  # ours was refused with IncorrectStatus.VpcPeer, then sent again
    # compared again: the description now differs too, so the payload changed and a new token was made
    assert sent[1] == {'InstanceId': INSTANCE_ID, 'Name': 'mine', 'Description': 'old description', 'ClientToken': 'token-2'}
    assert outcome.changed is True and outcome.raw['Name'] == 'mine' and outcome.raw['Description'] == 'old description'


def test_incorrect_status_reuses_the_token_when_the_payload_is_unchanged(fake_time):
    service = FakeService(updating_reads=1)
    service.script['ModifyVpcPeerConnection'].append(lambda fields: service._modify_vpc_peer_connection(
        {'InstanceId': INSTANCE_ID, 'Description': 'theirs', 'ClientToken': 'other-task'}) and None)
    modify(service, name='mine')
    assert [f['ClientToken'] for f in service.sent('ModifyVpcPeerConnection')] == ['token-1', 'token-1']
    assert service.applied == [{'Description': 'theirs'}, {'Name': 'mine'}]


def test_incorrect_status_then_nothing_differs(fake_time):
    service = FakeService(updating_reads=1)
    service.script['ModifyVpcPeerConnection'].append(lambda fields: service._modify_vpc_peer_connection(
        {'InstanceId': INSTANCE_ID, 'Name': 'same', 'ClientToken': 'other-task'}) and None)
    outcome = modify(service, name='same')
    assert outcome.changed is False  # the other task made exactly this change
    assert service.count('ModifyVpcPeerConnection') == 1 and service.applied == [{'Name': 'same'}]


def test_incorrect_status_after_a_lost_answer_counts_as_our_change(fake_time):
    service = FakeService(updating_reads=1)
    # attempt 1 applied but its answer was lost; the retry (same token) then meets the Updating state
    service.script['ModifyVpcPeerConnection'].extend([
        ('after', fakes.read_timeout()),
        fakes.sdk_error('IncorrectStatus.VpcPeer', 'The status of pcc-abc123 [Updating] is incorrect.'),
    ])
    outcome = modify(service, name='mine')
    assert outcome.changed is True and outcome.raw['Name'] == 'mine'
    assert outcome.before['name'] == 'old-name' and outcome.after['name'] == 'mine'
    assert service.applied == [{'Name': 'mine'}]


def test_incorrect_status_while_activated_gives_up(fake_time):
    service = FakeService()
    service.script['ModifyVpcPeerConnection'].extend(
        [fakes.sdk_error('IncorrectStatus.VpcPeer', 'no', request_id='R-%d' % n) for n in range(10)])
    with pytest.raises(ApiError) as info:
        modify(service, name='x')
    assert info.value.code == 'IncorrectStatus.VpcPeer'
    assert service.count('ModifyVpcPeerConnection') == vpc_peer.INCORRECT_STATUS_MAX_STALE_ROUNDS
    assert 'reads Activated' in info.value.msg


def test_concurrent_change_that_replaces_ours_is_accepted_with_a_warning(fake_time):
    service = FakeService(updating_reads=1)
    original = service._get_vpc_peer_connection_attribute
    state = {'reads': 0}

    def get(fields):
        state['reads'] += 1
        answer = original(fields)
        if state['reads'] == 2:  # right after our change, another task's Modify lands
            service.pending.clear()
            service.conns[INSTANCE_ID].update(Name='theirs', Status='Activated')
            answer = dict(answer, Name='theirs', Status='Activated')
        return answer
    service._get_vpc_peer_connection_attribute = get
    outcome = modify(service, name='mine')
    assert outcome.changed is True and outcome.raw['Name'] == 'theirs'
    assert outcome.warnings and 'another change replaced this one' in outcome.warnings[0]


def test_other_modify_errors_fail_with_the_connection(fake_time):
    service = FakeService()
    service.script['ModifyVpcPeerConnection'].append(fakes.sdk_error('OperationDenied.ServiceManagedInstance', 'managed'))
    with pytest.raises(ApiError) as info:
        modify(service, name='x')
    result = info.value.to_result()
    assert result['error']['code'] == 'OperationDenied.ServiceManagedInstance'
    assert result['vpc_peer_connection']['instance_id'] == INSTANCE_ID
