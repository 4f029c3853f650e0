# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local stand-ins for what a user meets between the modules and the service, for the user_experience target.

    ux_helpers.py proxy PORT_FILE LOG        a forwarding HTTP proxy on 127.0.0.1 (absolute-URI requests to
                                             127.0.0.1 only; a CONNECT tunnel is logged and closed at once, so
                                             nothing ever leaves the machine); one JSON line per request in LOG, with
                                             its x-acs-action and its Name parameter (a test's mark)
    ux_helpers.py foreign PORT_FILE LOG      an HTTP server that is not the API: every request gets
                                             404 {"error": "not found"}; a TLS handshake gets a plain-HTTP 400;
                                             one JSON line per connection in LOG
    ux_helpers.py closed-port                a port of 127.0.0.1 nothing listens on
    ux_helpers.py calls CONFIG               the emulator journal, one line per call:
                                             ACTION key=ACCESS_KEY_ID region=REGION_ID status=HTTP_STATUS

The servers write their port to PORT_FILE (under a temporary name, then renamed) once they listen, and run until
they are terminated. Standard library only.
"""

import http.client
import json
import os
import socket
import socketserver
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HOP_BY_HOP = frozenset(('connection', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'trailer',
                        'transfer-encoding', 'upgrade'))
LOCK = threading.Lock()


def log_line(path, **entry):
    with LOCK, open(path, 'a', encoding='utf-8') as handle:
        handle.write(json.dumps(entry, sort_keys=True) + '\n')


def write_port(path, port):
    with open(path + '.tmp', 'w', encoding='utf-8') as handle:
        handle.write('%d\n' % port)
    os.rename(path + '.tmp', path)


class ProxyHandler(BaseHTTPRequestHandler):
    """Forwards ``METHOD http://127.0.0.1:PORT/path HTTP/1.1`` to that address, headers and body unchanged (the
    SDK signs the Host header, the path and the query, so they must arrive as sent)."""

    protocol_version = 'HTTP/1.1'
    log_path = ''

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass  # the JSON log is the record

    def do_CONNECT(self):  # pylint: disable=invalid-name
        log_line(self.log_path, method='CONNECT', url=self.path, action=None, name=None,
                 proxy_authorization='Proxy-Authorization' in self.headers)
        # The tunnel is "established" and closed at once: the client's TLS handshake ends there (a refused CONNECT
        # would be retried for seconds), and nothing is ever forwarded.
        self.send_response(200, 'Connection established')
        self.end_headers()
        self.close_connection = True

    def _forward(self):
        target = urlsplit(self.path)
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else None
        params = parse_qs(target.query)
        if body and 'x-www-form-urlencoded' in (self.headers.get('Content-Type') or ''):
            params.update(parse_qs(body.decode('utf-8', 'replace')))
        log_line(self.log_path, method=self.command, url=self.path, action=self.headers.get('x-acs-action'),
                 name=(params.get('Name') or [None])[0], proxy_authorization='Proxy-Authorization' in self.headers)
        if target.scheme != 'http' or target.hostname != '127.0.0.1':
            self.send_error(403, 'This test proxy forwards to http://127.0.0.1 only')
            return
        path = self.path[len('%s://%s' % (target.scheme, target.netloc)):] or '/'
        headers = [(name, value) for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP]
        upstream = http.client.HTTPConnection('127.0.0.1', target.port or 80, timeout=30)
        try:
            upstream.putrequest(self.command, path, skip_host=True, skip_accept_encoding=True)
            for name, value in headers:
                upstream.putheader(name, value)
            upstream.endheaders(body)
            answer = upstream.getresponse()
            payload = answer.read()
        except (OSError, http.client.HTTPException):
            # The upstream dropped the call (the emulator's faults do): drop the client's connection too, so that it
            # sees what it would have seen directly.
            self.close_connection = True
            return
        finally:
            upstream.close()
        self.send_response_only(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP and name.lower() != 'content-length':
                self.send_header(name, value)
        self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _forward  # noqa: N815


class ForeignHandler(socketserver.BaseRequestHandler):
    """Not the API: 404 JSON to any HTTP request, a plain-HTTP 400 to a TLS handshake. One connection, one answer."""

    log_path = ''

    def handle(self):
        sock = self.request
        sock.settimeout(10)
        try:
            data = sock.recv(65536)
            if data[:1] == b'\x16':  # a TLS ClientHello: answer as any plain-HTTP server would
                log_line(self.log_path, kind='tls')
                sock.sendall(b'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
                return
            while b'\r\n\r\n' not in data:
                more = sock.recv(65536)
                if not more:
                    return
                data += more
            head, _sep, body = data.partition(b'\r\n\r\n')
            lines = head.decode('latin-1').split('\r\n')
            length = 0
            for line in lines[1:]:
                name, _colon, value = line.partition(':')
                if name.strip().lower() == 'content-length':
                    length = int(value.strip())
            while len(body) < length:
                more = sock.recv(65536)
                if not more:
                    break
                body += more
            log_line(self.log_path, kind='http', request=lines[0])
            payload = b'{"error": "not found"}'
            sock.sendall(b'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: %d\r\n'
                         b'Connection: close\r\n\r\n%s' % (len(payload), payload))
        except OSError:
            return


class ForeignServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(server, port_file):
    write_port(port_file, server.server_address[1])
    server.serve_forever()


def closed_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def journal_lines(config_path):
    with open(config_path, encoding='utf-8') as handle:
        url = json.load(handle)['vpcpeer_emulator_url'] + '/journal'
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy
    with opener.open(url, timeout=10) as answer:
        calls = json.loads(answer.read().decode('utf-8'))['calls']
    return ['%s key=%s region=%s status=%s' % (call['action'], call['access_key_id'],
                                               (call.get('params') or {}).get('RegionId', '-'), call['http_status'])
            for call in calls]


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == 'proxy':
        ProxyHandler.log_path = args[1]
        serve(ThreadingHTTPServer(('127.0.0.1', 0), ProxyHandler), args[0])
    elif command == 'foreign':
        ForeignHandler.log_path = args[1]
        serve(ForeignServer(('127.0.0.1', 0), ForeignHandler), args[0])
    elif command == 'closed-port':
        print(closed_port())
    elif command == 'calls':
        for line in journal_lines(args[0]):
            print(line)
    else:
        sys.exit('unknown command %s' % command)


if __name__ == '__main__':
    main()
