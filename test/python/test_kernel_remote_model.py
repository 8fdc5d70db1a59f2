"""A remote model whose server dies, in a real kernel driven by jupyter_client (issue 13).

MLServer (from the project's venv) serves the scikit-learn penguin classifier that
scripts/remote/serve_penguins.py trains. The cell that predicts while the server is down ends
with an error naming the model, the URL and the rows; the kernel keeps serving: the model and
its cached predictions are still there, and after the server restarts the same call succeeds.
"""
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import outputs

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def free_port():
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port < 65000:
            return port


class Server:
    def __init__(self, repo):
        self.repo = repo
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([str(VENV_BIN / "mlserver"), "start", str(self.repo)], cwd=self.repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/v2/models/penguins/ready", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.25)
        raise RuntimeError("mlserver did not get ready")

    @property
    def port(self):
        return json.loads((self.repo / "settings.json").read_text())["http_port"]

    def kill(self):
        self.proc.kill()
        self.proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not (VENV_BIN / "mlserver").exists():
        pytest.fail(f"mlserver is not installed in {VENV_BIN}: run node scripts/setup.mjs --for-tests")
    repo = tmp_path_factory.mktemp("mlserver-repo")
    subprocess.run([sys.executable, str(REPO / "scripts" / "remote" / "serve_penguins.py"), str(repo), str(free_port())], check=True, capture_output=True)
    s = Server(repo)
    s.start()
    yield s
    if s.proc and s.proc.poll() is None:
        s.kill()


def test_a_dead_server_fails_the_cell_clearly_and_the_kernel_keeps_serving(kernel, server):
    url = f"http://127.0.0.1:{server.port}"
    kernel.run_ok(
        'import { remoteModel } from "tslit";\n'
        'const FEATURES = ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"];\n'
        f'const served = await remoteModel({{ url: "{url}", model: "penguins", retries: 1, backoffMs: 20,\n'
        '  inputSpec: Object.fromEntries(FEATURES.map((f) => [f, { kind: "Scalar" as const }])), classes: ["Adelie", "Chinstrap", "Gentoo"] });\n'
        'const bird = (mass: number) => ({ "Beak Length (mm)": 39.1, "Beak Depth (mm)": 18.7, "Flipper Length (mm)": 181, "Body Mass (g)": mass });\n'
        "const first = await served.predict([bird(3750), bird(3800)]);"
    )
    server.kill()
    reply, iopub = kernel.execute("const later = await served.predict([bird(3750), bird(4100), bird(4200)]);")
    assert reply["content"]["status"] == "error"
    [err] = outputs(iopub, "error")
    assert err["ename"] == "RemoteModelError", err
    assert f"remote model 'penguins' ({url}/v2/models/penguins/infer), rows 1..2: cannot connect (ECONNREFUSED) (after 2 tries)" in err["evalue"]
    # The kernel answers; the model and what it predicted are still there (the cache answers without the server).
    assert kernel.result_text("JSON.stringify((await served.predict([bird(3800)]))[0]) === JSON.stringify(first[1])") == "true"
    assert kernel.result_text("1 + 1") == "2"
    server.start()
    text = kernel.result_text("(await served.predict([bird(3750), bird(4100), bird(4200)])).map((p) => (p.probas as number[]).indexOf(Math.max(...(p.probas as number[])))).join(',')")
    assert text.strip("'") == "0,0,0"
