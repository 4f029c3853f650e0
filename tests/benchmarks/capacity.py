# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 7: the emulator's capacity, warm GetVpcPeerConnectionAttribute round trips per second
through the SDK: one client in a loop, then 50 concurrent clients (threads spread over one process per
CPU, so the clients are not all behind one interpreter lock). Every client is warmed up (session,
keep-alive connection) and waits at a barrier before the clock starts. Quotas are off for this section.
The clients run on the same CPUs as the emulator, so this is a lower bound of what it can serve.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from typing import Any, Dict, List, Tuple

import harness
import sdk


def _client_loop(endpoint: str, key_number: int, instance: str, calls: int, barrier: Any) -> Tuple[int, List[str], float, float]:
    key = harness.bench_key(key_number)
    try:
        client = sdk.client(endpoint, key['id'], key['secret'])
        for _warm in range(3):  # warm: session, connection, first-call set-up
            sdk.get(client, instance)
    except Exception:
        barrier.abort()  # never leave the other clients waiting
        raise
    barrier.wait(timeout=120)
    started = time.time()
    ok = 0
    errors: List[str] = []
    for _call in range(calls):
        try:
            sdk.get(client, instance)
            ok += 1
        except Exception as exc:  # pylint: disable=broad-except
            errors.append('%s: %s' % (type(exc).__name__, str(exc)[:200]))
    return ok, errors, started, time.time()


def _process(endpoint: str, first_key: int, threads: int, instance: str, calls: int, barrier: Any, queue: Any) -> None:
    harness.ensure_clean_process_environment()
    results: List[Any] = [None] * threads

    def work(index: int) -> None:
        try:
            results[index] = _client_loop(endpoint, first_key + index, instance, calls, barrier)
        except Exception as exc:  # pylint: disable=broad-except
            results[index] = (0, ['%s: %s' % (type(exc).__name__, exc)], time.time(), time.time())
    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put(results)


def measure(ctx: Any, single_calls: int, clients: int, calls_per_client: int) -> Dict[str, Any]:
    emulator = ctx.emulator
    emulator.reset()
    emulator.control.set_quotas(enabled=False)
    instance = emulator.seed(1)
    one = threading.Barrier(1)
    ok, errors, started, ended = _client_loop(emulator.endpoint, 1, instance, single_calls, one)
    single = {'calls': ok, 'errors': len(errors), 'error_examples': errors[:3], 'seconds': ended - started,
              'per_second': ok / (ended - started)}

    context = multiprocessing.get_context('spawn')  # no fork of a process that ran threads
    processes = max(1, min(os.cpu_count() or 1, clients))
    per_process = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    barrier = context.Barrier(clients)
    queue = context.Queue()
    workers = []
    first = 1
    for threads in per_process:
        workers.append(context.Process(target=_process, args=(emulator.endpoint, first, threads, instance,
                                                              calls_per_client, barrier, queue)))
        first += threads
    for worker in workers:
        worker.start()
    outcomes: List[Tuple[int, List[str], float, float]] = []
    received = 0
    deadline = time.monotonic() + 600
    while received < len(workers):
        try:
            outcomes.extend(queue.get(timeout=1.0))
            received += 1
        except Exception:  # pylint: disable=broad-except  # queue.Empty: a worker that died never answers
            if time.monotonic() > deadline or not any(w.is_alive() for w in workers) and queue.empty():
                raise RuntimeError('capacity: %d of %d client processes did not report' % (len(workers) - received, len(workers)))
    for worker in workers:
        worker.join(timeout=30)
    total_ok = sum(o[0] for o in outcomes)
    all_errors = [e for o in outcomes for e in o[1]]
    began = min(o[2] for o in outcomes)
    finished = max(o[3] for o in outcomes)
    many = {'clients': clients, 'processes': processes, 'calls': total_ok, 'errors': len(all_errors),
            'error_examples': all_errors[:3], 'seconds': finished - began, 'per_second': total_ok / (finished - began)}
    emulator.reset()
    return {'single': single, 'concurrent': many}
