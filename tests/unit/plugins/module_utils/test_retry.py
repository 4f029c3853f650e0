# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``retry.py`` on its own: Deadline, backoff and poll schedules, which failures are retried, the retry loop and
the polling loop. No service is involved: the failures are ``ApiError``s as ``errors.py`` classifies them (the
classification itself, from real SDK failures, is tested in test_errors.py)."""

from __future__ import annotations

from typing import Any, List, Optional, Tuple

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import errors, retry
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ApiError
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import (
    NOT_SENT_RETRY_SECONDS,
    Backoff,
    Deadline,
    PollTimeout,
    call_with_retry,
    is_retryable,
    poll_until,
)
from ansible_collections.alibabacloud.vpcpeer.tests.unit.plugins.support import FakeTime


def api_error(code: str, status: Optional[int] = 400, kind: str = errors.KIND_API, retry_after: Optional[int] = None,
              request_id: str = 'REQ') -> ApiError:
    return ApiError('ModifyVpcPeerConnection', code=code, message='m', request_id=request_id, http_status=status,
                    retry_after=retry_after, kind=kind)


def refused() -> ApiError:
    return api_error(errors.CODE_UNREACHABLE, status=None, kind=errors.KIND_NOT_SENT)


def timed_out() -> ApiError:
    return api_error(errors.CODE_TIMEOUT, status=None, kind=errors.KIND_ANSWER_LOST)


# -- Deadline and Backoff -----------------------------------------------------------------------------
def test_deadline_counts_down_on_the_monotonic_clock(fake_time):
    deadline = Deadline(10)
    assert deadline.remaining() == 10 and not deadline.expired()
    fake_time.sleep(4)
    assert deadline.elapsed() == 4 and deadline.remaining() == 6
    fake_time.sleep(7)
    assert deadline.remaining() == 0 and deadline.expired()


def test_backoff_is_exponential_and_capped():
    backoff = Backoff(1.0, 2.0, 10.0, 0.0)
    assert [backoff.delay(n) for n in range(6)] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_backoff_jitter_is_symmetric_and_never_beyond_the_cap():
    low = Backoff(1.0, 1.5, 8.0, 0.1, rand=lambda: 0.0)
    high = Backoff(1.0, 1.5, 8.0, 0.1, rand=lambda: 1.0)
    assert low.delay(0) == pytest.approx(0.9) and high.delay(0) == pytest.approx(1.1)
    assert low.delay(1) == pytest.approx(1.35) and high.delay(1) == pytest.approx(1.65)
    assert low.delay(20) == pytest.approx(7.2) and high.delay(20) == 8.0


def test_backoff_jitter_varies_between_draws():
    values = iter([0.1, 0.9])
    backoff = Backoff(2.0, 2.0, 60.0, 0.5, rand=lambda: next(values))
    assert backoff.delay(0) != backoff.delay(0)


def test_poll_schedule_constants():
    # three quick polls 1.5 s apart, then 1/8 of the time waited, within [4 s, 10 s], +-10 %
    assert (retry.POLL_QUICK_DELAY, retry.POLL_QUICK_POLLS, retry.POLL_RATIO, retry.POLL_MIN_DELAY,
            retry.POLL_MAX_DELAY, retry.POLL_JITTER) == (1.5, 3, 0.125, 4.0, 10.0, 0.1)
    schedule = retry.poll_backoff(rand=lambda: 0.5)
    # nominal: 1.5, 1.5, 1.5, then 4 s until 32 s have passed (32.5 s -> 4.06 s), then t/8, capped at 10 s
    assert [round(schedule.delay(n), 3) for n in range(12)] == [
        1.5, 1.5, 1.5, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.062, 4.57]
    assert schedule.delay(40) == 10.0


def test_poll_schedule_follows_the_time_really_waited():
    schedule = retry.poll_backoff(rand=lambda: 0.5)
    assert schedule.delay(0, elapsed=30.0) == 1.5  # the quick polls do not depend on it
    assert schedule.delay(5, elapsed=20.0) == 4.0  # 20 / 8 = 2.5, below the floor
    assert schedule.delay(5, elapsed=48.0) == 6.0  # e.g. after a poll that was retried for a while
    assert schedule.delay(5, elapsed=500.0) == 10.0


def test_poll_schedule_jitter_stays_within_floor_and_cap():
    low = retry.poll_backoff(rand=lambda: 0.0)
    high = retry.poll_backoff(rand=lambda: 1.0)
    assert low.delay(0, elapsed=0.0) == high.delay(0, elapsed=0.0) == 1.5
    assert low.delay(5, elapsed=40.0) == pytest.approx(4.5) and high.delay(5, elapsed=40.0) == pytest.approx(5.5)
    assert low.delay(5, elapsed=33.0) == 4.0  # 33 / 8 * 0.9 < 4: the floor holds after the jitter
    assert high.delay(5, elapsed=79.0) == 10.0  # 79 / 8 * 1.1 > 10: so does the cap


def simulate_wait(window, rand):
    """Poll with poll_until on a fake clock until ``window`` seconds have passed: (latency, Gets incl. the first read)."""
    clock = FakeTime(start=0.0)
    deadline = Deadline(3600, clock=clock.monotonic)
    polls = []

    def fetch():
        polls.append(clock.now)
        return clock.now
    poll_until(fetch, lambda now: now >= window, deadline=deadline, backoff=retry.poll_backoff(rand=rand),
               sleep=clock.sleep)
    return polls[-1] - window, 1 + len(polls)


@pytest.mark.parametrize('draw', [0.0, 0.5, 1.0])
def test_poll_schedule_meets_the_get_budget_and_the_relative_latency_target(draw):
    # The polling targets for every window of 1-120 s (quarter-second steps), jitter at both extremes:
    # Gets <= 4 + window/4 always; latency <= 1.5 s up to 4.5 s; <= 15 % of the window from 30 s on.
    for quarter in range(4, 481):
        window = quarter / 4.0
        latency, gets = simulate_wait(window, lambda: draw)
        assert gets <= 4 + window / 4, (window, gets)
        if window <= 4.5:
            assert latency <= 1.5 + 1e-9, (window, latency)
        if window >= 30:
            assert latency <= 0.15 * window, (window, latency)
        assert latency <= retry.POLL_MAX_DELAY + 1e-9


# -- classification -----------------------------------------------------------------------------------
@pytest.mark.parametrize('err, expected', [
    (api_error('Throttling'), True),
    (api_error('Throttling.User'), True),
    (api_error('Throttling.Api', status=429, retry_after=100), True),
    (api_error('Rejected.Throttling'), True),
    (api_error('ServiceUnavailable', status=503), True),
    (api_error('InternalError', status=500), True),
    (api_error('SomethingElse', status=502), True),
    (api_error('LastTokenProcessing'), True),
    (api_error(errors.CODE_UNREACHABLE, status=None, kind=errors.KIND_NOT_SENT), True),
    (api_error(errors.CODE_TIMEOUT, status=None, kind=errors.KIND_ANSWER_LOST), True),
    (api_error(errors.CODE_CONNECTION_LOST, status=None, kind=errors.KIND_ANSWER_LOST), True),
    (api_error(errors.CODE_BAD_RESPONSE, status=None, kind=errors.KIND_BAD_RESPONSE), True),
    # A misconfiguration never heals within a task: a name that does not resolve, TLS against plain HTTP, an
    # answer of something that is not the service.
    (api_error(errors.CODE_HOST_NOT_FOUND, status=None, kind=errors.KIND_MISCONFIGURED), False),
    (api_error(errors.CODE_TLS, status=None, kind=errors.KIND_MISCONFIGURED), False),
    (api_error(errors.CODE_BAD_RESPONSE, status=404, kind=errors.KIND_MISCONFIGURED), False),
    (api_error(errors.CODE_NO_CREDENTIALS, status=None, kind=errors.KIND_CREDENTIALS), False),
    (api_error(errors.CODE_SDK_ERROR, status=None, kind=errors.KIND_SDK), False),
    # Something else in progress: the engine reads and plans again; the same request may no longer be right.
    (api_error('Conflict.Operation'), False),
    (api_error('IncorrectStatus.VpcPeer'), False),
    (api_error('DryRunOperation'), False),
    (api_error('ResourceNotFound.InstanceId'), False),
    (api_error('Forbidden.RAM', status=403), False),
    (api_error('SignatureDoesNotMatch'), False),
    (api_error('QuotaExceeded.Bandwidth'), False),
    (api_error('InvalidAccessKeyId.NotFound', status=404), False),
])
def test_is_retryable(err, expected):
    assert is_retryable(err) is expected


# -- call_with_retry ----------------------------------------------------------------------------------
class Script:
    """An attempt function that raises the given errors in turn, then returns 'ok'."""

    def __init__(self, *outcomes: ApiError) -> None:
        self.outcomes = list(outcomes)
        self.timeouts: List[Tuple[float, float]] = []

    def __call__(self, connect: float, read: float) -> str:
        self.timeouts.append((connect, read))
        if self.outcomes:
            raise self.outcomes.pop(0)
        return 'ok'


def run(script: Script, deadline: Deadline, **kwargs: Any) -> str:
    return call_with_retry(script, deadline=deadline, connect_timeout=5.0, read_timeout=10.0,
                           backoff=Backoff(1.0, 2.0, 10.0, 0.0), **kwargs)


def test_retries_transient_errors_with_growing_delays(fake_time):
    script = Script(api_error('Throttling.User'), api_error('ServiceUnavailable', status=503), timed_out())
    assert run(script, Deadline(600)) == 'ok'
    assert len(script.timeouts) == 4
    assert fake_time.sleeps == [1.0, 2.0, 4.0]


@pytest.mark.parametrize('err', [
    api_error('QuotaExceeded.Bandwidth'),
    api_error('Conflict.Operation'),
    api_error(errors.CODE_TLS, status=None, kind=errors.KIND_MISCONFIGURED),
    api_error(errors.CODE_SDK_ERROR, status=None, kind=errors.KIND_SDK),
])
def test_errors_that_are_not_retried_fail_at_once(fake_time, err):
    with pytest.raises(ApiError) as info:
        run(Script(err), Deadline(600))
    assert info.value is err and err.attempts == 1
    assert fake_time.sleeps == [] and err.gave_up is None


def test_a_request_that_was_never_sent_is_retried_for_a_few_seconds_only(fake_time):
    script = Script(*[refused()] * 20)
    with pytest.raises(ApiError) as info:
        run(script, Deadline(600))
    # 1 s and 2 s; the next 4 s would end after the 5 s a restarting endpoint gets, however long wait_timeout is.
    assert fake_time.sleeps == [1.0, 2.0] and len(script.timeouts) == 3
    assert fake_time.elapsed() <= NOT_SENT_RETRY_SECONDS
    assert 'Gave up after 3 attempt(s) over 3.0 s: nothing answered at the endpoint.' in info.value.msg
    assert info.value.possibly_applied is False  # it never reached a server


def test_a_request_that_was_never_sent_succeeds_when_the_endpoint_comes_back(fake_time):
    assert run(Script(refused(), refused()), Deadline(600)) == 'ok'
    assert fake_time.sleeps == [1.0, 2.0]


def test_retry_after_is_honoured(fake_time):
    script = Script(api_error('Throttling.User', status=429, retry_after=3500))
    assert run(script, Deadline(600)) == 'ok'
    assert fake_time.sleeps == [3.5]  # longer than the 1 s backoff


def test_backoff_wins_over_a_short_retry_after(fake_time):
    script = Script(api_error('Throttling.User'), api_error('Throttling.User', status=429, retry_after=200))
    assert run(script, Deadline(600)) == 'ok'
    assert fake_time.sleeps == [1.0, 2.0]


def test_gives_up_with_the_last_error_when_the_deadline_would_pass(fake_time):
    script = Script(*([api_error('ServiceUnavailable', status=503)] * 3 + [api_error('InternalError', status=500, request_id='LAST')]))
    with pytest.raises(ApiError) as info:
        run(script, Deadline(7.5))
    err = info.value
    assert fake_time.sleeps == [1.0, 2.0, 4.0]  # the next retry (8 s) would pass the 7.5 s budget
    assert err.code == 'InternalError' and err.request_id == 'LAST' and err.attempts == 4
    assert err.elapsed == 7.0
    assert 'Gave up after 4 attempt(s) over 7.0 s' in err.msg and 'wait_timeout (8 s' in err.msg


def test_retry_after_beyond_the_deadline_gives_up_at_once(fake_time):
    script = Script(api_error('Throttling.User', status=429, retry_after=30000))
    with pytest.raises(ApiError) as info:
        run(script, Deadline(10))
    assert fake_time.sleeps == [] and info.value.gave_up


def test_max_attempts(fake_time):
    script = Script(*[timed_out()] * 20)
    with pytest.raises(ApiError) as info:
        run(script, Deadline(10000), max_attempts=3)
    assert len(script.timeouts) == 3 and 'Gave up after 3 attempts' in info.value.msg


def test_throttled_attempts_do_not_count_towards_max_attempts(fake_time):
    # a quota shared by many forks can refuse one call more than ten times; wait_timeout still bounds it
    script = Script(*[api_error('Throttling.User')] * 15)
    assert run(script, Deadline(10000), max_attempts=3) == 'ok'
    assert len(script.timeouts) == 16


def test_other_errors_still_count_between_throttled_attempts(fake_time):
    script = Script(*[api_error('Throttling.User'), api_error('ServiceUnavailable', status=503)] * 5)
    with pytest.raises(ApiError) as info:
        run(script, Deadline(10000), max_attempts=3)
    assert len(script.timeouts) == 6 and info.value.code == 'ServiceUnavailable'
    assert 'Gave up after 6 attempts' in info.value.msg


def test_throttling_ends_at_the_deadline(fake_time):
    script = Script(*[api_error('Throttling.User')] * 100)
    with pytest.raises(ApiError) as info:
        call_with_retry(script, deadline=Deadline(60), connect_timeout=5.0, read_timeout=10.0)
    assert len(script.timeouts) == 9  # 1+2+4+8+10+10+10+10 = 55 s; the next 10 s would pass the 60 s budget
    assert fake_time.sleeps == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0, 10.0]
    assert info.value.code == 'Throttling.User' and 'would pass wait_timeout (60 s' in info.value.msg


@pytest.mark.parametrize('err, expected', [
    (api_error('Throttling.User'), True),
    (api_error('Throttling.Api', status=429, retry_after=100), True),
    (api_error('SomethingElse', status=429), True),
    (api_error('ServiceUnavailable', status=503), False),
    (timed_out(), False),
])
def test_is_throttled(err, expected):
    assert retry.is_throttled(err) is expected


def test_attempt_timeouts_never_pass_the_deadline(fake_time):
    script = Script(timed_out(), timed_out())
    deadline = Deadline(8)
    assert run(script, deadline) == 'ok'
    # 8 s left: read 8 (not 10); after 1 s: 7; after 2 more s: 5 left -> connect 5, read 5
    assert script.timeouts == [(5.0, 8.0), (5.0, 7.0), (5.0, 5.0)]


def test_attempt_timeouts_have_a_floor(fake_time):
    deadline = Deadline(3)
    fake_time.sleep(2.9)
    assert retry.attempt_timeouts(deadline, 5.0, 10.0) == (retry.MIN_ATTEMPT_TIMEOUT, retry.MIN_ATTEMPT_TIMEOUT)


@pytest.mark.parametrize('first', [timed_out(), api_error(errors.CODE_BAD_RESPONSE, status=None, kind=errors.KIND_BAD_RESPONSE)])
def test_possibly_applied_after_a_lost_answer(fake_time, first):
    # a lost or unreadable answer leaves open whether the change was applied; every later error says so
    with pytest.raises(ApiError) as info:
        run(Script(first, api_error('Throttling.User'), api_error('IncorrectStatus.VpcPeer')), Deadline(600))
    assert info.value.possibly_applied is True and info.value.attempts == 3


@pytest.mark.parametrize('first', [api_error('Throttling.User'), refused(), api_error('InternalError', status=500)])
def test_not_possibly_applied_when_every_answer_arrived_or_nothing_was_sent(fake_time, first):
    with pytest.raises(ApiError) as info:
        run(Script(first, api_error('IncorrectStatus.VpcPeer')), Deadline(600))
    assert info.value.possibly_applied is False


# -- poll_until ---------------------------------------------------------------------------------------
def test_poll_until_follows_the_schedule(fake_time):
    values = iter(['a', 'b', 'c'])
    assert poll_until(lambda: next(values), lambda v: v == 'c', deadline=Deadline(600),
                      backoff=Backoff(1.0, 1.5, 8.0, 0.0)) == 'c'
    assert fake_time.sleeps == [1.0, 1.5, 2.25]


def test_poll_until_passes_the_time_waited_to_the_schedule(fake_time):
    polls = []

    def fetch():
        polls.append(fake_time.now)
        if len(polls) == 4:
            fake_time.sleep(40.0)  # the 4th poll takes 40 s (its retries)
        return len(polls)
    assert poll_until(fetch, lambda v: v == 6, deadline=Deadline(600), backoff=retry.poll_backoff()) == 6
    # 1.5, 1.5, 1.5, 4 (at 4.5 s), then 48.5 s waited -> 6.06 s, then 54.6 s -> 6.8 s
    assert [round(s, 3) for s in fake_time.sleeps if s] == [1.5, 1.5, 1.5, 4.0, 40.0, 6.062, 6.82]


def test_poll_until_times_out_with_the_last_value(fake_time):
    polls = []

    def fetch():
        polls.append(fake_time.now)
        return len(polls)
    with pytest.raises(PollTimeout) as info:
        poll_until(fetch, lambda v: False, deadline=Deadline(20), backoff=Backoff(1.0, 1.5, 8.0, 0.0))
    assert info.value.last == len(polls) and info.value.waited == 20.0
    assert polls[-1] == 1020.0  # the last poll happens at the deadline, not before it


def test_poll_until_stops_early_when_told(fake_time):
    def done(value):
        raise RuntimeError('never')
    with pytest.raises(RuntimeError):
        poll_until(lambda: 1, done, deadline=Deadline(600))
    assert len(fake_time.sleeps) == 1
