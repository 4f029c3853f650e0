# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an action handler gets (``Call``) and how an action is declared (``ActionSpec``), for every product."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Dict, Optional

from .accounts import AccessKey, Account
from .wire import Params

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from .emulator import Emulator
    from .model import Model
    from .network import Network


@dataclass
class Call:
    """One authenticated API call as the handlers see it."""
    emulator: "Emulator"
    account: Account
    access_key: Optional[AccessKey]
    params: Params
    now: float
    request_id: str

    @property
    def uid(self) -> int:
        return self.account.uid

    @property
    def model(self) -> "Model":
        """The peering connections."""
        return self.emulator.model

    @property
    def network(self) -> "Network":
        """The VPCs, their route tables, vSwitches and route entries."""
        return self.emulator.network

    def settings(self) -> Dict[str, Any]:
        return self.emulator.config


@dataclass
class ActionSpec:
    handler: Callable[[Call], Dict[str, Any]]
    read_only: bool = False      # allowed for read-only keys
    client_token: bool = False   # takes ClientToken (idempotency)
    dry_run: bool = False        # takes DryRun
