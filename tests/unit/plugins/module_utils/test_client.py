# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import importlib
import json
import os
import re

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import client
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.client import (
    ConnectionSettings,
    Endpoint,
    NamedProfileProvider,
    parse_endpoint,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ConfigurationError


COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))


def settings(**params):
    return ConnectionSettings.from_params(params)


# -- version and user agent ---------------------------------------------------------------------------
def test_collection_version_matches_galaxy_yml():
    with open(os.path.join(COLLECTION_ROOT, 'galaxy.yml')) as handle:
        match = re.search(r'^version:\s*["\']?([^"\'\s]+)', handle.read(), re.MULTILINE)
    assert match and client.COLLECTION_VERSION == match.group(1)
    assert client.USER_AGENT == 'alibabacloud.vpcpeer/' + match.group(1)


def test_sdk_config_carries_the_user_agent_and_keeps_sdk_retries_off():
    config = client.sdk_config(settings(access_key_id='AK', access_key_secret='SK'))
    assert config.user_agent == client.USER_AGENT
    assert config.retry_options is None


# -- endpoint -----------------------------------------------------------------------------------------
@pytest.mark.parametrize('value, expected', [
    (None, Endpoint('vpcpeer.aliyuncs.com', 'https')),
    ('', Endpoint('vpcpeer.aliyuncs.com', 'https')),
    ('vpcpeer.aliyuncs.com', Endpoint('vpcpeer.aliyuncs.com', 'https')),
    ('vpcpeer-vpc.example.com:8443', Endpoint('vpcpeer-vpc.example.com:8443', 'https')),
    ('https://vpcpeer.aliyuncs.com', Endpoint('vpcpeer.aliyuncs.com', 'https')),
    ('http://127.0.0.1:39161', Endpoint('127.0.0.1:39161', 'http')),
    ('HTTP://127.0.0.1:39161/', Endpoint('127.0.0.1:39161', 'http')),
    ('  localhost:8080  ', Endpoint('localhost:8080', 'https')),
    ('http://[::1]:8080', Endpoint('[::1]:8080', 'http')),
])
def test_parse_endpoint(value, expected):
    assert parse_endpoint(value) == expected


@pytest.mark.parametrize('value', [
    'ftp://example.com', 'http://example.com/path', 'example.com:99999', 'example.com:port',
    'http://user:pw@example.com', 'http://', 'example.com?x=1',
])
def test_parse_endpoint_rejects(value):
    with pytest.raises(ConfigurationError):
        parse_endpoint(value)


def test_sdk_config_endpoint_protocol_and_timeouts():
    config = client.sdk_config(settings(access_key_id='AK', access_key_secret='SK', endpoint='http://127.0.0.1:8080',
                                        connect_timeout=2.5, read_timeout=0.75, region_id='cn-hangzhou'))
    assert (config.endpoint, config.protocol) == ('127.0.0.1:8080', 'http')  # no scheme: it is signed as Host
    assert (config.connect_timeout, config.read_timeout) == (2500, 750)
    assert config.region_id == 'cn-hangzhou'
    config = client.sdk_config(settings(access_key_id='AK', access_key_secret='SK'))
    assert (config.endpoint, config.protocol, config.connect_timeout, config.read_timeout) == ('vpcpeer.aliyuncs.com', 'https', 5000, 10000)


@pytest.mark.parametrize('name, value', [('connect_timeout', 0), ('read_timeout', -1)])
def test_timeouts_must_be_positive(name, value):
    with pytest.raises(ConfigurationError, match=name):
        settings(**{name: value})


# -- credentials --------------------------------------------------------------------------------------
@pytest.mark.parametrize('params, missing', [
    ({'access_key_id': 'AK'}, 'access_key_secret'),
    ({'access_key_secret': 'SK'}, 'access_key_id'),
])
def test_half_a_key_pair_is_refused(params, missing):
    with pytest.raises(ConfigurationError) as info:
        settings(**params)
    assert 'but %s is not' % missing in info.value.msg
    assert 'SK' not in info.value.msg


def test_token_without_key_pair_is_refused():
    with pytest.raises(ConfigurationError, match='security_token'):
        settings(security_token='TOKEN')


def test_resolution_order_key_pair_then_profile_then_default_chain():
    static = settings(access_key_id='AK', access_key_secret='SK', security_token='TOK', profile='p1')
    assert static.credentials_source == client.CREDENTIALS_STATIC and static.profile is None
    assert static.warnings and 'profile' in static.warnings[0]
    profile = settings(profile='p1')
    assert profile.credentials_source == client.CREDENTIALS_PROFILE and profile.profile == 'p1'
    chain = settings()
    assert chain.credentials_source == client.CREDENTIALS_DEFAULT_CHAIN and chain.warnings == []


def test_static_key_pair_and_token_go_into_the_sdk_config():
    config = client.sdk_config(settings(access_key_id='AK', access_key_secret='SK', security_token='TOK'))
    assert (config.access_key_id, config.access_key_secret, config.security_token) == ('AK', 'SK', 'TOK')
    assert config.credential is None
    assert client.credential_client(settings(access_key_id='AK', access_key_secret='SK')) is None


def test_default_chain_is_passed_to_the_sdk(monkeypatch):
    auth_util = importlib.import_module('alibabacloud_credentials.utils.auth_util')
    monkeypatch.setattr(auth_util, 'environment_ecs_metadata_disabled', 'true')  # no IMDS thread
    chain = settings()
    credential = client.credential_client(chain)
    provider = credential.cloud_credential.provider
    assert type(provider).__name__ == 'DefaultCredentialsProvider'
    config = client.sdk_config(chain, credential)
    assert config.credential is credential and config.access_key_id is None


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv('HOME', str(tmp_path))
    monkeypatch.delenv('ALIBABA_CLOUD_CREDENTIALS_FILE', raising=False)
    return tmp_path


def write_cli_config(home, profiles, current='default'):
    path = home / '.aliyun'
    path.mkdir()
    (path / 'config.json').write_text(json.dumps({'current': current, 'profiles': profiles}))


def write_ini(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_named_profile_from_the_cli_config(home):
    write_cli_config(home, [
        {'name': 'default', 'mode': 'AK', 'access_key_id': 'AK-DEFAULT', 'access_key_secret': 'SK-DEFAULT'},
        {'name': 'ops', 'mode': 'StsToken', 'access_key_id': 'AK-OPS', 'access_key_secret': 'SK-OPS', 'sts_token': 'TOK-OPS'},
    ])
    credential = client.credential_client(settings(profile='ops'))
    model = credential.get_credential()
    assert (model.access_key_id, model.access_key_secret, model.security_token) == ('AK-OPS', 'SK-OPS', 'TOK-OPS')


def test_named_profile_from_the_ini_file_when_not_in_the_cli_config(home):
    write_cli_config(home, [{'name': 'default', 'mode': 'AK', 'access_key_id': 'AK-D', 'access_key_secret': 'SK-D'}])
    write_ini(home / '.alibabacloud' / 'credentials.ini',
              '[default]\ntype = access_key\naccess_key_id = AK-INI-D\naccess_key_secret = SK-INI-D\n'
              '[dev]\ntype = access_key\naccess_key_id = AK-INI-DEV\naccess_key_secret = SK-INI-DEV\n')
    model = client.credential_client(settings(profile='dev')).get_credential()
    assert (model.access_key_id, model.access_key_secret) == ('AK-INI-DEV', 'SK-INI-DEV')


def test_named_profile_honours_the_credentials_file_variable_at_call_time(home, monkeypatch):
    other = home / 'elsewhere.ini'
    write_ini(other, '[ci]\ntype = access_key\naccess_key_id = AK-CI\naccess_key_secret = SK-CI\n')
    monkeypatch.setenv('ALIBABA_CLOUD_CREDENTIALS_FILE', str(other))
    model = client.credential_client(settings(profile='ci')).get_credential()
    assert model.access_key_id == 'AK-CI'


def test_named_profile_ignores_the_import_time_profile_variable(home, monkeypatch):
    # the library reads ALIBABA_CLOUD_PROFILE once, at import; the option must win regardless
    auth_util = importlib.import_module('alibabacloud_credentials.utils.auth_util')
    monkeypatch.setattr(auth_util, 'environment_profile_name', 'default')
    monkeypatch.setattr(auth_util, 'client_type', 'default')
    write_cli_config(home, [
        {'name': 'default', 'mode': 'AK', 'access_key_id': 'AK-D', 'access_key_secret': 'SK-D'},
        {'name': 'wanted', 'mode': 'AK', 'access_key_id': 'AK-W', 'access_key_secret': 'SK-W'},
    ])
    assert client.credential_client(settings(profile='wanted')).get_credential().access_key_id == 'AK-W'


def test_unknown_profile_names_both_files(home):
    write_cli_config(home, [{'name': 'default', 'mode': 'AK', 'access_key_id': 'AK-D', 'access_key_secret': 'SK-D'}])
    credential = client.credential_client(settings(profile='nope'))
    with pytest.raises(Exception) as info:
        credential.get_credential()
    text = getattr(info.value, 'message', None) or str(info.value)
    assert "profile 'nope'" in text and 'config.json' in text and 'credentials.ini' in text
    assert 'SK-D' not in text


def test_named_profile_provider_keeps_the_provider_that_worked():
    class Broken:
        calls = 0

        def get_credentials(self):
            Broken.calls += 1
            raise ValueError('no')

    class Works:
        def get_credentials(self):
            return 'creds'
    provider = NamedProfileProvider('x', providers=[Broken(), Works()])
    assert provider.get_credentials() == 'creds' and provider.get_credentials() == 'creds'
    assert Broken.calls == 1 and provider.get_provider_name() == 'profile'


def test_load_sdk_reports_a_missing_sdk(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name.startswith('alibabacloud_vpcpeer20220101'):
            raise ImportError('No module named alibabacloud_vpcpeer20220101')
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, '__import__', fake_import)
    with pytest.raises(client.SdkMissing) as info:
        client.load_sdk()
    assert 'alibabacloud_vpcpeer20220101' in info.value.traceback


def test_argument_spec_env_fallbacks_order_and_no_log():
    spec = client.connection_argument_spec()
    assert spec['access_key_id']['no_log'] is False
    assert spec['access_key_secret']['no_log'] is True and spec['security_token']['no_log'] is True
    expected = {
        'access_key_id': ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALICLOUD_ACCESS_KEY'],
        'access_key_secret': ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALICLOUD_SECRET_KEY'],
        'security_token': ['ALIBABA_CLOUD_SECURITY_TOKEN', 'ALICLOUD_SECURITY_TOKEN'],
        'region_id': ['ALIBABA_CLOUD_REGION_ID', 'ALICLOUD_REGION'],
        'profile': ['ALIBABA_CLOUD_PROFILE'],
        'endpoint': ['ALIBABA_CLOUD_VPCPEER_ENDPOINT'],
    }
    for option, names in expected.items():
        assert spec[option]['fallback'][1] == names
    assert (spec['connect_timeout']['default'], spec['read_timeout']['default']) == (5.0, 10.0)


# -- environment fallbacks ------------------------------------------------------------------------------
def test_an_empty_variable_never_hides_the_next_one(monkeypatch):
    # AWX injects an empty variable for an empty credential field.
    monkeypatch.setenv('ALIBABA_CLOUD_ACCESS_KEY_ID', '')
    monkeypatch.setenv('ALICLOUD_ACCESS_KEY', 'AK-OLD')
    assert client.env_fallback('ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALICLOUD_ACCESS_KEY') == 'AK-OLD'
    monkeypatch.setenv('ALIBABA_CLOUD_ACCESS_KEY_ID', 'AK-NEW')
    assert client.env_fallback('ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALICLOUD_ACCESS_KEY') == 'AK-NEW'


def test_no_variable_set_is_no_fallback(monkeypatch):
    from ansible.module_utils.errors import AnsibleFallbackNotFound
    monkeypatch.delenv('VPCPEER_TEST_UNSET', raising=False)
    monkeypatch.setenv('VPCPEER_TEST_EMPTY', '')
    with pytest.raises(AnsibleFallbackNotFound):
        client.env_fallback('VPCPEER_TEST_UNSET', 'VPCPEER_TEST_EMPTY')


# -- proxies ----------------------------------------------------------------------------------------------
HTTPS_ENDPOINT = Endpoint('vpcpeer.aliyuncs.com', 'https')


@pytest.mark.parametrize('environ, endpoint, expected', [
    ({}, HTTPS_ENDPOINT, None),
    ({'HTTPS_PROXY': 'http://proxy:3128'}, HTTPS_ENDPOINT, 'http://proxy:3128'),
    ({'https_proxy': 'http://lower:1', 'HTTPS_PROXY': 'http://upper:2'}, HTTPS_ENDPOINT, 'http://lower:1'),
    ({'https_proxy': '', 'HTTPS_PROXY': 'http://upper:2'}, HTTPS_ENDPOINT, 'http://upper:2'),
    ({'HTTP_PROXY': 'http://plain:1'}, HTTPS_ENDPOINT, None),  # HTTP_PROXY is for http:// endpoints only
    ({'HTTP_PROXY': 'http://plain:1'}, Endpoint('127.0.0.1:8080', 'http'), 'http://plain:1'),
    ({'ALL_PROXY': 'socks5://all:1'}, HTTPS_ENDPOINT, 'socks5://all:1'),
    ({'HTTPS_PROXY': 'http://p:1', 'NO_PROXY': '*'}, HTTPS_ENDPOINT, None),
    ({'HTTPS_PROXY': 'http://p:1', 'NO_PROXY': 'aliyuncs.com'}, HTTPS_ENDPOINT, None),
    ({'HTTPS_PROXY': 'http://p:1', 'no_proxy': '.aliyuncs.com'}, HTTPS_ENDPOINT, None),
    ({'HTTPS_PROXY': 'http://p:1', 'NO_PROXY': 'example.com, other.org'}, HTTPS_ENDPOINT, 'http://p:1'),
    ({'HTTPS_PROXY': 'http://p:1', 'NO_PROXY': 'yuncs.com'}, HTTPS_ENDPOINT, 'http://p:1'),  # not a suffix of a label
    ({'HTTPS_PROXY': 'http://p:1', 'NO_PROXY': 'vpcpeer.aliyuncs.com:443'}, HTTPS_ENDPOINT, None),
    ({'HTTPS_PROXY': 'http://p:1', 'NO_PROXY': 'vpcpeer.aliyuncs.com:8443'}, HTTPS_ENDPOINT, 'http://p:1'),
    ({'HTTP_PROXY': 'http://p:1', 'NO_PROXY': '127.0.0.0/8'}, Endpoint('127.0.0.1:8080', 'http'), None),
    ({'HTTP_PROXY': 'http://p:1', 'NO_PROXY': '127.0.0.1'}, Endpoint('127.0.0.1:8080', 'http'), None),
    ({'HTTP_PROXY': 'http://p:1', 'NO_PROXY': '10.0.0.0/8'}, Endpoint('127.0.0.1:8080', 'http'), 'http://p:1'),
    ({'HTTP_PROXY': 'http://p:1', 'NO_PROXY': '::1'}, Endpoint('[::1]:8080', 'http'), None),
])
def test_the_proxy_for_an_endpoint(environ, endpoint, expected):
    assert client.proxy_for(endpoint, environ) == expected


# -- proxies: the rules a user relies on, one at a time (curl and requests semantics) ---------------------------
HTTP_ENDPOINT = Endpoint('127.0.0.1:8080', 'http')
PROXY = 'http://proxy.example:3128'


@pytest.mark.parametrize('environ, expected', [
    # HTTP_PROXY, else ALL_PROXY; each name lower case first; an empty variable is no variable
    ({'ALL_PROXY': PROXY}, PROXY),
    ({'all_proxy': PROXY}, PROXY),
    ({'HTTP_PROXY': PROXY, 'ALL_PROXY': 'http://all:1'}, PROXY),
    ({'HTTP_PROXY': '', 'ALL_PROXY': PROXY}, PROXY),
    ({'http_proxy': PROXY, 'HTTP_PROXY': 'http://upper:1'}, PROXY),
    ({'HTTPS_PROXY': PROXY}, None),  # HTTPS_PROXY is for https:// endpoints only
    ({'HTTP_PROXY': ''}, None),
    # NO_PROXY, lower case first, an empty one being no variable
    ({'HTTP_PROXY': PROXY, 'no_proxy': '127.0.0.1', 'NO_PROXY': 'example.com'}, None),
    ({'HTTP_PROXY': PROXY, 'no_proxy': 'example.com', 'NO_PROXY': '127.0.0.1'}, PROXY),
    ({'HTTP_PROXY': PROXY, 'no_proxy': '', 'NO_PROXY': '127.0.0.1'}, None),
    # the forms of an entry: *, an IP address, a CIDR block, each optionally with the endpoint's port
    ({'HTTP_PROXY': PROXY, 'NO_PROXY': '*'}, None),
    ({'HTTP_PROXY': PROXY, 'NO_PROXY': '127.0.0.1:8080'}, None),
    ({'HTTP_PROXY': PROXY, 'NO_PROXY': '127.0.0.1:9090'}, PROXY),
    ({'HTTP_PROXY': PROXY, 'NO_PROXY': '127.0.0.0/8:8080'}, None),
    ({'HTTP_PROXY': PROXY, 'NO_PROXY': '127.0.0.0/8:9090'}, PROXY),
    ({'HTTP_PROXY': PROXY, 'NO_PROXY': '127.0.0.2'}, PROXY),
    ({'HTTP_PROXY': PROXY, 'NO_PROXY': '127.0.0.0/31'}, None),
    ({'HTTP_PROXY': PROXY, 'NO_PROXY': '127.0.0.2/31'}, PROXY),
    # lists: commas, spaces, or both; empty entries are nothing
    ({'HTTP_PROXY': PROXY, 'NO_PROXY': 'example.com, 127.0.0.1'}, None),
    ({'HTTP_PROXY': PROXY, 'NO_PROXY': 'example.com 127.0.0.1'}, None),
    ({'HTTP_PROXY': PROXY, 'NO_PROXY': ' , ,'}, PROXY),
    # names are not resolved: localhost is not 127.0.0.1
    ({'HTTP_PROXY': PROXY, 'NO_PROXY': 'localhost'}, PROXY),
])
def test_the_proxy_for_a_plain_http_endpoint(environ, expected):
    assert client.proxy_for(HTTP_ENDPOINT, environ) == expected


@pytest.mark.parametrize('no_proxy', ['.0.0.1', '0.0.1', '.1', '0.1'])
def test_a_domain_suffix_never_applies_to_an_ip_address(no_proxy):
    """curl and requests match domain suffixes against host names only: for an IP address an entry is an address or a
    CIDR block, so NO_PROXY=.0.0.1 does not name 127.0.0.1 (the guide: a domain is "the host and its subdomains")."""
    assert client.proxy_for(HTTP_ENDPOINT, {'HTTP_PROXY': PROXY, 'NO_PROXY': no_proxy}) == PROXY


@pytest.mark.parametrize('endpoint, no_proxy, expected', [
    # host names: case-insensitive, the host and its subdomains, whole labels only
    (Endpoint('VPCPEER.aliyuncs.com', 'https'), 'vpcpeer.ALIYUNCS.com', None),
    (Endpoint('vpcpeer.aliyuncs.com', 'https'), 'peer.aliyuncs.com', PROXY),
    (Endpoint('vpcpeer.aliyuncs.com', 'https'), 'vpcpeer.aliyuncs.com.cn', PROXY),
    (Endpoint('a.b.aliyuncs.com', 'https'), '.aliyuncs.com', None),
    # a port in NO_PROXY is compared with the endpoint's, its scheme's default when it names none
    (Endpoint('example.com', 'http'), 'example.com:80', None),
    (Endpoint('example.com', 'http'), 'example.com:443', PROXY),
    (Endpoint('example.com:8443', 'https'), 'example.com:8443', None),
    (Endpoint('example.com:8443', 'https'), 'example.com:443', PROXY),
    # IPv6: an address or a CIDR block
    (Endpoint('[::1]:8080', 'http'), '::1/128', None),
    (Endpoint('[::1]:8080', 'http'), '::2', PROXY),
])
def test_no_proxy_entries_for_names_ports_and_ipv6(endpoint, no_proxy, expected):
    environ = {'HTTPS_PROXY': PROXY, 'HTTP_PROXY': PROXY, 'NO_PROXY': no_proxy}
    assert client.proxy_for(endpoint, environ) == expected
