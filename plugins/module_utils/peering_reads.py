# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading VPC peering connections and waiting for them: the one place that polls.

This module util is PRIVATE to the collection: its interface may change in any release.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Optional

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import VpcPeerApi
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import StateError, WaitTimeout
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering_model import (
    ACCEPTER,
    ACTIVATED,
    BOTH,
    DELETED,
    REQUESTER,
    View,
    joins,
    refusal,
    status_of,
)
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import (
    Backoff,
    PollTimeout,
    default_sleep,
    poll_backoff,
    poll_until,
)

# Right after CreateVpcPeerConnection a read may not find the new connection yet; tolerate this many.
NOT_FOUND_READS_AFTER_CREATE = 3

Done = Callable[[Optional[View]], bool]


class ConnectionReads:
    """Reads of connections through one ``VpcPeerApi``, and the waits built on them (``warnings`` collects what
    a wait has to say, such as a change replaced by another one)."""

    def __init__(self, api: VpcPeerApi, *, sleep: Optional[Callable[[float], Any]] = None,
                 backoff: Optional[Backoff] = None) -> None:
        self.api = api
        self.deadline = api.deadline
        self._sleep = sleep or default_sleep
        self._backoff = backoff
        self.warnings: List[str] = []

    # -- reading ----------------------------------------------------------------------------------------
    def get(self, instance_id: str) -> Optional[View]:
        return self.api.get_connection(instance_id)

    def between(self, vpc_a: str, vpc_b: str, region_id: Optional[str] = None) -> List[View]:
        """Every connection between the two VPCs, in either direction and any status, oldest first.

        Lists by ``vpc_a`` alone, whose meaning does not depend on how the service reads two VpcIds (both ends
        or either end), and keeps the connections whose other end is ``vpc_b``.
        """
        return [view for view in self.api.list_connections(region_id=region_id, vpc_ids=[vpc_a])
                if joins(view, vpc_a, vpc_b)]

    def side(self, view: Mapping[str, Any]) -> Optional[str]:
        """Which side of the connection the credentials are on: REQUESTER, ACCEPTER, BOTH (one account owns both
        VPCs), or None when no read can tell (two accounts in one region: each sees it in that region)."""
        if view.get('owner_id') == view.get('accepting_owner_uid'):
            return BOTH
        if view.get('region_id') == view.get('accepting_region_id'):
            return None
        # Each party lists the connection in its own side's region only.
        listed = self.api.list_connections(region_id=view.get('region_id'), instance_id=view.get('instance_id'))
        return REQUESTER if listed else ACCEPTER

    # -- waiting ----------------------------------------------------------------------------------------
    def wait(self, instance_id: str, done: Done, target: str,
             detail: Optional[Callable[[Optional[View]], str]] = None) -> Optional[View]:
        """Poll the connection until ``done(view or None)``; ``done`` raises to stop early.

        On timeout raise ``WaitTimeout`` naming ``target``, the last status and the seconds waited.
        """
        try:
            return poll_until(lambda: self.get(instance_id), done, deadline=self.deadline,
                              backoff=self._backoff or poll_backoff(), sleep=self._sleep)
        except PollTimeout as timeout:
            last = timeout.last
            status = last.get('status') if last is not None else 'not found'
            raise WaitTimeout(
                'Timed out after %.0f s waiting for VPC peering connection %s to %s; last status seen: %s%s. Raise '
                'wait_timeout (%.0f s) if it needs longer.'
                # The whole task's time, which wait_timeout bounds, not only the polling part of it.
                % (max(timeout.waited, self.deadline.elapsed()), instance_id, target, status,
                   detail(last) if detail is not None else '', self.deadline.seconds),
                vpc_peer_connection=last)

    def read_until(self, instance_id: str, done: Done, target: str) -> Optional[View]:
        """Read at once, and poll on the usual schedule only when that first read is not ``done`` yet
        (for changes that are usually visible at once, such as tags and resource groups)."""
        first = self.get(instance_id)
        if done(first):
            return first
        return self.wait(instance_id, done, target)

    def settled(self, instance_id: str) -> Optional[View]:
        """Wait through Creating, Updating and Deleting to whatever follows (None: the connection is gone)."""
        return self.wait(instance_id, lambda view: view is None or not status_of(view).settling,
                         'finish its transition (Creating, Updating or Deleting)')

    def gone(self, instance_id: str) -> None:
        """After DeleteVpcPeerConnection: until Get answers that it does not exist, or shows it Deleted."""
        self.wait(instance_id, lambda view: view is None or view.get('status') == DELETED,
                  'be deleted (Deleted, or GetVpcPeerConnectionAttribute answering ResourceNotFound)')

    def created(self, instance_id: str) -> View:
        """After CreateVpcPeerConnection: until Activated (same account) or Accepting (another account must accept
        it). A new connection may not be readable at once: a few not-found reads are tolerated."""
        not_found = [0]

        def done(view: Optional[View]) -> bool:
            if view is None:
                not_found[0] += 1
                if not_found[0] > NOT_FOUND_READS_AFTER_CREATE:
                    raise StateError('VPC peering connection %s was created, but GetVpcPeerConnectionAttribute kept '
                                     'answering that it does not exist (%d reads): it may have been deleted at once.'
                                     % (instance_id, not_found[0]))
                return False
            status = status_of(view)
            if not status.live:
                raise StateError('VPC peering connection %s became %s while it was being created.'
                                 % (instance_id, status.name), vpc_peer_connection=view)
            return not status.settling

        return self._found(instance_id, self.wait(instance_id, done, 'become Activated (or Accepting, when another '
                                                                     'account must accept it)'))

    def reached(self, instance_id: str, target: str, passing: List[str]) -> View:
        """After Accept or Reject: until ``target``. Reads may show a status of ``passing`` for a while (the old
        status, or the transition); any other status means someone else acted: fail at once."""
        def done(view: Optional[View]) -> bool:
            if view is None:
                raise self._vanished(instance_id)
            if view.get('status') == target:
                return True
            if view.get('status') in passing:
                return False
            raise StateError('VPC peering connection %s became %s instead of %s.' % (instance_id, view.get('status'), target),
                             vpc_peer_connection=view)

        return self._found(instance_id, self.wait(instance_id, done, 'become ' + target))

    def showing(self, instance_id: str, expected: Mapping[str, Any], old: Mapping[str, Any]) -> View:
        """After ModifyVpcPeerConnection: until Activated with every ``expected`` value visible.

        A read may show some new values and some old ones for a while (fields become visible one by one, replicas
        lag): keep waiting. Only a field holding a value that is neither its ``old`` nor its expected one means
        another change replaced this one: that read is accepted, with a warning (the last write wins).
        """
        def done(view: Optional[View]) -> bool:
            if view is None:
                raise self._vanished(instance_id)
            status = status_of(view)
            if not status.live or (not status.settling and status.name != ACTIVATED):
                raise refusal(view)
            if status.name != ACTIVATED:
                return False
            replaced = {option: view.get(option) for option, value in expected.items()
                        if view.get(option) not in (value, old.get(option))}
            if replaced:
                self.warnings.append('VPC peering connection %s became Activated with %s instead of the requested %s: '
                                     'another change replaced this one (the last write wins).'
                                     % (instance_id, replaced, {option: expected[option] for option in replaced}))
                return True
            return all(view.get(option) == value for option, value in expected.items())

        def detail(view: Optional[View]) -> str:
            missing = {option: value for option, value in expected.items() if view is not None and view.get(option) != value}
            if not missing:  # only the status is not there yet
                return ''
            return ' (requested values not visible yet: %s)' % ', '.join(
                '%s=%r, reads %r' % (option, value, (view or {}).get(option)) for option, value in missing.items())

        return self._found(instance_id, self.wait(instance_id, done, 'become Activated with %s' % dict(expected), detail))

    def tagged(self, instance_id: str, tags: Mapping[str, str], group: Optional[str]) -> View:
        """Until the connection shows ``tags`` (and ``group``, when given): each party sees its own."""
        def done(view: Optional[View]) -> bool:
            if view is None:
                raise self._vanished(instance_id)
            return view.get('tags') == dict(tags) and (group is None or view.get('resource_group_id') == group)

        return self._found(instance_id, self.read_until(instance_id, done, 'show tags %s%s' % (
            dict(tags), ' in resource group %s' % group if group is not None else '')))

    @staticmethod
    def _vanished(instance_id: str) -> StateError:
        return StateError('VPC peering connection %s no longer exists (ResourceNotFound.InstanceId).' % instance_id)

    def _found(self, instance_id: str, view: Optional[View]) -> Dict[str, Any]:
        if view is None:  # the waits above never accept a missing connection
            raise self._vanished(instance_id)
        return view
