# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Transport, the command line, concurrency and the control API."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_vpcpeer20220101 import models
from alibabacloud_vpcpeer20220101.client import Client

from emulator_helpers import HZ, SH, create, get
from vpcpeer_emulator import ACCEPTER_UID, REQUESTER_AK, REQUESTER_SECRET, ControlClient, ControlError


def _list(client):
    return client.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(region_id=HZ)).body.to_map()


def _start_cli(tmp_path, *extra):
    env = dict(os.environ)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        env.pop(name, None)
    port_file = tmp_path / "port"
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, "-m", "vpcpeer_emulator", "--host", "127.0.0.1", "--port", "0", "--port-file", str(port_file)] + list(extra),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    line = process.stdout.readline()
    return process, line, port_file


def test_cli_prints_the_documented_line_serves_and_stops_on_sigterm(tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"accounts": {"third": {"uid": 1111222233334444, "resource_groups": ["rg-third"]}},
                                  "access_keys": {"EMULATOR-AK-THIRD": {"secret": "emulator-secret-third", "account": "third"}}}))
    process, line, port_file = _start_cli(tmp_path, "--config", str(config), "--log")
    try:
        match = re.fullmatch(r"vpcpeer-emulator listening on http://127\.0\.0\.1:(\d+)\n", line)
        assert match, line
        port = int(match.group(1))
        assert int(port_file.read_text().strip()) == port
        client = Client(open_api_models.Config(access_key_id="EMULATOR-AK-THIRD", access_key_secret="emulator-secret-third",
                                               endpoint="127.0.0.1:%d" % port, protocol="http"))
        assert _list(client)["TotalCount"] == 0
        assert ControlClient("http://127.0.0.1:%d" % port).health()["status"] == "ok"
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "ListVpcPeerConnections uid=1111222233334444" in err


def test_console_script_is_installed():
    script = os.path.join(os.path.dirname(sys.executable), "vpcpeer-emulator")
    if not os.path.exists(script):
        pytest.skip("the package is not installed with its console script")
    result = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=30, check=True)
    assert "--port-file" in result.stdout


def test_keep_alive_serves_several_requests_on_one_connection(emulator):
    request = b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n"
    with socket.create_connection(("127.0.0.1", emulator.port), timeout=5) as sock:
        for _round in range(3):
            sock.sendall(request)
            data = b""
            while b"\r\n\r\n" not in data:
                data += sock.recv(65536)
            head, _sep, body = data.partition(b"\r\n\r\n")
            length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
            while len(body) < length:
                body += sock.recv(65536)
            assert head.startswith(b"HTTP/1.1 200") and b"Connection: keep-alive" in head
            assert json.loads(body)["status"] == "ok"


def test_warm_round_trip_is_fast(emulator, requester):
    _list(requester)
    samples = []
    for _call in range(50):
        started = time.perf_counter()
        _list(requester)
        samples.append(time.perf_counter() - started)
    samples.sort()
    median_ms = samples[len(samples) // 2] * 1000
    print("warm SDK round trip, median of 50 (client and server in one process): %.2f ms" % median_ms)
    assert median_ms < 15  # about 1-2 ms; Nagle plus delayed ACK would make it about 40 ms


def test_fifty_concurrent_sdk_clients(emulator, immediate):
    def worker(index):
        client = Client(open_api_models.Config(access_key_id=REQUESTER_AK, access_key_secret=REQUESTER_SECRET,
                                               endpoint=emulator.endpoint, protocol="http"))
        instance_id = emulator.control.seed_connection(Name="c%02d" % index)["InstanceId"]
        for _call in range(4):
            assert get(client, instance_id)["Name"] == "c%02d" % index
        return _list(client)["TotalCount"]

    with ThreadPoolExecutor(max_workers=50) as pool:
        totals = list(pool.map(worker, range(50)))
    assert len(totals) == 50 and all(1 <= total <= 50 for total in totals)
    stats = emulator.control.stats()
    assert stats["by_code"] == {"OK": 250} and stats["total"] == 250


def test_control_api_health_config_reset_and_errors(emulator, requester):
    control = emulator.control
    assert control.health()["api_version"] == "2022-01-01"
    config = control.config()
    assert config["accounts"]["requester"]["uid"] == 1234567890123456
    assert "vpc-accepter-hz-1" in config["accounts"]["accepter"]["vpcs"][HZ]
    control.update_config({"link_type_unsupported_regions": [SH]})
    assert control.config()["link_type_unsupported_regions"] == [SH]
    create(requester, vpc_id="vpc-requester-hz-3")
    control.add_fault("drop", count=5)
    control.reset()
    assert control.connections() == [] and control.faults() == [] and control.journal() == []
    assert control.config()["link_type_unsupported_regions"] == ["cn-hongkong"]
    with pytest.raises(ControlError) as info:
        control.request("GET", "no-such-endpoint")
    assert info.value.status == 404
    with pytest.raises(ControlError) as info:
        control.connection("pcc-unknown")
    assert info.value.status == 404
    with pytest.raises(ControlError) as info:
        control.set_transitions(create={"mode": "sometimes"})
    assert info.value.status == 400


def test_control_api_seeding_and_inspection(emulator, requester):
    control = emulator.control
    seeded = control.seed_connection(Status="Activated", RegionId=HZ, AcceptingRegionId=SH, VpcId="vpc-requester-hz-1",
                                     AcceptingVpcId="vpc-requester-sh-1", Bandwidth=300, LinkType="Gold", Name="seeded",
                                     Tags=[{"Key": "a", "Value": "1"}], ResourceGroupId="rg-emulator-requester-2", RouteCount=1)
    assert seeded["InstanceId"].startswith("pcc-") and seeded["RouteCount"] == 1
    peer = get(requester, seeded["InstanceId"])
    assert (peer["Bandwidth"], peer["LinkType"], peer["Name"], peer["ResourceGroupId"]) == (300, "Gold", "seeded", "rg-emulator-requester-2")
    assert peer["Vpc"]["Ipv4Cidrs"] == ["10.0.0.0/16"] and peer["Tags"] == [{"Key": "a", "Value": "1"}]
    control.patch_connection(seeded["InstanceId"], Name="patched")
    assert get(requester, seeded["InstanceId"])["Name"] == "patched"
    assert [c["InstanceId"] for c in control.connections()] == [seeded["InstanceId"]]
    calls = control.journal(action="GetVpcPeerConnectionAttribute")
    assert len(calls) == 2 and set(calls[0]) >= {
        "seq", "time", "action", "account_uid", "access_key_id", "region", "params", "http_status", "code", "request_id",
        "client_token", "retry_attempt", "signature_method", "fault", "dry_run"}
    assert control.stats()["by_action"]["GetVpcPeerConnectionAttribute"] == {"OK": 2}
    control.delete_connection(seeded["InstanceId"])
    assert control.connections() == []
    control.clear_journal()
    assert control.journal() == [] and control.stats()["total"] == 0


def test_control_api_seeds_many_connections_in_one_request(emulator, requester):
    control = emulator.control
    seeded = control.seed_connections([{"Name": "bulk-%03d" % n, "VpcId": "vpc-bulk-%03d" % n} for n in range(120)]
                                      + [{"Status": "Accepting", "AcceptingOwnerUid": ACCEPTER_UID, "AcceptingVpcId": "vpc-accepter-hz-1"}])
    assert len(seeded) == 121 and seeded[0]["Name"] == "bulk-000" and seeded[0]["Vpc"]["VpcId"] == "vpc-bulk-000"
    assert seeded[-1]["Status"] == "Accepting"
    assert [c["InstanceId"] for c in control.connections()] == [c["InstanceId"] for c in seeded]
    assert get(requester, seeded[7]["InstanceId"])["Name"] == "bulk-007"
    with pytest.raises(ControlError) as info:
        control.request("POST", "connections", {"Connections": {"Name": "not-a-list"}})
    assert info.value.status == 400 and "list" in str(info.value.body)
    with pytest.raises(ControlError):
        control.seed_connections([{"InstanceId": seeded[0]["InstanceId"]}])  # ids are unique, as one at a time
