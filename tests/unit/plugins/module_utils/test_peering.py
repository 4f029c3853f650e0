# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``peering.py``: the vpc_peer_connection task through the engine, against the emulator, for every state.

Each test seeds the emulator (control API), runs ``validate_options`` then ``ConnectionTask`` in an ``Engine``
over real SDK clients, and checks the result and the emulator's journal (what was sent, what was applied). The
fake clock moves the emulator's clock as the task sleeps, so transitions progress exactly as the task waits.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, NamedTuple, Optional

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import VpcPeerApi
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.engine import Engine, Result
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import (
    ApiError,
    StateError,
    ValidationError,
    VpcPeerError,
    WaitTimeout,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering import ConnectionTask, validate_options
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering_model import ACCEPTER, BOTH, REQUESTER
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering_reads import ConnectionReads
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import POLL_QUICK_DELAY
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.support import (
    ACC_HZ_1,
    ACC_SH_1,
    ACCEPTER_AK,
    ACCEPTER_SECOND_RG,
    ACCEPTER_UID,
    HZ,
    NEVER,
    REQ_HZ_1,
    REQ_HZ_2,
    REQ_SH_1,
    REQUESTER_DEFAULT_RG,
    REQUESTER_SECOND_RG,
    REQUESTER_UID,
    SH,
    FakeTime,
    actions,
    applied,
    journal,
    params,
    seed,
    seed_cross_account,
    seed_cross_region,
    seed_same_region,
    stored,
    without_token,
    writes,
)

GET, LIST = 'GetVpcPeerConnectionAttribute', 'ListVpcPeerConnections'
CREATE, ACCEPT, REJECT = 'CreateVpcPeerConnection', 'AcceptVpcPeerConnection', 'RejectVpcPeerConnection'
MODIFY, DELETE = 'ModifyVpcPeerConnection', 'DeleteVpcPeerConnection'
TAG, UNTAG, MOVE = 'TagResources', 'UnTagResources', 'MoveResourceGroup'
# The task that creates (or finds) a same-account connection hz-1 (cn-hangzhou) -> sh-1 (cn-shanghai).
CROSS_REGION = dict(region_id=HZ, vpc_id=REQ_HZ_1, accepting_region_id=SH, accepting_vpc_id=REQ_SH_1,
                    accepting_ali_uid=REQUESTER_UID)
# The task that asks the accepter account to peer hz-1 with its sh-1.
CROSS_ACCOUNT = dict(CROSS_REGION, accepting_vpc_id=ACC_SH_1, accepting_ali_uid=ACCEPTER_UID)
SAME_REGION = dict(region_id=HZ, vpc_id=REQ_HZ_1, accepting_region_id=HZ, accepting_vpc_id=REQ_HZ_2,
                   accepting_ali_uid=REQUESTER_UID)
MANAGED = {'name', 'description', 'bandwidth', 'link_type'}


def options(**overrides: Any) -> Dict[str, Any]:
    """The module's parameters, as AnsibleModule fills them in (every option present, defaults applied)."""
    values = dict(state='present', instance_id=None, vpc_id=None, accepting_vpc_id=None, accepting_region_id=None,
                  accepting_ali_uid=None, region_id=None, name=None, description=None, bandwidth=None, link_type=None,
                  resource_group_id=None, tags=None, purge_tags=True, force=False, wait=True, wait_timeout=600)
    values.update(overrides)
    return values


class Run(NamedTuple):
    result: Result
    task: ConnectionTask

    @property
    def changed(self) -> bool:
        return self.result.changed

    @property
    def connection(self) -> Optional[Dict[str, Any]]:
        return self.task.returned(self.result)

    @property
    def warnings(self) -> List[str]:
        return self.result.warnings

    @property
    def diff(self) -> Dict[str, Any]:
        """As the module shows it: a run that changed nothing shows no difference."""
        result = self.result
        return self.task.diff(result.before, result.resource if result.changed else result.before)


@pytest.fixture
def converge(make_api: Callable[..., Any]) -> Callable[..., Run]:
    """``converge(check_mode=False, account='requester', **options)``: validate and run one task as the module
    does, with wait_timeout as the whole task's time budget."""
    def run(check_mode: bool = False, account: str = 'requester', **overrides: Any) -> Run:
        task_params = options(**overrides)
        validate_options(task_params)
        api = make_api(account, budget=task_params['wait_timeout'])
        task = ConnectionTask(task_params, api)
        engine = Engine(task, api.deadline, check_mode=check_mode, wait=task_params['wait'])
        return Run(engine.run(), task)
    return run


@pytest.fixture
def fails(converge: Callable[..., Run]) -> Callable[..., VpcPeerError]:
    """Like ``converge``, for a task that must fail: returns the error."""
    def run(**kwargs: Any) -> VpcPeerError:
        with pytest.raises(VpcPeerError) as info:
            converge(**kwargs)
        return info.value
    return run


def at_first_sleep(clock: FakeTime, action: Callable[[], Any]) -> None:
    """Run ``action`` once, right after the task's first sleep (after the emulator's clock moved): what
    another client does while the task waits."""
    advance = clock.on_sleep
    done: List[bool] = []

    def on_sleep(seconds: float) -> None:
        advance(seconds)
        if not done:
            done.append(True)
            action()
    clock.on_sleep = on_sleep


def before_first(owner: Any, name: str, action: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Run ``action`` once, just before the first call of ``VpcPeerApi.<name>``: what another client does between
    the task's read and its write."""
    original = getattr(owner, name)
    done: List[bool] = []

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not done and not kwargs.get('dry_run'):
            done.append(True)
            action()
        return original(self, *args, **kwargs)
    monkeypatch.setattr(owner, name, wrapper)


def tokens(emulator: Any, action: str) -> List[str]:
    return [entry['client_token'] for entry in journal(emulator, action)]


# -- validation (before any API call) ------------------------------------------------------------------------
def creating(**overrides: Any) -> Dict[str, Any]:
    """The options of a task that creates (or finds) the CROSS_REGION connection, with some changed."""
    return dict(CROSS_REGION, **overrides)


@pytest.mark.parametrize('overrides, needle', [
    ({}, 'missing: vpc_id, accepting_vpc_id, accepting_region_id, accepting_ali_uid, region_id'),
    (creating(region_id=None), 'missing: region_id'),
    (creating(name='a'), 'name must be 2 to 128 characters long to create'),
    (creating(name='1st-peering'), 'name must start with a letter'),
    (creating(name='web to db'), 'name may hold only letters, digits, underscores (_) and hyphens (-)'),
    (creating(description='-dash first'), 'description must start with a letter'),
    (creating(description='https://x'), 'description must not start with http'),
    (creating(accepting_region_id=HZ, bandwidth=100), 'same region'),
    (creating(accepting_region_id=HZ, link_type='Gold'), 'same region'),
    (creating(accepting_vpc_id=REQ_HZ_1), 'cannot be peered with itself'),
    (creating(accepting_ali_uid=0), 'accepting_ali_uid must be'),
    (creating(accepting_ali_uid=True), 'accepting_ali_uid must be'),
    (creating(tags={'aliyun-x': '1'}), 'must not start with aliyun or acs:'),
    (creating(tags={'ACS:x': '1'}), 'must not start with aliyun or acs:'),
    (creating(tags={'k': 'see https://example.com'}), 'must not contain http'),
    (creating(tags={'https://k': 'v'}), 'must not contain http'),
    (creating(tags={'': 'v'}), 'tag key'),
    (creating(tags={'k': 'v' * 129}), 'at most 128 characters'),
    (creating(tags={'k%d' % n: 'v' for n in range(21)}), 'at most 20 tags'),
    (creating(tags=['a']), 'tags must be a dictionary'),
    (creating(resource_group_id=''), 'resource_group_id must not be empty'),
    ({'state': 'absent'}, 'state=absent needs instance_id, or vpc_id and accepting_vpc_id'),
    ({'state': 'absent', 'vpc_id': 'vpc-a'}, 'state=absent needs instance_id'),
    ({'state': 'accepted'}, 'state=accepted needs instance_id'),
    ({'state': 'rejected'}, 'state=rejected needs instance_id'),
    ({'state': 'rejected', 'instance_id': 'pcc-UP'}, 'instance_id must look like'),
    # the rules of ModifyVpcPeerConnection, for a task that names its connection
    ({'instance_id': 'vpc-123'}, 'instance_id must look like'),
    ({'instance_id': 'pcc-'}, 'instance_id must look like'),
    ({'instance_id': 'pcc-a_b'}, 'instance_id must look like'),
    ({'instance_id': 'pcc-a', 'name': ''}, 'name must be 1 to 128'),
    ({'instance_id': 'pcc-a', 'name': 'x' * 129}, 'name must be 1 to 128'),
    ({'instance_id': 'pcc-a', 'name': 'http://example.com'}, 'name must not start with http'),
    ({'instance_id': 'pcc-a', 'description': 'd' * 257}, 'description must be 1 to 256'),
    ({'instance_id': 'pcc-a', 'bandwidth': 0}, 'bandwidth must be an integer from 1 to 2147483647'),
    ({'instance_id': 'pcc-a', 'bandwidth': 2 ** 31}, 'bandwidth must be an integer from 1 to 2147483647'),
    ({'instance_id': 'pcc-a', 'bandwidth': True}, 'bandwidth must be an integer'),
    ({'instance_id': 'pcc-a', 'link_type': 'Silver'}, 'link_type must be one of Platinum, Gold'),
    ({'instance_id': 'pcc-a', 'wait_timeout': 0}, 'wait_timeout must be at least 1'),
])
def test_validation(overrides, needle):
    with pytest.raises(ValidationError) as info:
        validate_options(options(**overrides))
    assert needle in info.value.msg


def test_the_limits_and_modify_rules_are_accepted():
    # Create's stricter rules only when the task may create: a 1-character name starting with a digit is fine here.
    validate_options(options(instance_id='pcc-abc123', name='1', description='d' * 256, bandwidth=2 ** 31 - 1,
                             link_type='Platinum', wait_timeout=1))
    validate_options(options(instance_id='pcc-abc123', name='HTTP://is-not-the-api-prefix', description='ftp://x'))
    validate_options(options(state='absent', vpc_id='vpc-a', accepting_vpc_id='vpc-b'))
    validate_options(options(**creating(name='Peering_1-a', description='Described here', tags={'env': 'prod'})))


def test_every_problem_is_listed_at_once():
    task = options(**CROSS_REGION)
    task.update(name='a', accepting_ali_uid=-1, tags={'acs:x': ''}, bandwidth=0)
    with pytest.raises(ValidationError) as info:
        validate_options(task)
    assert len(info.value.problems) == 4
    assert info.value.msg.startswith('Invalid options: ') and info.value.msg.count('; ') == 3


# -- present, by instance_id: modifying ---------------------------------------------------------------------
def test_nothing_differs_is_not_changed_after_exactly_one_call(emulator, converge):
    conn = seed_cross_region(emulator, Tags={'env': 'test'})
    run = converge(instance_id=conn['InstanceId'], name='old-name', description='old description', bandwidth=100,
                   link_type='Gold', tags={'env': 'test'}, resource_group_id=REQUESTER_DEFAULT_RG)
    assert run.changed is False and actions(emulator) == [GET]
    assert run.connection['instance_id'] == conn['InstanceId'] and run.diff['before'] == run.diff['after']


def test_only_the_differing_fields_are_sent_once_and_waited_for(emulator, converge, clock):
    conn = seed_cross_region(emulator, Transitions={'modify': {'mode': 'time', 'seconds': 4}})
    run = converge(instance_id=conn['InstanceId'], name='new-name', description='old description', link_type='Gold',
                   bandwidth=200)
    assert run.changed is True
    assert [without_token(sent) for sent in params(emulator, MODIFY)] == [
        {'InstanceId': conn['InstanceId'], 'Name': 'new-name', 'Bandwidth': '200'}]
    assert run.connection['status'] == 'Activated'
    assert (run.connection['name'], run.connection['bandwidth']) == ('new-name', 200)
    # read, modify, then Updating (1.5 s, 3 s) and Activated at 4.5 s: the quick polls
    assert actions(emulator) == [GET, MODIFY, GET, GET, GET]
    assert clock.sleeps == [POLL_QUICK_DELAY] * 3
    assert run.result.applied[0].action == MODIFY and run.result.applied[0].request_id
    assert run.diff == {
        'before': {'name': 'old-name', 'description': 'old description', 'bandwidth': 100, 'link_type': 'Gold'},
        'after': {'name': 'new-name', 'description': 'old description', 'bandwidth': 200, 'link_type': 'Gold'}}


@pytest.mark.parametrize('requested', [{'bandwidth': 200}, {'link_type': 'Platinum'}, {'bandwidth': 300, 'name': 'n'}])
def test_bandwidth_and_link_type_of_a_same_region_connection_fail_before_modify(emulator, fails, requested):
    conn = seed_same_region(emulator)
    err = fails(instance_id=conn['InstanceId'], **requested)
    assert isinstance(err, StateError) and 'same region' in err.msg and HZ in err.msg
    assert 'Remove %s from the task' % ' and '.join(o for o in ('bandwidth', 'link_type') if o in requested) in err.msg
    assert writes(emulator) == [] and err.extra['vpc_peer_connection']['bandwidth'] == -1
    assert err.extra['changed'] is False


def test_a_same_region_connection_can_still_be_renamed(emulator, converge):
    conn = seed_same_region(emulator)
    assert converge(instance_id=conn['InstanceId'], name='renamed').changed is True
    assert stored(emulator, conn['InstanceId'])['Name'] == 'renamed'


def test_without_wait_it_returns_right_after_the_modify(emulator, converge, clock):
    conn = seed_cross_region(emulator, Transitions={'modify': NEVER})
    run = converge(instance_id=conn['InstanceId'], name='quick', bandwidth=300, wait=False)
    assert run.changed is True and clock.sleeps == []
    # One read after the call tells the status; the values are the requested ones (reads show the old
    # bandwidth until the change completes).
    assert actions(emulator) == [GET, MODIFY, GET]
    assert (run.connection['name'], run.connection['bandwidth'], run.connection['status']) == ('quick', 300, 'Updating')


@pytest.mark.parametrize('status', ['Creating', 'Updating'])
def test_a_transitional_connection_is_waited_for_then_compared(emulator, converge, clock, status):
    phase = 'create' if status == 'Creating' else 'modify'
    conn = seed_cross_region(emulator, Status=status, Transitions={phase: {'mode': 'reads', 'reads': 2}})
    run = converge(instance_id=conn['InstanceId'], name='old-name')
    assert run.changed is False and writes(emulator) == []
    # Two quick polls until the third read shows it Activated (then the task reads it once more to plan).
    assert clock.sleeps == [POLL_QUICK_DELAY] * 2 and set(actions(emulator)) == {GET}
    assert len(actions(emulator)) <= 4


def test_a_transitional_connection_is_waited_for_then_modified(emulator, converge):
    conn = seed_cross_region(emulator, Status='Updating', Transitions={'modify': {'mode': 'time', 'seconds': 2}})
    run = converge(instance_id=conn['InstanceId'], name='after-the-other-change')
    assert run.changed is True and run.connection['name'] == 'after-the-other-change'
    assert writes(emulator) == [MODIFY]  # never sent while Updating (it would be refused)


def test_creating_that_settles_into_accepting_cannot_be_modified(emulator, fails):
    conn = seed_cross_account(emulator, Status='Creating')
    err = fails(instance_id=conn['InstanceId'], name='x')
    assert isinstance(err, StateError) and 'must accept it first' in err.msg and str(ACCEPTER_UID) in err.msg
    assert writes(emulator) == []


def test_not_found_names_the_instance_id(emulator, fails):
    err = fails(instance_id='pcc-missing', name='x')
    assert isinstance(err, StateError) and 'pcc-missing' in err.msg and 'not found' in err.msg
    assert actions(emulator) == [GET]


@pytest.mark.parametrize('status, needle', [
    ('Accepting', 'waits for the accepter account %d to accept it' % ACCEPTER_UID),
    ('Rejected', 'was rejected by the accepter account'),
    ('Expired', 'expired: the accepter did not accept it within 7 days'),
    ('Deleted', 'has been deleted'),
])
def test_a_connection_that_cannot_be_modified_fails_at_once_saying_what_to_do(emulator, fails, clock, status, needle):
    conn = seed_cross_account(emulator, Status=status, Transitions={'deleted': NEVER})
    err = fails(instance_id=conn['InstanceId'], name='x')
    assert isinstance(err, StateError) and needle in err.msg and conn['InstanceId'] in err.msg
    assert actions(emulator) == [GET] and clock.sleeps == []
    assert err.extra['vpc_peer_connection']['status'] == status


def test_a_connection_being_deleted_is_waited_for_then_refused(emulator, fails):
    conn = seed_cross_region(emulator, Status='Deleting', Transitions={'deleted': NEVER})
    err = fails(instance_id=conn['InstanceId'], name='x')
    assert 'has been deleted' in err.msg and writes(emulator) == []


@pytest.mark.parametrize('other_change, needle', [
    (lambda control, iid: control.delete_connection(iid), 'no longer exists'),
    (lambda control, iid: control.patch_connection(iid, Status='Expired'), 'expired'),
    (lambda control, iid: control.patch_connection(iid, Status='Deleting', Transitions={'delete': NEVER}), 'being deleted'),
])
def test_waiting_stops_at_once_when_the_connection_leaves_the_path(emulator, fails, clock, other_change, needle):
    conn = seed_cross_region(emulator, Transitions={'modify': NEVER})
    at_first_sleep(clock, lambda: other_change(emulator.control, conn['InstanceId']))
    err = fails(instance_id=conn['InstanceId'], name='x')
    assert isinstance(err, StateError) and needle in err.msg and conn['InstanceId'] in err.msg
    assert clock.elapsed() < 10  # long before the 600 s budget
    assert err.extra['changed'] is True and [a['action'] for a in err.extra['applied_actions']] == [MODIFY]


def test_a_wait_timeout_names_the_last_status_the_values_and_what_was_accepted(emulator, fails, clock):
    conn = seed_cross_region(emulator, Transitions={'modify': NEVER})
    err = fails(instance_id=conn['InstanceId'], bandwidth=300, wait_timeout=60)
    assert isinstance(err, WaitTimeout)
    assert 'Timed out after 60 s' in err.msg and 'last status seen: Updating' in err.msg
    assert 'requested values not visible yet: bandwidth=300, reads 100' in err.msg and 'wait_timeout (60 s)' in err.msg
    assert 'The service accepted ModifyVpcPeerConnection in this run' in err.msg
    assert err.extra['vpc_peer_connection']['status'] == 'Updating'
    assert clock.elapsed() == 60.0


def test_a_wait_timeout_with_the_new_values_visible_blames_only_the_status(emulator, fails):
    # Description is not deferred: reads show it at once, while Updating.
    conn = seed_cross_region(emulator, Transitions={'modify': NEVER})
    err = fails(instance_id=conn['InstanceId'], description='slow', wait_timeout=60)
    assert 'last status seen: Updating' in err.msg and 'requested values not visible' not in err.msg


def test_a_lost_answer_is_retried_with_the_same_token_and_applied_once(emulator, converge):
    conn = seed_cross_region(emulator)
    emulator.control.add_fault('drop', MODIFY, after_apply=True)
    run = converge(instance_id=conn['InstanceId'], name='once')
    assert run.changed is True and run.connection['name'] == 'once'
    assert len(set(tokens(emulator, MODIFY))) == 1 and applied(emulator) == [MODIFY]


# -- another change in flight -------------------------------------------------------------------------------
def test_a_change_of_another_client_is_waited_out_and_compared_again(emulator, converge, monkeypatch):
    conn = seed_cross_region(emulator, Transitions={'modify': {'mode': 'time', 'seconds': 2}})
    # Between the task's read and its Modify, another client changes the description: the task's Modify is
    # refused (IncorrectStatus.VpcPeer, the connection is Updating).
    before_first(VpcPeerApi, 'modify_connection',
                 lambda: emulator.control.external_modify(conn['InstanceId'], Description='theirs'), monkeypatch)
    run = converge(instance_id=conn['InstanceId'], name='mine', description='old description')
    sent = journal(emulator, MODIFY)
    assert [entry['code'] for entry in sent] == ['IncorrectStatus.VpcPeer', None]
    # Planned again from a fresh read: the description differs now too; a new logical call, a new token.
    assert without_token(sent[1]['params']) == {'InstanceId': conn['InstanceId'], 'Name': 'mine',
                                                'Description': 'old description'}
    assert sent[0]['client_token'] != sent[1]['client_token']
    assert run.changed is True and (run.connection['name'], run.connection['description']) == ('mine', 'old description')


def test_a_change_of_another_client_that_did_exactly_this_is_no_change(emulator, converge, monkeypatch):
    conn = seed_cross_region(emulator)
    before_first(VpcPeerApi, 'modify_connection',
                 lambda: emulator.control.external_modify(conn['InstanceId'], Name='same'), monkeypatch)
    run = converge(instance_id=conn['InstanceId'], name='same')
    assert run.changed is False and run.result.applied == []
    assert [entry['code'] for entry in journal(emulator, MODIFY)] == ['IncorrectStatus.VpcPeer']


def test_a_conflict_on_a_vpc_of_the_connection_is_waited_out(emulator, converge, clock):
    conn = seed_cross_region(emulator)
    # Another connection on hz-1 is being changed for 5 s: the service refuses operations on its VPCs.
    seed(emulator, RegionId=HZ, VpcId=REQ_HZ_1, AcceptingVpcId=REQ_HZ_2, Status='Updating',
         Transitions={'modify': {'mode': 'time', 'seconds': 5}})
    run = converge(instance_id=conn['InstanceId'], name='after-the-conflict')
    codes = [entry['code'] for entry in journal(emulator, MODIFY)]
    assert codes[-1] is None and set(codes[:-1]) == {'Conflict.Operation'} and len(codes) > 1
    assert run.changed is True and run.connection['name'] == 'after-the-conflict'
    assert applied(emulator) == [MODIFY]


def test_refusals_that_contradict_every_read_give_up(emulator, fails, monkeypatch):
    # Another client's Modify leaves the connection Updating for good, while every read (a stale replica)
    # still shows it Activated with the old values.
    emulator.control.update_config({'stale_window': {'stale_seconds': 0, 'stale_reads': 1000}})
    conn = seed_cross_region(emulator, Transitions={'modify': NEVER})
    before_first(VpcPeerApi, 'modify_connection',
                 lambda: emulator.control.external_modify(conn['InstanceId'], Description='theirs'), monkeypatch)
    err = fails(instance_id=conn['InstanceId'], name='mine')
    assert isinstance(err, ApiError) and err.code == 'IncorrectStatus.VpcPeer'
    assert 'Every read shows the resource settled, but the service answered IncorrectStatus.VpcPeer 5 times' in err.msg
    assert len(journal(emulator, MODIFY)) == 5 and err.extra['changed'] is False


def test_a_change_replaced_by_another_one_is_accepted_with_a_warning(emulator, converge, clock):
    conn = seed_cross_region(emulator, Transitions={'modify': NEVER})

    def another_client_renames() -> None:
        # Ours completes; then another client's Modify lands at once.
        emulator.control.set_connection_transitions(conn['InstanceId'], modify={'mode': 'immediate'})
        emulator.control.external_modify(conn['InstanceId'], Name='theirs')
    at_first_sleep(clock, another_client_renames)
    run = converge(instance_id=conn['InstanceId'], name='mine')
    assert run.changed is True and run.connection['name'] == 'theirs'
    assert len(run.warnings) == 1 and 'another change replaced this one' in run.warnings[0]
    assert "{'name': 'theirs'}" in run.warnings[0] and "{'name': 'mine'}" in run.warnings[0]


@pytest.mark.parametrize('lag', [{'seconds': 3}, {'reads': 2}])
def test_new_values_shown_one_by_one_are_waited_for_without_a_warning(emulator, converge, lag):
    # Reads after Activated show the new name with the old bandwidth for a while (a replica behind): not done
    # yet, and not another change either, since the bandwidth read is still the old one.
    emulator.control.update_config({'visibility': {'replica_lag': dict(lag, fields=['Bandwidth'])}})
    conn = seed_cross_region(emulator, Transitions={'modify': {'mode': 'time', 'seconds': 1}})
    run = converge(instance_id=conn['InstanceId'], name='new-name', bandwidth=300)
    assert (run.connection['name'], run.connection['bandwidth'], run.connection['status']) == ('new-name', 300, 'Activated')
    assert run.warnings == []
    seen = [(entry['action']) for entry in journal(emulator)]
    assert seen.count(GET) >= 3  # the read before, Activated with the old bandwidth, then the new one


def test_a_read_holding_neither_the_old_nor_the_requested_value_is_a_replaced_change(emulator, converge, clock):
    conn = seed_cross_region(emulator, Transitions={'modify': NEVER})

    def another_client_sets_the_bandwidth() -> None:
        emulator.control.set_connection_transitions(conn['InstanceId'], modify={'mode': 'immediate'})
        emulator.control.external_modify(conn['InstanceId'], Bandwidth=500)
    at_first_sleep(clock, another_client_sets_the_bandwidth)
    run = converge(instance_id=conn['InstanceId'], name='new-name', bandwidth=300)
    assert run.connection['bandwidth'] == 500
    assert len(run.warnings) == 1 and 'another change replaced this one' in run.warnings[0]
    assert "{'bandwidth': 500}" in run.warnings[0]


# -- changed whenever a write was accepted ------------------------------------------------------------------
def test_a_wait_timeout_shorter_than_the_change_fails_as_changed(emulator, fails, clock):
    conn = seed_cross_region(emulator, Transitions={'modify': {'mode': 'time', 'seconds': 120}})
    err = fails(instance_id=conn['InstanceId'], name='slow-change', wait_timeout=30)
    assert isinstance(err, WaitTimeout) and err.extra['changed'] is True
    assert [(a['action'], a['answer_lost']) for a in err.extra['applied_actions']] == [(MODIFY, False)]
    assert err.extra['applied_actions'][0]['request_id'] == journal(emulator, MODIFY)[0]['request_id']
    assert 'The service accepted ModifyVpcPeerConnection in this run' in err.msg
    assert clock.elapsed() == 30.0


def test_a_failure_after_an_accepted_modify_fails_as_changed(emulator, fails):
    conn = seed_cross_region(emulator, Tags={'env': 'test'})
    emulator.control.add_fault('service_unavailable', TAG, count=1000)
    err = fails(instance_id=conn['InstanceId'], name='renamed', tags={'env': 'prod'}, wait_timeout=60)
    assert isinstance(err, ApiError) and err.code == 'ServiceUnavailable'
    assert err.extra['changed'] is True
    assert [a['action'] for a in err.extra['applied_actions']] == [MODIFY]
    assert applied(emulator) == [MODIFY] and len(journal(emulator, TAG)) > 1  # retried until wait_timeout


def test_a_lost_answer_before_a_failure_is_listed_as_possibly_applied(emulator, fails):
    conn = seed_cross_region(emulator)
    emulator.control.add_fault('drop', MODIFY, after_apply=True)
    emulator.control.add_fault('service_unavailable', MODIFY, count=1000)
    err = fails(instance_id=conn['InstanceId'], name='maybe', wait_timeout=30)
    assert err.extra['changed'] is True
    assert [(a['action'], a['answer_lost']) for a in err.extra['applied_actions']] == [(MODIFY, True)]
    assert applied(emulator) == [MODIFY]


# -- present, by the two VPCs: finding, never a duplicate -------------------------------------------------
def test_the_connection_is_found_by_its_vpcs_and_left_as_it_is(emulator, converge):
    conn = seed_cross_region(emulator)
    run = converge(**creating(name='old-name'))
    assert run.changed is False and run.connection['instance_id'] == conn['InstanceId']
    assert actions(emulator) == [LIST]
    # One VPC per List: two VpcIds may mean "both ends" or "either end"; one means the same in both readings.
    assert params(emulator, LIST) == [{'RegionId': HZ, 'VpcId': REQ_HZ_1, 'MaxResults': '100'}]


def test_a_connection_created_the_other_way_round_is_the_same_connection(emulator, converge):
    reverse = seed(emulator, RegionId=SH, VpcId=REQ_SH_1, AcceptingRegionId=HZ, AcceptingVpcId=REQ_HZ_1, Bandwidth=100)
    run = converge(**creating(name='renamed'))
    assert run.changed is True and run.connection['name'] == 'renamed'
    assert CREATE not in actions(emulator)
    assert params(emulator, MODIFY)[0]['InstanceId'] == reverse['InstanceId']


def test_the_reversed_connection_of_another_account_is_found(emulator, converge):
    # The accepter account asked to peer its sh-1 with our hz-1; we are its accepter, in our region.
    theirs = seed(emulator, OwnerId=ACCEPTER_UID, RegionId=SH, VpcId=ACC_SH_1, AcceptingAliUid=REQUESTER_UID,
                  AcceptingRegionId=HZ, AcceptingVpcId=REQ_HZ_1, Status='Accepting')
    run = converge(**dict(CROSS_ACCOUNT))
    assert run.changed is False and run.connection['instance_id'] == theirs['InstanceId']
    assert run.connection['status'] == 'Accepting' and actions(emulator) == [LIST]


@pytest.mark.parametrize('status', ['Rejected', 'Expired', 'Deleted'])
def test_connections_that_are_over_are_ignored_and_a_new_one_is_created(emulator, converge, status):
    old = seed_cross_region(emulator, Status=status, Transitions={'deleted': NEVER})
    run = converge(**CROSS_REGION)
    assert run.changed is True and run.connection['instance_id'] not in (None, old['InstanceId'])
    assert run.connection['status'] == 'Activated' and applied(emulator) == [CREATE]


def test_a_connection_being_deleted_is_waited_for_before_creating(emulator, converge, clock):
    old = seed_cross_region(emulator, Status='Deleting', Transitions={'delete': {'mode': 'time', 'seconds': 3}})
    run = converge(**CROSS_REGION)
    assert run.changed is True and run.connection['instance_id'] != old['InstanceId']
    # Only once it is gone (or Deleted): CreateVpcPeerConnection would answer ResourceAlreadyExist.VpcPeer.
    assert [entry['code'] for entry in journal(emulator, CREATE)] == [None]
    assert clock.sleeps[:2] == [POLL_QUICK_DELAY] * 2


def test_with_two_connections_between_the_vpcs_the_oldest_is_used_with_a_warning(emulator, converge):
    first = seed_cross_region(emulator)
    second = seed_cross_region(emulator)
    run = converge(**creating(name='old-name'))
    assert run.changed is False and run.connection['instance_id'] == first['InstanceId']
    assert run.warnings == ['2 connections join %s and %s (%s, %s); this task uses the oldest, %s.' % (
        REQ_HZ_1, REQ_SH_1, first['InstanceId'], second['InstanceId'], first['InstanceId'])]


def test_a_connection_created_meanwhile_by_someone_else_is_used(emulator, converge, monkeypatch):
    created = []
    before_first(VpcPeerApi, 'create_connection', lambda: created.append(seed_cross_region(emulator)), monkeypatch)
    run = converge(**creating(name='old-name'))
    assert [entry['code'] for entry in journal(emulator, CREATE)] == ['ResourceAlreadyExist.VpcPeer']
    assert run.changed is False and run.connection['instance_id'] == created[0]['InstanceId']
    assert actions(emulator) == [LIST, CREATE, LIST]


def test_fixed_options_of_the_found_connection_must_match(emulator, fails):
    conn = seed_cross_region(emulator)
    err = fails(**creating(accepting_ali_uid=ACCEPTER_UID, name='xy'))
    assert isinstance(err, StateError)
    assert 'accepting_ali_uid is %d, but the connection has %d' % (ACCEPTER_UID, REQUESTER_UID) in err.msg
    assert writes(emulator) == [] and err.extra['vpc_peer_connection']['instance_id'] == conn['InstanceId']


# -- present: creating -----------------------------------------------------------------------------------
def test_create_in_one_account_waits_for_activated(emulator, converge, clock):
    run = converge(**creating(name='web-to-db', description='Web to database', bandwidth=200,
                              resource_group_id=REQUESTER_SECOND_RG, tags={'env': 'prod', 'n': 1, 'on': True}))
    assert run.changed is True
    assert without_token(params(emulator, CREATE)[0]) == {
        'RegionId': HZ, 'VpcId': REQ_HZ_1, 'AcceptingAliUid': str(REQUESTER_UID), 'AcceptingRegionId': SH,
        'AcceptingVpcId': REQ_SH_1, 'Name': 'web-to-db', 'Description': 'Web to database', 'Bandwidth': '200',
        'ResourceGroupId': REQUESTER_SECOND_RG, 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod', 'Tag.2.Key': 'n',
        'Tag.2.Value': '1', 'Tag.3.Key': 'on', 'Tag.3.Value': 'true'}
    created = run.connection
    assert created['status'] == 'Activated' and created['instance_id'].startswith('pcc-')
    assert created['tags'] == {'env': 'prod', 'n': '1', 'on': 'true'} and created['resource_group_id'] == REQUESTER_SECOND_RG
    assert actions(emulator)[:2] == [LIST, CREATE] and set(actions(emulator)[2:]) == {GET}
    assert run.diff['before'] == {}
    assert run.diff['after'] == {
        'instance_id': created['instance_id'], 'status': 'Activated', 'name': 'web-to-db',
        'description': 'Web to database', 'bandwidth': 200, 'link_type': 'Gold', 'region_id': HZ, 'vpc_id': REQ_HZ_1,
        'accepting_region_id': SH, 'accepting_vpc_id': REQ_SH_1, 'accepting_owner_uid': REQUESTER_UID,
        'resource_group_id': REQUESTER_SECOND_RG, 'tags': {'env': 'prod', 'n': '1', 'on': 'true'}}


def test_create_for_another_account_waits_for_accepting(emulator, converge):
    run = converge(**CROSS_ACCOUNT)
    assert run.changed is True and run.connection['status'] == 'Accepting'
    assert run.connection['accepting_owner_uid'] == ACCEPTER_UID


def test_a_lost_answer_to_create_is_retried_with_the_same_token_and_creates_once(emulator, converge):
    emulator.control.add_fault('drop', CREATE, after_apply=True)
    run = converge(**CROSS_REGION)
    assert run.changed is True and len(emulator.control.connections()) == 1
    assert len(tokens(emulator, CREATE)) == 2 and len(set(tokens(emulator, CREATE))) == 1
    assert applied(emulator) == [CREATE]
    assert run.connection['instance_id'] == emulator.control.connections()[0]['InstanceId']


def test_create_without_wait_returns_the_new_id_at_once(emulator, converge, clock):
    emulator.control.set_transitions(create=NEVER)
    run = converge(wait=False, **CROSS_REGION)
    assert run.connection['instance_id'] == emulator.control.connections()[0]['InstanceId']
    assert run.connection['status'] == 'Creating' and clock.sleeps == []


def test_a_connection_that_becomes_something_else_while_created_fails(emulator, fails, clock):
    emulator.control.set_transitions(create=NEVER)

    def deleted_meanwhile() -> None:
        created = emulator.control.connections()[0]
        emulator.control.patch_connection(created['InstanceId'], Status='Deleting', Transitions={'delete': NEVER})
    at_first_sleep(clock, deleted_meanwhile)
    err = fails(**CROSS_REGION)
    assert isinstance(err, StateError) and 'became Deleting while it was being created' in err.msg
    assert err.extra['changed'] is True and [a['action'] for a in err.extra['applied_actions']] == [CREATE]


def test_a_create_refused_by_the_service_fails_unchanged(emulator, fails):
    emulator.control.add_vpc('requester', SH, 'vpc-overlapping', ipv4_cidrs=['10.0.0.0/8'])
    err = fails(**creating(accepting_vpc_id='vpc-overlapping'))
    assert isinstance(err, ApiError) and err.code == 'OperationFailed.VpcCidrOverlap'
    assert err.extra == {'changed': False, 'applied_actions': []}


# -- check mode ---------------------------------------------------------------------------------------------
def test_check_mode_dry_runs_only_the_differing_fields_and_predicts(emulator, converge, clock):
    conn = seed_cross_region(emulator)
    run = converge(check_mode=True, instance_id=conn['InstanceId'], name='old-name', description='new description',
                   bandwidth=500)
    assert run.changed is True and clock.sleeps == []
    assert params(emulator, MODIFY) == [
        {'InstanceId': conn['InstanceId'], 'Description': 'new description', 'Bandwidth': '500', 'DryRun': 'True'}]
    assert applied(emulator) == [] and stored(emulator, conn['InstanceId'])['Description'] == 'old description'
    assert run.diff == {
        'before': {'name': 'old-name', 'description': 'old description', 'bandwidth': 100, 'link_type': 'Gold'},
        'after': {'name': 'old-name', 'description': 'new description', 'bandwidth': 500, 'link_type': 'Gold'}}
    assert (run.connection['description'], run.connection['status']) == ('new description', 'Activated')


def test_check_mode_with_nothing_to_change_sends_no_dry_run(emulator, converge):
    conn = seed_cross_region(emulator)
    assert converge(check_mode=True, instance_id=conn['InstanceId'], name='old-name').changed is False
    assert actions(emulator) == [GET]


@pytest.mark.parametrize('account, seeded, requested, code', [
    ('read_only', {}, {'name': 'x'}, 'Forbidden.RAM'),
    ('requester', {}, {'link_type': 'Platinum'}, 'OperationFailed.SpecificLinkTypeNotSupported'),
    ('requester', {}, {'bandwidth': 20000}, 'QuotaExceeded.Bandwidth'),
    ('requester', {'BizStatus': 'FinancialLocked'}, {'name': 'x'}, 'IncorrectBusinessStatus.VpcPeer'),
    ('requester', {'ManagedService': 'SWAS'}, {'name': 'x'}, 'OperationDenied.ServiceManagedInstance'),
])
def test_check_mode_fails_on_any_other_answer_of_the_dry_run(emulator, fails, account, seeded, requested, code):
    conn = seed_cross_region(emulator, **seeded)
    err = fails(check_mode=True, account=account, instance_id=conn['InstanceId'], **requested)
    assert isinstance(err, ApiError) and err.code == code
    assert err.extra['changed'] is False and applied(emulator) == []


def test_check_mode_previews_a_modify_of_an_updating_connection_at_once(emulator, converge, clock):
    conn = seed_cross_region(emulator, Status='Updating', Transitions={'modify': NEVER})
    run = converge(check_mode=True, instance_id=conn['InstanceId'], name='later')
    assert run.changed is True and clock.sleeps == [] and actions(emulator) == [GET]
    assert len(run.warnings) == 1 and 'is Updating' in run.warnings[0] and 'preview' in run.warnings[0]
    assert run.connection['name'] == 'later'


def test_check_mode_reports_a_conflict_on_a_vpc_as_a_warning(emulator, converge, clock):
    conn = seed_cross_region(emulator)
    seed(emulator, RegionId=HZ, VpcId=REQ_HZ_1, AcceptingVpcId=REQ_HZ_2, Status='Updating', Transitions={'modify': NEVER})
    run = converge(check_mode=True, instance_id=conn['InstanceId'], name='later')
    assert run.changed is True and clock.sleeps == []
    assert len(run.warnings) == 1 and 'Conflict.Operation' in run.warnings[0]
    assert 'dry run of ModifyVpcPeerConnection was refused for now' in run.warnings[0]


def test_check_mode_previews_a_create_at_once_while_the_old_connection_is_deleted(emulator, converge, clock):
    old = seed_cross_region(emulator, Status='Deleting', Transitions={'delete': NEVER})
    run = converge(check_mode=True, **CROSS_REGION)
    assert run.changed is True and clock.sleeps == []
    assert actions(emulator) == [LIST]  # no dry run: the service would refuse the creation until the old one is gone
    assert len(run.warnings) == 1 and old['InstanceId'] in run.warnings[0] and 'still being deleted' in run.warnings[0]


def test_check_mode_dry_runs_a_create_and_predicts_it(emulator, converge):
    run = converge(check_mode=True, **creating(name='preview', tags={'env': 'prod'}))
    assert run.changed is True and emulator.control.connections() == []
    sent = params(emulator, CREATE)
    assert len(sent) == 1 and sent[0]['DryRun'] == 'True' and 'ClientToken' not in sent[0]
    predicted = run.connection
    assert predicted['instance_id'] is None and predicted['name'] == 'preview' and predicted['status'] is None
    assert predicted['vpc']['vpc_id'] == REQ_HZ_1 and predicted['tags'] == {'env': 'prod'}
    assert run.diff['before'] == {} and run.diff['after']['accepting_vpc_id'] == REQ_SH_1


def test_check_mode_fails_when_the_service_would_refuse_the_create(emulator, fails):
    err = fails(check_mode=True, **creating(resource_group_id='rg-does-not-exist'))
    assert isinstance(err, ApiError) and err.code == 'OperationFailed.NotExist.ResourceGroup'


# -- tags and resource group ------------------------------------------------------------------------------
def test_only_tag_differences_are_sent_untag_first_and_read_back(emulator, converge):
    conn = seed_cross_region(emulator, Tags={'env': 'test', 'old': '1', 'keep': 'same'})
    run = converge(instance_id=conn['InstanceId'], tags={'env': 'prod', 'new': 'x', 'keep': 'same'})
    assert run.changed is True
    # Removing first keeps the tag count under the limit of 20 at every moment.
    assert writes(emulator) == [UNTAG, TAG]
    assert without_token(params(emulator, UNTAG)[0]) == {
        'RegionId': HZ, 'ResourceId.1': conn['InstanceId'], 'ResourceType': 'PeerConnection', 'TagKey.1': 'old'}
    assert without_token(params(emulator, TAG)[0]) == {
        'RegionId': HZ, 'ResourceId.1': conn['InstanceId'], 'ResourceType': 'PeerConnection',
        'Tag.1.Key': 'env', 'Tag.1.Value': 'prod', 'Tag.2.Key': 'new', 'Tag.2.Value': 'x'}
    assert run.connection['tags'] == {'env': 'prod', 'new': 'x', 'keep': 'same'}
    assert actions(emulator)[-1] == GET  # read back
    assert run.diff['before']['tags'] == {'env': 'test', 'old': '1', 'keep': 'same'}
    assert run.diff['after']['tags'] == {'env': 'prod', 'new': 'x', 'keep': 'same'}


def test_tags_without_purge_are_only_added(emulator, converge):
    conn = seed_cross_region(emulator, Tags={'env': 'test'})
    run = converge(instance_id=conn['InstanceId'], tags={'new': 'x'}, purge_tags=False)
    assert writes(emulator) == [TAG] and run.connection['tags'] == {'env': 'test', 'new': 'x'}


def test_an_empty_tags_dict_removes_every_tag(emulator, converge):
    conn = seed_cross_region(emulator, Tags={'a': '1', 'b': '2'})
    run = converge(instance_id=conn['InstanceId'], tags={})
    assert writes(emulator) == [UNTAG] and run.connection['tags'] == {}


def test_boolean_and_number_tag_values_compare_as_the_service_stores_them(emulator, converge):
    conn = seed_cross_region(emulator, Tags={'on': 'true', 'n': '5'})
    run = converge(instance_id=conn['InstanceId'], tags={'on': True, 'n': 5})
    assert run.changed is False and actions(emulator) == [GET]


def test_tags_and_resource_group_in_check_mode_are_predicted_without_calls(emulator, converge):
    conn = seed_cross_region(emulator, Tags={'env': 'test'})
    run = converge(check_mode=True, instance_id=conn['InstanceId'], tags={}, resource_group_id=REQUESTER_SECOND_RG)
    assert run.changed is True and writes(emulator) == []  # no dry run exists for these actions
    assert run.connection['tags'] == {} and run.connection['resource_group_id'] == REQUESTER_SECOND_RG
    assert run.diff['after'] == {'name': 'old-name', 'description': 'old description', 'bandwidth': 100,
                                 'link_type': 'Gold', 'tags': {}, 'resource_group_id': REQUESTER_SECOND_RG}


def test_the_diff_has_tags_and_resource_group_only_when_the_task_sets_them(emulator, converge):
    conn = seed_cross_region(emulator)
    assert set(converge(instance_id=conn['InstanceId'], name='new').diff['before']) == MANAGED


def test_moving_to_another_resource_group(emulator, converge):
    conn = seed_cross_region(emulator)
    run = converge(instance_id=conn['InstanceId'], resource_group_id=REQUESTER_SECOND_RG)
    assert run.changed is True and writes(emulator) == [MOVE]
    assert run.connection['resource_group_id'] == REQUESTER_SECOND_RG
    assert params(emulator, MOVE) == [{'ResourceId': conn['InstanceId'], 'NewResourceGroupId': REQUESTER_SECOND_RG,
                                       'RegionId': HZ, 'ResourceType': 'PeerConnection'}]


def test_a_lost_answer_of_a_move_is_not_sent_again_the_task_reads_where_it_is(emulator, converge):
    # MoveResourceGroup takes no ClientToken: a second one would be a second change, not a replay.
    conn = seed_cross_region(emulator)
    emulator.control.add_fault('drop', MOVE, after_apply=True)
    run = converge(instance_id=conn['InstanceId'], resource_group_id=REQUESTER_SECOND_RG)
    assert run.changed is True and writes(emulator) == [MOVE]
    assert [(applied.action, applied.answer_lost) for applied in run.result.applied] == [(MOVE, True)]
    assert run.connection['resource_group_id'] == REQUESTER_SECOND_RG


def test_the_accepter_moves_and_tags_its_side_in_its_own_region(emulator, converge):
    # Cross-account, cross-region: a region-scoped List tells which side the credentials are on (the accepter).
    conn = seed_cross_account(emulator, AcceptingTags={'old': '1'})
    run = converge(account='accepter', instance_id=conn['InstanceId'], resource_group_id=ACCEPTER_SECOND_RG,
                   tags={'peer': 'requester'})
    assert run.changed is True
    assert params(emulator, LIST) == [{'RegionId': HZ, 'InstanceId': conn['InstanceId'], 'MaxResults': '100'}]
    assert [params(emulator, action)[0]['RegionId'] for action in (MOVE, UNTAG, TAG)] == [SH, SH, SH]
    assert writes(emulator) == [MOVE, UNTAG, TAG]
    assert run.connection['tags'] == {'peer': 'requester'} and run.connection['resource_group_id'] == ACCEPTER_SECOND_RG
    # The requester's own view is untouched.
    assert stored(emulator, conn['InstanceId'])['ResourceGroupId'] == REQUESTER_DEFAULT_RG


def test_a_same_region_connection_needs_no_read_of_the_side(emulator, converge):
    conn = seed_same_region(emulator)
    converge(instance_id=conn['InstanceId'], tags={'a': 'b'}, purge_tags=False)
    assert LIST not in actions(emulator) and params(emulator, TAG)[0]['RegionId'] == HZ


@pytest.mark.parametrize('by', ['instance_id', 'reversed_pair'])
def test_a_same_account_cross_region_connection_is_tagged_on_its_requester_side(emulator, converge, by):
    # One account owns both VPCs: tags and group are addressed in the requester side's region (cn-shanghai
    # here), also when the task names the VPCs the other way round, from cn-hangzhou.
    conn = seed(emulator, RegionId=SH, VpcId=REQ_SH_1, AcceptingRegionId=HZ, AcceptingVpcId=REQ_HZ_1, Bandwidth=100)
    found = {'instance_id': conn['InstanceId']} if by == 'instance_id' else creating()
    run = converge(tags={'env': 'prod'}, resource_group_id=REQUESTER_SECOND_RG, **found)
    assert run.changed is True and run.connection['instance_id'] == conn['InstanceId']
    assert [params(emulator, action)[0]['RegionId'] for action in (MOVE, TAG)] == [SH, SH]
    assert (run.connection['tags'], run.connection['resource_group_id']) == ({'env': 'prod'}, REQUESTER_SECOND_RG)


def test_tags_of_an_accepting_connection_are_managed_but_it_is_not_modified(emulator, converge, fails):
    conn = seed_cross_account(emulator, Status='Accepting')
    run = converge(instance_id=conn['InstanceId'], name='old-name', tags={'env': 'waiting'})
    assert run.changed is True and writes(emulator) == [TAG]
    err = fails(instance_id=conn['InstanceId'], name='other-name')
    assert 'must accept it first' in err.msg and writes(emulator) == [TAG]


# -- accepted -------------------------------------------------------------------------------------------------
def accepting(emulator: Any, **fields: Any) -> Dict[str, Any]:
    """A cross-account, cross-region connection waiting for the accepter account."""
    return seed_cross_account(emulator, Status='Accepting', **fields)


def test_accept_with_resource_group_and_tags_waits_for_activated(emulator, converge):
    conn = accepting(emulator)
    run = converge(account='accepter', state='accepted', instance_id=conn['InstanceId'],
                   resource_group_id=ACCEPTER_SECOND_RG, tags={'peer': 'req'})
    assert run.changed is True and run.connection['status'] == 'Activated'
    assert without_token(params(emulator, ACCEPT)[0]) == {
        'InstanceId': conn['InstanceId'], 'ResourceGroupId': ACCEPTER_SECOND_RG, 'Tag.1.Key': 'peer', 'Tag.1.Value': 'req'}
    assert writes(emulator) == [ACCEPT]  # the tags and the group came with Accept
    assert (run.connection['tags'], run.connection['resource_group_id']) == ({'peer': 'req'}, ACCEPTER_SECOND_RG)
    assert run.diff['before']['status'] == 'Accepting' and run.diff['after']['status'] == 'Activated'
    assert run.diff['after']['tags'] == {'peer': 'req'}


def test_accept_then_modify(emulator, converge):
    conn = accepting(emulator)
    run = converge(account='accepter', state='accepted', instance_id=conn['InstanceId'], bandwidth=300)
    assert writes(emulator) == [ACCEPT, MODIFY]
    assert (run.connection['bandwidth'], run.connection['status']) == (300, 'Activated')
    assert [a.action for a in run.result.applied] == [ACCEPT, MODIFY]


@pytest.mark.parametrize('requested', [{'bandwidth': 200}, {'link_type': 'Gold'}])
def test_accepting_a_same_region_connection_with_bandwidth_or_link_type_fails_before_any_write(
        emulator, fails, requested):
    conn = seed_cross_account(emulator, Status='Accepting', AcceptingRegionId=HZ, AcceptingVpcId=ACC_HZ_1)
    err = fails(account='accepter', state='accepted', instance_id=conn['InstanceId'], **requested)
    assert isinstance(err, StateError) and 'same region' in err.msg
    assert writes(emulator) == [] and stored(emulator, conn['InstanceId'])['Status'] == 'Accepting'
    assert err.extra['changed'] is False


def test_accepting_an_activated_connection_changes_nothing(emulator, converge):
    conn = seed_cross_account(emulator)
    run = converge(account='accepter', state='accepted', instance_id=conn['InstanceId'])
    assert run.changed is False and actions(emulator) == [GET]


def test_accept_in_check_mode_dry_runs_the_accept_and_predicts_the_rest(emulator, converge, clock):
    conn = accepting(emulator)
    run = converge(account='accepter', check_mode=True, state='accepted', instance_id=conn['InstanceId'],
                   name='predicted', tags={'peer': 'req'})
    assert run.changed is True and applied(emulator) == [] and clock.sleeps == []
    assert params(emulator, ACCEPT) == [{'InstanceId': conn['InstanceId'], 'Tag.1.Key': 'peer', 'Tag.1.Value': 'req',
                                         'DryRun': 'True'}]
    # Modify cannot be dry-run before the connection is Activated: predicted from the comparison only.
    assert MODIFY not in actions(emulator)
    assert (run.connection['status'], run.connection['name']) == ('Activated', 'predicted')


@pytest.mark.parametrize('status, needle', [
    ('Rejected', 'was rejected'), ('Expired', 'expired'), ('Deleted', 'has been deleted')])
def test_a_connection_that_is_over_cannot_be_accepted(emulator, fails, status, needle):
    conn = seed_cross_account(emulator, Status=status, Transitions={'deleted': NEVER})
    err = fails(account='accepter', state='accepted', instance_id=conn['InstanceId'])
    assert isinstance(err, StateError) and needle in err.msg and 'can no longer be accepted or modified' in err.msg
    assert writes(emulator) == []


def test_the_requester_cannot_accept_across_regions_and_is_told_who_can(emulator, fails):
    conn = accepting(emulator)
    err = fails(state='accepted', instance_id=conn['InstanceId'])
    assert isinstance(err, StateError)
    assert 'requester account %d' % REQUESTER_UID in err.msg
    assert 'only the accepter account %d can accept it' % ACCEPTER_UID in err.msg
    assert writes(emulator) == []  # decided from a read, before any write


def test_the_requester_cannot_reject_across_regions_either(emulator, fails):
    conn = accepting(emulator)
    err = fails(state='rejected', instance_id=conn['InstanceId'])
    assert 'only the accepter account %d can reject it' % ACCEPTER_UID in err.msg and writes(emulator) == []


def test_a_refusal_no_read_can_explain_names_both_possibilities(emulator, fails):
    # Two accounts in one region: both see the connection there, so no read tells the requester from the
    # accepter. The service's Forbidden.NoPermission then means either account or RAM; the advice says both.
    conn = seed_cross_account(emulator, Status='Accepting', AcceptingRegionId=HZ, AcceptingVpcId=ACC_HZ_1)
    err = fails(state='accepted', instance_id=conn['InstanceId'])
    assert err.to_result()['error']['code'] == 'Forbidden.NoPermission'
    said = err.msg.replace(str(ACCEPTER_UID) + ' ', '')  # with or without the account's number
    assert 'only the accepter account can accept' in said and 'RAM user or role lacks' in said
    assert [entry['code'] for entry in journal(emulator, ACCEPT)] == ['Forbidden.NoPermission']
    assert err.extra['changed'] is False


@pytest.mark.parametrize('state, action', [('accepted', ACCEPT), ('rejected', REJECT)])
def test_a_refusal_of_the_accepter_is_a_ram_problem(emulator, fails, state, action):
    # The emulator refuses only other accounts by itself; a RAM user of the accepter lacking the action is an
    # "error" fault for the accepter's key.
    conn = accepting(emulator)
    emulator.control.add_fault('error', action, code='Forbidden.NoPermission', access_key_id=ACCEPTER_AK)
    err = fails(account='accepter', state=state, instance_id=conn['InstanceId'])
    request_id = journal(emulator, action)[0]['request_id']
    assert isinstance(err, StateError)
    assert 'These credentials belong to the accepter account %d' % ACCEPTER_UID in err.msg
    assert 'the RAM user or role lacks the action: grant it vpc:%s' % action in err.msg
    assert request_id in err.msg and err.extra['error']['code'] == 'Forbidden.NoPermission'
    assert err.extra['changed'] is False and applied(emulator) == []


def test_accept_without_wait_returns_right_after_the_accept(emulator, converge, clock):
    emulator.control.set_transitions(accept=NEVER)
    conn = accepting(emulator)
    run = converge(account='accepter', state='accepted', instance_id=conn['InstanceId'], wait=False)
    assert run.changed is True and clock.sleeps == []
    assert writes(emulator) == [ACCEPT] and run.connection['status'] == 'Updating'


def test_accept_and_modify_without_wait_return_the_requested_values(emulator, converge):
    conn = accepting(emulator)
    run = converge(account='accepter', state='accepted', instance_id=conn['InstanceId'], wait=False, name='renamed')
    # The Modify needs the connection Activated: the task waits for the acceptance even without wait...
    assert writes(emulator) == [ACCEPT, MODIFY] and run.changed is True
    # ...and then returns, like every wait=false run, the requested values with the status read after the calls.
    assert run.connection['name'] == 'renamed'
    assert run.connection['status'] == 'Updating'


# -- rejected -------------------------------------------------------------------------------------------------
def test_reject_then_again_is_no_change(emulator, converge):
    conn = accepting(emulator)
    run = converge(account='accepter', state='rejected', instance_id=conn['InstanceId'])
    assert run.changed is True and run.connection['status'] == 'Rejected'
    assert run.diff['before']['status'] == 'Accepting' and run.diff['after']['status'] == 'Rejected'
    again = converge(account='accepter', state='rejected', instance_id=conn['InstanceId'])
    assert again.changed is False and applied(emulator) == [REJECT]


def test_reject_in_check_mode_is_a_dry_run(emulator, converge):
    conn = accepting(emulator)
    run = converge(account='accepter', check_mode=True, state='rejected', instance_id=conn['InstanceId'])
    assert run.changed is True and applied(emulator) == []
    assert params(emulator, REJECT) == [{'InstanceId': conn['InstanceId'], 'DryRun': 'True'}]


def test_rejecting_an_activated_connection_points_to_absent(emulator, fails):
    conn = seed_cross_account(emulator)
    err = fails(account='accepter', state='rejected', instance_id=conn['InstanceId'])
    assert isinstance(err, StateError) and 'state=absent' in err.msg and writes(emulator) == []


def test_absent_and_rejected_warn_about_ignored_options(emulator, converge):
    conn = accepting(emulator)
    run = converge(account='accepter', state='rejected', instance_id=conn['InstanceId'], name='unused', tags={'a': 'b'})
    assert run.warnings == ['name, tags not used with state=rejected, and ignored.']
    assert writes(emulator) == [REJECT]


# -- absent ---------------------------------------------------------------------------------------------------
def test_delete_by_id_waits_until_gone(emulator, converge):
    conn = seed_cross_region(emulator)
    run = converge(state='absent', instance_id=conn['InstanceId'])
    left = stored(emulator, conn['InstanceId'])
    assert run.changed is True and (left is None or left['Status'] == 'Deleted')
    assert without_token(params(emulator, DELETE)[0]) == {'InstanceId': conn['InstanceId']}
    assert run.connection['instance_id'] == conn['InstanceId']  # as read before it was deleted
    assert run.diff['before']['instance_id'] == conn['InstanceId'] and run.diff['after'] == {}
    assert actions(emulator)[:2] == [GET, DELETE] and len(actions(emulator)) > 2


def test_deleting_what_is_gone_changes_nothing(emulator, converge):
    run = converge(state='absent', instance_id='pcc-gone')
    assert run.changed is False and run.connection is None and actions(emulator) == [GET]


def test_delete_by_the_vpcs_in_either_direction(emulator, converge):
    seed_cross_region(emulator)
    run = converge(state='absent', vpc_id=REQ_SH_1, accepting_vpc_id=REQ_HZ_1)
    assert run.changed is True and params(emulator, LIST)[0]['VpcId'] == REQ_SH_1
    assert converge(state='absent', vpc_id=REQ_SH_1, accepting_vpc_id=REQ_HZ_1).changed is False


def test_delete_by_the_vpcs_leaves_rejected_connections(emulator, converge):
    conn = seed_cross_account(emulator, Status='Rejected')
    assert converge(state='absent', vpc_id=REQ_HZ_1, accepting_vpc_id=ACC_SH_1).changed is False
    assert stored(emulator, conn['InstanceId'])['Status'] == 'Rejected' and writes(emulator) == []


def test_delete_a_rejected_connection_by_id(emulator, converge):
    conn = seed_cross_account(emulator, Status='Rejected')
    assert converge(state='absent', instance_id=conn['InstanceId']).changed is True
    assert applied(emulator) == [DELETE]


def test_two_live_connections_between_the_vpcs_fail_before_any_write(emulator, fails):
    first, second = seed_cross_region(emulator), seed_cross_region(emulator)
    err = fails(state='absent', vpc_id=REQ_HZ_1, accepting_vpc_id=REQ_SH_1)
    assert isinstance(err, StateError) and writes(emulator) == []
    assert first['InstanceId'] in err.msg and second['InstanceId'] in err.msg
    assert '2 connections join' in err.msg and 'by instance_id' in err.msg


def test_routes_pointing_at_the_connection_need_force(emulator, converge, fails):
    conn = seed_cross_region(emulator, RouteCount=2)
    err = fails(state='absent', instance_id=conn['InstanceId'])
    assert isinstance(err, ApiError) and err.code == 'OperationDenied.RouteEntryExist' and 'force: true' in err.msg
    assert applied(emulator) == []
    run = converge(state='absent', instance_id=conn['InstanceId'], force=True)
    assert run.changed is True and params(emulator, DELETE)[-1]['Force'] == 'True'


def test_delete_in_check_mode_is_a_dry_run_with_force(emulator, converge, fails):
    conn = seed_cross_region(emulator, RouteCount=1)
    run = converge(check_mode=True, state='absent', instance_id=conn['InstanceId'], force=True)
    assert run.changed is True and applied(emulator) == []
    assert params(emulator, DELETE) == [{'InstanceId': conn['InstanceId'], 'Force': 'True', 'DryRun': 'True'}]
    err = fails(check_mode=True, state='absent', instance_id=conn['InstanceId'])
    assert err.code == 'OperationDenied.RouteEntryExist'


def test_a_connection_already_being_deleted_is_waited_for(emulator, converge, clock):
    conn = seed_cross_region(emulator, Status='Deleting', Transitions={'delete': {'mode': 'time', 'seconds': 2}})
    run = converge(state='absent', instance_id=conn['InstanceId'])
    assert run.changed is False and DELETE not in actions(emulator) and clock.sleeps


def test_a_connection_changing_is_waited_for_then_deleted(emulator, converge):
    conn = seed_cross_region(emulator, Status='Updating', Transitions={'modify': {'mode': 'reads', 'reads': 1}})
    assert converge(state='absent', instance_id=conn['InstanceId']).changed is True
    # Updating, then Activated: only then Delete (the service refuses to delete an Updating connection).
    assert [entry['code'] for entry in journal(emulator, DELETE)] == [None]


def test_the_accepter_deleting_a_connection_it_has_not_accepted_fails_at_once(emulator, fails, clock):
    # Only the requester may delete an Accepting connection; the accepter may reject it. The read tells which
    # side the credentials are on, so the task must not wait out the service's IncorrectStatus.VpcPeer as if
    # another change were in progress, nor tell the user to wait until it is Activated.
    conn = accepting(emulator)
    err = fails(account='accepter', state='absent', instance_id=conn['InstanceId'])
    assert len(journal(emulator, DELETE)) <= 1 and clock.sleeps == []
    assert 'Every read shows the resource settled' not in err.msg
    assert 'state=rejected' in err.msg or 'requester' in err.msg


def test_the_accepter_accepts_a_same_region_connection_no_read_can_place(emulator, converge):
    conn = seed_cross_account(emulator, Status='Accepting', AcceptingRegionId=HZ, AcceptingVpcId=ACC_HZ_1)
    run = converge(account='accepter', state='accepted', instance_id=conn['InstanceId'])
    assert run.changed is True and run.connection['status'] == 'Activated'
    assert LIST not in actions(emulator)  # both sides are in cn-hangzhou: no List could tell them apart


# -- immutable options --------------------------------------------------------------------------------------
def test_fixed_options_that_differ_fail_before_any_change(emulator, fails):
    conn = seed_cross_region(emulator)
    err = fails(instance_id=conn['InstanceId'], vpc_id='vpc-other', accepting_region_id='cn-beijing', name='x')
    assert isinstance(err, StateError)
    assert "vpc_id is 'vpc-other', but the connection has '%s'" % REQ_HZ_1 in err.msg
    assert "accepting_region_id is 'cn-beijing', but the connection has '%s'" % SH in err.msg
    assert 'state=absent' in err.msg and actions(emulator) == [GET]


def test_fixed_options_may_name_the_vpcs_either_way_round(emulator, converge):
    conn = seed_cross_region(emulator)
    run = converge(instance_id=conn['InstanceId'], vpc_id=REQ_SH_1, accepting_vpc_id=REQ_HZ_1, region_id=SH,
                   accepting_region_id=HZ, accepting_ali_uid=REQUESTER_UID, name='old-name')
    assert run.changed is False


# -- the waits of peering_reads ----------------------------------------------------------------------------
def test_tags_visible_at_once_cost_no_wait(emulator, converge, clock):
    conn = seed_cross_region(emulator)
    converge(instance_id=conn['InstanceId'], tags={'env': 'prod'}, resource_group_id=REQUESTER_SECOND_RG)
    assert clock.sleeps == [] and actions(emulator) == [GET, MOVE, TAG, GET]


def test_a_new_connection_that_never_becomes_readable_fails(emulator, fails, clock):
    # A few not-found reads right after a create are tolerated (a new connection may not be readable at once);
    # more mean it is gone.
    emulator.control.set_transitions(create=NEVER)
    at_first_sleep(clock, lambda: emulator.control.delete_connection(emulator.control.connections()[0]['InstanceId']))
    err = fails(**CROSS_REGION)
    assert isinstance(err, StateError) and 'kept answering that it does not exist (4 reads)' in err.msg
    assert err.extra['changed'] is True and actions(emulator).count(GET) == 4


def test_an_acceptance_overtaken_by_another_status_fails_at_once(emulator, fails, clock):
    emulator.control.set_transitions(accept=NEVER)
    conn = accepting(emulator)
    at_first_sleep(clock, lambda: emulator.control.patch_connection(conn['InstanceId'], Status='Expired'))
    err = fails(account='accepter', state='accepted', instance_id=conn['InstanceId'])
    assert isinstance(err, StateError) and 'became Expired instead of Activated' in err.msg
    assert err.extra['changed'] is True and len(clock.sleeps) == 1


def test_a_deleted_connection_still_shown_counts_as_gone(emulator, converge, clock):
    conn = seed_cross_region(emulator, Transitions={'delete': {'mode': 'time', 'seconds': 1}, 'deleted': NEVER})
    run = converge(state='absent', instance_id=conn['InstanceId'])
    assert run.changed is True and stored(emulator, conn['InstanceId'])['Status'] == 'Deleted'
    assert clock.sleeps == [POLL_QUICK_DELAY]


def test_the_requester_side_is_read_from_its_region(emulator, make_api):
    cross = seed_cross_account(emulator)
    same_account = seed_cross_region(emulator, VpcId=REQ_HZ_2)
    requester, accepter = ConnectionReads(make_api('requester')), ConnectionReads(make_api('accepter'))
    assert requester.side(requester.get(cross['InstanceId'])) == REQUESTER
    assert accepter.side(accepter.get(cross['InstanceId'])) == ACCEPTER
    assert requester.side(requester.get(same_account['InstanceId'])) == BOTH
    one_region = seed_cross_account(emulator, VpcId=REQ_HZ_2, AcceptingRegionId=HZ, AcceptingVpcId=ACC_HZ_1)
    assert accepter.side(accepter.get(one_region['InstanceId'])) is None  # no read can tell
