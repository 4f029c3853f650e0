# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Read once, plan, then apply: the engine every resource of the collection runs on.

This module util is PRIVATE to the collection: its interface may change in any release.

A resource task reads everything its decisions need, once, into snake_case views, and turns that read into
a ``Plan``: the calls to make, in order, each a ``Step``. Planning checks every precondition the read can
decide, so a refusal never comes after a write. The ``Engine`` applies the plan: as DryRun calls in check
mode, for real otherwise, waiting after each step when the step says so. ``changed``, the diff and the list of
applied calls come from the plan and what happened to it; ``changed`` is true as soon as the service accepted
one write, also when the task then fails.

Two things make the engine read and plan again instead of going on with a plan:
- the read shows the resource in a transitional state (``Plan.settle``): the engine waits for it to settle
  (check mode never waits: it previews the plan made from the first read);
- the service refuses a step because something else is in progress (``ResourceTask.busy_codes``): the engine
  waits a little, reads again and plans again, so it never sends what another change already did. Each new
  step is a new logical call, with a new ClientToken.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, FrozenSet, List, Mapping, NamedTuple, Optional, Tuple

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ApiError, VpcPeerError, WaitTimeout
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import Backoff, Deadline, default_sleep, poll_backoff

View = Dict[str, Any]

# A busy refusal about the resource itself while every read shows it settled: the service's state and its
# reads disagree. Give up after this many rounds instead of looping until the deadline.
MAX_CONTRADICTED_ROUNDS = 5


class Step(NamedTuple):
    """One call of a plan.

    ``send(dry_run)`` makes the call and returns its answer (``{'request_id': ...}``, or with ``dry_run`` the dry
    run's ``{'dry_run': True, ...}``). ``finish(answer, wait)`` runs after it was applied: with ``wait`` it waits
    until the effect shows and returns the fresh view; without, it returns the predicted view (or None when it
    has nothing to say); it may wait regardless when later steps need the effect. ``dry_run``: whether check mode
    sends a dry run of it (false when the API has none, or the state read does not allow the call yet).
    """

    action: str
    send: Callable[[bool], Dict[str, Any]]
    finish: Optional[Callable[[Dict[str, Any], bool], Optional[View]]] = None
    dry_run: bool = True


class Plan(NamedTuple):
    """What to do about one read: ``steps`` in order, turning ``before`` (None: it does not exist) into the
    predicted ``after`` (None: it will not exist). ``settle``: the resource is transitional; wait for it and
    return a fresh read to plan again. ``preview_notes``: what check mode must say about this plan.
    ``blocked``: why the steps cannot run now although an earlier task of the same play may change that (a
    connection that waits to be accepted): a real run fails with it before any write; check mode, where the
    earlier tasks changed nothing, previews the steps and warns with it."""

    before: Optional[View]
    after: Optional[View]
    steps: List[Step]
    settle: Optional[Callable[[], Any]] = None
    preview_notes: Tuple[str, ...] = ()
    blocked: Optional[VpcPeerError] = None


class Applied(NamedTuple):
    """A write the service accepted (``answer_lost``: it may have been applied; its answer never arrived)."""

    action: str
    request_id: Optional[str]
    answer_lost: bool = False

    def to_result(self) -> Dict[str, Any]:
        return {'action': self.action, 'request_id': self.request_id, 'answer_lost': self.answer_lost}


class Result(NamedTuple):
    changed: bool
    resource: Optional[View]   # fresh after waiting, else predicted; None when it does not exist (any more)
    before: Optional[View]     # as first read
    applied: List[Applied]
    warnings: List[str]


class ResourceTask:
    """What the engine needs of a resource task; subclasses implement ``read`` and ``plan``.

    ``busy_codes``: refusals meaning something else is in progress, to wait out and plan again.
    ``own_busy_codes``: those among them that are about this resource itself (so a settled read contradicts them).
    ``warnings``: what the task has to tell the user; the engine adds its own.
    """

    busy_codes: FrozenSet[str] = frozenset()
    own_busy_codes: FrozenSet[str] = frozenset()
    warnings: List[str]

    def read(self) -> Any:
        raise NotImplementedError

    def plan(self, read: Any) -> Plan:
        raise NotImplementedError

    def diff(self, before: Optional[View], after: Optional[View]) -> Dict[str, Any]:
        """The ``diff`` result key of a run that turned ``before`` into ``after``."""
        return diff_of(before, after)

    def unwaited(self, predicted: Optional[View]) -> Optional[View]:
        """With wait=false, what to return after the calls were accepted: by default the prediction."""
        return predicted

    def returned(self, result: 'Result') -> Optional[View]:
        """The resource the module returns: by default as it is after the run."""
        return result.resource


class Engine:
    """Runs one ``ResourceTask`` within the task's ``deadline``."""

    def __init__(
        self,
        task: ResourceTask,
        deadline: Deadline,
        *,
        check_mode: bool,
        wait: bool = True,
        sleep: Optional[Callable[[float], Any]] = None,
        backoff: Optional[Backoff] = None,
    ) -> None:
        self.task = task
        self.deadline = deadline
        self.check_mode = check_mode
        self.wait = wait
        self._sleep = sleep or default_sleep
        self._backoff = backoff or poll_backoff()
        self.applied: List[Applied] = []
        self.warnings = task.warnings
        self.last_view: Optional[View] = None

    def run(self) -> Result:
        """Read, plan and apply. A ``VpcPeerError`` raised on the way carries ``changed`` and ``applied_actions``."""
        try:
            first = self._plan(self.task.read())
            if self.check_mode:
                return self._preview(first)
            return self._converge(first)
        except VpcPeerError as err:
            err.extra['changed'] = bool(self.applied)
            err.extra['applied_actions'] = [applied.to_result() for applied in self.applied]
            # Whatever failed after a write was accepted, the message says so: the user must not redo it blindly.
            if self.applied or isinstance(err, WaitTimeout):
                err.add_note(self._applied_note(isinstance(err, WaitTimeout)))
            raise

    def _applied_note(self, timed_out: bool) -> str:
        if not self.applied:
            return 'This run changed nothing.'
        actions = ', '.join(applied.action for applied in self.applied)
        if timed_out:
            return ('The service accepted %s in this run; what was not visible yet may still complete: run the task '
                    'again to see.' % actions)
        return 'The service had accepted %s in this run before this failure.' % actions

    # -- check mode ------------------------------------------------------------------------------------
    def _preview(self, plan: Plan) -> Result:
        self._warn(*plan.preview_notes)
        if plan.blocked is not None:
            self._warn('%s Check mode previews the task as if that were done.' % plan.blocked.msg)
        for step in plan.steps:
            if not step.dry_run:
                continue
            try:
                answer = step.send(True)
            except ApiError as err:
                if err.code not in self.task.busy_codes:
                    raise
                self._warn(
                    'The dry run of %s was refused for now: something else is in progress (%s: %s). The preview '
                    'is based on the values read; run the check again later to have the service check the call.'
                    % (step.action, err.code, err.message or 'no message'))
                continue
            if not answer.get('dry_run'):
                self._warn('%s answered a dry run (DryRun=true) with success instead of DryRunOperation; the '
                           'service may have applied the change.' % step.action)
        return Result(bool(plan.steps), plan.after, plan.before, [], self.warnings)

    # -- for real --------------------------------------------------------------------------------------
    def _converge(self, first: Plan) -> Result:
        plan = first
        rounds = contradicted = 0
        while True:
            if plan.blocked is not None:
                raise plan.blocked
            if plan.settle is not None:
                plan = self._plan(plan.settle())
                continue
            try:
                final = self._apply(plan)
            except ApiError as err:
                # A busy refusal, or a lost answer of a write that cannot be resent safely: read, then plan again.
                if err.code not in self.task.busy_codes and not err.unconfirmed:
                    raise
                self._wait_out(err, rounds)
                rounds += 1
                plan = self._plan(self.task.read())
                contradicted = contradicted + 1 if err.code in self.task.own_busy_codes and plan.settle is None else 0
                if contradicted >= MAX_CONTRADICTED_ROUNDS:
                    err.gave_up = ('Every read shows the resource settled, but the service answered %s %d times in a '
                                   'row.' % (err.code, contradicted))
                    raise
                continue
            if not self.wait and self.applied:
                final = self.task.unwaited(final)
            return Result(bool(self.applied), final, first.before, self.applied, self.warnings)

    def _apply(self, plan: Plan) -> Optional[View]:
        """Send each step, then finish it; the result is what the last step's finish read (fresh), else the plan's
        prediction (a view an earlier step read is older than the later steps' changes)."""
        final = plan.after
        for step in plan.steps:
            try:
                answer = step.send(False)
            except ApiError as err:
                if err.possibly_applied:
                    self.applied.append(Applied(step.action, err.request_id, answer_lost=True))
                raise
            self.applied.append(Applied(step.action, answer.get('request_id')))
            view = step.finish(answer, self.wait) if step.finish is not None else None
            if view is not None:
                self.last_view = view
            final = view if view is not None else plan.after
        return final

    def _wait_out(self, err: ApiError, rounds: int) -> None:
        """Sleep before reading again after a busy refusal, or give up when the deadline comes first."""
        delay = self._backoff.delay(rounds)
        if delay >= self.deadline.remaining():
            err.gave_up = ('Something else kept it busy until wait_timeout (%.0f s); run the task again later, or raise '
                           'wait_timeout.' % self.deadline.seconds)
            raise err
        self._sleep(delay)

    def _plan(self, read: Any) -> Plan:
        plan = self.task.plan(read)
        if plan.before is not None:
            self.last_view = plan.before
        return plan

    def _warn(self, *warnings: str) -> None:
        for warning in warnings:
            if warning not in self.warnings:
                self.warnings.append(warning)


def diff_of(before: Optional[Mapping[str, Any]], after: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """The ``diff`` result key: ``before`` and ``after`` dicts, empty for a resource that does not exist."""
    return {'before': dict(before or {}), 'after': dict(after or {})}
