# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The action plugin of alibabacloud.vpcpeer.vpc_peer_connection_info: the task runs in the controller's worker process when it would
run its module on the controller with the controller's Python, else as the module (plugins/plugin_utils/controller.py)."""

from __future__ import annotations

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.info import run_info, vpc_peer_connection_info_spec
from ansible_collections.alibabacloud.vpcpeer.plugins.plugin_utils.controller import ControllerAction


class ActionModule(ControllerAction):
    spec = staticmethod(vpc_peer_connection_info_spec)
    runner = staticmethod(run_info)
