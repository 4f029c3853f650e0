# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 2b: the poll schedule swept over Updating windows of 1-120 s, by exact simulation.

Not a model of the schedule: the collection's own ``retry.poll_until`` and ``retry.poll_backoff`` run
on a fake clock (sleeping advances it, each Get takes ``GET_SECONDS``), from the moment the Modify was
answered until the connection reads Activated ``window`` seconds later. For every window it draws the
jitter many times and reports the worst and median latency (switch -> the poll that sees it) and Gets
(the first read included), next to the previous schedule of this collection and a Terraform-like one.
"""

from __future__ import annotations

import random
from typing import Any, Callable, Dict, List, Optional, Tuple

GET_SECONDS = 0.005       # a Get round trip (measured 1-25 ms against the emulator)
WINDOWS_PRINTED = (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 45, 60, 90, 120)


def latency_target(window: float) -> float:
    return max(1.5, 0.15 * window)


def gets_target(window: float) -> float:
    return 4 + window / 4.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


def simulate_module(retry: Any, window: float, rand: Callable[[], float],
                    backoff_factory: Optional[Callable[[Callable[[], float]], Any]] = None) -> Tuple[float, int]:
    """(latency, Gets) of the collection's waiter for one window and one jitter stream."""
    clock = FakeClock()
    deadline = retry.Deadline(3600.0, clock=clock.monotonic)
    polls: List[float] = []

    def fetch() -> float:
        clock.sleep(GET_SECONDS)
        polls.append(clock.now)
        return clock.now

    factory = backoff_factory or (lambda r: retry.poll_backoff(rand=r))
    retry.poll_until(fetch, lambda now: now >= window, deadline=deadline, backoff=factory(rand), sleep=clock.sleep)
    return polls[-1] - window, 1 + len(polls)


def previous_schedule(retry: Any) -> Callable[[Callable[[], float]], Any]:
    """The schedule before issue 6: first poll after 1 s, x1.5, cap 8 s, +-10 % (commit ee0c73a)."""
    return lambda rand: retry.Backoff(1.0, 1.5, 8.0, 0.1, rand)


def simulate_terraform(window: float) -> Tuple[float, int]:
    """Terraform's StateChangeConf as the provider configures it: Delay 5 s, MinTimeout 3 s, waits
    doubling from 100 ms, at least 3 s, at most 10 s (so 3, 6, 10, 10...), no jitter. Gets: the refresh
    before the plan, the polls, and the Read at the end of Update."""
    now = 5.0
    polls = 0
    wait = 0.1
    while True:
        now += GET_SECONDS
        polls += 1
        if now >= window:
            return now + GET_SECONDS - window, 1 + polls + 1
        wait = min(10.0, max(3.0, wait * 2))
        now += wait


def sweep(retry: Any, draws: int = 200, step: float = 0.25, max_window: float = 120.0) -> Dict[str, Any]:
    """Worst/median latency and Gets per window, for the current, previous and Terraform-like schedules.

    The printed rows are the exact windows of ``WINDOWS_PRINTED``. The summary covers 1 s to ``max_window``
    in cells of ``step`` seconds; each draw takes a window at random within its cell (and its own jitter),
    so a switch that lands just after a poll is found even where the schedule has no jitter.
    """
    schedules = {
        'current': lambda w, r: simulate_module(retry, w, r),
        'previous': lambda w, r: simulate_module(retry, w, r, previous_schedule(retry)),
        'terraform': lambda w, r: simulate_terraform(w),
    }
    cells = [round(step * k, 3) for k in range(int(round(1 / step)), int(round(max_window / step)) + 1)]
    printed: Dict[str, Dict[str, Dict[str, float]]] = {name: {} for name in schedules}
    summary: Dict[str, Dict[str, Any]] = {}
    for name, run in schedules.items():
        for window in WINDOWS_PRINTED:
            rng = random.Random(window)
            outcomes = sorted(run(float(window), rng.random) for _draw in range(draws))
            latencies = sorted(o[0] for o in outcomes)
            gets = sorted(o[1] for o in outcomes)
            printed[name][str(window)] = {'latency_worst': latencies[-1], 'latency_median': latencies[len(latencies) // 2],
                                          'gets_worst': gets[-1], 'gets_median': gets[len(gets) // 2]}
        latency_misses: List[float] = []
        gets_misses: List[float] = []
        worst_latency_ratio = worst_gets_ratio = 0.0
        worst_latency_at = worst_gets_at = 0.0
        for cell in cells:
            rng = random.Random(int(cell * 1000))
            latency_ok = gets_ok = True
            for _draw in range(draws):
                window = cell + (rng.random() - 0.5) * step if cell > 1.0 else cell + rng.random() * step / 2
                latency, count = run(window, rng.random)
                latency_ratio = latency / latency_target(window)
                gets_ratio = count / gets_target(window)
                if latency_ratio > worst_latency_ratio:
                    worst_latency_ratio, worst_latency_at = latency_ratio, window
                if gets_ratio > worst_gets_ratio:
                    worst_gets_ratio, worst_gets_at = gets_ratio, window
                latency_ok = latency_ok and latency_ratio <= 1.0 + 1e-9
                gets_ok = gets_ok and gets_ratio <= 1.0 + 1e-9
            if not latency_ok:
                latency_misses.append(cell)
            if not gets_ok:
                gets_misses.append(cell)
        summary[name] = {
            'windows': len(cells),
            'latency_met': len(cells) - len(latency_misses),
            'gets_met': len(cells) - len(gets_misses),
            'latency_missed_range': [latency_misses[0], latency_misses[-1]] if latency_misses else None,
            'gets_missed_range': [gets_misses[0], gets_misses[-1]] if gets_misses else None,
            'worst_latency_ratio': worst_latency_ratio, 'worst_latency_at': worst_latency_at,
            'worst_gets_ratio': worst_gets_ratio, 'worst_gets_at': worst_gets_at,
        }
    return {'method': 'exact simulation: retry.poll_until + retry.poll_backoff of the installed collection on a fake '
                      'clock; rows: the exact window, %d jitter draws; summary: %d cells of %.2f s from 1 to %.0f s, '
                      '%d random windows and jitter draws per cell; a Get takes %.0f ms'
                      % (draws, len(cells), step, max_window, draws, GET_SECONDS * 1000),
            'summary': summary, 'windows': printed}


def describe_range(values: Optional[List[float]]) -> str:
    if not values:
        return 'none'
    return '%g-%g s' % (values[0], values[1])


def render(result: Dict[str, Any]) -> List[str]:
    lines = ['Poll schedule swept over windows (%s)' % result['method'],
             '  latency = switch to Activated -> the poll that sees it (the task ends ~0.1-0.3 s later); '
             'Gets include the first read',
             '  %7s | %-23s | %-23s | %-23s | %s' % ('window', 'this collection', 'previous (1s x1.5 cap 8)',
                                                     'Terraform-like', 'targets'),
             '  %7s | %-23s | %-23s | %-23s | %s' % ('s', 'lat worst/med  Gets w/m', 'lat worst/med  Gets w/m',
                                                     'latency   Gets', 'lat <= / Gets <=')]
    for window in WINDOWS_PRINTED:
        key = str(window)
        cells = []
        for name in ('current', 'previous'):
            row = result['windows'][name][key]
            cells.append('%5.2f/%5.2f   %3d/%3d' % (row['latency_worst'], row['latency_median'], row['gets_worst'],
                                                    row['gets_median']))
        row = result['windows']['terraform'][key]
        cells.append('%5.2f       %3d' % (row['latency_worst'], row['gets_worst']))
        lines.append('  %7s | %-23s | %-23s | %-23s | %.2f / %.2f' % (
            key, cells[0], cells[1], cells[2], latency_target(window), gets_target(window)))
    for name, label in (('current', 'this collection'), ('previous', 'previous schedule'), ('terraform', 'Terraform-like')):
        s = result['summary'][name]
        lines.append('  %-18s latency target met in %d/%d cells (missed %s; worst %.2fx the target, at %.1f s); '
                     'Get target met in %d/%d (missed %s; worst %.2fx, at %.1f s)' % (
                         label + ':', s['latency_met'], s['windows'], describe_range(s['latency_missed_range']),
                         s['worst_latency_ratio'], s['worst_latency_at'], s['gets_met'], s['windows'],
                         describe_range(s['gets_missed_range']), s['worst_gets_ratio'], s['worst_gets_at']))
    return lines
