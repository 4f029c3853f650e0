# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Waiting for the asynchronous life cycle of a VPC peering connection.
    DOCUMENTATION = r'''
options:
  wait:
    description:
      - Wait until the change has taken effect, then return the connection's fresh attributes.
      - When V(false), return right after the API accepted the change.
      - A connection found in a transitional state (C(Creating), C(Updating)) is always waited for before it is
        changed, whatever this option says.
    type: bool
    default: true
  wait_timeout:
    description:
      - The time budget of the whole task, in seconds, at least V(1). It bounds waiting for transitional states
        to settle, waiting for the change to take effect, and retrying calls that failed for temporary reasons.
      - On timeout the task fails with the last status seen and the time waited.
    type: int
    default: 600
'''
