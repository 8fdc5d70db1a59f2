"""Trains a scikit-learn penguin classifier (fixed seed) and writes an MLServer model repository.

Usage: python scripts/remote/serve_penguins.py OUT_DIR HTTP_PORT [--slow SECONDS]

OUT_DIR gets `settings.json` (the server on 127.0.0.1:HTTP_PORT, gRPC and metrics on the next
ports, no worker pool) and `penguins/` (model.joblib and model-settings.json declaring the
input `features` FP32 [-1, 4] and the outputs). Start the server with
`.venv/bin/mlserver start OUT_DIR`. With --slow, a second model `penguins-slow` answers after
that many seconds per request (a custom MLServer runtime in `slow_runtime.py`), for timeouts.
A model `penguins-batched` declares `max_batch_size` 16 in its metadata (a custom runtime in
`declared_batch_runtime.py`), for batching into the server's preferred size. A model `penguins-adelie` is binary (classes other, Adelie: is the bird an Adelie?), for
the threshold and fairness views, which need a binary classifier.

The model: StandardScaler + multinomial LogisticRegression on the four numeric columns of
vega-datasets' penguins.json (rows with a missing value dropped), classes Adelie, Chinstrap,
Gentoo. Tests compare the server's answers with this script's own `predict_proba`.
"""
import json
import shutil
import sys
from pathlib import Path

import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

REPO = Path(__file__).resolve().parents[2]
FEATURES = ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"]
CLASSES = ["Adelie", "Chinstrap", "Gentoo"]


def load():
    rows = json.loads((REPO / "node_modules" / "vega-datasets" / "data" / "penguins.json").read_text())
    rows = [r for r in rows if all(r.get(f) is not None for f in FEATURES)]
    x = np.array([[float(r[f]) for f in FEATURES] for r in rows], dtype=np.float32)
    y = np.array([CLASSES.index(r["Species"]) for r in rows])
    return x, y


def classifier():
    """The penguin classifier, untrained (the MLServer and KServe scripts fit the same one)."""
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000, random_state=0))


def model_settings(name, implementation, extra=None, classes=len(CLASSES)):
    return {
        "name": name,
        "implementation": implementation,
        "parameters": {"uri": "./model.joblib", "version": "1", **({"extra": extra} if extra else {})},
        "inputs": [{"name": "features", "datatype": "FP32", "shape": [-1, len(FEATURES)]}],
        "outputs": [{"name": "predict_proba", "datatype": "FP64", "shape": [-1, classes]}, {"name": "predict", "datatype": "INT64", "shape": [-1, 1]}],
    }


def main():
    out = Path(sys.argv[1])
    port = int(sys.argv[2])
    slow = float(sys.argv[sys.argv.index("--slow") + 1]) if "--slow" in sys.argv else None
    x, y = load()
    model = classifier().fit(x, y)
    out.mkdir(parents=True, exist_ok=True)
    (out / "settings.json").write_text(json.dumps({
        "host": "127.0.0.1", "http_port": port, "grpc_port": port + 1, "metrics_port": port + 2,
        "parallel_workers": 0, "debug": False, "metrics_endpoint": None,
    }))
    (out / "penguins").mkdir(exist_ok=True)
    joblib.dump(model, out / "penguins" / "model.joblib")
    (out / "penguins" / "model-settings.json").write_text(json.dumps(model_settings("penguins", "mlserver_sklearn.SKLearnModel")))
    if slow is not None:
        (out / "penguins-slow").mkdir(exist_ok=True)
        joblib.dump(model, out / "penguins-slow" / "model.joblib")
        shutil.copy(Path(__file__).with_name("slow_runtime.py"), out / "penguins-slow" / "slow_runtime.py")
        (out / "penguins-slow" / "model-settings.json").write_text(json.dumps(model_settings("penguins-slow", "slow_runtime.SlowSKLearnModel", {"delay": slow})))
    (out / "penguins-batched").mkdir(exist_ok=True)
    joblib.dump(model, out / "penguins-batched" / "model.joblib")
    shutil.copy(Path(__file__).with_name("declared_batch_runtime.py"), out / "penguins-batched" / "declared_batch_runtime.py")
    (out / "penguins-batched" / "model-settings.json").write_text(json.dumps(model_settings("penguins-batched", "declared_batch_runtime.DeclaredBatchSKLearnModel", {"max_batch_size": 16})))
    adelie = make_pipeline(StandardScaler(), LogisticRegression(C=0.05, max_iter=1000, random_state=0)).fit(x, (y == 0).astype(int))
    (out / "penguins-adelie").mkdir(exist_ok=True)
    joblib.dump(adelie, out / "penguins-adelie" / "model.joblib")
    (out / "penguins-adelie" / "model-settings.json").write_text(json.dumps(model_settings("penguins-adelie", "mlserver_sklearn.SKLearnModel", classes=2)))
    # What the tests compare with: the model's own probabilities on every row.
    (out / "reference.json").write_text(json.dumps({"features": FEATURES, "classes": CLASSES, "x": x.tolist(), "proba": model.predict_proba(x).tolist(), "accuracy": float(model.score(x, y)),
        "adelie": {"classes": ["other", "Adelie"], "proba": adelie.predict_proba(x).tolist()}}))
    print(f"trained on {len(x)} rows, accuracy {model.score(x, y):.4f}; repository in {out}")


if __name__ == "__main__":
    main()
