# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Time budget, backoff schedules, retry classification, the retry loop and the polling loop.

One ``Deadline`` per task run (from ``wait_timeout``) bounds everything: retries of single calls,
waiting for a transitional state to settle and waiting for a change to become visible. All delays of
the collection are defined here, in one place.
"""

from __future__ import annotations

import random
import time
from typing import Any, Callable, Optional, Tuple, TypeVar

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import AMBIGUOUS_KINDS, KIND_BAD_RESPONSE, KIND_TRANSPORT, ApiError

T = TypeVar('T')

# Retrying one API call (throttling, 5xx, lost answers): 1 s, 2 s, 4 s, 8 s, then 10 s, each scaled by a
# random factor in [0.5, 1.5] (capped at 10 s) so that parallel tasks do not retry in lockstep.
RETRY_FIRST_DELAY = 1.0
RETRY_FACTOR = 2.0
RETRY_MAX_DELAY = 10.0
RETRY_JITTER = 0.5
# Attempts per call, the first included; the deadline may stop earlier. Bounds the time lost to a
# mistyped endpoint to about a minute even with a long wait_timeout.
RETRY_MAX_ATTEMPTS = 10

# Polling GetVpcPeerConnectionAttribute while waiting for a state: first poll after 1 s, then x1.5 up to
# 8 s, each +-10 % jitter. Targets for later tuning: latency after the switch <= max(1.5 s, 15 % of the
# Updating window), and <= 4 + window/4 Get calls. Gentle on the quota of 360 calls a minute.
POLL_FIRST_DELAY = 1.0
POLL_FACTOR = 1.5
POLL_MAX_DELAY = 8.0
POLL_JITTER = 0.1

# A single attempt always gets at least this long to connect and to read, even when less of the
# deadline remains, so that a call near the deadline can still complete.
MIN_ATTEMPT_TIMEOUT = 1.0

# Codes retried besides anything containing "Throttling" and any HTTP 5xx.
RETRYABLE_CODES = frozenset((
    'ServiceUnavailable',
    'InternalError',
    'Conflict.Operation',
    'LastTokenProcessing',  # the previous attempt with the same ClientToken is still being processed
))


def default_clock() -> float:
    """The monotonic clock (looked up at call time, so tests can replace ``time`` in this module)."""
    return time.monotonic()


def default_sleep(seconds: float) -> None:
    time.sleep(seconds)


class Deadline:
    """A monotonic time budget for one task run."""

    def __init__(self, seconds: float, clock: Optional[Callable[[], float]] = None) -> None:
        self.seconds = float(seconds)
        self._clock = clock or default_clock
        self.started = self._clock()

    def now(self) -> float:
        return self._clock()

    def elapsed(self) -> float:
        return self._clock() - self.started

    def remaining(self) -> float:
        return max(0.0, self.seconds - self.elapsed())

    def expired(self) -> bool:
        return self.remaining() <= 0.0


class Backoff:
    """Capped exponential delays with symmetric jitter: ``min(cap, first * factor**n * (1 +- jitter))``."""

    def __init__(
        self,
        first: float,
        factor: float,
        cap: float,
        jitter: float,
        rand: Optional[Callable[[], float]] = None,
    ) -> None:
        self.first = first
        self.factor = factor
        self.cap = cap
        self.jitter = jitter
        self._rand = rand or random.random

    def base(self, n: int) -> float:
        """The un-jittered delay before the n-th retry or poll (n = 0 for the first)."""
        return min(self.cap, self.first * (self.factor ** n))

    def delay(self, n: int) -> float:
        scale = 1.0 + self.jitter * (2.0 * self._rand() - 1.0)
        return max(0.0, min(self.cap, self.base(n) * scale))


def retry_backoff(rand: Optional[Callable[[], float]] = None) -> Backoff:
    return Backoff(RETRY_FIRST_DELAY, RETRY_FACTOR, RETRY_MAX_DELAY, RETRY_JITTER, rand)


def poll_backoff(rand: Optional[Callable[[], float]] = None) -> Backoff:
    return Backoff(POLL_FIRST_DELAY, POLL_FACTOR, POLL_MAX_DELAY, POLL_JITTER, rand)


def is_retryable(err: ApiError) -> bool:
    """Whether repeating the same request (same ClientToken) may succeed.

    Safe for every action: reads are idempotent and every mutation carries a ClientToken that is
    reused on each retry, so a retry after a lost answer cannot apply a change twice.
    """
    if err.kind in (KIND_TRANSPORT, KIND_BAD_RESPONSE):
        return True
    code = err.code or ''
    if 'Throttling' in code or code in RETRYABLE_CODES:
        return True
    return err.http_status is not None and 500 <= err.http_status < 600


def attempt_timeouts(deadline: Deadline, connect_timeout: float, read_timeout: float) -> Tuple[float, float]:
    """Connect and read time-outs (seconds) for the next attempt: never beyond the remaining budget,
    but at least ``MIN_ATTEMPT_TIMEOUT``."""
    remaining = max(deadline.remaining(), MIN_ATTEMPT_TIMEOUT)
    return min(connect_timeout, remaining), min(read_timeout, remaining)


def call_with_retry(
    attempt: Callable[[float, float], T],
    *,
    deadline: Deadline,
    connect_timeout: float,
    read_timeout: float,
    backoff: Optional[Backoff] = None,
    sleep: Optional[Callable[[float], Any]] = None,
    max_attempts: int = RETRY_MAX_ATTEMPTS,
) -> T:
    """Run ``attempt(connect_timeout, read_timeout)`` until it succeeds, fails for good, or the budget ends.

    ``attempt`` raises ``ApiError``. Retryable errors are retried after a capped, jittered exponential
    delay, at least as long as the service's ``x-acs-retry-after``. When the next attempt cannot start
    before the deadline (or ``max_attempts`` is reached) the last error is raised, saying how many
    attempts were made over how much time.
    """
    backoff = backoff or retry_backoff()
    sleep = sleep or default_sleep
    started = deadline.now()
    possibly_applied = False
    n = 0
    while True:
        n += 1
        connect, read = attempt_timeouts(deadline, connect_timeout, read_timeout)
        try:
            return attempt(connect, read)
        except ApiError as err:
            err.attempts = n
            err.elapsed = deadline.now() - started
            if err.kind in AMBIGUOUS_KINDS:
                possibly_applied = True
            err.possibly_applied = possibly_applied
            if not is_retryable(err):
                raise
            delay = backoff.delay(n - 1)
            if err.retry_after:
                delay = max(delay, err.retry_after / 1000.0)
            if n >= max_attempts:
                err.gave_up = 'Gave up after %d attempts over %.1f s.' % (n, err.elapsed)
                raise
            if delay >= deadline.remaining():
                err.gave_up = (
                    'Gave up after %d attempt(s) over %.1f s: the next retry (in %.1f s) would pass '
                    'wait_timeout (%.0f s, %.1f s left).'
                    % (n, err.elapsed, delay, deadline.seconds, deadline.remaining())
                )
                raise
            sleep(delay)


class PollTimeout(Exception):
    """Raised by ``poll_until`` when the deadline passes; carries the last value and the time waited."""

    def __init__(self, last: Any, waited: float, polls: int) -> None:
        super().__init__('timed out after %.1f s' % waited)
        self.last = last
        self.waited = waited
        self.polls = polls


def poll_until(
    fetch: Callable[[], T],
    done: Callable[[T], bool],
    *,
    deadline: Deadline,
    backoff: Optional[Backoff] = None,
    sleep: Optional[Callable[[float], Any]] = None,
) -> T:
    """Call ``fetch`` on the poll schedule until ``done(value)`` is true; return that value.

    ``done`` may raise (a ``VpcPeerError``) to stop at once on a state that can never lead to success.
    The first poll happens after the first delay. The last poll happens at the deadline, so the whole
    budget is used; then ``PollTimeout`` is raised with the last value seen.
    """
    backoff = backoff or poll_backoff()
    sleep = sleep or default_sleep
    started = deadline.now()
    n = 0
    last: Any = None
    while True:
        remaining = deadline.remaining()
        if remaining <= 0.0 and n > 0:
            raise PollTimeout(last, deadline.now() - started, n)
        sleep(min(backoff.delay(n), remaining))
        n += 1
        last = fetch()
        if done(last):
            return last
        if deadline.expired():
            raise PollTimeout(last, deadline.now() - started, n)
