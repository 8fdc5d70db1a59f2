"""Every example notebook in notebooks/ runs top to bottom on the tslit kernel, headless.

Executed with nbclient from the project's venv, on the kernelspec the setup installs there
(`node bin/tslit.js install --sys-prefix --python .venv/bin/python`). A notebook fails on any
error output (an exception in a cell, or text written to stderr that names an Error).
Needs the compiled package (`npx tsc -p tsconfig.json`) and the `node_modules/tslit -> ..`
link the setup makes.
"""
import subprocess
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


EXECUTED = {}


def execute(path, store_widget_state=True):
    """The notebook at `path` after nbclient ran it (cached per run), and the seconds it took."""
    key = (path, store_widget_state)
    if key not in EXECUTED:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, kernel_name="tslit", timeout=CELL_TIMEOUT, allow_errors=True, store_widget_state=store_widget_state, resources={"metadata": {"path": str(path.parent)}})
        start = time.monotonic()
        client.execute()
        EXECUTED[key] = (nb, time.monotonic() - start)
    return EXECUTED[key]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_without_errors(path):
    assert nbformat.read(path, as_version=4).metadata.kernelspec.name == "tslit", f"{path.name} is not on the tslit kernel"
    nb, elapsed = execute(path, store_widget_state=False)
    errors = error_outputs(nb)
    assert not errors, f"{path.name}: " + "; ".join(f"cell {i}: {text}" for i, text in errors)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), f"{path.name}: not every code cell ran"
    print(f"{path.name}: {len(code)} code cells in {elapsed:.1f} s")


def test_nbconvert_html_shows_the_static_plot_fallback():
    """Every view carries a kernel-drawn picture (text/html) beside the widget view, plots an
    SVG; nbconvert shows it when the notebook has no saved state for that widget (GitHub and
    nbviewer likewise)."""
    from nbconvert import HTMLExporter

    nb, _ = execute(REPO / "notebooks" / "quickstart.ipynb", store_widget_state=False)
    widget_outputs = [o for c in nb.cells for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widget_outputs and all("text/html" in o["data"] for o in widget_outputs), "a widget output has no text/html picture"
    plot_outputs = [o for o in widget_outputs if "tslit-static-plot" in o["data"]["text/html"]]
    assert plot_outputs, "no plot picture among the widget outputs"
    fallback = plot_outputs[0]["data"]["text/html"]
    assert 'class="tslit-static-plot"' in fallback and "<rect" in fallback
    html, _ = HTMLExporter().from_notebook_node(nb)
    # nbconvert re-serialises the HTML, so look for the picture's parts rather than the exact text.
    start = html.index('class="tslit-static-plot"')
    svg = html[start:html.index("</svg>", start)]
    bars = fallback.count("<rect") - 1  # less the background
    assert bars > 10 and svg.count("<rect") == bars + 1
    assert 'Integrated gradients for "spam"</text>' in svg
    assert 'type="application/vnd.jupyter.widget-view+json"' not in html


def test_saved_widget_state_makes_nbconvert_prefer_the_live_widget():
    """A notebook run by nbclient with widget state stored holds the raw tslit state (the lab
    extension, which turns it into HTML widgets with pictures on save, is not there), so
    nbconvert emits the widget view and state instead of the picture. This records that
    behaviour, which docs/export.md tells readers about; test/browser/saved-state.test.ts
    covers notebooks saved from JupyterLab."""
    from nbconvert import HTMLExporter

    nb, _ = execute(REPO / "notebooks" / "quickstart.ipynb", store_widget_state=True)
    assert nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"], "nbclient saved no widget state"
    html, _ = HTMLExporter().from_notebook_node(nb)
    assert 'type="application/vnd.jupyter.widget-view+json"' in html
    assert 'type="application/vnd.jupyter.widget-state+json"' in html


def test_tslit_pictures_turns_the_state_nbclient_stored_into_pictures(tmp_path):
    """`tslit pictures` does for a headless run what the lab extension does on save: every
    tslit model in the stored state becomes an HTML widget with the view's picture, drawn from
    the last state the kernel sent (a view not updated after its display gets exactly the
    picture its output carries)."""
    from nbconvert import HTMLExporter

    nb, _ = execute(REPO / "notebooks" / "quickstart.ipynb", store_widget_state=True)
    source = tmp_path / "quickstart.ipynb"
    nbformat.write(nb, source)
    done = subprocess.run(["node", str(REPO / "bin" / "tslit.js"), "pictures", str(source)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rewritten = nbformat.read(source, as_version=4)
    before = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    after = rewritten.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    tslit_ids = [i for i, e in before.items() if e["model_module"] == "tslit"]
    assert tslit_ids and f"{len(tslit_ids)} tslit view(s) stored as pictures" in done.stdout
    assert not [e for e in after.values() if e["model_module"] == "tslit"]
    pictures = {}
    for cell in rewritten.cells:
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                pictures[view["model_id"]] = out["data"]["text/html"]
    for model_id in tslit_ids:
        entry = after[model_id]
        assert entry["model_name"] == "HTMLModel" and 'class="tslit-static' in entry["state"]["value"]
        if before[model_id]["model_name"] == "PlotModel":
            assert entry["state"]["value"] == pictures[model_id]
    assert rewritten.cells == nb.cells
    html, _ = HTMLExporter().from_notebook_node(rewritten)
    assert '"model_module": "tslit"' not in html and "HTMLModel" in html
