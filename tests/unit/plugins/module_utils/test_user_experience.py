# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pure rules behind the rough edges the integration target ``user_experience`` shows where a user meets them:
empty environment variables, the create-time name rule and the bandwidth's bound, empty info filters, boolean tags,
how long a typo in the endpoint costs, and the guide that states that rule. No service is involved."""

from __future__ import annotations

import os
import re

import pytest
from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import client, errors
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import _without_userinfo, tag_text
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.client import ConnectionSettings
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ApiError
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.info import empty_filters
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering_model import (
    MAX_BANDWIDTH,
    attribute_problems,
    tag_changes,
    tag_dict,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import (
    NOT_SENT_RETRY_SECONDS,
    RETRY_MAX_ATTEMPTS,
    Backoff,
    Deadline,
    call_with_retry,
    retry_backoff,
)

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))


# -- an empty environment variable never hides its fallback ---------------------------------------------------
def fallback_value(option: str) -> str:
    function, names = client.connection_argument_spec()[option]['fallback']
    return function(*names)


@pytest.mark.parametrize('option', ['access_key_id', 'access_key_secret', 'security_token', 'region_id'])
def test_each_chain_skips_an_empty_first_variable(monkeypatch, option):
    first, second = client.connection_argument_spec()[option]['fallback'][1]
    monkeypatch.setenv(first, '')
    monkeypatch.setenv(second, 'from-%s' % second)
    assert fallback_value(option) == 'from-%s' % second


@pytest.mark.parametrize('option', ['access_key_id', 'access_key_secret', 'security_token', 'region_id', 'profile',
                                    'endpoint'])
def test_an_empty_chain_is_no_value(monkeypatch, option):
    """Every variable of the chain empty, as AWX injects empty credential fields: no value, so the option's own default
    applies (the default chain, the default endpoint) instead of an empty string."""
    for name in client.connection_argument_spec()[option]['fallback'][1]:
        monkeypatch.setenv(name, '')
    with pytest.raises(AnsibleFallbackNotFound):
        fallback_value(option)


def test_empty_connection_options_are_not_set():
    settings = ConnectionSettings.from_params({'access_key_id': '', 'access_key_secret': '', 'security_token': '',
                                               'region_id': '', 'profile': '', 'endpoint': ''})
    assert settings.credentials_source == client.CREDENTIALS_DEFAULT_CHAIN
    assert settings.region_id is None and settings.profile is None and settings.security_token is None
    assert settings.endpoint == client.Endpoint(client.DEFAULT_ENDPOINT, 'https')
    assert settings.warnings == []


def test_an_empty_profile_beside_a_key_pair_warns_of_nothing():
    settings = ConnectionSettings.from_params({'access_key_id': 'AK', 'access_key_secret': 'secret', 'profile': ''})
    assert settings.credentials_source == client.CREDENTIALS_STATIC and settings.warnings == []


# -- refused early: the create-time name rule and the bandwidth's bound -------------------------------------------
NAME_RULE = 'name may hold only letters, digits, underscores (_) and hyphens (-) to create a connection'
BANDWIDTH_RULE = 'bandwidth must be an integer from 1 to 2147483647'


@pytest.mark.parametrize('name', ['bad name', 'web.db', 'ab!', 'web/db', 'tab\there', 'naïve name'])
def test_create_time_names_hold_only_letters_digits_underscores_and_hyphens(name):
    problems = attribute_problems({'name': name}, creating=True)
    assert any(NAME_RULE in problem and repr(name) in problem for problem in problems)


@pytest.mark.parametrize('name', ['web-to-db', 'web_to_db2', 'Ab', 'a' * 128])
def test_create_time_names_that_follow_the_rule(name):
    assert attribute_problems({'name': name}, creating=True) == []


@pytest.mark.parametrize('name', ['web.db', 'bad name', 'ab!'])
def test_modifying_keeps_the_looser_rule_of_modify(name):
    assert attribute_problems({'name': name}) == []


@pytest.mark.parametrize('bandwidth', [MAX_BANDWIDTH + 1, 99999999999999999999, 0, -1])
def test_bandwidth_beyond_the_apis_integer_is_refused(bandwidth):
    for creating in (False, True):
        problems = attribute_problems({'bandwidth': bandwidth}, creating=creating)
        assert [problem for problem in problems if BANDWIDTH_RULE in problem] != []


def test_the_bandwidths_bound_is_the_apis_32_bit_integer():
    assert MAX_BANDWIDTH == 2 ** 31 - 1
    assert attribute_problems({'bandwidth': MAX_BANDWIDTH}, creating=True) == []


# -- surprising results: empty info filters, boolean tags ----------------------------------------------------------
@pytest.mark.parametrize('params, expected', [
    ({'instance_ids': []}, ['instance_ids']),
    ({'vpc_ids': []}, ['vpc_ids']),
    ({'tags': {}}, ['tags']),
    ({'instance_ids': [], 'vpc_ids': [], 'tags': {}}, ['instance_ids', 'vpc_ids', 'tags']),
    ({'instance_ids': None, 'vpc_ids': None, 'tags': None}, []),   # left out: no filter
    ({'instance_ids': ['pcc-a'], 'vpc_ids': ['vpc-a'], 'tags': {'env': ''}}, []),
    ({'name': ''}, []),
])
def test_which_filters_came_out_empty(params, expected):
    assert empty_filters(params) == expected


def test_boolean_tag_values_are_spelled_as_the_service_stores_them():
    assert (tag_text(True), tag_text(False), tag_text(3), tag_text(None)) == ('true', 'false', '3', '')
    stored = tag_dict({'monitored': True, 'public': False, 'tier': 3})
    assert stored == {'monitored': 'true', 'public': 'false', 'tier': '3'}


def test_boolean_tags_as_stored_are_no_change():
    """The second run of a task with boolean tags reads them back as the strings the service stored."""
    stored = {'monitored': 'true', 'public': 'false'}
    assert tag_changes(stored, {'monitored': True, 'public': False}, purge=True) == ({}, [])
    assert tag_changes({'monitored': 'True'}, {'monitored': True}, purge=True) == ({'monitored': 'true'}, [])


# -- a typo in the endpoint costs seconds, not a minute ---------------------------------------------------------
class Attempts:
    """An attempt function that always raises the same kind of error."""

    def __init__(self, err: ApiError) -> None:
        self.err = err
        self.count = 0

    def __call__(self, connect: float, read: float) -> str:
        self.count += 1
        raise self.err


def misconfigured(code, status=None):
    return ApiError('ListVpcPeerConnections', code=code, message='m', http_status=status, kind=errors.KIND_MISCONFIGURED)


@pytest.mark.parametrize('err', [
    misconfigured(errors.CODE_HOST_NOT_FOUND),
    misconfigured(errors.CODE_TLS),
    misconfigured(errors.CODE_BAD_RESPONSE, 404),
])
@pytest.mark.parametrize('budget', [60, 600, 86400])
def test_a_typo_fails_at_its_first_attempt_whatever_wait_timeout(fake_time, err, budget):
    attempts = Attempts(err)
    with pytest.raises(ApiError) as info:
        call_with_retry(attempts, deadline=Deadline(budget), connect_timeout=5.0, read_timeout=10.0)
    assert attempts.count == 1 and info.value.attempts == 1 and fake_time.sleeps == []


@pytest.mark.parametrize('draw', [0.0, 0.25, 0.5, 0.75, 0.999])
@pytest.mark.parametrize('budget', [600, 86400])
def test_nothing_listening_is_retried_for_about_five_seconds_whatever_wait_timeout(fake_time, draw, budget):
    attempts = Attempts(ApiError('ListVpcPeerConnections', code=errors.CODE_UNREACHABLE, message='refused',
                                 kind=errors.KIND_NOT_SENT))
    with pytest.raises(ApiError) as info:
        call_with_retry(attempts, deadline=Deadline(budget), connect_timeout=5.0, read_timeout=10.0,
                        backoff=retry_backoff(rand=lambda: draw))
    # retried (a restarting endpoint comes back within seconds), never past NOT_SENT_RETRY_SECONDS, and far from the
    # RETRY_MAX_ATTEMPTS attempts a passing fault gets
    assert 3 <= attempts.count <= 4 < RETRY_MAX_ATTEMPTS
    assert fake_time.elapsed() <= NOT_SENT_RETRY_SECONDS
    reported = re.search(r'Gave up after (\d+) attempt\(s\) over ([0-9.]+) s: nothing answered at the endpoint',
                         info.value.msg)
    assert reported and int(reported.group(1)) == attempts.count
    assert float(reported.group(2)) == pytest.approx(fake_time.elapsed(), abs=0.05)


def test_a_passing_fault_still_gets_its_attempts(fake_time):
    """The 5 s rule is for requests that never reached a server; lost answers keep the longer retry."""
    attempts = Attempts(ApiError('ListVpcPeerConnections', code=errors.CODE_TIMEOUT, message='timed out',
                                 kind=errors.KIND_ANSWER_LOST))
    with pytest.raises(ApiError):
        call_with_retry(attempts, deadline=Deadline(600), connect_timeout=5.0, read_timeout=10.0,
                        backoff=Backoff(1.0, 2.0, 10.0, 0.0))
    assert attempts.count == RETRY_MAX_ATTEMPTS


def guide_section(title: str) -> str:
    with open(os.path.join(COLLECTION_ROOT, 'docs', 'docsite', 'rst', 'guide.rst'), encoding='utf-8') as handle:
        text = handle.read()
    match = re.search(r'^%s\n-+\n(.*?)(?=^[^\n]+\n-{3,}\n)' % re.escape(title), text, re.MULTILINE | re.DOTALL)
    assert match, 'the guide has no section %r' % title
    return ' '.join(match.group(1).split())


def test_the_guide_states_the_retry_rule_of_a_typo():
    section = guide_section('Waiting and time-outs')
    assert 'retried for about %d seconds' % NOT_SENT_RETRY_SECONDS in section
    assert 'a host name that does not resolve' in section and 'TLS' in section
    assert 'fails at once' in section


# -- the proxy's credentials never show ---------------------------------------------------------------------------
@pytest.mark.parametrize('url, shown', [
    ('http://user:pa55word@proxy:3128', 'http://***@proxy:3128'),
    ('http://user@proxy:3128', 'http://***@proxy:3128'),
    ('socks5://u:p@10.0.0.1:1080', 'socks5://***@10.0.0.1:1080'),
    ('http://proxy:3128', 'http://proxy:3128'),
])
def test_a_proxy_url_is_shown_without_its_credentials(url, shown):
    assert _without_userinfo(url) == shown
