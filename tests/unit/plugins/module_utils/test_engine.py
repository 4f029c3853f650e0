# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``engine.py`` on its own: check mode, settling, busy refusals, ``changed`` and the applied calls, the deadline.

The engine is generic: it knows plans and steps, not VPC peering. So these tests drive it with a small stand-in
resource defined here, a "widget" with a size and a status, whose steps record what they were asked to do and
fail when a test tells them to. The VPC peering task on the engine is tested against the emulator in
test_peering.py.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

import pytest

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import engine as engine_module
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.engine import (
    MAX_CONTRADICTED_ROUNDS,
    Applied,
    Engine,
    Plan,
    ResourceTask,
    Step,
    diff_of,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import (
    ApiError,
    StateError,
    VpcPeerError,
    WaitTimeout,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import POLL_QUICK_DELAY, Deadline

View = Dict[str, Any]
BUSY_ELSEWHERE, BUSY_ITSELF = 'Busy.Elsewhere', 'Busy.Itself'


class WidgetTask(ResourceTask):
    """Brings a stand-in widget (``{'size': n, 'status': 'Ready'|'Resizing'}``, or None) to ``wanted`` size.

    A missing widget is created; a Resizing one is settled first; a widget of another size gets a Resize step
    (with a dry run), then a Label step (without one). ``failures[action]`` lists errors the next sends raise
    (or functions returning them, run at the time of the send); ``sent`` records ``(action, dry_run, size)`` of
    every send, ``planned_from`` the size each Resize step was planned from; ``finished`` every ``finish(wait)``.
    """

    busy_codes = frozenset((BUSY_ELSEWHERE, BUSY_ITSELF))
    own_busy_codes = frozenset((BUSY_ITSELF,))

    def __init__(self, widget: Optional[View], wanted: int, *, label: bool = False,
                 wait_for: Optional[Callable[[], View]] = None) -> None:
        self.widget = dict(widget) if widget is not None else None
        self.wanted = wanted
        self.label = label
        self.wait_for = wait_for
        self.warnings: List[str] = []
        self.failures: Dict[str, List[BaseException]] = {}
        self.sent: List[tuple] = []
        self.planned_from: List[Optional[int]] = []
        self.finished: List[bool] = []
        self.reads = 0
        self.settled = 0
        self.notes: tuple = ()

    def read(self) -> Optional[View]:
        self.reads += 1
        return dict(self.widget) if self.widget is not None else None

    def plan(self, read: Optional[View]) -> Plan:
        if read is None:
            return Plan(None, {'size': self.wanted, 'status': 'Ready'}, [self._step('Create', self.wanted)])
        if read['status'] == 'Resizing':
            return Plan(read, dict(read, size=self.wanted), [self._step('Resize', self.wanted)],
                        settle=self._settle, preview_notes=self.notes)
        if read['size'] == self.wanted:
            return Plan(read, read, [])
        self.planned_from.append(read['size'])
        steps = [self._step('Resize', self.wanted)]
        if self.label:
            steps.append(self._step('Label', self.wanted, dry_run=False))
        return Plan(read, dict(read, size=self.wanted), steps, preview_notes=self.notes)

    def _settle(self) -> Optional[View]:
        self.settled += 1
        self.widget = dict(self.widget or {}, status='Ready')
        return self.read()

    def _step(self, action: str, size: int, dry_run: bool = True) -> Step:
        def send(dry: bool) -> Dict[str, Any]:
            self.sent.append((action, dry, size))
            pending = self.failures.get(action)
            if pending:
                error = pending.pop(0)
                raise error if isinstance(error, BaseException) else error()
            if dry:
                return {'dry_run': True, 'request_id': 'DRY-%d' % len(self.sent)}
            self.widget = {'size': size, 'status': 'Ready'}
            return {'request_id': 'REQ-%d' % len(self.sent)}

        def finish(answer: Dict[str, Any], wait: bool) -> Optional[View]:
            self.finished.append(wait)
            if self.wait_for is not None:
                return self.wait_for()
            return dict(self.widget or {}, waited=True) if wait else None

        return Step(action, send, finish, dry_run=dry_run)


def busy(code: str = BUSY_ELSEWHERE, request_id: str = 'R-BUSY') -> ApiError:
    return ApiError(action='Resize', code=code, message='something is in progress', request_id=request_id)


def run(task: WidgetTask, *, check_mode: bool = False, wait: bool = True, budget: float = 600.0):
    return Engine(task, Deadline(budget), check_mode=check_mode, wait=wait).run()


def failure(task: WidgetTask, **kwargs: Any) -> VpcPeerError:
    with pytest.raises(VpcPeerError) as info:
        run(task, **kwargs)
    return info.value


# -- check mode -------------------------------------------------------------------------------------------
def test_check_mode_sends_dry_runs_only_of_the_steps_that_have_one(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2, label=True)
    result = run(task, check_mode=True)
    assert task.sent == [('Resize', True, 2)]  # Label has no dry run: predicted only
    assert result.changed is True and result.applied == []
    assert result.before == {'size': 1, 'status': 'Ready'} and result.resource == {'size': 2, 'status': 'Ready'}
    assert task.widget == {'size': 1, 'status': 'Ready'} and task.finished == []


def test_check_mode_without_differences_sends_nothing(fake_time):
    task = WidgetTask({'size': 2, 'status': 'Ready'}, 2)
    result = run(task, check_mode=True)
    assert result.changed is False and task.sent == [] and task.reads == 1


def test_check_mode_never_waits_nor_settles(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Resizing'}, 2)
    task.notes = ('The widget is Resizing: previewed from the values read now.',)
    result = run(task, check_mode=True)
    assert task.settled == 0 and fake_time.sleeps == [] and task.reads == 1
    assert result.warnings == ['The widget is Resizing: previewed from the values read now.']
    assert result.changed is True and result.resource == {'size': 2, 'status': 'Resizing'}


def test_check_mode_reports_a_busy_dry_run_as_a_warning(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2)
    task.failures['Resize'] = [busy()]
    result = run(task, check_mode=True)
    assert result.changed is True and fake_time.sleeps == []
    assert len(result.warnings) == 1 and 'dry run of Resize was refused for now' in result.warnings[0]
    assert BUSY_ELSEWHERE in result.warnings[0]


def test_check_mode_fails_on_any_other_refusal_of_a_dry_run(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2)
    task.failures['Resize'] = [ApiError('Resize', code='Forbidden.RAM', http_status=403)]
    err = failure(task, check_mode=True)
    assert err.code == 'Forbidden.RAM'
    assert err.extra['changed'] is False and err.extra['applied_actions'] == []


def test_check_mode_warns_when_a_dry_run_answers_success(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2)
    original = task._step

    def answers_success(action: str, size: int, dry_run: bool = True) -> Step:
        step = original(action, size, dry_run)
        return step._replace(send=lambda dry: {'request_id': 'R-REAL'})
    task._step = answers_success
    result = run(task, check_mode=True)
    assert len(result.warnings) == 1 and 'may have applied the change' in result.warnings[0]


# -- for real -----------------------------------------------------------------------------------------------
def test_a_converged_resource_is_one_read_and_no_change(fake_time):
    task = WidgetTask({'size': 2, 'status': 'Ready'}, 2)
    result = run(task)
    assert (result.changed, result.applied, task.sent, task.reads) == (False, [], [], 1)
    assert result.resource == result.before == {'size': 2, 'status': 'Ready'}


def test_steps_are_applied_in_order_and_listed(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2, label=True)
    result = run(task)
    assert task.sent == [('Resize', False, 2), ('Label', False, 2)]
    assert result.changed is True
    assert result.applied == [Applied('Resize', 'REQ-1'), Applied('Label', 'REQ-2')]
    assert [applied.to_result() for applied in result.applied] == [
        {'action': 'Resize', 'request_id': 'REQ-1', 'answer_lost': False},
        {'action': 'Label', 'request_id': 'REQ-2', 'answer_lost': False}]
    # The view of the last finish that waited; the first read stays the "before".
    assert result.resource == {'size': 2, 'status': 'Ready', 'waited': True}
    assert result.before == {'size': 1, 'status': 'Ready'} and task.finished == [True, True]


def test_without_wait_the_result_is_the_prediction(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2)
    result = run(task, wait=False)
    assert task.finished == [False] and result.resource == {'size': 2, 'status': 'Ready'}
    assert result.changed is True and fake_time.sleeps == []


def test_a_transitional_resource_is_settled_then_planned_again(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Resizing'}, 2)
    result = run(task)
    assert task.settled == 1 and task.reads == 2
    # The plan made from the settled read is applied, not the one made while Resizing.
    assert task.sent == [('Resize', False, 2)] and result.changed is True
    assert result.before == {'size': 1, 'status': 'Resizing'}


def test_a_settled_resource_that_needs_nothing_more_is_not_changed(fake_time):
    task = WidgetTask({'size': 2, 'status': 'Resizing'}, 2)
    result = run(task)
    assert result.changed is False and task.sent == [] and task.settled == 1


# -- busy refusals ------------------------------------------------------------------------------------------
def test_a_busy_refusal_waits_reads_again_and_plans_again(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 3)

    def someone_else_resizes() -> ApiError:
        task.widget = {'size': 2, 'status': 'Ready'}  # what the other change did meanwhile
        return busy()
    task.failures['Resize'] = [someone_else_resizes]
    result = run(task)
    assert task.reads == 2 and fake_time.sleeps == [POLL_QUICK_DELAY]
    # The second Resize comes from a new plan, made from the read after the refusal.
    assert task.planned_from == [1, 2] and task.sent == [('Resize', False, 3), ('Resize', False, 3)]
    assert result.changed is True and result.applied == [Applied('Resize', 'REQ-2')]
    assert result.before == {'size': 1, 'status': 'Ready'}


def test_a_busy_refusal_then_nothing_left_to_do_is_not_a_change(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2)
    refusal = busy()
    task.failures['Resize'] = [refusal]
    original_read = task.read

    def read_after_the_other_change() -> Optional[View]:
        if task.reads == 1:  # the second read sees that the other change made exactly this one
            task.widget = {'size': 2, 'status': 'Ready'}
        return original_read()
    task.read = read_after_the_other_change
    result = run(task)
    assert result.changed is False and result.applied == [] and len(task.sent) == 1


def test_busy_rounds_back_off_on_the_poll_schedule(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2)
    task.failures['Resize'] = [busy(BUSY_ELSEWHERE, 'R-%d' % n) for n in range(4)]
    run(task)
    assert fake_time.sleeps == [POLL_QUICK_DELAY] * 3 + [4.0] and len(task.sent) == 5


def test_own_busy_refusals_against_settled_reads_give_up(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2)
    task.failures['Resize'] = [busy(BUSY_ITSELF, 'R-%d' % n) for n in range(20)]
    err = failure(task)
    assert err.code == BUSY_ITSELF and len(task.sent) == MAX_CONTRADICTED_ROUNDS
    assert 'Every read shows the resource settled, but the service answered %s %d times in a row.' % (
        BUSY_ITSELF, MAX_CONTRADICTED_ROUNDS) in err.msg
    assert err.extra['changed'] is False and fake_time.elapsed() < 600


def test_busy_elsewhere_is_waited_out_until_the_deadline(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2)
    task.failures['Resize'] = [busy(BUSY_ELSEWHERE, 'R-%d' % n) for n in range(100)]
    err = failure(task, budget=60)
    assert err.code == BUSY_ELSEWHERE and len(task.sent) > MAX_CONTRADICTED_ROUNDS
    assert 'kept it busy until wait_timeout (60 s)' in err.msg
    assert fake_time.elapsed() <= 60 and err.extra['applied_actions'] == []


def test_other_refusals_fail_at_once(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2)
    task.failures['Resize'] = [ApiError('Resize', code='QuotaExceeded.Size')]
    err = failure(task)
    assert err.code == 'QuotaExceeded.Size' and task.reads == 1 and fake_time.sleeps == []


# -- changed and applied_actions on failure -----------------------------------------------------------------
def test_a_failure_after_an_accepted_write_is_a_change(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2, label=True)
    task.failures['Label'] = [ApiError('Label', code='InternalError', http_status=500, request_id='R-500')]
    err = failure(task)
    assert err.extra['changed'] is True
    assert err.extra['applied_actions'] == [{'action': 'Resize', 'request_id': 'REQ-1', 'answer_lost': False}]
    assert err.to_result()['error']['code'] == 'InternalError'


def test_a_lost_answer_counts_as_possibly_applied(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2)
    lost = ApiError('Resize', code='SDK.ReadTimeout', kind='answer_lost', request_id=None)
    lost.possibly_applied = True
    task.failures['Resize'] = [lost]
    err = failure(task)
    assert err.extra['changed'] is True
    assert err.extra['applied_actions'] == [{'action': 'Resize', 'request_id': None, 'answer_lost': True}]


def test_a_refusal_of_a_call_that_surely_was_not_applied_is_no_change(fake_time):
    task = WidgetTask(None, 2)
    task.failures['Create'] = [ApiError('Create', code='SDK.ServerUnreachable', kind='not_sent')]
    err = failure(task)
    assert err.extra['changed'] is False and err.extra['applied_actions'] == []


def test_a_wait_timeout_without_an_accepted_write_says_nothing_changed(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Resizing'}, 2)

    def never_settles() -> None:
        raise WaitTimeout('Timed out after 60 s waiting for the widget.')
    task._settle = never_settles
    err = failure(task)
    assert isinstance(err, WaitTimeout)
    assert err.msg == 'Timed out after 60 s waiting for the widget. This run changed nothing.'
    assert err.extra == {'changed': False, 'applied_actions': []}


def test_a_wait_timeout_after_accepted_writes_names_them(fake_time):
    def never_visible() -> View:
        raise WaitTimeout('Timed out waiting for the new size.')
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2, label=True, wait_for=never_visible)
    err = failure(task)
    assert err.msg.startswith('Timed out waiting for the new size. The service accepted Resize in this run;')
    assert 'run the task again' in err.msg
    assert err.extra['changed'] is True and [a['action'] for a in err.extra['applied_actions']] == ['Resize']
    assert task.sent == [('Resize', False, 2)]  # Label never sent


def test_other_task_errors_carry_changed_too(fake_time):
    def vanished() -> View:
        raise StateError('The widget no longer exists.')
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2, wait_for=vanished)
    err = failure(task)
    # only time-outs say what may still complete; every failure after an accepted write names it
    assert err.msg == 'The widget no longer exists. The service had accepted Resize in this run before this failure.'
    assert err.extra['changed'] is True


def test_a_failure_before_any_accepted_write_says_nothing_of_changes(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2)
    task.failures['Resize'] = [ApiError('Resize', code='X')]
    err = failure(task)
    assert 'in this run' not in err.msg and 'changed nothing' not in err.msg
    assert err.extra['changed'] is False


# -- what the engine keeps --------------------------------------------------------------------------------
def test_the_last_view_is_the_latest_read_or_wait(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2)
    engine = Engine(task, Deadline(600), check_mode=False)
    engine.run()
    assert engine.last_view == {'size': 2, 'status': 'Ready', 'waited': True}
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2)
    task.failures['Resize'] = [ApiError('Resize', code='X')]
    engine = Engine(task, Deadline(600), check_mode=False)
    with pytest.raises(ApiError):
        engine.run()
    assert engine.last_view == {'size': 1, 'status': 'Ready'}


def test_warnings_are_the_tasks_and_never_repeated(fake_time):
    task = WidgetTask({'size': 1, 'status': 'Ready'}, 2)
    task.warnings.append('from the task')
    task.notes = ('a note', 'a note')
    result = run(task, check_mode=True)
    assert result.warnings == ['from the task', 'a note'] and result.warnings is task.warnings


def test_the_default_diff_and_returned_resource():
    task = WidgetTask(None, 1)
    assert task.diff(None, {'size': 1}) == {'before': {}, 'after': {'size': 1}}
    assert diff_of({'a': 1}, None) == {'before': {'a': 1}, 'after': {}}
    result = engine_module.Result(True, {'size': 1}, None, [], [])
    assert task.returned(result) == {'size': 1}
    with pytest.raises(NotImplementedError):
        ResourceTask().read()
    with pytest.raises(NotImplementedError):
        ResourceTask().plan(None)


def test_without_wait_the_task_may_add_what_it_knows_after_the_calls(fake_time):
    class Telling(WidgetTask):
        def unwaited(self, predicted: Optional[View]) -> Optional[View]:
            self.told.append(predicted)
            return dict(predicted or {}, status='Resizing')

    task = Telling({'size': 1, 'status': 'Ready'}, 2)
    task.told = []
    assert run(task, wait=False).resource == {'size': 2, 'status': 'Resizing'}
    assert task.told == [{'size': 2, 'status': 'Ready'}]
    # Only for a run that applied something without waiting.
    for kwargs in ({'wait': True}, {'wait': False, 'check_mode': True}):
        task = Telling({'size': 1, 'status': 'Ready'}, 2)
        task.told = []
        run(task, **kwargs)
        assert task.told == []
    task = Telling({'size': 2, 'status': 'Ready'}, 2)
    task.told = []
    run(task, wait=False)
    assert task.told == []
