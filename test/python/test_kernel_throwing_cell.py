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


NEVER_BOUND = "is declared in an earlier cell that threw before binding it, so it has no value"


def compile_error(kernel, code):
    err = run_error(kernel, code)
    assert err["ename"] == "CompileError", err
    return err["evalue"]


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
    message = compile_error(kernel, "neverBound")
    assert "Cannot find name 'neverBound'" in message and NEVER_BOUND in message


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
    assert NEVER_BOUND in compile_error(kernel, "value")  # never bound, so not declared


def test_an_interrupted_cell_keeps_what_it_bound_before_the_interrupt(kernel):
    # A long synchronous loop stopped by SIGINT, and an awaited one abandoned by the interrupt.
    msg_id = kernel.kc.execute('const loaded = "weights";\nlet spins = 0;\nwhile (true) { spins++; }')
    time.sleep(1.0)  # let it start spinning (its event loop is blocked: nothing to wait for)
    kernel.km.interrupt_kernel()
    assert kernel.reply_for(msg_id, timeout=20)["content"]["status"] == "error"
    kernel.iopub_for(msg_id)
    assert kernel.result_text("loaded + ' ' + (spins > 0)") == "weights true"

    msg_id = kernel.kc.execute('const fetched = [1, 2];\nconsole.log("waiting");\nawait new Promise(() => undefined);\nconst neverReached = 1;')
    kernel.wait_for_stream(msg_id, "waiting")
    kernel.km.interrupt_kernel()
    assert kernel.reply_for(msg_id, timeout=20)["content"]["status"] == "error"
    kernel.iopub_for(msg_id)
    assert kernel.result_text("fetched.length") == "2"
    assert NEVER_BOUND in compile_error(kernel, "neverReached")


def test_the_issue_cell_keeps_a_tfjs_import_a_const_and_a_function_and_names_the_unbound_one(kernel):
    err = run_error(
        kernel,
        "import * as tf from '@tensorflow/tfjs'; const a = 1; function f() { return 2 }; "
        "const t = tf.tensor([1, 2, 3]); throw new Error('x'); const b = 3;",
    )
    assert (err["ename"], err["evalue"]) == ("Error", "x")
    # The tensor made before the throw is still there, with its values.
    assert kernel.result_text("[typeof tf.tensor, a, f(), t.dataSync().join(',')].join(' ')") == "function 1 2 1,2,3"
    assert kernel.result_text("t.dispose(); tf.memory().numTensors") == "0"
    message = compile_error(kernel, "b")
    assert message.startswith("1:1 - Cannot find name 'b'.") and NEVER_BOUND in message, message
    # Binding the name in a later cell ends the note; the kernel serves on.
    kernel.run_ok("const b = 'now bound';")
    assert kernel.result_text("b") == "now bound"
    assert "has no value" not in compile_error(kernel, "notDeclaredAnywhere")


def test_a_throw_inside_a_statement_with_several_declarators_keeps_the_ones_before_it(kernel):
    run_error(kernel, "function g(): number { throw new RangeError('g threw'); }\nconst m1 = 'first', m2 = g(), m3 = 3;")
    # m1 keeps its value and its type (a string: toUpperCase type-checks).
    assert kernel.result_text("m1.toUpperCase()") == "FIRST"
    for name in ("m2", "m3"):
        assert NEVER_BOUND in compile_error(kernel, name)


def test_a_rejected_await_keeps_the_class_types_and_reassigned_let_before_it(kernel):
    run_error(
        kernel,
        "class Animal { constructor(public name: string) {} speak() { return this.name; } }\n"
        "interface Pet { nick: string }\n"
        "type Id = number;\n"
        "let counter = 1;\n"
        "counter = 5;\n"
        "await new Promise((r) => setTimeout(r, 10));\n"
        "const awaitedValue = await (async (): Promise<number> => { throw new Error('async throw'); })();\n",
    )
    text = kernel.result_text("const pet: Pet = { nick: 'p' }; const id: Id = 3; [new Animal('cat').speak(), pet.nick, id, counter].join(' ')")
    assert text == "cat p 3 5"
    assert kernel.result_text("counter = 7; counter") == "7"
    assert NEVER_BOUND in compile_error(kernel, "awaitedValue")


def test_a_function_written_below_the_throw_is_kept_as_javascript_binds_it_first(kernel):
    run_error(kernel, "const early = helper();\nthrow new Error('mid');\nfunction helper(): string { return 'helped'; }")
    assert kernel.result_text("early + ' ' + helper()") == "helped helped"


def test_a_cell_that_does_not_compile_runs_nothing_keeps_nothing_and_earlier_cells_stay(kernel):
    kernel.run_ok("let version = 'v1'; const sideEffects: string[] = [];")
    syntax = compile_error(kernel, "sideEffects.push('syntax'); version = 'v2'; const fromSyntax = 1; const x = ;")
    assert "Expression expected" in syntax
    typed = compile_error(kernel, "sideEffects.push('type'); version = 'v3'; const fromTypeError = 1; const y: string = 5;")
    assert "Type 'number' is not assignable to type 'string'" in typed
    assert kernel.result_text("version + ' ' + sideEffects.length") == "v1 0"
    for name in ("fromSyntax", "fromTypeError"):
        message = compile_error(kernel, name)
        assert f"Cannot find name '{name}'" in message and "has no value" not in message


def test_thrown_values_that_are_not_errors_are_reported_and_the_names_before_them_kept(kernel):
    for i, thrown in enumerate(["42", "null", "undefined", "{ code: 7 }"]):
        err = run_error(kernel, f"const before{i} = {i}; throw {thrown};")
        assert err["ename"] == "Error" and err["evalue"], err
    err = run_error(kernel, "const before4 = 4; throw new Proxy({}, { has() { throw new Error('has trap'); } });")
    assert err["evalue"] == "The cell threw a value that cannot be read (reading it threw: has trap)"
    assert kernel.result_text("[before0, before1, before2, before3, before4].join(' ')") == "0 1 2 3 4"


def test_an_abandoned_await_that_finishes_later_does_not_overwrite_the_earlier_value(kernel):
    kernel.run_ok("let weights = 'trained';")
    msg_id = kernel.kc.execute(
        "const partial = 1;\n"
        'console.log("loading");\n'
        "let weights = await new Promise<number>((r) => setTimeout(() => r(42), 1000));\n"
        "const loadedAfter = 2;"
    )
    kernel.wait_for_stream(msg_id, "loading")
    kernel.km.interrupt_kernel()
    assert kernel.reply_for(msg_id, timeout=20)["content"]["status"] == "error"
    kernel.iopub_for(msg_id)
    time.sleep(1.5)  # the abandoned promise resolves and the rest of the cell runs
    assert kernel.result_text("typeof weights + ' ' + weights.toUpperCase() + ' ' + partial") == "string TRAINED 1"
    assert NEVER_BOUND in compile_error(kernel, "loadedAfter")


def test_a_throwing_default_in_a_destructuring_keeps_the_names_bound_before_it(kernel):
    run_error(
        kernel,
        'function missing(): number { throw new RangeError("no b"); }\n'
        "const config: { first: number; second?: number } = { first: 5 };\n"
        "const { first, second = missing() } = config;",
    )
    # JavaScript bound `first` before it ran the default of `second`, which was never bound.
    assert kernel.result_text("first * 2") == "10"
    assert NEVER_BOUND in compile_error(kernel, "second")
