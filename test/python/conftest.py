"""Fixtures: the tslit kernelspec in a temporary prefix, and kernels started from it by a real
jupyter_client KernelManager (the same client library JupyterLab's server uses).

Needs the compiled kernel (`npx tsc -p tsconfig.json`, i.e. lib/cli.js).
"""
import os
import subprocess
import time
from pathlib import Path

import pytest
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def kernel_prefix(tmp_path_factory):
    if not (REPO / "lib" / "cli.js").exists():
        pytest.fail("lib/cli.js is missing: build first with `npx tsc -p tsconfig.json`")
    # What scripts/setup.mjs does, so that cells can `import ... from "tslit"`.
    link = REPO / "node_modules" / "tslit"
    if not link.exists():
        link.symlink_to("..", target_is_directory=True)
    prefix = tmp_path_factory.mktemp("prefix")
    subprocess.run(["node", str(REPO / "bin" / "tslit.js"), "install", "--prefix", str(prefix)], check=True)
    return prefix


class Kernel:
    """A running kernel, its blocking client, and helpers that collect outputs per request."""

    def __init__(self, prefix, log_path):
        ksm = KernelSpecManager(kernel_dirs=[str(prefix / "share" / "jupyter" / "kernels")])
        self.km = KernelManager(kernel_name="tslit", kernel_spec_manager=ksm)
        self.log_path = log_path
        self.log_file = open(log_path, "w")
        self.km.start_kernel(cwd=str(REPO / "notebooks"), stderr=self.log_file)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.session = self.kc.session
        self.stash = []  # iopub messages read while waiting for another parent

    def log(self):
        self.log_file.flush()
        return Path(self.log_path).read_text()

    def send(self, channel, msg_type, content, buffers=None, metadata=None):
        msg = self.session.msg(msg_type, content, metadata=metadata or {})
        if buffers:
            msg["buffers"] = buffers
        getattr(self.kc, channel + "_channel").send(msg)
        return msg["header"]["msg_id"]

    def iopub_for(self, msg_id, timeout=60):
        """All iopub messages whose parent is msg_id, from busy to idle (both included)."""
        out = [m for m in self.stash if m["parent_header"].get("msg_id") == msg_id]
        self.stash = [m for m in self.stash if m["parent_header"].get("msg_id") != msg_id]
        deadline = time.time() + timeout
        while not (out and out[-1]["msg_type"] == "status" and out[-1]["content"]["execution_state"] == "idle"):
            m = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            if m["parent_header"].get("msg_id") == msg_id:
                out.append(m)
            else:
                self.stash.append(m)
        return out

    def wait_for_stream(self, msg_id, text, timeout=30):
        """Waits until msg_id has printed `text` (keeps all messages for iopub_for)."""
        deadline = time.time() + timeout
        while not any(m["msg_type"] == "stream" and text in m["content"]["text"] and m["parent_header"].get("msg_id") == msg_id for m in self.stash):
            self.stash.append(self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time())))

    def reply_for(self, msg_id, channel="shell", timeout=60):
        deadline = time.time() + timeout
        while True:
            m = getattr(self.kc, "get_%s_msg" % channel)(timeout=max(0.1, deadline - time.time()))
            if m["parent_header"].get("msg_id") == msg_id:
                return m

    def execute(self, code, timeout=60):
        msg_id = self.kc.execute(code)
        reply = self.reply_for(msg_id, timeout=timeout)
        return reply, self.iopub_for(msg_id, timeout=timeout)

    def run_ok(self, code, timeout=60):
        reply, iopub = self.execute(code, timeout)
        errors = [m["content"] for m in iopub if m["msg_type"] == "error"]
        assert reply["content"]["status"] == "ok", (reply["content"], errors, self.log()[-2000:])
        return iopub

    def result_text(self, code):
        results = [m for m in self.run_ok(code) if m["msg_type"] == "execute_result"]
        assert len(results) == 1, results
        return results[0]["content"]["data"]["text/plain"]

    def stop(self):
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=True)
        self.log_file.close()


@pytest.fixture(scope="module")
def kernel(kernel_prefix, tmp_path_factory):
    k = Kernel(kernel_prefix, tmp_path_factory.mktemp("log") / "kernel.stderr")
    yield k
    k.stop()


@pytest.fixture()
def fresh_kernel(kernel_prefix, tmp_path):
    k = Kernel(kernel_prefix, tmp_path / "kernel.stderr")
    yield k
    k.stop()


def outputs(iopub, msg_type):
    return [m["content"] for m in iopub if m["msg_type"] == msg_type]


def assert_busy_idle(iopub, msg_id):
    """The first message is busy and the last is idle, both with the request as parent."""
    assert iopub[0]["msg_type"] == "status" and iopub[0]["content"]["execution_state"] == "busy", iopub[0]
    assert iopub[-1]["msg_type"] == "status" and iopub[-1]["content"]["execution_state"] == "idle", iopub[-1]
    assert iopub[0]["parent_header"]["msg_id"] == msg_id and iopub[-1]["parent_header"]["msg_id"] == msg_id
