# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Records which assertion tasks ran, for the summary each target prints at its end (files/assertion_summary.py):
in a live run (make test-live) the tasks tagged ``emulator`` are skipped, and the summary says how many of the
target's assertions ran against the real service.

Inert unless the environment variable ``VPCPEER_ASSERTIONS_FILE`` names a file (task_results_env.sh sets it). Each
line: the assert task's path (file:line), its name and its outcome (ok, failed or skipped); a loop is one line per item.
"""

from __future__ import annotations

DOCUMENTATION = r'''
name: vpcpeer_assertions
type: aggregate
short_description: Record which assertion tasks ran
description:
  - Appends one JSON object per result of an assert task to the file named by the environment variable
    C(VPCPEER_ASSERTIONS_FILE).
requirements:
  - enabled in callbacks_enabled
'''

import json
import os
from typing import Any, Optional

from ansible.plugins.callback import CallbackBase

ASSERT_ACTIONS = frozenset(('assert', 'ansible.builtin.assert', 'ansible.legacy.assert'))


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'vpcpeer_assertions'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self.path: Optional[str] = os.environ.get('VPCPEER_ASSERTIONS_FILE') or None

    def _record(self, result: Any, outcome: str) -> None:
        task = result._task
        if not self.path or task.action not in ASSERT_ACTIONS:
            return
        line = {'path': task.get_path(), 'name': task.get_name(), 'outcome': outcome}
        with open(self.path, 'a', encoding='utf-8') as handle:
            handle.write(json.dumps(line, sort_keys=True) + '\n')

    def v2_runner_on_ok(self, result: Any) -> None:
        self._record(result, 'ok')

    def v2_runner_on_failed(self, result: Any, ignore_errors: bool = False) -> None:
        self._record(result, 'failed')

    def v2_runner_on_skipped(self, result: Any) -> None:
        self._record(result, 'skipped')

    def v2_runner_item_on_ok(self, result: Any) -> None:
        self._record(result, 'ok')

    def v2_runner_item_on_failed(self, result: Any) -> None:
        self._record(result, 'failed')

    def v2_runner_item_on_skipped(self, result: Any) -> None:
        self._record(result, 'skipped')
