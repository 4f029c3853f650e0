# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark helper: write one JSON line per task start and per host result, with wall-clock times.

Enabled only by the benchmarks (``ANSIBLE_CALLBACKS_ENABLED=bench_events``); the file is named by
``BENCH_EVENTS_FILE``. Times are ``time.time()`` of the controller, the clock the emulator's journal
uses too (same machine), so a task's end can be compared with the emulator's state switch.
"""

from __future__ import annotations

DOCUMENTATION = r'''
name: bench_events
type: aggregate
short_description: record task timings and results for the benchmarks
description:
  - Writes one JSON object per line to the file named by the BENCH_EVENTS_FILE environment variable.
author:
  - alibabacloud.vpcpeer maintainers (@alibabacloud-vpcpeer)
'''

import json
import os
import threading
import time

from ansible.plugins.callback import CallbackBase

# Result keys worth keeping (the rest, e.g. invocation, is large and not needed).
KEPT = ('changed', 'failed', 'msg', 'warnings', 'skipped', 'unreachable', 'vpc_peer_connection', 'error',
        'alibabacloud_vpcpeer_path')


def _plain(value):
    """A JSON-safe copy (ansible-core 2.19 hands out tagged str/dict subclasses)."""
    return json.loads(json.dumps(value, default=str))


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_events'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._path = os.environ.get('BENCH_EVENTS_FILE')
        self._lock = threading.Lock()

    def _write(self, record):
        if not self._path:
            return
        record['time'] = time.time()
        line = json.dumps(_plain(record), sort_keys=True)
        with self._lock:
            with open(self._path, 'a', encoding='utf-8') as handle:
                handle.write(line + '\n')

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._write({'event': 'task_start', 'task': task.get_name()})

    def v2_runner_on_start(self, host, task):
        self._write({'event': 'host_start', 'host': host.get_name(), 'task': task.get_name()})

    def _result(self, status, result):
        data = result._result  # pylint: disable=protected-access
        record = {'event': 'result', 'status': status, 'host': result._host.get_name(),  # pylint: disable=protected-access
                  'task': result._task.get_name()}  # pylint: disable=protected-access
        record.update({key: data[key] for key in KEPT if key in data})
        self._write(record)

    def v2_runner_on_ok(self, result):
        self._result('ok', result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result('failed', result)

    def v2_runner_on_skipped(self, result):
        self._result('skipped', result)

    def v2_runner_on_unreachable(self, result):
        self._result('unreachable', result)
