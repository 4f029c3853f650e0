# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``make test-live-sweep``: delete whatever live test runs left in the two accounts, found by tag and name.

It runs at the end of every ``make test-live``, whatever happened, for that run; run alone it sweeps one run
(``LIVE_RUN_ID``) or, without it, every run. In a safe order:

1. route entries that point at a connection of a run, on both sides (each account deletes its own), and any other
   custom entry left in a VPC of a run;
2. the connections of a run (tag ``vpcpeer-live-run``, name ``vpcpeer-live-...``), deleted by the requester (or the
   accepter, for an Activated one), with ``Force`` should an entry remain, and waited for until gone;
3. the VPCs of a run (name ``vpcpeer-live-<run>-<account>``; a tag of another run is never taken), waited for.

Only resources whose name starts with ``vpcpeer-live-`` are ever deleted. Exit status 1 when something is left.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any, Callable, Dict, List, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import live  # noqa: E402 pylint: disable=wrong-import-position

POLL_SECONDS = 3.0


class Sweep:
    """One sweep over both accounts; ``left`` lists what could not be deleted, ``log`` what was."""

    def __init__(self, settings: live.LiveSettings, run_id: Optional[str]) -> None:
        self.settings = settings
        self.run_id = run_id
        self.runs = {name: live.task_run(account, settings.endpoint, 1800.0, warn=self.say)
                     for name, account in settings.accounts.items()}
        self.left: List[str] = []
        self.deleted: List[str] = []

    def say(self, text: str) -> None:
        print('sweep: ' + live.masked(text, self.settings.secrets), flush=True)

    def peer(self, account: str) -> Any:
        return self.runs[account].api

    def vpc(self, account: str) -> Any:
        return self.runs[account].vpc_api(self.settings.accounts[account].region)

    def ours(self, name: Optional[str], tags: Dict[str, str]) -> bool:
        """Whether a connection or VPC is a live run's (this run's, when one is named)."""
        if not (name or '').startswith(self.run_id or live.NAME_PREFIX):
            return False
        return self.run_id is None or tags.get(live.TAG_KEY, self.run_id) == self.run_id

    # -- finding ------------------------------------------------------------------------------------------
    def connections(self) -> Dict[str, Dict[str, Any]]:
        found: Dict[str, Dict[str, Any]] = {}
        for account in live.ACCOUNTS:
            region = self.settings.accounts[account].region
            for view in self.peer(account).list_connections(region_id=region):
                if self.ours(view.get('name'), view.get('tags') or {}) and view.get('status') != 'Deleted':
                    found.setdefault(view['instance_id'], view)
        return found

    def vpcs(self, account: str) -> List[Dict[str, Any]]:
        api = self.vpc(account)
        raw = api.all_numbered_pages('DescribeVpcs', {'RegionId': api.region_id}, 'Vpcs.Vpc')
        found = []
        for item in raw:
            tags = {tag.get('Key'): tag.get('Value') for tag in (item.get('Tags') or {}).get('Tag') or []}
            run, owner = live.split_name(item.get('VpcName') or '')
            if run and owner == account and self.ours(item.get('VpcName'), tags):
                found.append({'vpc_id': item['VpcId'], 'name': item.get('VpcName'), 'status': item.get('Status')})
        return found

    # -- waiting --------------------------------------------------------------------------------------------
    def wait(self, what: str, gone: Callable[[], bool], seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while True:
            try:
                if gone():
                    return True
            except Exception as exc:  # pylint: disable=broad-except
                # A failed read is no proof of anything: read again until the deadline.
                self.say('reading %s: %s' % (what, exc))
            if time.monotonic() >= deadline:
                self.left.append('%s (still there after %.0f s)' % (what, seconds))
                return False
            time.sleep(POLL_SECONDS)

    def attempt(self, what: str, action: Callable[[], Any]) -> bool:
        try:
            action()
        except Exception as exc:  # pylint: disable=broad-except
            # One refusal must not stop the sweep of everything else; it is reported at the end.
            self.left.append('%s: %s' % (what, live.masked(str(exc), self.settings.secrets)))
            return False
        self.deleted.append(what)
        self.say('deleted ' + what)
        return True

    # -- 1. routes ----------------------------------------------------------------------------------------
    def routes(self, account: str, connections: Dict[str, Dict[str, Any]], vpc_ids: List[str]) -> None:
        """This account's entries through the run's connections, and any custom entry of the run's VPCs."""
        api = self.vpc(account)
        sides = {vpc_id for view in connections.values()
                 for vpc_id in (view['vpc']['vpc_id'], view['accepting_vpc']['vpc_id'])} | set(vpc_ids)
        doomed = []
        for vpc_id in sorted(sides):
            if api.get_vpc(vpc_id) is None:  # the other account's VPC, or another region's
                continue
            for table in api.list_route_tables(vpc_id):
                for entry in api.list_route_entries(table['route_table_id']):
                    through = entry.get('next_hop_id') in connections
                    if entry.get('type') == 'Custom' and (through or vpc_id in vpc_ids):
                        doomed.append(entry)
        for entry in doomed:
            table_id, entry_id = entry['route_table_id'], entry['route_entry_id']
            self.wait('route entry %s settling' % entry_id, lambda: self._settled(api, table_id, entry_id), 300)
            if self.attempt('route entry %s (%s, %s)' % (entry_id, account, entry.get('destination_cidr_block')),
                            lambda: api.delete_route_entry(entry_id)):
                self.wait('route entry %s' % entry_id, lambda: not api.list_route_entries(table_id, route_entry_id=entry_id), 300)

    @staticmethod
    def _settled(api: Any, table_id: str, entry_id: str) -> bool:
        entries = api.list_route_entries(table_id, route_entry_id=entry_id)
        return not entries or entries[0].get('status') == 'Available'

    # -- 2. connections -----------------------------------------------------------------------------------
    def delete_connection(self, instance_id: str) -> None:
        for account in live.ACCOUNTS:  # the requester may delete in any status, the accepter an Activated one
            api = self.peer(account)
            view = api.get_connection(instance_id)
            if view is None or view.get('status') in ('Deleting', 'Deleted'):
                continue
            if self.attempt('connection %s (by the %s)' % (instance_id, account),
                            lambda: api.delete_connection(instance_id, force=True)):
                break
        self.wait('connection %s' % instance_id, lambda: self._connection_gone(instance_id), self.settings.wait_timeout)

    def _connection_gone(self, instance_id: str) -> bool:
        views = [self.peer(account).get_connection(instance_id) for account in live.ACCOUNTS]
        return all(view is None or view.get('status') == 'Deleted' for view in views)

    # -- 3. VPCs --------------------------------------------------------------------------------------------
    def delete_vpc(self, account: str, vpc: Dict[str, Any]) -> None:
        api = self.vpc(account)
        vpc_id = vpc['vpc_id']
        self.wait('VPC %s settling' % vpc_id, lambda: (api.get_vpc(vpc_id) or {}).get('status') != 'Pending', 300)
        if self.attempt('VPC %s %s (%s)' % (vpc_id, vpc['name'], account),
                        lambda: api.call('DeleteVpc', {'RegionId': api.region_id, 'VpcId': vpc_id}, mutating=True)):
            self.wait('VPC %s' % vpc_id, lambda: api.get_vpc(vpc_id) is None, self.settings.wait_timeout)

    def run(self) -> int:
        scope = 'run %s' % self.run_id if self.run_id else 'every run (%s*)' % live.NAME_PREFIX
        self.say('sweeping %s: route entries, connections, VPCs' % scope)
        connections = self.connections()
        vpcs = {account: self.vpcs(account) for account in live.ACCOUNTS}
        self.say('found %d connection(s) and %d VPC(s)' % (len(connections), sum(len(v) for v in vpcs.values())))
        for account in live.ACCOUNTS:
            self.routes(account, connections, [vpc['vpc_id'] for vpc in vpcs[account]])
        for instance_id in connections:
            self.delete_connection(instance_id)
        for account in live.ACCOUNTS:
            for vpc in vpcs[account]:
                self.delete_vpc(account, vpc)
        outcome = 'LEFT: ' + '; '.join(self.left) if self.left else 'nothing left'
        self.say('deleted %d resource(s); %s' % (len(self.deleted), outcome))
        return 1 if self.left else 0


def sweep(settings: live.LiveSettings, run_id: Optional[str]) -> int:
    try:
        return Sweep(settings, run_id).run()
    except Exception as exc:  # pylint: disable=broad-except
        # The listing itself failed (credentials, network): say so, never pretend the accounts are clean.
        print('sweep: FAILED before it could finish: %s' % live.masked(str(exc), settings.secrets), flush=True)
        return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--collections-dir', required=True, help='the directory holding ansible_collections/ (make tree)')
    args = parser.parse_args()
    live.collection_imports(args.collections_dir)
    env = dict(os.environ)
    env.setdefault('LIVE_CONFIRM', live.CONFIRMATION)  # deleting is never billable: no confirmation to sweep
    run_id = env.get('LIVE_RUN_ID') or None
    env['LIVE_RUN_ID'] = run_id or 'unused'
    try:
        settings = live.real_settings(env)
    except live.SettingsError as exc:
        print(str(exc).replace('make test-live', 'make test-live-sweep'), file=sys.stderr)
        return 2
    return sweep(settings, run_id)


if __name__ == '__main__':
    sys.exit(main())
