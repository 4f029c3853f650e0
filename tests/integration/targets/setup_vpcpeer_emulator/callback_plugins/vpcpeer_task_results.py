# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Records every task result as a JSON line, for the checks of chaos runs (tests/utils/chaos.py).

Inert unless the environment variable ``VPCPEER_TASK_RESULTS_FILE`` names a file (``chaos_env.sh`` sets it from
the chaos runner's integration_config.yml; playbooks and ad-hoc commands alike). Each line: the task, its module,
host, start and end times (epoch seconds), changed, failed, skipped, ignore_errors, msg, the API error code, and the
collection's ``applied_actions``. A loop is recorded item by item.
"""

from __future__ import annotations

DOCUMENTATION = r'''
name: vpcpeer_task_results
type: aggregate
short_description: Record task results as JSON lines for chaos runs
description:
  - Appends one JSON object per task result to the file named by the environment variable C(VPCPEER_TASK_RESULTS_FILE).
requirements:
  - enabled in callbacks_enabled
'''

import json
import os
import time
from typing import Any, Dict, Optional

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'vpcpeer_task_results'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self.path: Optional[str] = os.environ.get('VPCPEER_TASK_RESULTS_FILE') or None
        self.started: Dict[str, float] = {}

    def v2_playbook_on_task_start(self, task: Any, is_conditional: bool) -> None:
        self.started[task._uuid] = time.time()

    def v2_playbook_on_handler_task_start(self, task: Any) -> None:
        self.started[task._uuid] = time.time()

    def _record(self, result: Any, outcome: str) -> None:
        if not self.path:
            return
        task, data = result._task, result._result
        if 'results' in data:  # a loop's summary: its items were recorded one by one
            return
        error = data.get('error') if isinstance(data.get('error'), dict) else {}
        line = {
            'task': task.get_name(), 'action': task.action, 'host': result._host.get_name(), 'outcome': outcome,
            'started': self.started.get(task._uuid), 'ended': time.time(),
            'changed': bool(data.get('changed')), 'failed': outcome == 'failed', 'skipped': outcome == 'skipped',
            'ignore_errors': bool(task.ignore_errors), 'msg': data.get('msg'), 'error_code': error.get('code'),
            'applied_actions': data.get('applied_actions'),
            'item': data.get('item') if isinstance(data.get('item'), (str, int, float)) else None,
        }
        with open(self.path, 'a', encoding='utf-8') as handle:
            handle.write(json.dumps(line, sort_keys=True, default=str) + '\n')

    def v2_runner_on_ok(self, result: Any) -> None:
        self._record(result, 'ok')

    def v2_runner_on_failed(self, result: Any, ignore_errors: bool = False) -> None:
        self._record(result, 'failed')

    def v2_runner_on_skipped(self, result: Any) -> None:
        self._record(result, 'skipped')

    def v2_runner_on_unreachable(self, result: Any) -> None:
        self._record(result, 'unreachable')

    def v2_runner_item_on_ok(self, result: Any) -> None:
        self._record(result, 'ok')

    def v2_runner_item_on_failed(self, result: Any) -> None:
        self._record(result, 'failed')
