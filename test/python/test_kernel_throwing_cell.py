"""A cell that throws keeps the imports and declarations it made before the throw (issue 16),
driven by a real jupyter_client as JupyterLab's server drives the kernel.

Before the fix every later cell that used such a name failed with "Cannot find name …"
(tslab kept only the declarations of the cells before the throwing one).
"""
import time

from conftest import outputs


def run_error(kernel, code):
    reply, iopub = kernel.execute(code)
    assert reply["content"]["status"] == "error", reply["content"]
    [err] = outputs(iopub, "error")
    return err


def test_imports_and_declarations_before_the_throw_are_kept(kernel):
    err = run_error(
        kernel,
        'import * as path from "path";\n'
        'import { basename, extname as ext } from "path";\n'
        "const width = 3;\n"
        'let label: string = "row";\n'
        "function twice(n: number): number { return 2 * n; }\n"
        "class Box { constructor(readonly size: number) {} }\n"
        "enum Colour { Red, Green }\n"
        "interface Shape { corners: number }\n"
        "type Name = string;\n"
        'throw new Error("boom");\n'
        "const afterTheThrow = 1;\n",
    )
    assert (err["ename"], err["evalue"]) == ("Error", "boom")
    text = kernel.result_text(
        'const shape: Shape = { corners: 4 }; const who: Name = "n";\n'
        '[path.join("a", label), basename("/x/y.ts"), ext("y.ts"), twice(width), new Box(5).size, Colour.Green, shape.corners, who].join(" ")'
    )
    assert text == "a/row y.ts .ts 6 5 1 4 n"
    # The cell's values can be reassigned and used in functions as usual.
    assert kernel.result_text('label = "col"; const f = () => label.toUpperCase(); f()') == "COL"


def test_a_name_declared_below_the_throw_is_not_declared(kernel):
    run_error(kernel, 'throw new Error("early");\nconst neverBound = 1;')
    reply, iopub = kernel.execute("neverBound")
    assert reply["content"]["status"] == "error"
    [err] = outputs(iopub, "error")
    assert err["ename"] == "CompileError" and "Cannot find name 'neverBound'" in err["evalue"]


def test_an_earlier_value_redeclared_below_the_throw_is_not_lost(kernel):
    kernel.run_ok('let model = "trained"; const rows = [1, 2, 3];')
    run_error(kernel, 'const extra = 3;\nthrow new Error("mid");\nlet model = 42;\nconst rows = "gone";')
    # model and rows keep their values and their types (string, number[]); extra is new.
    assert kernel.result_text("model.toUpperCase() + rows.map((r) => r * 2).join(',') + extra") == "TRAINED2,4,63"


def test_a_throw_after_an_await_keeps_what_came_before(kernel):
    run_error(
        kernel,
        "const beforeAwait = 10;\n"
        "await new Promise((r) => setTimeout(r, 20));\n"
        "const afterAwait = beforeAwait + 1;\n"
        'throw new TypeError("late");',
    )
    assert kernel.result_text("beforeAwait + afterAwait") == "21"


def test_a_failing_function_call_keeps_the_function_and_later_cells_run(kernel):
    run_error(kernel, 'function fails(): number { throw new RangeError("no"); }\nconst value = fails();')
    assert kernel.result_text("typeof fails") == "function"
    reply, _ = kernel.execute("value")
    assert reply["content"]["status"] == "error"  # never bound, so not declared


def test_an_interrupted_cell_keeps_what_it_bound_before_the_interrupt(kernel):
    # A long synchronous loop stopped by SIGINT, and an awaited one abandoned by the interrupt.
    msg_id = kernel.kc.execute('const loaded = "weights";\nlet spins = 0;\nwhile (true) { spins++; }')
    time.sleep(1.0)  # let it start spinning (its event loop is blocked: nothing to wait for)
    kernel.km.interrupt_kernel()
    assert kernel.reply_for(msg_id, timeout=20)["content"]["status"] == "error"
    kernel.iopub_for(msg_id)
    assert kernel.result_text("loaded + ' ' + (spins > 0)") == "weights true"

    msg_id = kernel.kc.execute('const fetched = [1, 2];\nconsole.log("waiting");\nawait new Promise(() => undefined);\nconst never = 1;')
    kernel.wait_for_stream(msg_id, "waiting")
    kernel.km.interrupt_kernel()
    assert kernel.reply_for(msg_id, timeout=20)["content"]["status"] == "error"
    kernel.iopub_for(msg_id)
    assert kernel.result_text("fetched.length") == "2"
