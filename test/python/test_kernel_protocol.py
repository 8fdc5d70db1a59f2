"""Kernel protocol tests for the tslit kernel, driven by a real jupyter_client.

jupyter_client verifies the HMAC of every message it receives, so every message read here
(including the ones carrying binary buffers) proves the kernel's signing.
"""
import hashlib
import hmac
import json
import os
import queue
import time
import uuid

import pytest

from conftest import REPO, assert_busy_idle, outputs

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def comm_msgs(iopub):
    return [m for m in iopub if m["msg_type"] == "comm_msg"]


# ---------------------------------------------------------------- basics


def test_kernel_info_and_single_session(kernel):
    msg_id = kernel.kc.kernel_info()
    reply = kernel.reply_for(msg_id)
    content = reply["content"]
    assert content["status"] == "ok"
    assert content["implementation"] == "tslit"
    assert content["language_info"]["name"] == "typescript"
    assert content["language_info"]["file_extension"] == ".ts"
    iopub = kernel.iopub_for(msg_id)
    assert_busy_idle(iopub, msg_id)
    # One session id for the kernel's lifetime, never the client's.
    _, iopub2 = kernel.execute("1")
    sessions = {m["header"]["session"] for m in iopub + iopub2} | {reply["header"]["session"]}
    assert len(sessions) == 1 and kernel.session.session not in sessions


def test_execute_stdout_and_result(kernel):
    reply, iopub = kernel.execute('console.log("hello", 1 + 1); const answer: number = 6 * 7; answer')
    assert reply["content"]["status"] == "ok"
    assert_busy_idle(iopub, reply["parent_header"]["msg_id"])
    assert "".join(s["text"] for s in outputs(iopub, "stream") if s["name"] == "stdout") == "hello 2\n"
    [result] = outputs(iopub, "execute_result")
    assert result["data"]["text/plain"] == "42"
    assert result["execution_count"] == reply["content"]["execution_count"]
    # State carries over to the next cell, with its type.
    assert kernel.result_text("answer + 1") == "43"


def test_shorthand_property_names_an_earlier_cells_variable(kernel):
    # tslab alone fails here ("spam is not defined"); the kernel writes shorthands out first.
    kernel.run_ok("const spamCount = 3; let hamCount = 1;")
    assert kernel.result_text("JSON.stringify({ spamCount, hamCount, total: spamCount + hamCount })") == '{"spamCount":3,"hamCount":1,"total":4}'
    assert kernel.result_text("({ hamCount } = { hamCount: 7 }); hamCount") == "7"


def test_stdout_is_coalesced_in_order(kernel):
    iopub = kernel.run_ok('for (let i = 0; i < 2000; i++) console.log(i); console.error("done");')
    streams = outputs(iopub, "stream")
    stdout = "".join(s["text"] for s in streams if s["name"] == "stdout")
    assert stdout == "".join(f"{i}\n" for i in range(2000))
    assert len(streams) < 20, len(streams)  # not one message per write
    assert streams[-1] == {"name": "stderr", "text": "done\n"}


def test_failed_cell_aborts_the_cells_queued_behind_it(kernel):
    first = kernel.kc.execute('await new Promise((r) => setTimeout(r, 300)); throw new Error("stop here")')
    second = kernel.kc.execute('console.log("must not run")')
    assert kernel.reply_for(first)["content"]["status"] == "error"
    reply = kernel.reply_for(second)
    assert reply["content"]["status"] == "aborted"
    assert not outputs(kernel.iopub_for(second), "stream")
    assert kernel.result_text("'runs again'") == "runs again"


def test_display_of_values(kernel):
    iopub = kernel.run_ok(
        'import { display } from "tslit";\n'
        "display({ a: 1 });\n"
        'display({ displayData: () => ({ "text/html": "<b>hi</b>", "text/plain": "hi" }) });'
    )
    shown = outputs(iopub, "display_data")
    assert [d["data"] for d in shown] == [{"text/plain": "{ a: 1 }"}, {"text/html": "<b>hi</b>", "text/plain": "hi"}]


def test_runtime_and_compile_errors(kernel):
    reply, iopub = kernel.execute('function f(): number { throw new RangeError("too far"); }\nf()')
    assert reply["content"]["status"] == "error"
    [err] = outputs(iopub, "error")
    assert (err["ename"], err["evalue"]) == ("RangeError", "too far")
    assert any("RangeError: too far" in line for line in err["traceback"])
    reply, iopub = kernel.execute('const s: number = "text";')
    assert reply["content"]["status"] == "error"
    [err] = outputs(iopub, "error")
    assert err["ename"] == "CompileError" and "not assignable to type 'number'" in err["evalue"]
    assert kernel.result_text("1 + 1") == "2"  # still serving


def test_tslit_import_is_the_kernels_instance_and_tfjs_loads(kernel):
    # activeKernel() is a module variable set by the kernel at start: it is only visible if the
    # cell's `import "tslit"` loads the very module instance the kernel runs (realpath).
    assert kernel.result_text('import { activeKernel } from "tslit";\nactiveKernel() !== undefined') == "true"
    text = kernel.result_text(
        'import * as tf from "@tensorflow/tfjs";\n'
        "const t = tf.tensor1d([1, 2, 3]); const s = t.sum(); const v = s.dataSync()[0]; tf.dispose([t, s]); v"
    )
    assert text == "6"


def test_complete_inspect_is_complete_history(kernel):
    kernel.run_ok("let someLongName = 3;")
    reply = kernel.reply_for(kernel.kc.complete("someLo", 6))
    assert reply["content"]["status"] == "ok" and "someLongName" in reply["content"]["matches"]
    reply = kernel.reply_for(kernel.kc.inspect("someLongName", 4))
    assert reply["content"]["found"] and "number" in reply["content"]["data"]["text/plain"]
    assert kernel.reply_for(kernel.kc.is_complete("if (x) {"))["content"]["status"] == "incomplete"
    assert kernel.reply_for(kernel.kc.is_complete("1 + 1"))["content"]["status"] == "complete"
    assert kernel.reply_for(kernel.kc.history())["content"] == {"status": "ok", "history": []}


# ---------------------------------------------------------------- comms opened by the frontend

ECHO_TARGET = """
import { registerCommTarget } from "tslit";
registerCommTarget("test.echo", (comm, data, buffers) => {
  comm.send({ opened: data, nbuffers: buffers.length }, {}, buffers);
  comm.onMessage((data, buffers) => {
    if ((data as any).fail) throw new Error("handler failed on purpose");
    comm.send({ echo: data }, {}, buffers.slice().reverse());
  });
  comm.onClose((data) => console.log("closed with", JSON.stringify(data)));
});
"""


def test_frontend_comm_buffers_round_trip_and_comm_info(kernel):
    kernel.run_ok(ECHO_TARGET)
    comm_id = uuid.uuid4().hex
    first = os.urandom(1000)
    msg_id = kernel.send("shell", "comm_open", {"comm_id": comm_id, "target_name": "test.echo", "data": {"x": 1}}, buffers=[first])
    iopub = kernel.iopub_for(msg_id)
    assert_busy_idle(iopub, msg_id)
    [opened] = comm_msgs(iopub)
    assert opened["content"] == {"comm_id": comm_id, "data": {"opened": {"x": 1}, "nbuffers": 1}}
    assert [bytes(b) for b in opened["buffers"]] == [first]

    # Buffers of several sizes, including empty and 4 MB, come back byte for byte.
    bufs = [os.urandom(3), b"", bytes(range(256)) * 7, os.urandom(4 * 1024 * 1024)]
    msg_id = kernel.send("shell", "comm_msg", {"comm_id": comm_id, "data": {"k": "v"}}, buffers=bufs)
    iopub = kernel.iopub_for(msg_id)
    assert_busy_idle(iopub, msg_id)
    [echo] = comm_msgs(iopub)
    assert echo["content"]["data"] == {"echo": {"k": "v"}}
    assert [hashlib.sha256(bytes(b)).hexdigest() for b in echo["buffers"]] == [hashlib.sha256(b).hexdigest() for b in reversed(bufs)]

    # comm_info lists it under its target only.
    reply = kernel.reply_for(kernel.kc.comm_info(target_name="test.echo"))
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["comms"] == {comm_id: {"target_name": "test.echo"}}
    reply = kernel.reply_for(kernel.kc.comm_info(target_name="jupyter.widget"))
    assert comm_id not in reply["content"]["comms"]
    reply = kernel.reply_for(kernel.kc.comm_info())
    assert reply["content"]["comms"][comm_id] == {"target_name": "test.echo"}

    # An error thrown by the handler reaches iopub as an error output of that comm_msg.
    msg_id = kernel.send("shell", "comm_msg", {"comm_id": comm_id, "data": {"fail": True}})
    iopub = kernel.iopub_for(msg_id)
    [err] = outputs(iopub, "error")
    assert err["evalue"] == "handler failed on purpose"
    assert_busy_idle(iopub, msg_id)

    msg_id = kernel.send("shell", "comm_close", {"comm_id": comm_id, "data": {"bye": 1}})
    iopub = kernel.iopub_for(msg_id)
    assert_busy_idle(iopub, msg_id)
    assert "".join(s["text"] for s in outputs(iopub, "stream")) == 'closed with {"bye":1}\n'
    assert comm_id not in kernel.reply_for(kernel.kc.comm_info())["content"]["comms"]


def test_unknown_target_is_answered_by_comm_close(kernel):
    comm_id = uuid.uuid4().hex
    msg_id = kernel.send("shell", "comm_open", {"comm_id": comm_id, "target_name": "no.such.target", "data": {}})
    iopub = kernel.iopub_for(msg_id)
    assert_busy_idle(iopub, msg_id)
    assert outputs(iopub, "comm_close") == [{"comm_id": comm_id, "data": {}}]
    assert "no.such.target" in kernel.log()


# ---------------------------------------------------------------- widgets opened by the kernel

WIDGET_CELL = """
import { Widget, display } from "tslit";
interface CounterState { value: number; label: string; data: ArrayBufferView }
class Counter extends Widget<CounterState> {
  constructor() {
    super({ modelName: "CounterModel", viewName: "CounterView" }, { value: 0, label: "n", data: new Float32Array([1.5, -2, 3]) });
    this.onChange("value", (v, old) => {
      console.log(`value ${old} -> ${v}`);
      if (v === 13) throw new Error("unlucky value");
    });
    this.onCustom((content, buffers) => this.send({ got: content, sizes: buffers.map((b) => b.byteLength) }, buffers));
  }
  protected override validateUpdate(patch: Record<string, unknown>): void {
    if (typeof patch.value === "number" && patch.value < 0) throw new Error("value must be >= 0");
  }
}
const w = new Counter();
w
"""


@pytest.fixture(scope="module")
def widget(kernel):
    reply, iopub = kernel.execute(WIDGET_CELL)
    assert reply["content"]["status"] == "ok", (outputs(iopub, "error"), kernel.log())
    return iopub


def test_widget_opens_with_state_and_buffers_and_renders(widget):
    [opened] = [m for m in widget if m["msg_type"] == "comm_open"]
    content = opened["content"]
    assert content["target_name"] == "jupyter.widget"
    assert opened["metadata"] == {"version": "2.1.0"}
    state = content["data"]["state"]
    assert state["_model_name"] == "CounterModel" and state["_view_name"] == "CounterView"
    assert state["_model_module"] == "tslit" and state["_view_module"] == "tslit"
    version = json.loads((REPO / "package.json").read_text())["version"]
    assert state["_model_module_version"] == version == state["_view_module_version"]
    assert (state["value"], state["label"]) == (0, "n") and "data" not in state
    assert content["data"]["buffer_paths"] == [["data"]]
    import struct

    assert bytes(opened["buffers"][0]) == struct.pack("<3f", 1.5, -2, 3)
    [result] = outputs(widget, "execute_result")
    assert result["data"][WIDGET_VIEW] == {"version_major": 2, "version_minor": 1, "model_id": content["comm_id"]}
    assert "Counter" in result["data"]["text/plain"]


def widget_id(widget_iopub):
    return [m for m in widget_iopub if m["msg_type"] == "comm_open"][0]["content"]["comm_id"]


def test_widget_update_from_frontend_echo_and_change_event(kernel, widget):
    wid = widget_id(widget)
    msg_id = kernel.send("shell", "comm_msg", {"comm_id": wid, "data": {"method": "update", "state": {"value": 5}, "buffer_paths": []}})
    iopub = kernel.iopub_for(msg_id)
    assert_busy_idle(iopub, msg_id)
    [echo] = comm_msgs(iopub)
    assert echo["content"]["data"] == {"method": "echo_update", "state": {"value": 5}, "buffer_paths": []}
    assert "".join(s["text"] for s in outputs(iopub, "stream")) == "value 0 -> 5\n"
    assert kernel.result_text("w.state.value") == "5"

    # A binary value from the frontend lands in the state as a DataView with the same bytes.
    payload = os.urandom(64)
    msg_id = kernel.send("shell", "comm_msg", {"comm_id": wid, "data": {"method": "update", "state": {}, "buffer_paths": [["data"]]}}, buffers=[payload])
    iopub = kernel.iopub_for(msg_id)
    [echo] = comm_msgs(iopub)
    assert echo["content"]["data"]["buffer_paths"] == [["data"]] and bytes(echo["buffers"][0]) == payload
    text = kernel.result_text('Buffer.from((w.state.data as DataView).buffer, w.state.data.byteOffset, w.state.data.byteLength).toString("hex")')
    assert text == payload.hex()


def test_widget_set_from_kernel_sends_update(kernel, widget):
    wid = widget_id(widget)
    iopub = kernel.run_ok('w.set({ label: "changed", data: new Uint8Array([9, 8, 7]) })')
    msgs = [m for m in comm_msgs(iopub) if m["content"]["comm_id"] == wid]
    assert len(msgs) == 1
    assert msgs[0]["content"]["data"] == {"method": "update", "state": {"label": "changed"}, "buffer_paths": [["data"]]}
    assert bytes(msgs[0]["buffers"][0]) == bytes([9, 8, 7])
    # display() of a widget shows its view.
    [shown] = outputs(kernel.run_ok("display(w)"), "display_data")
    assert shown["data"][WIDGET_VIEW]["model_id"] == wid


def test_widget_request_state_and_custom_messages(kernel, widget):
    wid = widget_id(widget)
    kernel.run_ok('w.set({ value: 7, data: new Float32Array([0.25]) })')
    msg_id = kernel.send("shell", "comm_msg", {"comm_id": wid, "data": {"method": "request_state"}})
    [full] = comm_msgs(kernel.iopub_for(msg_id))
    data = full["content"]["data"]
    assert data["method"] == "update" and data["state"]["value"] == 7 and data["state"]["_model_name"] == "CounterModel"
    assert data["buffer_paths"] == [["data"]] and bytes(full["buffers"][0]) == bytes.fromhex("0000803e")

    blob = os.urandom(300)
    msg_id = kernel.send("shell", "comm_msg", {"comm_id": wid, "data": {"method": "custom", "content": {"q": [1, 2]}}}, buffers=[blob, b"xy"])
    iopub = kernel.iopub_for(msg_id)
    assert_busy_idle(iopub, msg_id)
    [answer] = comm_msgs(iopub)
    assert answer["content"]["data"] == {"method": "custom", "content": {"got": {"q": [1, 2]}, "sizes": [300, 2]}}
    assert [bytes(b) for b in answer["buffers"]] == [blob, b"xy"]


def test_error_in_widget_callback_reaches_iopub_with_the_comm_msg_parent(kernel, widget):
    wid = widget_id(widget)
    msg_id = kernel.send("shell", "comm_msg", {"comm_id": wid, "data": {"method": "update", "state": {"value": 13}, "buffer_paths": []}})
    iopub = kernel.iopub_for(msg_id)
    assert_busy_idle(iopub, msg_id)
    [err] = outputs(iopub, "error")
    assert err["evalue"] == "unlucky value"


def test_control_comm_request_states(kernel, widget):
    wid = widget_id(widget)
    kernel.run_ok('w.set({ data: new Uint8Array([1, 2, 3, 4]) })')
    comm_id = uuid.uuid4().hex
    msg_id = kernel.send("shell", "comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}})
    iopub = kernel.iopub_for(msg_id)
    assert not outputs(iopub, "comm_close")
    msg_id = kernel.send("shell", "comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
    iopub = kernel.iopub_for(msg_id)
    assert_busy_idle(iopub, msg_id)
    [reply] = comm_msgs(iopub)
    data = reply["content"]["data"]
    assert data["method"] == "update_states"
    entry = data["states"][wid]
    assert (entry["model_name"], entry["model_module"]) == ("CounterModel", "tslit")
    assert entry["state"]["_view_name"] == "CounterView" and "data" not in entry["state"]
    index = data["buffer_paths"].index([wid, "state", "data"])
    assert bytes(reply["buffers"][index]) == bytes([1, 2, 3, 4])
    assert len(data["buffer_paths"]) == len(reply["buffers"])
    # comm_info for jupyter.widget lists the widget (the fallback path of the widget manager).
    comms = kernel.reply_for(kernel.kc.comm_info(target_name="jupyter.widget"))["content"]["comms"]
    assert comms[wid] == {"target_name": "jupyter.widget"} and comm_id not in comms


def test_widget_closed_from_the_kernel(kernel, widget):
    iopub = kernel.run_ok("const w2 = new Counter(); w2.close(); w2.closed")
    [opened] = [m["content"] for m in iopub if m["msg_type"] == "comm_open"]
    assert outputs(iopub, "comm_close") == [{"comm_id": opened["comm_id"], "data": {}}]
    assert outputs(iopub, "execute_result")[0]["data"]["text/plain"] == "true"
    comms = kernel.reply_for(kernel.kc.comm_info(target_name="jupyter.widget"))["content"]["comms"]
    assert opened["comm_id"] not in comms and widget_id(widget) in comms


# ---------------------------------------------------------------- bad input


def test_malformed_messages_are_logged_and_the_kernel_keeps_serving(kernel, widget):
    wid = widget_id(widget)
    kernel.run_ok("w.set({ value: 1 })")

    # 1. A bad signature: dropped before any handling.
    msg = kernel.session.msg("execute_request", {"code": 'console.log("must not run")', "silent": False})
    frames = [kernel.session.pack(msg[k]) for k in ("header", "parent_header", "metadata", "content")]
    kernel.kc.shell_channel.socket.send_multipart([b"<IDS|MSG>", b"0" * 64] + frames)

    def assert_logged(fragment):
        deadline = time.time() + 10
        while fragment not in kernel.log():
            assert time.time() < deadline, f"{fragment!r} not in kernel log:\n{kernel.log()[-3000:]}"
            time.sleep(0.05)

    assert_logged("invalid HMAC signature")

    # 2. A comm id nobody opened; 3. an unknown method; 4. a state of the wrong type;
    # 5. buffer paths that do not resolve; 6. an unknown state key; 7. a rejected value.
    cases = [
        ({"comm_id": "nobody-opened-this", "data": {"method": "update", "state": {}}}, [], "unknown comm id nobody-opened-this"),
        ({"comm_id": wid, "data": {"method": "explode"}}, [], 'unknown method "explode"'),
        ({"comm_id": wid, "data": {"method": "update", "state": {"value": "seven"}, "buffer_paths": []}}, [], "state.value must be number, got string"),
        ({"comm_id": wid, "data": {"method": "update", "state": {}, "buffer_paths": [["nope", "deeper"]]}}, [b"x"], 'does not resolve: nothing at ["nope"]'),
        ({"comm_id": wid, "data": {"method": "update", "state": {"colour": 1}, "buffer_paths": []}}, [], 'unknown state key "colour"'),
        ({"comm_id": wid, "data": {"method": "update", "state": {"value": -4}, "buffer_paths": []}}, [], "value must be >= 0"),
    ]
    for content, buffers, fragment in cases:
        msg_id = kernel.send("shell", "comm_msg", content, buffers=buffers)
        iopub = kernel.iopub_for(msg_id)
        assert_busy_idle(iopub, msg_id)
        assert_logged(fragment)
        if content["comm_id"] == wid and "value" in content["data"].get("state", {}):
            # The frontend is told the kernel's value back.
            reverts = [m["content"]["data"] for m in comm_msgs(iopub) if m["content"]["data"]["method"] == "update"]
            assert reverts == [{"method": "update", "state": {"value": 1}, "buffer_paths": []}]

    # 8. An unknown message type.
    msg_id = kernel.send("shell", "no_such_request", {})
    assert_busy_idle(kernel.iopub_for(msg_id), msg_id)
    assert_logged('unknown message type "no_such_request"')

    assert kernel.result_text("w.state.value") == "1"
    assert "must not run" not in repr(kernel.stash)


# ---------------------------------------------------------------- interrupt, shutdown, restart


def test_interrupt_synchronous_busy_loop(kernel):
    msg_id = kernel.kc.execute("let spins = 0; while (true) { spins++; }")
    time.sleep(1.0)  # let it start spinning
    kernel.km.interrupt_kernel()  # SIGINT (interrupt_mode "signal")
    reply = kernel.reply_for(msg_id, timeout=20)
    assert reply["content"]["status"] == "error"
    assert "interrupted" in reply["content"]["evalue"].lower()
    kernel.iopub_for(msg_id)
    assert kernel.result_text("40 + 2") == "42"


def test_interrupt_async_loop_by_signal_and_by_message(kernel):
    loop = "(globalThis as any).stopLoop = false;\nconsole.log('spinning');\nwhile (!(globalThis as any).stopLoop) { await new Promise((r) => setTimeout(r, 20)); }"
    msg_id = kernel.kc.execute(loop)
    kernel.wait_for_stream(msg_id, "spinning")
    kernel.km.interrupt_kernel()
    reply = kernel.reply_for(msg_id, timeout=20)
    assert reply["content"]["status"] == "error" and "Interrupted" in reply["content"]["evalue"]
    kernel.run_ok("(globalThis as any).stopLoop = true;")

    msg_id = kernel.kc.execute(loop)
    kernel.wait_for_stream(msg_id, "spinning")
    control_id = kernel.send("control", "interrupt_request", {})
    assert kernel.reply_for(control_id, channel="control")["content"]["status"] == "ok"
    reply = kernel.reply_for(msg_id, timeout=20)
    assert reply["content"]["status"] == "error" and "Interrupted" in reply["content"]["evalue"]
    kernel.run_ok("(globalThis as any).stopLoop = true;")


def test_restart_then_shutdown(fresh_kernel):
    k = fresh_kernel
    k.run_ok("(globalThis as any).marker = 1;")
    pid_before = k.km.provisioner.process.pid
    k.km.restart_kernel(now=False)
    k.kc.wait_for_ready(timeout=120)
    assert k.km.provisioner.process.pid != pid_before
    reply, iopub = k.execute("typeof (globalThis as any).marker")
    assert reply["content"]["execution_count"] == 1  # a fresh kernel
    assert outputs(iopub, "execute_result")[0]["data"]["text/plain"] == "undefined"

    msg_id = k.kc.shutdown()
    reply = k.reply_for(msg_id, channel="control", timeout=20)
    assert reply["content"] == {"status": "ok", "restart": False}
    process = k.km.provisioner.process
    assert process.wait(timeout=20) == 0  # exits by itself, cleanly


def test_shutdown_request_on_shell(fresh_kernel):
    k = fresh_kernel
    msg_id = k.send("shell", "shutdown_request", {"restart": False})
    assert k.reply_for(msg_id, timeout=20)["content"] == {"status": "ok", "restart": False}
    assert k.km.provisioner.process.wait(timeout=20) == 0
