# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``routes.py`` and ``route_reads.py``: the vpc_peer_route task through the engine, against the emulator.

Each test seeds the emulator (connections, route tables and entries through the control API), runs
``validate_route_options`` then ``RoutesTask`` in an ``Engine`` over real SDK clients (VpcPeer and VPC), and checks
the result and the emulator's journal and state. The fake clock moves the emulator's clock as the task sleeps, so
the route entries' Pending, Modifying and Deleting phases (0.3 s in the fast profile) progress exactly as the task
waits. Every rule of the module's documentation has a test here, the refusals before any write included.
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
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering import ConnectionTask
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.route_reads import RouteReads
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.routes import RoutesTask, validate_route_options
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.support import (
    ACC_SH_1,
    HZ,
    NEVER,
    REQ_HZ_1,
    REQ_HZ_2,
    SH,
    journal,
    seed_cross_account,
    seed_same_region,
)

GET = 'GetVpcPeerConnectionAttribute'
CREATE, MODIFY, DELETE = 'CreateRouteEntry', 'ModifyRouteEntry', 'DeleteRouteEntry'
ROUTE_WRITES = (CREATE, MODIFY, DELETE)
DESCRIBE_ENTRIES = 'DescribeRouteEntryList'
READS = (GET, 'DescribeVpcAttribute', 'DescribeVSwitches', 'DescribeRouteTableList', DESCRIBE_ENTRIES)
HZ1_TABLE, HZ2_TABLE, ACC_SH1_TABLE = 'vtb-requester-hz-1', 'vtb-requester-hz-2', 'vtb-accepter-sh-1'
ACCEPTER_BLOCK, REQUESTER_BLOCK = '172.17.0.0/16', '10.0.0.0/16'   # vpc-accepter-sh-1, vpc-requester-hz-1
TIME_2S = {'mode': 'time', 'seconds': 2}


def options(**overrides: Any) -> Dict[str, Any]:
    """The module's parameters, as AnsibleModule fills them in (every option present, defaults applied)."""
    values = dict(instance_id=None, vpc_id=None, route_table_ids=None, destinations=None, name=None, description=None,
                  state='present', purge=False, wait=True, wait_timeout=600)
    values.update(overrides)
    return values


class Run(NamedTuple):
    result: Result
    task: RoutesTask

    @property
    def changed(self) -> bool:
        return self.result.changed

    @property
    def routes(self) -> Dict[str, Any]:
        return self.task.returned(self.result) or {}

    @property
    def warnings(self) -> List[str]:
        return self.result.warnings

    @property
    def applied(self) -> List[str]:
        return [applied.action for applied in self.result.applied]

    @property
    def diff(self) -> Dict[str, Any]:
        """As the module shows it: a run that changed nothing shows no difference."""
        result = self.result
        return self.task.diff(result.before, result.resource if result.changed else result.before)


@pytest.fixture
def converge(make_api: Callable[..., Any], make_vpc_apis: Callable[..., Any]) -> Callable[..., Run]:
    """``converge(check_mode=False, account='requester', **options)``: validate and run one task as the module
    does: one Deadline (wait_timeout) for the VpcPeer API, every region's VPC API and the engine."""
    def run(check_mode: bool = False, account: str = 'requester', **overrides: Any) -> Run:
        task_params = options(**overrides)
        validate_route_options(task_params)
        api = make_api(account, budget=task_params['wait_timeout'])
        task = RoutesTask(task_params, api, make_vpc_apis(account, api.deadline))
        engine = Engine(task, api.deadline, check_mode=check_mode, wait=task_params['wait'])
        return Run(engine.run(), task)
    return run


@pytest.fixture
def fails(converge: Callable[..., Run]) -> Callable[..., VpcPeerError]:
    def run(**kwargs: Any) -> VpcPeerError:
        with pytest.raises(VpcPeerError) as caught:
            converge(**kwargs)
        return caught.value
    return run


# -- helpers ------------------------------------------------------------------------------------------------------
def route_calls(emulator: Any, *names: str) -> List[Dict[str, Any]]:
    """The journal's route writes (dry runs included), or only those of ``names``."""
    return [entry for entry in journal(emulator) if entry['action'] in (names or ROUTE_WRITES)]


def applied_writes(emulator: Any) -> List[str]:
    return [entry['action'] for entry in journal(emulator) if entry['applied']]


def through(emulator: Any, instance_id: str, table: Optional[str] = None) -> List[Dict[str, Any]]:
    """The emulator's entries (admin view) whose next hop is the connection."""
    return emulator.control.route_entries(route_table_id=table, next_hop_id=instance_id)


def destinations_through(emulator: Any, instance_id: str, table: Optional[str] = None) -> List[str]:
    return sorted(entry['DestinationCidrBlock'] for entry in through(emulator, instance_id, table))


def custom_table(emulator: Any, vpc_id: str = REQ_HZ_1, **fields: Any) -> str:
    return emulator.control.add_route_table(VpcId=vpc_id, **fields)['RouteTableId']


def seed_entry(emulator: Any, table: str, destination: str, next_hop: str, **fields: Any) -> Dict[str, Any]:
    return emulator.control.seed_route_entry(RouteTableId=table, DestinationCidrBlock=destination, NextHopId=next_hop,
                                             **fields)


def cross_account(emulator: Any, **fields: Any) -> str:
    """requester vpc-requester-hz-1 (cn-hangzhou, 10.0.0.0/16) - accepter vpc-accepter-sh-1 (cn-shanghai,
    172.17.0.0/16), Activated."""
    return seed_cross_account(emulator, **fields)['InstanceId']


# -- route_reads.py -----------------------------------------------------------------------------------------------
def test_each_account_finds_its_own_side_only(emulator, requester_api, requester_vpc_apis, accepter_api, accepter_vpc_apis):
    pcc = cross_account(emulator)
    mine = RouteReads(requester_api, requester_vpc_apis).own_sides(requester_api.get_connection(pcc))
    assert [(side.end, side.vpc['vpc_id'], side.region_id) for side in mine] == [('requester', REQ_HZ_1, HZ)]
    # The VPC's own blocks, IPv6 included (no route may go to them); the peering's IPv4 blocks of that end.
    assert mine[0].vpc['cidr_blocks'] == [REQUESTER_BLOCK, '2408:4000:1000::/56']
    assert mine[0].vpc['ipv4_cidrs'] == [REQUESTER_BLOCK]
    theirs = RouteReads(accepter_api, accepter_vpc_apis).own_sides(accepter_api.get_connection(pcc))
    assert [(side.end, side.vpc['vpc_id'], side.region_id) for side in theirs] == [('accepter', ACC_SH_1, SH)]


def test_one_account_owning_both_vpcs_finds_both_sides_or_the_one_named(emulator, requester_api, requester_vpc_apis):
    connection = requester_api.get_connection(seed_same_region(emulator)['InstanceId'])
    reads = RouteReads(requester_api, requester_vpc_apis)
    assert [side.vpc['vpc_id'] for side in reads.own_sides(connection)] == [REQ_HZ_1, REQ_HZ_2]
    assert [side.end for side in reads.own_sides(connection, REQ_HZ_2)] == ['accepter']


def test_tables_are_the_system_table_or_those_named(emulator, requester_api, requester_vpc_apis):
    pcc = cross_account(emulator)
    reads = RouteReads(requester_api, requester_vpc_apis)
    side = reads.own_sides(requester_api.get_connection(pcc))[0]
    custom = custom_table(emulator)
    assert [table['route_table_id'] for table in reads.tables(side, None)] == [HZ1_TABLE]
    assert [table['route_table_id'] for table in reads.tables(side, [custom, HZ1_TABLE])] == [custom, HZ1_TABLE]
    with pytest.raises(StateError) as caught:
        reads.tables(side, [custom, HZ2_TABLE])
    assert 'Route table %s is not a table of VPC %s' % (HZ2_TABLE, REQ_HZ_1) in caught.value.msg
    assert custom in caught.value.msg and HZ1_TABLE in caught.value.msg   # the tables it has


def test_the_routes_pointing_at_a_connection_in_every_table_of_the_callers_vpcs(emulator, requester_api, requester_vpc_apis):
    pcc = cross_account(emulator)
    other = cross_account(emulator, VpcId=REQ_HZ_2, AcceptingVpcId='vpc-accepter-sh-1')
    custom = custom_table(emulator)
    ours = [seed_entry(emulator, HZ1_TABLE, '172.17.0.0/16', pcc)['RouteEntryId'],
            seed_entry(emulator, custom, '172.17.1.0/24', pcc)['RouteEntryId']]
    seed_entry(emulator, HZ1_TABLE, '192.168.0.0/16', 'i-instance1')
    seed_entry(emulator, HZ2_TABLE, '172.17.0.0/16', other)
    found = RouteReads(requester_api, requester_vpc_apis).pointing_at(requester_api.get_connection(pcc))
    assert sorted(entry['route_entry_id'] for entry in found) == sorted(ours)


def test_waiting_for_the_entries_of_a_table_to_settle(emulator, requester_api, requester_vpc_apis, clock):
    pcc = cross_account(emulator)
    # The emulator's clock is real time plus the fake sleeps: a window far longer than the real time a loaded
    # machine takes for these calls keeps the lower bound about the sleeps alone.
    pending = seed_entry(emulator, HZ1_TABLE, '172.17.0.0/16', pcc, Status='Pending',
                         Transitions={'route_create': {'mode': 'time', 'seconds': 30}})
    reads = RouteReads(requester_api, requester_vpc_apis)
    side = reads.own_sides(requester_api.get_connection(pcc))[0]
    settled = reads.settled(side, [HZ1_TABLE])
    assert [entry['status'] for entry in settled[HZ1_TABLE] if entry['route_entry_id'] == pending['RouteEntryId']] == ['Available']
    assert 25 <= clock.elapsed() < 45


def test_a_wait_that_times_out_names_the_entries_still_in_progress(emulator, make_api, make_vpc_apis, clock):
    pcc = cross_account(emulator)
    pending = seed_entry(emulator, HZ1_TABLE, '172.17.0.0/16', pcc, Status='Pending', Transitions={'route_create': NEVER})
    api = make_api(budget=20)
    reads = RouteReads(api, make_vpc_apis('requester', api.deadline))
    side = reads.own_sides(api.get_connection(pcc))[0]
    with pytest.raises(WaitTimeout) as caught:
        reads.entry_settled(side, HZ1_TABLE, pending['RouteEntryId'], gone=False)
    assert '%s (172.17.0.0/16 Pending)' % pending['RouteEntryId'] in caught.value.msg
    assert 'Raise wait_timeout (20 s)' in caught.value.msg and clock.elapsed() == pytest.approx(20)


# -- validation: before any API call ------------------------------------------------------------------------------
@pytest.mark.parametrize('overrides, needle', [
    ({'destinations': ['10.0.0.1/16']}, "'10.0.0.1/16' has host bits set; did you mean 10.0.0.0/16?"),
    ({'destinations': ['not-a-cidr']}, "'not-a-cidr' is not a CIDR block"),
    ({'destinations': []}, 'destinations must not be empty'),
    ({'route_table_ids': []}, 'route_table_ids must not be empty'),
    ({'state': 'absent', 'purge': True}, 'purge applies to state=present only'),
    ({'name': 'x' * 129}, 'name must be 1 to 128 characters long'),
    ({'description': 'http://x'}, 'description must not start with http:// or https://'),
    ({'instance_id': 'vpc-123'}, 'instance_id'),
])
def test_invalid_options_fail_before_any_call(emulator, converge, overrides, needle):
    with pytest.raises(ValidationError) as caught:
        converge(**dict({'instance_id': 'pcc-abc123'}, **overrides))
    assert needle in caught.value.msg
    assert journal(emulator) == []


def test_every_invalid_option_is_named_at_once():
    with pytest.raises(ValidationError) as caught:
        validate_route_options(options(instance_id='pcc-abc', destinations=['10.0.0.1/16', '192.168.0.0/16'], name=''))
    assert len(caught.value.problems) == 2


# -- creating: the default table and destinations, both sides ------------------------------------------------------
def test_the_other_vpcs_blocks_are_routed_in_the_system_table(emulator, converge):
    pcc = cross_account(emulator)
    run = converge(instance_id=pcc)
    assert run.changed is True and run.applied == [CREATE]
    [sent] = [entry for entry in route_calls(emulator) if entry['applied']]
    assert sent['client_token'] and sent['params']['RouteTableId'] == HZ1_TABLE
    assert (sent['params']['DestinationCidrBlock'], sent['params']['NextHopType'], sent['params']['NextHopId']) == (
        ACCEPTER_BLOCK, 'VpcPeer', pcc)
    assert 'RouteEntryName' not in sent['params'] and 'Description' not in sent['params']
    [held] = through(emulator, pcc)
    assert (held['RouteTableId'], held['DestinationCidrBlock'], held['Status']) == (HZ1_TABLE, ACCEPTER_BLOCK, 'Available')
    routes = run.routes
    assert (routes['instance_id'], routes['vpc_id'], routes['region_id'], routes['side']) == (pcc, REQ_HZ_1, HZ, 'requester')
    assert routes['route_table_ids'] == [HZ1_TABLE]
    [entry] = routes['route_entries']
    assert entry['route_entry_id'] == held['RouteEntryId'] and entry['status'] == 'Available'
    assert (entry['next_hop_type'], entry['next_hop_id'], entry['type'], entry['origin']) == ('VpcPeer', pcc, 'Custom', 'CustomCreate')
    assert entry['next_hops'] == [{'next_hop_type': 'VpcPeer', 'next_hop_id': pcc}]


def test_the_accepter_routes_the_requesters_blocks_on_its_side(emulator, converge):
    pcc = cross_account(emulator)
    run = converge(account='accepter', instance_id=pcc)
    assert run.changed is True
    assert (run.routes['side'], run.routes['vpc_id'], run.routes['region_id']) == ('accepter', ACC_SH_1, SH)
    assert [(entry['RouteTableId'], entry['DestinationCidrBlock']) for entry in through(emulator, pcc)] == [
        (ACC_SH1_TABLE, REQUESTER_BLOCK)]
    assert {entry['access_key_id'] for entry in route_calls(emulator)} == {'EMULATOR-AK-ACCEPTER'}


def test_a_second_run_changes_nothing_and_only_reads(emulator, converge):
    pcc = cross_account(emulator)
    converge(instance_id=pcc, name='to-shared', description='Managed')
    emulator.control.clear_journal()
    run = converge(instance_id=pcc, name='to-shared', description='Managed')
    assert run.changed is False and run.applied == []
    assert {entry['action'] for entry in journal(emulator)} <= set(READS)
    assert run.diff['before'] == run.diff['after']


def test_custom_tables_and_chosen_destinations(emulator, converge):
    pcc = cross_account(emulator)
    app, db = custom_table(emulator, RouteTableName='app'), custom_table(emulator, RouteTableName='db')
    run = converge(instance_id=pcc, route_table_ids=[app, db], destinations=['172.17.0.0/20', '172.17.32.0/20'],
                   name='to-shared-services', description='Managed by Ansible')
    assert run.changed is True and run.applied == [CREATE] * 4
    sent = [(entry['params']['RouteTableId'], entry['params']['DestinationCidrBlock']) for entry in route_calls(emulator)]
    assert sent == [(app, '172.17.0.0/20'), (app, '172.17.32.0/20'), (db, '172.17.0.0/20'), (db, '172.17.32.0/20')]
    assert {(entry['params']['RouteEntryName'], entry['params']['Description']) for entry in route_calls(emulator)} == {
        ('to-shared-services', 'Managed by Ansible')}
    assert destinations_through(emulator, pcc, HZ1_TABLE) == []   # the System table is not managed
    assert run.routes['route_table_ids'] == [app, db] and len(run.routes['route_entries']) == 4
    assert {entry['status'] for entry in run.routes['route_entries']} == {'Available'}


def test_a_bare_address_is_a_host_route_and_stays_idempotent(emulator, converge):
    pcc = cross_account(emulator)
    assert converge(instance_id=pcc, destinations=['172.17.5.5', '2408:4000:2000::/56']).changed is True
    assert destinations_through(emulator, pcc) == ['172.17.5.5/32', '2408:4000:2000::/56']
    assert converge(instance_id=pcc, destinations=['172.17.5.5/32', '2408:4000:2000::/56']).changed is False
    # A destination given twice is one route.
    assert converge(instance_id=pcc, destinations=['172.17.5.5', '172.17.5.5/32']).changed is False


def test_a_same_account_connection_needs_vpc_id(emulator, converge, fails):
    pcc = seed_same_region(emulator)['InstanceId']
    err = fails(instance_id=pcc)
    assert isinstance(err, StateError) and 'joins two VPCs of one account' in err.msg and 'vpc_id' in err.msg
    assert route_calls(emulator) == []
    run = converge(instance_id=pcc, vpc_id=REQ_HZ_2)
    assert run.routes['side'] == 'accepter' and run.routes['vpc_id'] == REQ_HZ_2
    assert [(entry['RouteTableId'], entry['DestinationCidrBlock']) for entry in through(emulator, pcc)] == [
        (HZ2_TABLE, REQUESTER_BLOCK)]


def test_a_vpc_id_that_is_not_an_end_or_not_the_callers_is_refused(emulator, fails):
    pcc = cross_account(emulator)
    err = fails(instance_id=pcc, vpc_id=REQ_HZ_2)
    assert isinstance(err, StateError) and 'is not an end of VPC peering connection' in err.msg
    err = fails(instance_id=pcc, vpc_id=ACC_SH_1)
    assert isinstance(err, StateError) and 'belongs to these credentials' in err.msg
    assert route_calls(emulator) == []


def test_an_unknown_connection_is_not_found(emulator, fails):
    err = fails(instance_id='pcc-doesnotexist0000000000')
    assert isinstance(err, StateError) and 'was not found' in err.msg
    assert [entry['action'] for entry in journal(emulator)] == [GET]


# -- changing names in place, purging, removing ------------------------------------------------------------------
def test_name_and_description_are_changed_in_place(emulator, converge):
    pcc = cross_account(emulator)
    converge(instance_id=pcc, name='first', description='First')
    [before] = through(emulator, pcc)
    emulator.control.clear_journal()
    run = converge(instance_id=pcc, name='second', description='Second')
    assert run.changed is True and run.applied == [MODIFY]
    assert applied_writes(emulator) == [MODIFY]
    [sent] = route_calls(emulator)
    assert sent['params'] == {'RegionId': HZ, 'RouteEntryId': before['RouteEntryId'], 'RouteEntryName': 'second',
                              'Description': 'Second'}
    [after] = through(emulator, pcc)
    assert after['RouteEntryId'] == before['RouteEntryId']
    assert (after['RouteEntryName'], after['Description'], after['Status']) == ('second', 'Second', 'Available')
    assert [(entry['name'], entry['description']) for entry in run.routes['route_entries']] == [('second', 'Second')]


def test_name_and_description_left_out_are_left_unchanged(emulator, converge):
    pcc = cross_account(emulator)
    converge(instance_id=pcc, name='kept', description='Kept')
    emulator.control.clear_journal()
    assert converge(instance_id=pcc).changed is False
    run = converge(instance_id=pcc, description='Only this')
    assert run.applied == [MODIFY]
    assert 'RouteEntryName' not in route_calls(emulator, MODIFY)[0]['params']
    assert [(entry['RouteEntryName'], entry['Description']) for entry in through(emulator, pcc)] == [('kept', 'Only this')]


def test_purge_removes_only_the_routes_a_user_made_through_this_connection(emulator, converge):
    pcc = cross_account(emulator)
    other_pcc = cross_account(emulator, VpcId=REQ_HZ_2, AcceptingVpcId='vpc-accepter-hz-1')
    custom = custom_table(emulator)
    stale = seed_entry(emulator, HZ1_TABLE, '172.17.64.0/20', pcc)['RouteEntryId']
    kept = {
        'another next hop': seed_entry(emulator, HZ1_TABLE, '192.168.0.0/16', 'i-instance1')['RouteEntryId'],
        'propagated': seed_entry(emulator, HZ1_TABLE, '172.17.128.0/20', pcc, Type='CEN')['RouteEntryId'],
        'not managed table': seed_entry(emulator, custom, '172.17.64.0/20', pcc)['RouteEntryId'],
    }
    system = [entry['RouteEntryId'] for entry in emulator.control.route_entries(route_table_id=HZ1_TABLE)
              if entry['Type'] == 'System']
    run = converge(instance_id=pcc, purge=True)
    assert run.changed is True and run.applied == [DELETE, CREATE]
    assert route_calls(emulator, DELETE)[0]['params']['RouteEntryId'] == stale
    left = {entry['RouteEntryId'] for entry in emulator.control.route_entries(vpc_id=REQ_HZ_1)}
    assert stale not in left and set(kept.values()) <= left and set(system) <= left
    assert destinations_through(emulator, pcc, HZ1_TABLE) == ['172.17.0.0/16', '172.17.128.0/20']
    assert other_pcc not in str(route_calls(emulator))
    # The propagated route is shown (it points at the connection), but was never the module's to delete.
    assert sorted(entry['destination_cidr_block'] for entry in run.routes['route_entries']) == [
        '172.17.0.0/16', '172.17.128.0/20']


def test_state_absent_removes_the_routes_to_the_destinations_through_the_connection(emulator, converge):
    pcc = cross_account(emulator)
    converge(instance_id=pcc, destinations=['172.17.0.0/20', '172.17.16.0/20'])
    unrelated = seed_entry(emulator, HZ1_TABLE, '172.17.32.0/20', 'i-instance1')['RouteEntryId']
    emulator.control.clear_journal()
    run = converge(instance_id=pcc, destinations=['172.17.0.0/20', '172.17.32.0/20'], state='absent')
    assert run.changed is True and run.applied == [DELETE]
    assert 'ClientToken' not in route_calls(emulator, DELETE)[0]['params']
    assert destinations_through(emulator, pcc) == ['172.17.16.0/20']
    assert emulator.control.route_entry(unrelated)['Status'] == 'Available'
    assert [entry['destination_cidr_block'] for entry in run.routes['route_entries']] == ['172.17.16.0/20']
    run = converge(instance_id=pcc, state='absent')   # the default destination: nothing routed there
    assert run.changed is False
    run = converge(instance_id=pcc, destinations=['172.17.16.0/20'], state='absent')
    assert run.changed is True and through(emulator, pcc) == [] and run.routes['route_entries'] == []


def test_state_absent_leaves_a_route_through_another_next_hop_alone(emulator, converge):
    pcc = cross_account(emulator)
    other = seed_entry(emulator, HZ1_TABLE, ACCEPTER_BLOCK, 'i-instance1')['RouteEntryId']
    run = converge(instance_id=pcc, state='absent')
    assert run.changed is False and route_calls(emulator) == []
    assert emulator.control.route_entry(other)['Status'] == 'Available'


def test_a_table_named_twice_is_one_table(emulator, converge):
    # Destinations given twice are one route; a table given twice must not be planned twice either (the second
    # CreateRouteEntry of the same route would be refused, InvalidRouteEntry.Duplicate, after the first was applied).
    pcc = cross_account(emulator)
    run = converge(instance_id=pcc, route_table_ids=[HZ1_TABLE, HZ1_TABLE])
    assert run.applied == [CREATE] and len(route_calls(emulator)) == 1
    assert destinations_through(emulator, pcc) == [ACCEPTER_BLOCK]


def test_a_route_being_deleted_by_someone_else_is_not_taken_as_present(emulator, converge, clock):
    # state=present "makes sure each route table has a route to each destination": a route that is Deleting will
    # be gone in a moment, so it is waited for and created again, not reported as there.
    pcc = cross_account(emulator)
    going = seed_entry(emulator, HZ1_TABLE, ACCEPTER_BLOCK, pcc, Status='Deleting',
                       Transitions={'route_delete': TIME_2S})['RouteEntryId']
    run = converge(instance_id=pcc)
    assert run.changed is True and run.applied == [CREATE]
    [held] = through(emulator, pcc)
    assert held['RouteEntryId'] != going and held['Status'] == 'Available'


def test_a_propagated_route_through_the_connection_is_not_renamed(emulator, converge):
    # Only routes a user created are the module's; ModifyRouteEntry on a propagated one is refused by the service
    # (OperationDenied), which the read could have told before any write.
    pcc = cross_account(emulator)
    seed_entry(emulator, HZ1_TABLE, ACCEPTER_BLOCK, pcc, Type='CEN')
    try:
        converge(instance_id=pcc, name='renamed')
    except VpcPeerError:
        pass
    assert route_calls(emulator, MODIFY) == []


# -- the plan: deletes, modifies, creates; each write waited for ----------------------------------------------------
def test_deletes_then_modifies_then_creates_each_waited_for_before_the_next(emulator, converge, clock):
    pcc = cross_account(emulator)
    keep = seed_entry(emulator, HZ1_TABLE, '172.17.0.0/20', pcc, RouteEntryName='old')['RouteEntryId']
    stale = seed_entry(emulator, HZ1_TABLE, '172.17.16.0/20', pcc)['RouteEntryId']
    run = converge(instance_id=pcc, destinations=['172.17.0.0/20', '172.17.32.0/20'], name='new', purge=True)
    assert run.applied == [DELETE, MODIFY, CREATE]
    calls = journal(emulator)
    writes = [index for index, entry in enumerate(calls) if entry['action'] in ROUTE_WRITES]
    assert [calls[index]['params'].get('RouteEntryId') for index in writes] == [stale, keep, None]
    # The VPC takes one route write at a time: none was refused, and each was followed by reads of its table
    # before the next was sent.
    assert [calls[index]['code'] for index in writes] == [None, None, None]
    for first, second in zip(writes, writes[1:]):
        assert DESCRIBE_ENTRIES in [entry['action'] for entry in calls[first + 1:second]]
    assert clock.sleeps
    assert [(entry['DestinationCidrBlock'], entry['RouteEntryName']) for entry in through(emulator, pcc)] == [
        ('172.17.0.0/20', 'new'), ('172.17.32.0/20', 'new')]
    assert {entry['status'] for entry in run.routes['route_entries']} == {'Available'}


def test_entries_of_the_table_being_written_are_waited_for_before_writing(emulator, converge, clock):
    pcc = cross_account(emulator)
    busy = seed_entry(emulator, HZ1_TABLE, '192.168.0.0/16', 'i-instance1', Status='Pending',
                      Transitions={'route_create': TIME_2S})['RouteEntryId']
    run = converge(instance_id=pcc)
    assert run.changed is True and run.applied == [CREATE]
    assert [entry['code'] for entry in route_calls(emulator)] == [None]   # never refused with TaskConflict
    assert clock.elapsed() >= 2 and emulator.control.route_entry(busy)['Status'] == 'Available'


def test_wait_false_returns_after_the_last_write_was_accepted(emulator, converge, clock):
    pcc = cross_account(emulator)
    run = converge(instance_id=pcc, wait=False)
    assert run.changed is True and clock.sleeps == []
    assert [entry['Status'] for entry in through(emulator, pcc)] == ['Pending']
    [entry] = run.routes['route_entries']
    assert entry['route_entry_id'] is None and entry['destination_cidr_block'] == ACCEPTER_BLOCK


def test_wait_false_still_waits_for_each_write_but_the_last(emulator, converge, clock):
    pcc = cross_account(emulator)
    run = converge(instance_id=pcc, destinations=['172.17.0.0/20', '172.17.16.0/20'], wait=False)
    assert run.applied == [CREATE, CREATE] and clock.sleeps
    assert [entry['code'] for entry in route_calls(emulator)] == [None, None]
    assert [entry['Status'] for entry in through(emulator, pcc)] == ['Available', 'Pending']


def test_a_write_that_never_settles_times_out_saying_what_was_applied(emulator, converge, clock):
    pcc = cross_account(emulator)
    emulator.control.set_transitions(route_create=NEVER)
    with pytest.raises(WaitTimeout) as caught:
        converge(instance_id=pcc, wait_timeout=30)
    err = caught.value
    [held] = through(emulator, pcc)
    assert held['RouteEntryId'] in err.msg and 'Pending' in err.msg and 'Raise wait_timeout (30 s)' in err.msg
    assert 'The service accepted CreateRouteEntry in this run' in err.msg
    assert err.extra['changed'] is True and [item['action'] for item in err.extra['applied_actions']] == [CREATE]


# -- refusals before any write --------------------------------------------------------------------------------------
def test_a_route_to_the_destination_through_another_next_hop_is_a_conflict(emulator, fails):
    pcc = cross_account(emulator)
    custom = custom_table(emulator)
    other = seed_entry(emulator, custom, ACCEPTER_BLOCK, 'i-instance1')['RouteEntryId']
    err = fails(instance_id=pcc, route_table_ids=[HZ1_TABLE, custom])
    assert isinstance(err, StateError)
    assert '%s in %s to %s through Instance i-instance1' % (other, custom, ACCEPTER_BLOCK) in err.msg
    assert 'never replaces another route' in err.msg
    assert 'delete that entry, or leave its destination out of destinations' in err.msg
    # not even the route of the first table, which had no conflict
    assert route_calls(emulator) == [] and through(emulator, pcc) == []
    assert emulator.control.route_entry(other)['NextHops']['NextHop'][0]['NextHopId'] == 'i-instance1'


def test_a_route_through_another_connection_is_a_conflict_too(emulator, fails):
    pcc = cross_account(emulator)
    other_pcc = cross_account(emulator, VpcId=REQ_HZ_1, AcceptingVpcId='vpc-accepter-hz-1')
    entry = seed_entry(emulator, HZ1_TABLE, ACCEPTER_BLOCK, other_pcc)['RouteEntryId']
    err = fails(instance_id=pcc)
    assert entry in err.msg and 'VpcPeer %s' % other_pcc in err.msg and route_calls(emulator) == []


@pytest.mark.parametrize('destination, needle', [
    ('10.0.1.0/24', 'inside the vSwitch block 10.0.1.0/24'),
    ('10.0.2.128/25', 'inside the vSwitch block 10.0.2.0/24'),
    ('100.64.0.0/10', 'inside 100.64.0.0/10'),
    ('100.100.2.0/24', 'inside 100.64.0.0/10'),
    ('10.0.128.0/20', "inside the VPC's own block 10.0.0.0/16"),
])
def test_destinations_that_can_never_be_routed_are_refused(emulator, fails, destination, needle):
    pcc = cross_account(emulator)
    err = fails(instance_id=pcc, destinations=[ACCEPTER_BLOCK, destination])
    assert isinstance(err, StateError) and needle in err.msg and destination in err.msg
    assert 'Choose destinations outside' in err.msg
    assert route_calls(emulator) == []


def test_a_destination_inside_the_vpcs_own_ipv6_block_is_refused(emulator, fails):
    # vpc-requester-hz-1 has the IPv6 block 2408:4000:1000::/56 (docs/emulator.md); the documentation refuses any
    # destination "inside the VPC's own blocks".
    pcc = cross_account(emulator)
    err = fails(instance_id=pcc, destinations=['2408:4000:1000:10::/64'])
    assert isinstance(err, StateError) and '2408:4000:1000::/56' in err.msg
    assert route_calls(emulator) == []


def test_forbidden_destinations_do_not_stop_removing_routes(emulator, converge):
    pcc = cross_account(emulator)
    assert converge(instance_id=pcc, destinations=['10.0.1.0/24'], state='absent').changed is False


def test_a_table_of_another_vpc_is_refused(emulator, fails):
    pcc = cross_account(emulator)
    err = fails(instance_id=pcc, route_table_ids=[HZ1_TABLE, HZ2_TABLE])
    assert isinstance(err, StateError) and HZ2_TABLE in err.msg and 'is not a table of VPC %s' % REQ_HZ_1 in err.msg
    assert route_calls(emulator) == []


def seed_custom_entries(emulator: Any, table: str, count: int) -> None:
    emulator.control.seed_route_entries([{'RouteTableId': table, 'DestinationCidrBlock': '192.168.%d.0/24' % index,
                                          'NextHopId': 'i-instance%d' % index} for index in range(count)])


def test_a_table_may_fill_up_to_its_quota_of_200_custom_entries(emulator, converge):
    pcc = cross_account(emulator)
    table = custom_table(emulator)
    seed_custom_entries(emulator, table, 199)
    assert converge(instance_id=pcc, route_table_ids=[table]).applied == [CREATE]
    assert emulator.control.route_table(table)['CustomEntryCount'] == 200


def test_a_table_at_its_quota_is_refused_before_any_write(emulator, fails):
    pcc = cross_account(emulator)
    table = custom_table(emulator)
    seed_custom_entries(emulator, table, 199)
    err = fails(instance_id=pcc, route_table_ids=[HZ1_TABLE, table], destinations=['172.17.0.0/20', '172.17.16.0/20'])
    assert isinstance(err, StateError)
    assert 'Route table %s holds 199 custom entries; 2 more would pass its quota of 200' % table in err.msg
    assert route_calls(emulator) == [] and through(emulator, pcc) == []


def test_the_quota_counts_the_entries_the_plan_deletes(emulator, converge):
    pcc = cross_account(emulator)
    table = custom_table(emulator)
    seed_custom_entries(emulator, table, 199)
    stale = seed_entry(emulator, table, '172.17.64.0/20', pcc)['RouteEntryId']
    run = converge(instance_id=pcc, route_table_ids=[table], purge=True)
    assert run.applied == [DELETE, CREATE]
    assert route_calls(emulator, DELETE)[0]['params']['RouteEntryId'] == stale
    assert emulator.control.route_table(table)['CustomEntryCount'] == 200


@pytest.mark.parametrize('status, needle', [
    ('Accepting', 'The accepter account must accept it first'),
    ('Rejected', 'can delete it (state=absent) and create a new connection'),
    ('Expired', 'can delete it (state=absent) and create a new connection'),
])
def test_a_connection_that_cannot_carry_routes_fails_at_once_saying_what_to_do(emulator, fails, clock, status, needle):
    pcc = cross_account(emulator, Status=status)
    err = fails(instance_id=pcc)
    assert isinstance(err, StateError) and status.lower() in err.msg.lower() and needle in err.msg and pcc in err.msg
    assert route_calls(emulator) == [] and clock.sleeps == []


def test_check_mode_previews_routes_through_a_connection_waiting_for_its_accepter(emulator, converge, clock):
    # An earlier task of the same play may accept it: check mode, where that task changed nothing, previews the
    # routes (no dry run, which the service would refuse now) and says why; a real run still fails at once.
    pcc = cross_account(emulator, Status='Accepting')
    run = converge(check_mode=True, instance_id=pcc)
    assert run.changed is True and route_calls(emulator) == [] and clock.sleeps == []
    assert any('The accepter account must accept it first' in warning and 'Check mode previews' in warning
               for warning in run.warnings)
    assert [entry['route_entry_id'] for entry in run.routes['route_entries']] == [None]


def test_a_deleted_connection_fails_at_once(emulator, fails, clock):
    pcc = cross_account(emulator, Status='Deleted', Transitions={'deleted': NEVER})
    err = fails(instance_id=pcc)
    assert isinstance(err, StateError) and 'deleted' in err.msg and route_calls(emulator) == [] and clock.sleeps == []


def test_a_connection_being_deleted_fails_at_once(emulator, fails, clock):
    # The documentation: "one that is Accepting, Rejected, Expired, Deleting or Deleted fails at once".
    pcc = cross_account(emulator, Status='Deleting', Transitions={'delete': NEVER})
    err = fails(instance_id=pcc, wait_timeout=60)
    assert isinstance(err, StateError) and 'Deleting' in err.msg
    assert route_calls(emulator) == [] and clock.sleeps == []


def test_routes_of_a_connection_that_cannot_carry_new_ones_can_still_be_renamed_and_removed(emulator, converge):
    pcc = cross_account(emulator)
    converge(instance_id=pcc)
    emulator.control.patch_connection(pcc, Status='Expired')
    assert converge(instance_id=pcc, name='renamed').applied == [MODIFY]
    assert converge(instance_id=pcc, state='absent').applied == [DELETE]
    assert through(emulator, pcc) == []


@pytest.mark.parametrize('status', ['Updating', 'Creating'])
def test_a_connection_settling_is_waited_for_then_routed(emulator, converge, clock, status):
    pcc = seed_same_region(emulator, Status=status, Transitions={'modify': TIME_2S, 'create': TIME_2S})['InstanceId']
    run = converge(instance_id=pcc, vpc_id=REQ_HZ_1)
    assert run.changed is True and clock.elapsed() >= 2
    assert [entry['code'] for entry in route_calls(emulator)] == [None]   # sent once it was Activated
    assert destinations_through(emulator, pcc) == ['10.1.0.0/16']


# -- check mode ------------------------------------------------------------------------------------------------------
def test_check_mode_sends_one_dry_run_per_write_and_applies_nothing(emulator, converge, clock):
    pcc = cross_account(emulator)
    app = custom_table(emulator)
    keep = seed_entry(emulator, HZ1_TABLE, '172.17.0.0/20', pcc, RouteEntryName='old')['RouteEntryId']
    stale = seed_entry(emulator, HZ1_TABLE, '172.17.16.0/20', pcc)['RouteEntryId']
    run = converge(check_mode=True, instance_id=pcc, route_table_ids=[HZ1_TABLE, app],
                   destinations=['172.17.0.0/20', '172.17.32.0/20'], name='new', purge=True)
    assert run.changed is True and run.result.applied == [] and applied_writes(emulator) == [] and clock.sleeps == []
    calls = route_calls(emulator)
    assert [(entry['action'], entry['code'], entry['params']['DryRun']) for entry in calls] == [
        (DELETE, 'DryRunOperation', 'True'), (MODIFY, 'DryRunOperation', 'True'),
        (CREATE, 'DryRunOperation', 'True'), (CREATE, 'DryRunOperation', 'True'), (CREATE, 'DryRunOperation', 'True')]
    assert all('ClientToken' not in entry['params'] for entry in calls)
    assert calls[0]['params']['RouteEntryId'] == stale and calls[1]['params']['RouteEntryId'] == keep
    assert emulator.control.route_entry(keep)['RouteEntryName'] == 'old'
    assert emulator.control.route_entry(stale)['Status'] == 'Available'
    row = {'name': 'new', 'description': None, 'status': 'Available'}
    assert run.diff == {
        'before': {HZ1_TABLE: [{'destination_cidr_block': '172.17.0.0/20', 'name': 'old', 'description': None, 'status': 'Available'},
                               {'destination_cidr_block': '172.17.16.0/20', 'name': None, 'description': None, 'status': 'Available'}],
                   app: []},
        'after': {HZ1_TABLE: [dict(row, destination_cidr_block='172.17.0.0/20'), dict(row, destination_cidr_block='172.17.32.0/20')],
                  app: [dict(row, destination_cidr_block='172.17.0.0/20'), dict(row, destination_cidr_block='172.17.32.0/20')]}}
    predicted = [entry for entry in run.routes['route_entries'] if entry['route_entry_id'] is None]
    assert len(predicted) == 3 and {entry['next_hop_id'] for entry in predicted} == {pcc}


def test_check_mode_at_the_quota_previews_what_the_real_run_does(emulator, converge):
    # The real run deletes first, then creates within the quota (test_the_quota_counts_the_entries_the_plan_deletes);
    # check mode's dry run of that create, sent while the delete is not applied, is refused QuotaExceeded "for now",
    # like the calls the documentation says are predicted with a warning instead.
    pcc = cross_account(emulator)
    table = custom_table(emulator)
    seed_custom_entries(emulator, table, 199)
    seed_entry(emulator, table, '172.17.64.0/20', pcc)
    run = converge(check_mode=True, instance_id=pcc, route_table_ids=[table], purge=True)
    assert run.changed is True and applied_writes(emulator) == []


def test_check_mode_with_nothing_to_do_only_reads(emulator, converge):
    pcc = cross_account(emulator)
    converge(instance_id=pcc)
    emulator.control.clear_journal()
    run = converge(check_mode=True, instance_id=pcc)
    assert run.changed is False and route_calls(emulator) == [] and run.warnings == []


def test_a_refused_dry_run_fails_the_check(emulator, converge):
    pcc = cross_account(emulator)
    emulator.control.add_fault('error', CREATE, code='InvalidCidrBlock.Duplicate')
    with pytest.raises(ApiError) as caught:
        converge(check_mode=True, instance_id=pcc)
    assert caught.value.code == 'InvalidCidrBlock.Duplicate' and applied_writes(emulator) == []


def test_check_mode_never_waits_for_entries_being_written(emulator, converge, clock):
    pcc = cross_account(emulator)
    busy = seed_entry(emulator, HZ1_TABLE, '192.168.0.0/16', 'i-instance1', Status='Pending',
                      Transitions={'route_create': NEVER})['RouteEntryId']
    run = converge(check_mode=True, instance_id=pcc)
    assert run.changed is True and clock.sleeps == []
    assert route_calls(emulator) == []     # predicted, not dry-run: the service would answer TaskConflict
    assert any(busy in warning and 'Pending' in warning for warning in run.warnings)
    assert [entry['destination_cidr_block'] for entry in run.routes['route_entries']] == [ACCEPTER_BLOCK]


def test_check_mode_never_waits_for_a_connection_being_updated(emulator, converge, clock):
    pcc = cross_account(emulator, Status='Updating', Transitions={'modify': NEVER})
    run = converge(check_mode=True, instance_id=pcc)
    assert run.changed is True and clock.sleeps == [] and route_calls(emulator) == []
    assert any(pcc in warning and 'Updating' in warning for warning in run.warnings)


def test_a_dry_run_refused_for_now_by_another_writer_is_a_warning(emulator, converge, clock):
    pcc = cross_account(emulator)
    other = custom_table(emulator)
    seed_entry(emulator, other, '192.168.0.0/16', 'i-instance1', Status='Pending', Transitions={'route_create': NEVER})
    run = converge(check_mode=True, instance_id=pcc)
    assert run.changed is True and clock.sleeps == []
    assert [entry['code'] for entry in route_calls(emulator)] == ['TaskConflict']
    assert any('TaskConflict' in warning for warning in run.warnings)


# -- faults and other writers ----------------------------------------------------------------------------------------
def test_a_lost_answer_of_create_is_resent_with_its_client_token(emulator, converge):
    pcc = cross_account(emulator)
    emulator.control.add_fault('drop', CREATE, after_apply=True)
    run = converge(instance_id=pcc)
    assert run.changed is True and run.applied == [CREATE]
    creates = route_calls(emulator, CREATE)
    assert len(creates) == 2 and creates[0]['fault'] == 'drop' and creates[1]['idempotent_replay'] is True
    assert len({entry['client_token'] for entry in creates}) == 1
    assert [entry['applied'] for entry in creates] == [True, False]
    assert len(through(emulator, pcc)) == 1
    assert run.result.applied[0].request_id == creates[0]['request_id']


def test_a_lost_answer_of_delete_is_not_resent_the_task_reads_again(emulator, converge):
    pcc = cross_account(emulator)
    converge(instance_id=pcc)
    emulator.control.clear_journal()
    emulator.control.add_fault('drop', DELETE, after_apply=True)
    run = converge(instance_id=pcc, state='absent')
    assert run.changed is True
    assert [(applied.action, applied.answer_lost) for applied in run.result.applied] == [(DELETE, True)]
    assert len(route_calls(emulator, DELETE)) == 1 and applied_writes(emulator) == [DELETE]
    calls = journal(emulator)
    assert DESCRIBE_ENTRIES in [entry['action'] for entry in calls[[entry['action'] for entry in calls].index(DELETE):]]
    assert through(emulator, pcc) == [] and run.routes['route_entries'] == []


def test_a_lost_answer_of_a_delete_still_in_progress_is_waited_for(emulator, converge, clock):
    # The read after the lost answer shows the entry Deleting: nothing is left to send, but the task waits until it
    # is gone before it returns the routes, as it waits after an answered delete.
    pcc = cross_account(emulator)
    seed_entry(emulator, HZ1_TABLE, ACCEPTER_BLOCK, pcc, Transitions={'route_delete': TIME_2S})
    emulator.control.add_fault('drop', DELETE, after_apply=True)
    run = converge(instance_id=pcc, state='absent')
    assert [(applied.action, applied.answer_lost) for applied in run.result.applied] == [(DELETE, True)]
    assert through(emulator, pcc) == [] and run.routes['route_entries'] == []
    assert len(route_calls(emulator, DELETE)) == 1


def test_a_lost_answer_of_modify_is_not_resent(emulator, converge):
    pcc = cross_account(emulator)
    converge(instance_id=pcc, name='one')
    emulator.control.clear_journal()
    emulator.control.add_fault('drop', MODIFY, after_apply=True)
    run = converge(instance_id=pcc, name='two')
    assert run.changed is True and len(route_calls(emulator, MODIFY)) == 1
    assert [(applied.action, applied.answer_lost) for applied in run.result.applied] == [(MODIFY, True)]
    assert [entry['RouteEntryName'] for entry in through(emulator, pcc)] == ['two']


def test_a_delete_lost_before_it_was_applied_is_planned_again(emulator, converge):
    pcc = cross_account(emulator)
    converge(instance_id=pcc)
    emulator.control.clear_journal()
    emulator.control.add_fault('drop', DELETE)
    run = converge(instance_id=pcc, state='absent')
    # The first attempt may have been applied for all the task knows; the read showed it was not, so a new
    # DeleteRouteEntry went out - one applied in the end.
    assert [entry['applied'] for entry in route_calls(emulator, DELETE)] == [False, True]
    assert applied_writes(emulator) == [DELETE] and through(emulator, pcc) == [] and run.changed is True


def test_task_conflict_from_another_writer_in_the_vpc_is_waited_out(emulator, converge, clock):
    pcc = cross_account(emulator)
    other = custom_table(emulator)
    busy = seed_entry(emulator, other, '192.168.0.0/16', 'i-instance1', Status='Pending',
                      Transitions={'route_create': {'mode': 'time', 'seconds': 5}})['RouteEntryId']
    run = converge(instance_id=pcc)
    codes = [entry['code'] for entry in route_calls(emulator, CREATE)]
    assert codes[0] == 'TaskConflict' and codes[-1] is None and set(codes[:-1]) == {'TaskConflict'}
    assert applied_writes(emulator) == [CREATE] and run.applied == [CREATE] and len(through(emulator, pcc)) == 1
    assert clock.elapsed() >= 5 and emulator.control.route_entry(busy)['Status'] == 'Available'
    # each attempt a new logical call, with a token of its own
    assert len({entry['client_token'] for entry in route_calls(emulator, CREATE)}) == len(codes)


def test_another_vpc_being_written_is_no_conflict(emulator, converge, clock):
    pcc = cross_account(emulator)
    seed_entry(emulator, HZ2_TABLE, '192.168.0.0/16', 'i-instance1', Status='Pending', Transitions={'route_create': NEVER})
    assert converge(instance_id=pcc).changed is True
    assert [entry['code'] for entry in route_calls(emulator)] == [None]


def test_a_busy_refusal_until_wait_timeout_gives_up_changing_nothing(emulator, fails):
    pcc = cross_account(emulator)
    emulator.control.add_fault('error', CREATE, code='TaskConflict', probability=1.0)
    err = fails(instance_id=pcc, wait_timeout=20)
    assert isinstance(err, ApiError) and err.code == 'TaskConflict'
    assert 'kept it busy until wait_timeout (20 s)' in err.msg
    assert err.extra['changed'] is False and applied_writes(emulator) == []


def test_a_refusal_about_a_settled_entry_is_not_waited_out_forever(emulator, converge, fails):
    pcc = cross_account(emulator)
    converge(instance_id=pcc)
    emulator.control.clear_journal()
    emulator.control.add_fault('error', DELETE, code='IncorrectRouteEntryStatus', count=50)
    err = fails(instance_id=pcc, state='absent')
    assert isinstance(err, ApiError) and 'IncorrectRouteEntryStatus 5 times in a row' in err.msg
    assert len(route_calls(emulator, DELETE)) == 5 and applied_writes(emulator) == []


def test_throttling_and_server_errors_are_retried(emulator, converge):
    pcc = cross_account(emulator)
    emulator.control.add_fault('throttling', CREATE, count=2)
    emulator.control.add_fault('service_unavailable', DESCRIBE_ENTRIES, count=1)
    emulator.control.add_fault('internal_error', 'DescribeRouteTableList', count=1)
    emulator.control.add_fault('bad_gateway', 'DescribeVSwitches', count=1)
    run = converge(instance_id=pcc)
    creates = route_calls(emulator, CREATE)
    assert [entry['code'] for entry in creates] == ['Throttling.User', 'Throttling.User', None]
    assert len({entry['client_token'] for entry in creates}) == 1
    assert run.applied == [CREATE] and len(through(emulator, pcc)) == 1


# -- vpc_peer_connection state=absent and the routes ---------------------------------------------------------------
def test_deleting_a_routed_connection_without_force_names_the_routes_before_any_write(
        emulator, converge, requester_api, requester_vpc_apis):
    pcc = cross_account(emulator)
    converge(instance_id=pcc, destinations=['172.17.0.0/20', '172.17.16.0/20'])
    ids = [entry['RouteEntryId'] for entry in through(emulator, pcc)]
    emulator.control.clear_journal()
    params = {'state': 'absent', 'instance_id': pcc, 'force': False, 'wait': True, 'wait_timeout': 600}
    task = ConnectionTask(params, requester_api, vpc_apis=requester_vpc_apis)
    with pytest.raises(StateError) as caught:
        Engine(task, requester_api.deadline, check_mode=False).run()
    for entry_id in ids:
        assert entry_id in caught.value.msg
    assert 'force: true' in caught.value.msg and 'vpc_peer_route with state=absent' in caught.value.msg
    assert [entry for entry in journal(emulator) if entry['action'] == 'DeleteVpcPeerConnection'] == []
    task = ConnectionTask(dict(params, force=True), requester_api, vpc_apis=requester_vpc_apis)
    assert Engine(task, requester_api.deadline, check_mode=False).run().changed is True
    assert through(emulator, pcc) == []
