# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Attribute support of modules that only read. ansible.builtin.action_common_attributes describes the
    # attributes; this says how an information module supports them (as community.general's INFO_MODULE does).
    DOCUMENTATION = r'''
options: {}
'''

    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This action does not modify state, and runs the same in check mode.
  diff_mode:
    support: N/A
    details:
      - This action does not modify state.
'''

    # Every module of the collection has an action plugin of the same name (plugins/action/), which runs the task in
    # the controller's worker process when it can; ansible.builtin.action_common_attributes.flow describes these.
    CONTROLLER = r'''
options: {}
attributes:
  action:
    support: full
    details:
      - The action plugin of the same name runs the task in the controller's worker process, without starting a
        module, when the task would run its module on the controller with the controller's own Python (connection
        C(local), no C(become), not C(async), the SDK importable there); the module runs otherwise. Both give the same
        result; RV(alibabacloud_vpcpeer_path) says which ran. The variable C(alibabacloud_vpcpeer_controller=false) or
        the environment variable E(ALIBABACLOUD_VPCPEER_CONTROLLER=false) makes every task run as a module.
  async:
    support: full
    details:
      - An C(async) task runs as a module.
  bypass_host_loop:
    support: none
'''
