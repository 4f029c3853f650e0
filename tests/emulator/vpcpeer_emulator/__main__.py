# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Command line: ``vpcpeer-emulator --host 127.0.0.1 --port 0 [--profile NAME] [--seed N] [--config FILE.json]
[--port-file FILE] [--log] [--journal-file FILE]``.

Prints exactly one line, ``vpcpeer-emulator listening on http://HOST:PORT``, then serves until
SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from typing import Any, Callable, Dict, List, Optional

from .profiles import PROFILES
from .server import EmulatorServer


def _log_call(entry: Dict[str, Any]) -> None:
    sys.stderr.write("%s %s uid=%s ak=%s status=%s code=%s fault=%s %.1fms\n" % (
        entry.get("time"), entry.get("action") or "-", entry.get("account_uid"), entry.get("access_key_id"),
        entry.get("http_status"), entry.get("code") or "OK", entry.get("fault") or "-", entry.get("duration_ms") or 0.0))
    sys.stderr.flush()


class JournalFile:
    """Appends every journal entry to a file, one JSON object per line. Unlike the journal of the control API,
    it survives resets, so a whole run (many targets, each resetting the emulator) can be checked afterwards."""

    def __init__(self, path: str) -> None:
        self.handle = open(path, "a", encoding="utf-8")  # pylint: disable=consider-using-with

    def __call__(self, entry: Dict[str, Any]) -> None:
        self.handle.write(json.dumps(entry, sort_keys=True, default=str) + "\n")
        self.handle.flush()


def _loggers(*loggers: Optional[Callable[[Dict[str, Any]], None]]) -> Optional[Callable[[Dict[str, Any]], None]]:
    active = [logger for logger in loggers if logger is not None]
    if not active:
        return None

    def log(entry: Dict[str, Any]) -> None:
        for logger in active:
            logger(entry)
    return log


def _stop(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="vpcpeer-emulator", description="Local emulator of the Alibaba Cloud VpcPeer 2022-01-01 and VPC 2016-04-28 APIs.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default 0)")
    parser.add_argument("--config", help="JSON file merged over the built-in configuration")
    parser.add_argument("--profile", choices=sorted(PROFILES),
                        help="timing profile (default fast, or the config file's \"profile\"); the config file's settings override it")
    parser.add_argument("--port-file", help="write the port number to this file once listening")
    parser.add_argument("--seed", type=int, help="seed of the profile's random windows and fault rules (the config's \"seed\")")
    parser.add_argument("--log", action="store_true", help="print one line per API call to stderr")
    parser.add_argument("--journal-file", help="append every journal entry to this file as a JSON line (kept across resets)")
    args = parser.parse_args(argv)

    config: Optional[Dict[str, Any]] = None
    if args.config:
        with open(args.config, encoding="utf-8") as handle:
            config = json.load(handle)
    if args.seed is not None:
        config = dict(config or {}, seed=args.seed)
    log = _loggers(_log_call if args.log else None, JournalFile(args.journal_file) if args.journal_file else None)
    server = EmulatorServer(host=args.host, port=args.port, config=config, log=log, profile=args.profile)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    if args.port_file:
        # Written then renamed, so a script polling for the file never reads it half-written.
        partial = args.port_file + ".partial"
        with open(partial, "w", encoding="utf-8") as handle:
            handle.write("%d\n" % server.port)
        os.replace(partial, args.port_file)
    sys.stdout.write("vpcpeer-emulator listening on %s\n" % server.url)
    sys.stdout.flush()
    try:
        server.serve_forever()
    except SystemExit:
        pass  # SIGINT/SIGTERM: a normal stop
    finally:
        server.httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
