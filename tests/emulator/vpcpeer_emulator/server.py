# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP front end: a threaded HTTP/1.1 keep-alive server on 127.0.0.1.

Each response (status line, headers and body) goes out in one write, and Nagle is off: with
two writes per answer, Nagle plus delayed ACK cost about 40 ms per call on keep-alive sockets.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, Optional
from urllib.parse import urlsplit

from .control import CONTROL_PREFIX, handle_control
from .emulator import Emulator
from .wire import ApiRequest

MAX_BODY_BYTES = 10 * 1024 * 1024


class EmulatorRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "vpcpeer-emulator"
    sys_version = ""
    # Idle keep-alive connections are closed after this many seconds.
    timeout = 120

    server: "EmulatorHTTPServer"

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:  # pylint: disable=redefined-builtin
        """Silence the default per-request stderr log; ``--log`` logs API calls instead."""

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            raise ValueError("request body too large")
        return self.rfile.read(length) if length > 0 else b""

    def _handle(self) -> None:
        try:
            body = self._read_body()
        except (ValueError, OSError):
            self._send(400, {"Content-Type": "text/plain"}, b"bad request body")
            self.close_connection = True
            return
        split = urlsplit(self.path)
        emulator = self.server.emulator
        if split.path == CONTROL_PREFIX.rstrip("/") or split.path.startswith(CONTROL_PREFIX):
            status, headers, payload = handle_control(emulator, self.command, split.path, split.query, body)
            self._send(status, headers, payload)
            return
        headers: Dict[str, str] = {}
        for name, value in self.headers.items():
            lowered = name.lower()
            headers[lowered] = headers[lowered] + "," + value if lowered in headers else value
        request = ApiRequest(self.command, split.path or "/", split.query, headers, body)
        outcome = emulator.handle_api(request)
        if outcome.drop:
            self._drop()
            return
        self._send(outcome.status, outcome.headers, outcome.body)

    def _send(self, status: int, headers: Dict[str, str], body: bytes) -> None:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        lines = ["HTTP/1.1 %d %s" % (status, reason), "Server: vpcpeer-emulator", "Date: " + formatdate(usegmt=True)]
        lines.extend("%s: %s" % (name, value) for name, value in headers.items())
        lines.append("Content-Length: %d" % len(body))
        lines.append("Connection: close" if self.close_connection else "Connection: keep-alive")
        # One write for the whole answer (see the module docstring).
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    def _drop(self) -> None:
        """Close the TCP connection without any answer."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class EmulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple, emulator: Emulator) -> None:
        self.emulator = emulator
        super().__init__(address, EmulatorRequestHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would call socket.getfqdn(), a DNS lookup we do not need.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)


class EmulatorServer:
    """An emulator plus its HTTP server, run in a background thread (tests) or in the foreground (CLI)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, config: Optional[Dict[str, Any]] = None,
                 log: Optional[Callable[[Dict[str, Any]], None]] = None, profile: Optional[str] = None) -> None:
        self.emulator = Emulator(config=config, log=log, profile=profile)
        self.httpd = EmulatorHTTPServer((host, port), self.emulator)
        self.host = host
        self.port = int(self.httpd.server_address[1])
        self._thread: Optional[threading.Thread] = None

    @property
    def endpoint(self) -> str:
        """``host:port`` as the SDK's ``Config.endpoint`` wants it (no scheme)."""
        return "%s:%d" % (self.host, self.port)

    @property
    def url(self) -> str:
        return "http://" + self.endpoint

    def start(self) -> "EmulatorServer":
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="vpcpeer-emulator", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.httpd.server_close()

    def __enter__(self) -> "EmulatorServer":
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()
