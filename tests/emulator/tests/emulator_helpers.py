# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared helpers of the emulator's tests: SDK request builders and a raw HTTP capture/replay."""

from __future__ import annotations

import json
import socket
import threading
from typing import Any, Callable, Dict, Tuple

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_vpcpeer20220101 import models

from vpcpeer_emulator import ACCEPTER_UID, REQUESTER_UID

HZ = "cn-hangzhou"
SH = "cn-shanghai"
HK = "cn-hongkong"


def create(client: Any, **fields: Any) -> str:
    """CreateVpcPeerConnection with same-account, same-region defaults; returns the InstanceId."""
    request = dict(region_id=HZ, vpc_id="vpc-requester-hz-1", accepting_ali_uid=REQUESTER_UID,
                   accepting_region_id=HZ, accepting_vpc_id="vpc-requester-hz-2")
    request.update(fields)
    return client.create_vpc_peer_connection(models.CreateVpcPeerConnectionRequest(**request)).body.instance_id


def create_cross_region(client: Any, **fields: Any) -> str:
    request = dict(accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1")
    request.update(fields)
    return create(client, **request)


def create_cross_account(client: Any, **fields: Any) -> str:
    request = dict(accepting_ali_uid=ACCEPTER_UID, accepting_vpc_id="vpc-accepter-hz-1")
    request.update(fields)
    return create(client, **request)


def get(client: Any, instance_id: str) -> Dict[str, Any]:
    return client.get_vpc_peer_connection_attribute(models.GetVpcPeerConnectionAttributeRequest(instance_id=instance_id)).body.to_map()


def modify(client: Any, instance_id: str, **fields: Any) -> Dict[str, Any]:
    request = models.ModifyVpcPeerConnectionRequest(instance_id=instance_id, **fields)
    return client.modify_vpc_peer_connection(request).body.to_map()


def client_error(call: Callable[..., Any], *args: Any, **kwargs: Any) -> ClientException:
    """Run an SDK call that must fail with a ClientException, and return it."""
    with pytest.raises(ClientException) as info:
        call(*args, **kwargs)
    return info.value


def assert_error(exc: Any, code: str, status: int = 400) -> None:
    assert exc.code == code, exc.message
    assert exc.status_code == status
    body = exc.data
    assert set(body) >= {"RequestId", "HostId", "Code", "Message", "Recommend"}
    assert body["HostId"] == "vpcpeer.aliyuncs.com"
    assert body["Recommend"] == "https://api.aliyun.com/troubleshoot?q=%s&product=VpcPeer&requestId=%s" % (code, body["RequestId"])


class CaptureServer:
    """Accepts one HTTP request, records its raw bytes and answers a canned JSON 200."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.raw = b""
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def endpoint(self) -> str:
        return "127.0.0.1:%d" % self.port

    def _serve(self) -> None:
        conn, _addr = self.sock.accept()
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _sep, body = data.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _colon, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            while len(body) < length:
                body += conn.recv(65536)
            self.raw = head + b"\r\n\r\n" + body
            payload = b'{"RequestId":"CAPTURED"}'
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(payload)
                         + payload)
        self.sock.close()

    def wait(self) -> bytes:
        self._thread.join(timeout=10)
        return self.raw


def capture(make_client: Callable[[str], Any], call: Callable[[Any], Any]) -> bytes:
    """The raw bytes the real SDK sends for ``call`` (signed, ready to replay)."""
    server = CaptureServer()
    call(make_client(server.endpoint))
    return server.wait()


def split_raw(raw: bytes) -> Tuple[str, Dict[str, str], bytes]:
    head, _sep, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _colon, value = line.partition(":")
        headers[name.strip()] = value.strip()
    return lines[0], headers, body


def join_raw(request_line: str, headers: Dict[str, str], body: bytes) -> bytes:
    headers = {k: v for k, v in headers.items() if k.lower() != "content-length"}
    headers["Content-Length"] = str(len(body))
    head = "\r\n".join([request_line] + ["%s: %s" % item for item in headers.items()])
    return head.encode("latin-1") + b"\r\n\r\n" + body


def send_raw(port: int, raw: bytes) -> Tuple[int, Dict[str, str], Any]:
    """Send raw request bytes to the emulator; (status, lower-case headers, JSON body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(raw)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _sep, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _colon, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    return status, headers, json.loads(body.decode("utf-8")) if body else None


def signed_v3(port: int, action: str, query: Dict[str, str], form: Dict[str, str], access_key_id: str, secret: str,
              extra_headers: Dict[str, str] = None) -> bytes:
    """A raw ACS3-HMAC-SHA256 request signed by the SDK's own signer, with free choice of headers."""
    import datetime  # pylint: disable=import-outside-toplevel
    import hashlib  # pylint: disable=import-outside-toplevel
    import types  # pylint: disable=import-outside-toplevel
    import uuid  # pylint: disable=import-outside-toplevel
    from urllib.parse import urlencode  # pylint: disable=import-outside-toplevel

    from alibabacloud_tea_openapi.utils import Utils  # pylint: disable=import-outside-toplevel

    body = urlencode(sorted(form.items())).encode("utf-8")
    payload_hash = hashlib.sha256(body).hexdigest()
    headers = {
        "host": "127.0.0.1:%d" % port, "x-acs-version": "2022-01-01", "x-acs-action": action,
        "x-acs-date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "x-acs-signature-nonce": uuid.uuid4().hex, "accept": "application/json", "x-acs-content-sha256": payload_hash,
    }
    if form:
        headers["content-type"] = "application/x-www-form-urlencoded"
    headers.update(extra_headers or {})
    request = types.SimpleNamespace(pathname="/", query=dict(query), headers=headers, method="POST")
    headers["Authorization"] = Utils.get_authorization(request, "ACS3-HMAC-SHA256", payload_hash, access_key_id, secret)
    line = "POST /%s HTTP/1.1" % ("?" + urlencode(sorted(query.items())) if query else "")
    return join_raw(line, headers, body)
