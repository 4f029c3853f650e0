# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the unit tests share: a fake clock, the emulator's accounts and VPCs, seeding and journal helpers.

Everything that talks to a service talks to the project's emulator (``tests/emulator``) through the real SDK;
nothing here stands in for the service.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any, Callable, Dict, Iterator, List, Optional

from ansible.module_utils import basic

# The unit tests need the SDK and the emulator (tests/unit/requirements.txt, the Makefile's virtualenv): a
# missing one fails them, never skips them.
from vpcpeer_emulator.accounts import (  # pylint: disable=unused-import
    ACCEPTER_AK,
    ACCEPTER_DEFAULT_RG,
    ACCEPTER_SECOND_RG,
    ACCEPTER_SECRET,
    ACCEPTER_UID,
    REQUESTER_AK,
    REQUESTER_DEFAULT_RG,
    REQUESTER_RO_AK,
    REQUESTER_RO_SECRET,
    REQUESTER_SECOND_RG,
    REQUESTER_SECRET,
    REQUESTER_UID,
)

try:  # re-exported for the module tests
    from ansible.module_utils.testing import patch_module_args  # pylint: disable=unused-import
except ImportError:  # ansible-core < 2.19
    @contextlib.contextmanager
    def patch_module_args(args: Optional[Dict[str, Any]] = None) -> Iterator[None]:
        """The module arguments main() reads, as ansible-core 2.19's helper of the same name sets them."""
        from ansible.module_utils.common.text.converters import to_bytes
        old = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args or {}}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = old

HZ, SH, HK = 'cn-hangzhou', 'cn-shanghai', 'cn-hongkong'
# The emulator's default VPCs (docs/emulator.md).
REQ_HZ_1, REQ_HZ_2, REQ_HZ_3 = 'vpc-requester-hz-1', 'vpc-requester-hz-2', 'vpc-requester-hz-3'
REQ_SH_1 = 'vpc-requester-sh-1'
ACC_HZ_1, ACC_HZ_2, ACC_SH_1 = 'vpc-accepter-hz-1', 'vpc-accepter-hz-2', 'vpc-accepter-sh-1'
KEYS = {'requester': (REQUESTER_AK, REQUESTER_SECRET), 'accepter': (ACCEPTER_AK, ACCEPTER_SECRET),
        'read_only': (REQUESTER_RO_AK, REQUESTER_RO_SECRET)}

READ_ACTIONS = ('GetVpcPeerConnectionAttribute', 'ListVpcPeerConnections', 'ListTagResources')
# A transition that waits for the test: the connection stays in its phase until advanced or patched.
NEVER = {'mode': 'never'}


class FakeTime:
    """Replaces the ``time`` module of retry.py: sleeping advances a fake monotonic clock at once.

    ``on_sleep`` (when set) is told every sleep, so that the emulator's clock moves as far as the module
    waited, and its time-based transitions progress exactly as they would have during a real wait.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.start = start
        self.sleeps: List[float] = []
        self.on_sleep: Optional[Callable[[float], Any]] = None

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds
        if self.on_sleep is not None:
            self.on_sleep(seconds)

    def elapsed(self) -> float:
        return self.now - self.start


# -- the emulator's journal ----------------------------------------------------------------------------
def journal(emulator: Any, action: Optional[str] = None) -> List[Dict[str, Any]]:
    return emulator.control.journal(action)


def actions(emulator: Any) -> List[str]:
    """Every API call the emulator received, in order (reads included)."""
    return [entry['action'] for entry in journal(emulator)]


def writes(emulator: Any) -> List[str]:
    """The calls other than reads, dry runs included, in order."""
    return [entry['action'] for entry in journal(emulator) if entry['action'] not in READ_ACTIONS]


def applied(emulator: Any) -> List[str]:
    """The calls that changed the emulated state (not refused, not a dry run, not a replay)."""
    return [entry['action'] for entry in journal(emulator) if entry['applied']]


def params(emulator: Any, action: str) -> List[Dict[str, Any]]:
    """The parameters (as sent, in API names and strings) of every call of ``action``."""
    return [entry['params'] for entry in journal(emulator, action)]


def without_token(sent: Dict[str, Any]) -> Dict[str, Any]:
    """Parameters without the ClientToken (a random UUID the test cannot know)."""
    return {key: value for key, value in sent.items() if key != 'ClientToken'}


# -- seeding ----------------------------------------------------------------------------------------------
def seed(emulator: Any, **fields: Any) -> Dict[str, Any]:
    """A connection stored in the emulator (API field names; defaults: same account, same region, Activated)."""
    return emulator.control.seed_connection(**fields)


def seed_cross_region(emulator: Any, **fields: Any) -> Dict[str, Any]:
    """Same account, cn-hangzhou -> cn-shanghai: bandwidth 1024, link type Gold."""
    spec = dict(RegionId=HZ, VpcId=REQ_HZ_1, AcceptingRegionId=SH, AcceptingVpcId=REQ_SH_1,
                Name='old-name', Description='old description', Bandwidth=100)
    spec.update(fields)
    return seed(emulator, **spec)


def seed_same_region(emulator: Any, **fields: Any) -> Dict[str, Any]:
    """Same account, both VPCs in cn-hangzhou: bandwidth -1, no link type."""
    spec = dict(RegionId=HZ, VpcId=REQ_HZ_1, AcceptingRegionId=HZ, AcceptingVpcId=REQ_HZ_2,
                Name='old-name', Description='old description')
    spec.update(fields)
    return seed(emulator, **spec)


def seed_cross_account(emulator: Any, **fields: Any) -> Dict[str, Any]:
    """Requester account in cn-hangzhou -> accepter account in cn-shanghai."""
    spec = dict(RegionId=HZ, VpcId=REQ_HZ_1, AcceptingAliUid=ACCEPTER_UID, AcceptingRegionId=SH,
                AcceptingVpcId=ACC_SH_1, Name='old-name', Description='old description', Bandwidth=100)
    spec.update(fields)
    return seed(emulator, **spec)


def stored(emulator: Any, instance_id: str) -> Optional[Dict[str, Any]]:
    """The emulator's admin view of a connection (None when it is gone), without counting a read."""
    for view in emulator.control.connections():
        if view['InstanceId'] == instance_id:
            return view
    return None
