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
