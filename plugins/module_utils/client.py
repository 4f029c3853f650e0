# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Connection options shared by every module, credentials resolution and the SDK client.

This module util is PRIVATE to the collection: its interface may change in any release.

The SDK is imported lazily (``load_sdk``): a task that fails validation never pays the ~0.3 s import.
"""

from __future__ import annotations

import ipaddress
import os
import traceback
from typing import Any, Dict, List, Mapping, NamedTuple, Optional
from urllib.parse import urlsplit

from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ConfigurationError

# Keep equal to galaxy.yml's version (a unit test checks it).
COLLECTION_VERSION = '1.1.0-dev0'
USER_AGENT = 'alibabacloud.vpcpeer/%s' % COLLECTION_VERSION

# The pip packages the modules need, for missing_required_lib().
SDK_PIP_PACKAGES = 'alibabacloud-vpcpeer20220101 alibabacloud-vpc20160428 alibabacloud-tea-openapi alibabacloud-credentials'

DEFAULT_ENDPOINT = 'vpcpeer.aliyuncs.com'
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 10.0

# Where the alibabacloud-credentials library looks for named profiles (relative to the home directory).
CLI_PROFILE_FILE = os.path.join('.aliyun', 'config.json')
INI_PROFILE_FILE = os.path.join('.alibabacloud', 'credentials.ini')

CREDENTIALS_STATIC = 'static'
CREDENTIALS_PROFILE = 'profile'
CREDENTIALS_DEFAULT_CHAIN = 'default_chain'


def env_fallback(*names: str) -> str:
    """The first of these environment variables that is set and not empty.

    ansible-core's own ``env_fallback`` takes the first one that is set, even empty, so an empty variable
    (what AWX injects for an empty credential field) would hide the next one of the chain.
    """
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    raise AnsibleFallbackNotFound


def connection_argument_spec() -> Dict[str, Dict[str, Any]]:
    """The options every module of the collection accepts (documented in the ``connection`` fragment)."""
    return dict(
        access_key_id=dict(
            type='str', no_log=False,
            fallback=(env_fallback, ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALICLOUD_ACCESS_KEY']),
        ),
        access_key_secret=dict(
            type='str', no_log=True,
            fallback=(env_fallback, ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALICLOUD_SECRET_KEY']),
        ),
        security_token=dict(
            type='str', no_log=True,
            fallback=(env_fallback, ['ALIBABA_CLOUD_SECURITY_TOKEN', 'ALICLOUD_SECURITY_TOKEN']),
        ),
        region_id=dict(type='str', fallback=(env_fallback, ['ALIBABA_CLOUD_REGION_ID', 'ALICLOUD_REGION'])),
        profile=dict(type='str', fallback=(env_fallback, ['ALIBABA_CLOUD_PROFILE'])),
        endpoint=dict(type='str', fallback=(env_fallback, ['ALIBABA_CLOUD_VPCPEER_ENDPOINT'])),
        vpc_endpoint=dict(type='str', fallback=(env_fallback, ['ALIBABA_CLOUD_VPC_ENDPOINT'])),
        connect_timeout=dict(type='float', default=DEFAULT_CONNECT_TIMEOUT),
        read_timeout=dict(type='float', default=DEFAULT_READ_TIMEOUT),
    )


# -- proxies ------------------------------------------------------------------------------------------------
def _environment_value(environ: Mapping[str, str], name: str) -> Optional[str]:
    """``name`` in lower case first, then upper case (as curl and Python's urllib read them); empty is unset."""
    return environ.get(name.lower()) or environ.get(name.upper()) or None


def _bypassed(host: str, port: Optional[int], no_proxy: str) -> bool:
    """Whether NO_PROXY names ``host``: ``*``; a domain (``example.com`` or ``.example.com``: the host and its
    subdomains); an IP address; a CIDR block; each optionally with ``:port``."""
    host = host.lower().strip('[]')
    for entry in (part.strip().lower() for part in no_proxy.replace(' ', ',').split(',')):
        if not entry:
            continue
        if entry == '*':
            return True
        entry_host, _sep, entry_port = entry.rpartition(':') if entry.count(':') == 1 else (entry, '', '')
        if entry_port and (not entry_port.isdigit() or port is None or int(entry_port) != port):
            continue
        entry_host = entry_host.strip('[]').lstrip('.')
        if _is_ip(host):  # an address matches the same address or a CIDR block, never a "domain" suffix
            if host == entry_host or _in_block(host, entry_host):
                return True
        elif host == entry_host or host.endswith('.' + entry_host):
            return True
    return False


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _in_block(address: str, block: str) -> bool:
    if '/' not in block:
        return False
    try:
        return ipaddress.ip_address(address) in ipaddress.ip_network(block, strict=False)
    except ValueError:
        return False


def proxy_for(endpoint: 'Endpoint', environ: Mapping[str, str]) -> Optional[str]:
    """The proxy for ``endpoint`` from ``environ``, as curl and Python's requests decide it: HTTPS_PROXY (or
    HTTP_PROXY for a plain-HTTP endpoint), else ALL_PROXY, unless NO_PROXY names the host. None: connect directly.

    The SDK reads HTTP_PROXY and HTTPS_PROXY by itself but ignores NO_PROXY, so the collection decides.
    """
    proxy = _environment_value(environ, '%s_proxy' % endpoint.protocol) or _environment_value(environ, 'all_proxy')
    if not proxy:
        return None
    parts = urlsplit('//' + endpoint.host)
    no_proxy = _environment_value(environ, 'no_proxy') or ''
    port = parts.port or (443 if endpoint.protocol == 'https' else 80)
    return None if _bypassed(parts.hostname or '', port, no_proxy) else proxy


class Endpoint(NamedTuple):
    host: str       # host[:port], exactly what the SDK puts (and signs) in the Host header
    protocol: str   # 'https' or 'http'


def parse_endpoint(value: Optional[str]) -> Endpoint:
    """``host[:port]`` or ``http(s)://host[:port]`` -> host and protocol; default ``vpcpeer.aliyuncs.com`` over HTTPS.

    The scheme is stripped because the SDK signs the configured endpoint verbatim as the Host header.
    """
    text = (value or '').strip()
    if not text:
        return Endpoint(DEFAULT_ENDPOINT, 'https')
    protocol = 'https'
    if '://' in text:
        scheme, rest = text.split('://', 1)
        scheme = scheme.lower()
        if scheme not in ('http', 'https'):
            raise ConfigurationError(
                'endpoint %r: unsupported scheme %r; use host[:port], https://host[:port] or http://host[:port].'
                % (value, scheme))
        protocol = scheme
        text = rest
    text = text.rstrip('/')
    try:
        parts = urlsplit('//' + text)
        port = parts.port
    except ValueError as exc:
        raise ConfigurationError('endpoint %r is not a valid host[:port]: %s.' % (value, exc))
    if not parts.hostname or parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigurationError(
            'endpoint %r must be host[:port] or http(s)://host[:port], without user, path or query.' % value)
    if port is not None and not 0 < port < 65536:
        raise ConfigurationError('endpoint %r: port must be between 1 and 65535.' % value)
    return Endpoint(text, protocol)


class ConnectionSettings(NamedTuple):
    """Validated connection options of one task run."""

    credentials_source: str  # CREDENTIALS_STATIC, CREDENTIALS_PROFILE or CREDENTIALS_DEFAULT_CHAIN
    access_key_id: Optional[str]
    access_key_secret: Optional[str]
    security_token: Optional[str]
    profile: Optional[str]
    region_id: Optional[str]
    endpoint: Endpoint
    vpc_endpoint: Optional[Endpoint]  # None: the VPC API's regional endpoint, as the SDK resolves it
    connect_timeout: float   # seconds
    read_timeout: float      # seconds
    warnings: List[str]

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> 'ConnectionSettings':
        """Check the connection options, before any API call. Raises ``ConfigurationError``."""
        key_id = params.get('access_key_id') or None
        secret = params.get('access_key_secret') or None
        token = params.get('security_token') or None
        profile = params.get('profile') or None
        warnings: List[str] = []
        if bool(key_id) != bool(secret):
            given, missing = ('access_key_id', 'access_key_secret') if key_id else ('access_key_secret', 'access_key_id')
            raise ConfigurationError(
                '%s is set but %s is not: give both (options or environment variables) or neither, '
                'to use a profile or the default credentials chain.' % (given, missing))
        if token and not key_id:
            raise ConfigurationError(
                'security_token is set without access_key_id and access_key_secret: an STS token needs '
                'the temporary AccessKey pair it was issued with.')
        if key_id:
            source = CREDENTIALS_STATIC
            if profile:
                warnings.append('profile %r is ignored because an AccessKey pair was given (options or '
                                'environment variables take precedence).' % profile)
        elif profile:
            source = CREDENTIALS_PROFILE
        else:
            source = CREDENTIALS_DEFAULT_CHAIN
        timeouts = {}
        for name, default in (('connect_timeout', DEFAULT_CONNECT_TIMEOUT), ('read_timeout', DEFAULT_READ_TIMEOUT)):
            value = params.get(name)
            value = default if value is None else float(value)
            if not value > 0:
                raise ConfigurationError('%s must be greater than 0 seconds, got %s.' % (name, value))
            timeouts[name] = value
        endpoint = parse_endpoint(params.get('endpoint'))
        vpc_endpoint = parse_endpoint(params['vpc_endpoint']) if params.get('vpc_endpoint') else None
        if vpc_endpoint is None and endpoint.protocol == 'http':
            # A plain-HTTP endpoint is a local emulator, which serves the VPC API too: never reach the cloud from it.
            vpc_endpoint = endpoint
        return cls(
            credentials_source=source,
            access_key_id=key_id,
            access_key_secret=secret,
            security_token=token if key_id else None,
            profile=profile if source == CREDENTIALS_PROFILE else None,
            region_id=params.get('region_id') or None,
            endpoint=endpoint,
            vpc_endpoint=vpc_endpoint,
            connect_timeout=timeouts['connect_timeout'],
            read_timeout=timeouts['read_timeout'],
            warnings=warnings,
        )


def _home() -> str:
    # Read at call time: alibabacloud-credentials computes its own HOME once, at import.
    return os.environ.get('HOME') or os.path.expanduser('~')


def profile_files() -> Dict[str, str]:
    """The two files a named profile is looked up in, in this order."""
    ini = os.environ.get('ALIBABA_CLOUD_CREDENTIALS_FILE') or os.path.join(_home(), INI_PROFILE_FILE)
    return {'cli': os.path.join(_home(), CLI_PROFILE_FILE), 'ini': ini}


class NamedProfileProvider:
    """Credentials of one named profile: the aliyun CLI's ``~/.aliyun/config.json`` first, then the
    ``alibabacloud-credentials`` INI file (``ALIBABA_CLOUD_CREDENTIALS_FILE`` or
    ``~/.alibabacloud/credentials.ini``).

    The library's own providers pick the profile from ``ALIBABA_CLOUD_PROFILE`` as read at import time;
    here the name and the file paths are passed explicitly, so the ``profile`` option always wins.
    Implements the library's ``ICredentialsProvider`` interface.
    """

    def __init__(self, profile: str, providers: Optional[List[Any]] = None) -> None:
        self.profile = profile
        if providers is None:
            from alibabacloud_credentials.provider import CLIProfileCredentialsProvider, ProfileCredentialsProvider
            files = profile_files()
            providers = [
                CLIProfileCredentialsProvider(profile_name=profile, profile_file=files['cli']),
                ProfileCredentialsProvider(profile_name=profile, profile_file=files['ini']),
            ]
        self._providers = providers
        self._chosen: Optional[Any] = None

    def get_credentials(self) -> Any:
        if self._chosen is not None:
            return self._chosen.get_credentials()
        problems = []
        for provider in self._providers:
            try:
                credentials = provider.get_credentials()
            except Exception as exc:  # each provider raises its own kinds of errors
                problems.append('%s: %s' % (type(provider).__name__, getattr(exc, 'message', None) or exc))
                continue
            if credentials is not None:
                self._chosen = provider
                return credentials
        from alibabacloud_credentials.exceptions import CredentialException
        files = profile_files()
        raise CredentialException(
            'profile %r was not found or is not usable in %s or %s (%s)'
            % (self.profile, files['cli'], files['ini'], '; '.join(problems)))

    async def get_credentials_async(self) -> Any:
        return self.get_credentials()

    def get_provider_name(self) -> str:
        return 'profile'


class SdkMissing(Exception):
    """The SDK could not be imported; ``traceback`` is the import error's traceback."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.traceback = ''.join(traceback.format_exception(type(error), error, error.__traceback__))


def load_sdk() -> Any:
    """Import the VpcPeer SDK (slow: ~0.3 s) and return its client class. Raises ``SdkMissing``."""
    try:
        from alibabacloud_vpcpeer20220101.client import Client
        import alibabacloud_credentials.client  # noqa: F401 pylint: disable=unused-import
    except ImportError as exc:
        raise SdkMissing(exc)
    return Client


def load_vpc_sdk() -> Any:
    """Import the VPC SDK and return its client class. Raises ``SdkMissing``."""
    try:
        from alibabacloud_vpc20160428.client import Client
    except ImportError as exc:
        raise SdkMissing(exc)
    return Client


def credential_client(settings: ConnectionSettings) -> Optional[Any]:
    """An ``alibabacloud_credentials`` client for profile and default-chain settings, ``None`` for a static key pair."""
    if settings.credentials_source == CREDENTIALS_STATIC:
        return None
    try:
        from alibabacloud_credentials.client import Client as CredentialsClient
    except ImportError as exc:
        raise SdkMissing(exc)
    if settings.credentials_source == CREDENTIALS_PROFILE:
        return CredentialsClient(provider=NamedProfileProvider(settings.profile or ''))
    # No config: the library's DefaultCredentialsProvider (environment, OIDC, CLI profile, INI profile,
    # ECS RAM role, credentials URI). The SDK does not fall back to it by itself.
    return CredentialsClient()


def sdk_config(settings: ConnectionSettings, credential: Optional[Any] = None,
               endpoint: Optional[Endpoint] = None, region_id: Optional[str] = None) -> Any:
    """The tea-openapi ``Config`` of the VpcPeer client, or of another product's: its ``endpoint`` (None: the SDK
    resolves the region's) and ``region_id``. SDK-level retries stay off: our own loop owns retries and ClientTokens."""
    from alibabacloud_tea_openapi.models import Config
    if endpoint is None and region_id is None:
        endpoint = settings.endpoint
    config = Config(
        endpoint=endpoint.host if endpoint is not None else None,
        protocol=endpoint.protocol if endpoint is not None else 'https',
        region_id=region_id or settings.region_id,
        user_agent=USER_AGENT,
        connect_timeout=int(settings.connect_timeout * 1000),
        read_timeout=int(settings.read_timeout * 1000),
    )
    config.retry_options = None
    if settings.credentials_source == CREDENTIALS_STATIC:
        config.access_key_id = settings.access_key_id
        config.access_key_secret = settings.access_key_secret
        config.security_token = settings.security_token
    else:
        config.credential = credential
    return config
