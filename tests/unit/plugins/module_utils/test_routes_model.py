# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``routes_model.py``: the rules of vpc_peer_route's documentation that need no API call - destinations (CIDR
blocks, bare addresses, host bits), name and description, where a route may go, which entries point at the
connection and which a user created, and what the diff shows."""

from __future__ import annotations

import ipaddress

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.routes_model import (
    MAX_CUSTOM_ENTRIES_PER_TABLE,
    SETTLING_ENTRY_STATUSES,
    destination_problems,
    entry_diff,
    forbidden_destination,
    is_user_created,
    network,
    points_at,
    routes_diff,
    same_destination,
    text_problems,
)

PCC = 'pcc-route0test0connection1'
VPC_BLOCKS = ['10.0.0.0/16']
VSWITCH_BLOCKS = ['10.0.1.0/24', '10.0.2.0/24']


def entry(**fields):
    """A route entry as api.route_entry_view shapes it."""
    values = {'route_entry_id': 'rte-1', 'route_table_id': 'vtb-1', 'destination_cidr_block': '172.16.0.0/16',
              'status': 'Available', 'type': 'Custom', 'origin': 'CustomCreate', 'name': None, 'description': None,
              'ip_version': 'ipv4', 'next_hop_type': 'VpcPeer', 'next_hop_id': PCC,
              'next_hops': [{'next_hop_type': 'VpcPeer', 'next_hop_id': PCC}]}
    values.update(fields)
    return values


# -- destinations -------------------------------------------------------------------------------------------
@pytest.mark.parametrize('value', ['172.16.0.0/16', '10.0.0.0/8', '192.168.1.7', '192.168.1.7/32', '0.0.0.0/0',
                                   '2408:4000:2000::/56', '2408:4000:2000::1', 'fd00::/8'])
def test_cidr_blocks_and_bare_addresses_are_destinations(value):
    assert destination_problems([value]) == []


def test_a_bare_address_means_a_host_route():
    assert network('192.168.1.7') == ipaddress.ip_network('192.168.1.7/32')
    assert network('2408:4000:2000::1') == ipaddress.ip_network('2408:4000:2000::1/128')


def test_host_bits_set_are_refused_naming_the_block_meant():
    assert destination_problems(['10.0.0.1/16']) == ["destinations: '10.0.0.1/16' has host bits set; did you mean 10.0.0.0/16?"]
    problems = destination_problems(['2408:4000:2000::5/56'])
    assert len(problems) == 1 and '2408:4000:2000::/56' in problems[0]


@pytest.mark.parametrize('value', ['not-a-block', '10.0.0.0/33', '300.1.1.1', '', '10.0.0.0/', 'pcc-x'])
def test_what_is_no_cidr_block_is_refused(value):
    problems = destination_problems([value])
    assert len(problems) == 1 and 'is not a CIDR block' in problems[0] and repr(value) in problems[0]


def test_every_problem_is_listed_at_once():
    problems = destination_problems(['10.0.0.1/16', 'nonsense', '172.16.0.0/16', '192.168.0.1/24'])
    assert len(problems) == 3
    assert '10.0.0.0/16' in problems[0] and 'nonsense' in problems[1] and '192.168.0.0/24' in problems[2]


# -- name and description -------------------------------------------------------------------------------------
def test_name_and_description_within_their_limits_pass():
    assert text_problems({'name': 'n' * 128, 'description': 'd' * 256}) == []
    assert text_problems({'name': None, 'description': None}) == []
    assert text_problems({}) == []


@pytest.mark.parametrize('params, needle', [
    ({'name': ''}, 'name must be 1 to 128 characters long (got 0)'),
    ({'name': 'n' * 129}, 'name must be 1 to 128 characters long (got 129)'),
    ({'description': 'd' * 257}, 'description must be 1 to 256 characters long (got 257)'),
    ({'name': 'http://example.com'}, 'name must not start with http:// or https://'),
    ({'description': 'https://example.com'}, 'description must not start with http:// or https://'),
])
def test_name_and_description_rules(params, needle):
    assert text_problems(params) == [needle]


# -- where a route may go ----------------------------------------------------------------------------------------
def test_a_destination_in_the_service_block_is_forbidden():
    for value in ('100.64.0.0/10', '100.64.1.0/24', '100.127.255.255/32'):
        reason = forbidden_destination(network(value), VPC_BLOCKS, VSWITCH_BLOCKS)
        assert reason and '100.64.0.0/10' in reason
    # next to it, and containing it, is allowed
    assert forbidden_destination(network('100.128.0.0/16'), VPC_BLOCKS, VSWITCH_BLOCKS) is None
    assert forbidden_destination(network('100.0.0.0/8'), VPC_BLOCKS, VSWITCH_BLOCKS) is None


def test_a_destination_inside_a_vswitch_is_forbidden_naming_the_vswitch():
    for value in ('10.0.1.0/24', '10.0.1.128/25', '10.0.2.9'):
        reason = forbidden_destination(network(value), VPC_BLOCKS, VSWITCH_BLOCKS)
        assert reason and 'vSwitch block 10.0.' in reason
    assert 'vSwitch block 10.0.2.0/24' in forbidden_destination(network('10.0.2.0/25'), [], VSWITCH_BLOCKS)


def test_a_destination_inside_the_vpc_is_forbidden_naming_its_block():
    reason = forbidden_destination(network('10.0.128.0/20'), VPC_BLOCKS, VSWITCH_BLOCKS)
    assert reason and "VPC's own block 10.0.0.0/16" in reason
    assert "own block 10.0.0.0/16" in forbidden_destination(network('10.0.0.0/16'), VPC_BLOCKS, VSWITCH_BLOCKS)
    # a secondary block counts as well
    assert '192.168.0.0/16' in forbidden_destination(network('192.168.3.0/24'), VPC_BLOCKS + ['192.168.0.0/16'], [])


def test_a_destination_containing_the_vpc_or_its_vswitches_is_allowed():
    assert forbidden_destination(network('10.0.0.0/8'), VPC_BLOCKS, VSWITCH_BLOCKS) is None
    assert forbidden_destination(network('0.0.0.0/0'), VPC_BLOCKS, VSWITCH_BLOCKS) is None


def test_other_addresses_and_other_families_are_allowed():
    assert forbidden_destination(network('172.16.0.0/16'), VPC_BLOCKS, VSWITCH_BLOCKS) is None
    assert forbidden_destination(network('2408:4000:2000::/56'), VPC_BLOCKS, VSWITCH_BLOCKS) is None
    assert forbidden_destination(network('2408:4000:2000::/56'), ['2408:4000:1000::/56'], []) is None


def test_an_ipv6_destination_inside_the_vpcs_own_ipv6_block_is_forbidden():
    assert 'own block 2408:4000:1000::/56' in forbidden_destination(
        network('2408:4000:1000:10::/64'), VPC_BLOCKS + ['2408:4000:1000::/56'], [])


# -- entries -----------------------------------------------------------------------------------------------------
def test_an_entry_points_at_the_connection_through_any_of_its_next_hops():
    assert points_at(entry(), PCC)
    assert not points_at(entry(), 'pcc-another0connection')
    ecmp = entry(next_hop_type='Instance', next_hop_id='i-1',
                 next_hops=[{'next_hop_type': 'Instance', 'next_hop_id': 'i-1'}, {'next_hop_type': 'VpcPeer', 'next_hop_id': PCC}])
    assert points_at(ecmp, PCC)
    assert not points_at(entry(next_hops=[{'next_hop_type': 'local', 'next_hop_id': None}]), PCC)
    assert not points_at(entry(next_hops=[]), PCC)
    assert not points_at(entry(next_hops=None), PCC)


def test_destinations_are_compared_as_networks():
    assert same_destination(entry(destination_cidr_block='172.16.0.0/16'), network('172.16.0.0/16'))
    assert same_destination(entry(destination_cidr_block='192.168.1.7/32'), network('192.168.1.7'))
    assert same_destination(entry(destination_cidr_block='2408:4000:2000:0::/56'), network('2408:4000:2000::/56'))
    assert not same_destination(entry(destination_cidr_block='172.16.0.0/16'), network('172.16.0.0/17'))
    assert not same_destination(entry(destination_cidr_block='garbage'), network('172.16.0.0/16'))
    assert not same_destination(entry(destination_cidr_block=None), network('172.16.0.0/16'))


def test_only_custom_entries_a_user_created_are_the_modules_to_purge():
    assert is_user_created(entry())
    assert is_user_created(entry(origin=None))
    assert not is_user_created(entry(type='System', origin='SystemCreate'))
    for propagated in ('BGP', 'CEN', 'ECR'):
        assert not is_user_created(entry(type=propagated, origin='RoutePropagation'))
    assert not is_user_created(entry(origin='RoutePropagation'))


def test_the_module_knows_the_services_limits_and_busy_statuses():
    assert MAX_CUSTOM_ENTRIES_PER_TABLE == 200
    assert SETTLING_ENTRY_STATUSES == {'Pending', 'Modifying', 'Deleting'}


# -- the diff ----------------------------------------------------------------------------------------------------
def test_the_diff_shows_each_managed_table_with_its_entries_through_the_connection_sorted():
    view = {'route_table_ids': ['vtb-a', 'vtb-b', 'vtb-c'], 'route_entries': [
        entry(route_table_id='vtb-a', destination_cidr_block='172.18.0.0/16', name='n2'),
        entry(route_table_id='vtb-a', destination_cidr_block='172.16.0.0/16', name='n1', description='d'),
        entry(route_table_id='vtb-b', destination_cidr_block='172.17.0.0/16', status='Pending')]}
    assert routes_diff(view) == {
        'vtb-a': [{'destination_cidr_block': '172.16.0.0/16', 'name': 'n1', 'description': 'd', 'status': 'Available'},
                  {'destination_cidr_block': '172.18.0.0/16', 'name': 'n2', 'description': None, 'status': 'Available'}],
        'vtb-b': [{'destination_cidr_block': '172.17.0.0/16', 'name': None, 'description': None, 'status': 'Pending'}],
        'vtb-c': []}


def test_the_diff_of_nothing_is_empty():
    assert routes_diff(None) == {} and routes_diff({}) == {}


def test_an_entry_in_the_diff_is_its_destination_name_description_and_status():
    assert entry_diff(entry(name='x', description='y')) == {
        'destination_cidr_block': '172.16.0.0/16', 'name': 'x', 'description': 'y', 'status': 'Available'}
