"""Runs a notebook headless with nbclient on the `tslit` kernel of this Python's environment (as
a user's own CI would), then asks a fresh kernel for its kernel_info; prints one JSON summary.

usage: python run_notebook.py NOTEBOOK.ipynb   (run with the outside venv's python, cwd = the project)
"""
import json
import os
import sys

import nbformat
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

path = os.path.abspath(sys.argv[1])
folder = os.path.dirname(path)
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, kernel_name="tslit", timeout=300, resources={"metadata": {"path": folder}})
error = None
try:
    client.execute()
except CellExecutionError as e:
    error = str(e)[:4000]
cells = []
for cell in nb.cells:
    if cell.cell_type != "code":
        continue
    cells.append({
        "stdout": "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream" and o.name == "stdout"),
        "errors": [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"],
        "mime": sorted({m for o in cell.outputs for m in o.get("data", {})}),
    })

km, kc = start_new_kernel(kernel_name="tslit", cwd=folder)
try:
    msg_id = kc.kernel_info()
    reply = kc.get_shell_msg(timeout=60)
    while reply["parent_header"].get("msg_id") != msg_id:  # start_new_kernel's own kernel_info replies
        reply = kc.get_shell_msg(timeout=60)
    info = reply["content"]
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)

widget_state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
print(json.dumps({
    "error": error,
    "cells": cells,
    "implementation_version": info.get("implementation_version"),
    "language": info.get("language_info", {}).get("name"),
    "widget_models": sorted({s.get("model_name") for s in widget_state.values()}),
    "tslit_module_versions": sorted({s.get("model_module_version") for s in widget_state.values() if s.get("model_module") == "tslit"}),
}))
