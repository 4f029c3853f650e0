# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Time budget, backoff schedules, retry classification, the retry loop and the polling loop.

This module util is PRIVATE to the collection: its interface may change in any release.

One ``Deadline`` per task run (from ``wait_timeout``) bounds everything: retries of single calls,
waiting for a transitional state to settle and waiting for a change to become visible. All delays of
the collection are defined here, in one place.
"""

from __future__ import annotations

import random
import time
from typing import Any, Callable, Optional, Tuple, TypeVar

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import (
    AMBIGUOUS_KINDS,
    KIND_ANSWER_LOST,
    KIND_API,
    KIND_BAD_RESPONSE,
    KIND_NOT_SENT,
    ApiError,
)

T = TypeVar('T')

# Retrying one API call (throttling, 5xx, lost answers): 1 s, 2 s, 4 s, 8 s, then 10 s, each scaled by a
# random factor in [0.5, 1.5] (capped at 10 s) so that parallel tasks do not retry in lockstep.
RETRY_FIRST_DELAY = 1.0
RETRY_FACTOR = 2.0
RETRY_MAX_DELAY = 10.0
RETRY_JITTER = 0.5
# Attempts per call, the first included; the deadline may stop earlier. Bounds the time lost to a
# mistyped endpoint to about a minute even with a long wait_timeout. Throttled attempts do not count:
# the service answered, only "not now", so they are retried until wait_timeout. Counting them failed
# tasks with Throttling.User after ten tries in about a minute while forks shared a saturated quota.
RETRY_MAX_ATTEMPTS = 10

# Polling GetVpcPeerConnectionAttribute while waiting for a state. The targets (docs/benchmarks.md): notice the
# switch within max(1.5 s, 15 % of the time it took), and spend at most 4 + window/4 Get calls (the
# first read included). For windows of about 5-25 s no schedule that does not know the window meets
# both; this one keeps the Get budget, because at scale the shared quota (360 Gets a minute per account
# and region, for every fork) sets the run time. Each constant comes from one target:
# - three quick polls 1.5 s apart: the Get budget's intercept (4 = the first read + 3 polls) spent at
#   the 1.5 s latency target, so changes done within 4.5 s are noticed within 1.5 s;
# - then the gap is 1/8 of the time waited (+-10 % jitter: at most 13.75 % < 15 %), never less than 4 s
#   (the Get budget's slope: one Get per 4 s) and never more than 10 s (50 forks polling every 10 s
#   stay under the quota's 6 Gets a second). Floor and cap hold after the jitter.
# docs/benchmarks.md has the sweep over windows of 1-120 s and the figures measured against the emulator.
POLL_QUICK_DELAY = 1.5
POLL_QUICK_POLLS = 3
POLL_RATIO = 0.125
POLL_MIN_DELAY = 4.0
POLL_MAX_DELAY = 10.0
POLL_JITTER = 0.1

# A single attempt always gets at least this long to connect and to read, even when less of the
# deadline remains, so that a call near the deadline can still complete.
MIN_ATTEMPT_TIMEOUT = 1.0

# A request that never reached a server (connection refused, connect time-out) is retried only this long
# from the call's first attempt: a restarting endpoint comes back within seconds, a mistyped one never does.
NOT_SENT_RETRY_SECONDS = 5.0

# Codes retried, unchanged and with the same ClientToken, besides anything containing "Throttling" and any
# HTTP 5xx. Refusals because something else is in progress (IncorrectStatus.VpcPeer, Conflict.Operation,
# TaskConflict) are not retried here: the engine reads again and plans again, since what to send may change.
RETRYABLE_CODES = frozenset((
    'ServiceUnavailable',
    'InternalError',
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

    def delay(self, n: int, elapsed: Optional[float] = None) -> float:
        """The delay before the n-th retry or poll; ``elapsed`` (time waited so far) is not used here."""
        scale = 1.0 + self.jitter * (2.0 * self._rand() - 1.0)
        return max(0.0, min(self.cap, self.base(n) * scale))


class PollSchedule(Backoff):
    """Poll delays: ``quick_polls`` polls ``quick_delay`` apart, then ``ratio`` times the time waited so far,
    jittered, then clamped to ``[floor, cap]``.

    The gap grows in proportion to the time already waited, so the delay in noticing a change stays a
    fixed fraction of how long the change took, and the number of polls grows with the logarithm of it.
    ``delay(n, elapsed)`` uses the real time waited; without ``elapsed`` it uses the un-jittered schedule's.
    """

    def __init__(
        self,
        quick_delay: float,
        quick_polls: int,
        ratio: float,
        floor: float,
        cap: float,
        jitter: float,
        rand: Optional[Callable[[], float]] = None,
    ) -> None:
        super().__init__(quick_delay, 1.0 + ratio, cap, jitter, rand)
        self.quick_delay = quick_delay
        self.quick_polls = quick_polls
        self.ratio = ratio
        self.floor = floor

    def _gap(self, n: int, elapsed: float, scale: float) -> float:
        if n < self.quick_polls:
            return self.quick_delay
        return min(self.cap, max(self.floor, self.ratio * elapsed * scale))

    def nominal_elapsed(self, n: int) -> float:
        """Seconds waited before poll n of the un-jittered schedule (0 before the first delay)."""
        elapsed = 0.0
        for k in range(n):
            elapsed += self._gap(k, elapsed, 1.0)
        return elapsed

    def base(self, n: int) -> float:
        return self._gap(n, self.nominal_elapsed(n), 1.0)

    def delay(self, n: int, elapsed: Optional[float] = None) -> float:
        if elapsed is None:
            elapsed = self.nominal_elapsed(n)
        scale = 1.0 + self.jitter * (2.0 * self._rand() - 1.0)
        return self._gap(n, max(0.0, elapsed), scale)


def retry_backoff(rand: Optional[Callable[[], float]] = None) -> Backoff:
    return Backoff(RETRY_FIRST_DELAY, RETRY_FACTOR, RETRY_MAX_DELAY, RETRY_JITTER, rand)


def poll_backoff(rand: Optional[Callable[[], float]] = None) -> PollSchedule:
    return PollSchedule(POLL_QUICK_DELAY, POLL_QUICK_POLLS, POLL_RATIO, POLL_MIN_DELAY, POLL_MAX_DELAY, POLL_JITTER, rand)


def is_throttled(err: ApiError) -> bool:
    """The service refused the call because of a rate quota (it may be sent again, unchanged, later)."""
    return 'Throttling' in (err.code or '') or err.http_status == 429


def is_retryable(err: ApiError) -> bool:
    """Whether repeating the same request (same ClientToken) may succeed.

    Safe for every action: reads are idempotent and every mutation carries a ClientToken that is
    reused on each retry, so a retry after a lost answer cannot apply a change twice. Failures that
    cannot heal within a task (a name that does not resolve, a TLS or protocol mismatch, a non-API
    answer with a 4xx status) are not retried.
    """
    if err.kind in (KIND_NOT_SENT, KIND_ANSWER_LOST, KIND_BAD_RESPONSE):
        return True
    code = err.code or ''
    if 'Throttling' in code or code in RETRYABLE_CODES:
        return True
    return err.kind == KIND_API and err.http_status is not None and 500 <= err.http_status < 600


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
    resend_after_lost_answer: bool = True,
) -> T:
    """Run ``attempt(connect_timeout, read_timeout)`` until it succeeds, fails for good, or the budget ends.

    ``attempt`` raises ``ApiError``. Retryable errors are retried after a capped, jittered exponential
    delay, at least as long as the service's ``x-acs-retry-after``. Throttled attempts do not count towards
    ``max_attempts``. When the next attempt cannot start before the deadline (or ``max_attempts``
    attempts failed for other reasons) the last error is raised, saying how many attempts were made over
    how much time.

    ``resend_after_lost_answer`` false (a write without a ClientToken, which the service cannot recognise when it
    comes again): an answer lost after the request was sent is raised at once, marked ``unconfirmed``, for the
    caller to read whether it was applied instead of sending it twice.
    """
    backoff = backoff or retry_backoff()
    sleep = sleep or default_sleep
    started = deadline.now()
    possibly_applied = False
    n = 0
    counted = 0  # attempts that failed for another reason than throttling
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
            if err.kind in AMBIGUOUS_KINDS and not resend_after_lost_answer:
                err.unconfirmed = True
                raise
            if not is_throttled(err):
                counted += 1
            delay = backoff.delay(n - 1)
            if err.retry_after:
                delay = max(delay, err.retry_after / 1000.0)
            err.gave_up = _give_up(err, n, counted >= max_attempts, delay, deadline)
            if err.gave_up:
                raise
            sleep(delay)


def _give_up(err: ApiError, attempts: int, out_of_attempts: bool, delay: float, deadline: Deadline) -> Optional[str]:
    """Why not to retry a retryable failure again (after ``attempts``, before a ``delay``), or None."""
    if out_of_attempts:
        return 'Gave up after %d attempts over %.1f s.' % (attempts, err.elapsed or 0.0)
    if err.kind == KIND_NOT_SENT and (err.elapsed or 0.0) + delay > NOT_SENT_RETRY_SECONDS:
        return 'Gave up after %d attempt(s) over %.1f s: nothing answered at the endpoint.' % (attempts, err.elapsed or 0.0)
    if delay >= deadline.remaining():
        return ('Gave up after %d attempt(s) over %.1f s: the next retry (in %.1f s) would pass wait_timeout (%.0f s, '
                '%.1f s left).' % (attempts, err.elapsed or 0.0, delay, deadline.seconds, deadline.remaining()))
    return None


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

    The delay before each poll may depend on the time waited so far (``PollSchedule``), counted from
    the call of ``poll_until``, and so includes the time the polls themselves took (their retries too).

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
        sleep(min(backoff.delay(n, elapsed=deadline.now() - started), remaining))
        n += 1
        last = fetch()
        if done(last):
            return last
        if deadline.expired():
            raise PollTimeout(last, deadline.now() - started, n)
