"""The tslit kernel behind a real Jupyter server, spoken to over the kernel websocket the way
JupyterLab does (protocol v1.kernel.websocket.jupyter.org): the server re-verifies every
kernel message's HMAC and bridges binary buffers between ZeroMQ frames and websocket frames.
"""
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
from jupyter_client.session import Session
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from conftest import REPO

TOKEN = "tslit-test-token"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(kernel_prefix, tmp_path_factory):
    home = tmp_path_factory.mktemp("server")
    port = free_port()
    env = dict(os.environ, JUPYTER_PATH=str(kernel_prefix / "share" / "jupyter"), JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"))
    log = open(home / "server.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}", "--ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={REPO / 'notebooks'}", "--allow-root"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            assert proc.poll() is None and time.time() < deadline, (home / "server.log").read_text()
            time.sleep(0.3)
    yield base
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


def api(base, method, path, body=None):
    req = urllib.request.Request(f"{base}{path}", method=method, data=json.dumps(body).encode() if body is not None else None, headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        text = r.read()
        return json.loads(text) if text else None


class WsClient:
    def __init__(self, conn):
        self.conn = conn
        self.session = Session(key=b"")  # the server signs towards the kernel
        self.stash = []

    def send(self, channel, msg_type, content, buffers=()):
        msg = self.session.msg(msg_type, content)
        parts = [self.session.pack(msg[k]) for k in ("header", "parent_header", "metadata", "content")] + list(buffers)
        self.conn.write_message(serialize_msg_to_ws_v1(parts, channel), binary=True)
        return msg["header"]["msg_id"]

    async def until_idle(self, msg_id, expect_reply, timeout=90):
        out = []
        deadline = time.time() + timeout
        while True:
            raw = await asyncio.wait_for(self.conn.read_message(), timeout=max(0.1, deadline - time.time()))
            channel, parts = deserialize_msg_from_ws_v1(raw)
            msg = {"channel": channel, "header": json.loads(parts[0]), "parent_header": json.loads(parts[1]), "content": json.loads(parts[3]), "buffers": parts[4:]}
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            out.append(msg)
            idle = any(m["header"]["msg_type"] == "status" and m["content"]["execution_state"] == "idle" for m in out)
            # Shell and iopub are separate sockets: the reply may come after idle.
            if idle and (not expect_reply or any(m["channel"] == "shell" for m in out)):
                return out


WIDGET = """
import { Widget } from "tslit";
class Blob extends Widget<{ data: ArrayBufferView }> {
  constructor() {
    super({ modelName: "BlobModel", viewName: "BlobView" }, { data: new Float32Array([1, 2, 3]) });
    this.onCustom((content, buffers) => this.send({ back: content }, buffers));
  }
}
const blob = new Blob();
blob
"""


def test_widget_and_buffers_through_the_jupyter_server_websocket(server):
    kernel = api(server, "POST", "/api/kernels", {"name": "tslit"})

    async def scenario():
        url = server.replace("http", "ws") + f"/api/kernels/{kernel['id']}/channels?session_id={uuid.uuid4().hex}"
        req = HTTPRequest(url, headers={"Authorization": f"token {TOKEN}"})
        conn = await websocket_connect(req, subprotocols=["v1.kernel.websocket.jupyter.org"])
        assert conn.selected_subprotocol == "v1.kernel.websocket.jupyter.org"
        client = WsClient(conn)
        msg_id = client.send("shell", "execute_request", {"code": WIDGET, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        msgs = await client.until_idle(msg_id, expect_reply=True)
        reply = [m for m in msgs if m["channel"] == "shell"][0]
        assert reply["content"]["status"] == "ok", [m["content"] for m in msgs]
        [opened] = [m for m in msgs if m["header"]["msg_type"] == "comm_open"]
        assert opened["content"]["data"]["buffer_paths"] == [["data"]]
        assert bytes(opened["buffers"][0]) == bytes.fromhex("0000803f0000004000004040")
        [result] = [m for m in msgs if m["header"]["msg_type"] == "execute_result"]
        model_id = result["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
        assert model_id == opened["content"]["comm_id"]

        payload = os.urandom(2 * 1024 * 1024)
        msg_id = client.send("shell", "comm_msg", {"comm_id": model_id, "data": {"method": "custom", "content": {"n": 1}}}, [payload, b"\x00\x01"])
        msgs = await client.until_idle(msg_id, expect_reply=False)
        statuses = [m["content"]["execution_state"] for m in msgs if m["header"]["msg_type"] == "status"]
        assert statuses == ["busy", "idle"]
        [echo] = [m for m in msgs if m["header"]["msg_type"] == "comm_msg"]
        assert echo["content"]["data"] == {"method": "custom", "content": {"back": {"n": 1}}}
        assert [bytes(b) for b in echo["buffers"]] == [payload, b"\x00\x01"]
        conn.close()

    try:
        asyncio.run(scenario())
    finally:
        api(server, "DELETE", f"/api/kernels/{kernel['id']}")
