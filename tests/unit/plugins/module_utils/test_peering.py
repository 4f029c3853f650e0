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

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.engine import Engine, Result
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import (
    ApiError,
    StateError,
    ValidationError,
    VpcPeerError,
    WaitTimeout,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering import ConnectionTask, validate_options
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import POLL_QUICK_DELAY
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.support import (
    ACC_HZ_1,
    ACC_SH_1,
    ACCEPTER_DEFAULT_RG,
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


def before_first(api_method_owner: Any, name: str, action: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Run ``action`` once, just before the first call of ``VpcPeerApi.<name>``: what another client does between
    the task's read and its write."""
    original = getattr(api_method_owner, name)
    done: List[bool] = []

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not done and not kwargs.get('dry_run'):
            done.append(True)
            action()
        return original(self, *args, **kwargs)
    monkeypatch.setattr(api_method_owner, name, wrapper)


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
    with pytest.raises(ValidationError) as info:
        validate_options(options(**creating(name='a', accepting_ali_uid=-1, tags={'acs:x': ''}, bandwidth=0)))
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
