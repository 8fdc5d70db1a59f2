"""Every example notebook in notebooks/ runs top to bottom on the tslit kernel, headless.

Executed with nbclient from the project's venv, on the kernelspec the setup installs there
(`node bin/tslit.js install --sys-prefix --python .venv/bin/python`). A notebook fails on any
error output (an exception in a cell, or text written to stderr that names an Error).
Needs the compiled package (`npx tsc -p tsconfig.json`) and the `node_modules/tslit -> ..`
link the setup makes.
"""
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p for p in (REPO / "notebooks").glob("*.ipynb"))
# Seconds one cell may take; the longest cells (a dataset's predictions) take a few seconds.
CELL_TIMEOUT = 300


def error_outputs(nb):
    """(cell index, text) of every error output and every stderr stream naming an error."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append((i, f"{out.ename}: {out.evalue}"))
            elif out.output_type == "stream" and out.name == "stderr" and "Error" in out.text:
                found.append((i, out.text.strip()))
    return found


@pytest.fixture(scope="module", autouse=True)
def tslit_kernel_installed():
    try:
        KernelSpecManager().get_kernel_spec("tslit")
    except NoSuchKernel:
        pytest.fail("the tslit kernelspec is not installed in this environment: run `node bin/tslit.js install --sys-prefix --python .venv/bin/python`")
    if not (REPO / "lib" / "index.js").exists():
        pytest.fail("lib/index.js is missing: build first with `npx tsc -p tsconfig.json`")


def test_there_are_notebooks():
    names = {p.name for p in NOTEBOOKS}
    assert {"quickstart.ipynb", "text-classification.ipynb", "tabular-penguins.ipynb", "images-mnist.ipynb", "compare-models.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_without_errors(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == "tslit", f"{path.name} is not on the tslit kernel"
    client = NotebookClient(nb, kernel_name="tslit", timeout=CELL_TIMEOUT, allow_errors=True, resources={"metadata": {"path": str(path.parent)}})
    start = time.monotonic()
    client.execute()
    elapsed = time.monotonic() - start
    errors = error_outputs(nb)
    assert not errors, f"{path.name}: " + "; ".join(f"cell {i}: {text}" for i, text in errors)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), f"{path.name}: not every code cell ran"
    print(f"{path.name}: {len(code)} code cells in {elapsed:.1f} s")
