"""Reference gradients and integrated gradients from TensorFlow (tf.GradientTape).

Writes test/fixtures/salience-weights.json (seeded numpy weights for the test architectures,
which the jest test loads into tfjs) and test/fixtures/salience-reference.json (the values
TensorFlow computes with those weights). test/salience/reference.test.ts checks tslit
against them within 1e-4 relative.

Run:  .venv-ref/bin/python scripts/reference/salience_reference.py
(.venv-ref: python3 -m venv .venv-ref && .venv-ref/bin/pip install tensorflow-cpu==2.18.1 numpy)
"""
import json
import os
import sys

import numpy as np
import tensorflow as tf

sys.path.insert(0, os.path.dirname(__file__))
from salience_model import MlpModel, TextModel, gradient, integrated_gradients  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "test", "fixtures")
VOCAB = ["<pad>", "<unk>", "free", "money", "win", "now", "click", "hello", "meeting",
         "tomorrow", "the", "a", "report", "offer", "prize", "lunch"]
TEXTS = ["win free money now click the offer", "hello meeting tomorrow", "the report a prize lunch zorblax"]
MLP_INPUTS = [[0.8, -1.2, 0.3, 1.7, -0.4], [-0.5, 0.9, 1.4, -0.2, 0.6]]
STEPS = 32


def tokens(text):
    index = {w: i for i, w in enumerate(VOCAB)}
    return [index.get(t, 1) for t in text.lower().split()]


def make_weights(seed=20261129):
    rng = np.random.default_rng(seed)

    def glorot(n_in, n_out):
        lim = np.sqrt(6 / (n_in + n_out))
        return rng.uniform(-lim, lim, (n_in, n_out)).astype(np.float32)

    def layer(n_in, n_out, activation=None):
        d = {"kernel": glorot(n_in, n_out).tolist(), "bias": (rng.normal(0, 0.1, n_out)).astype(np.float32).tolist()}
        if activation:
            d["activation"] = activation
        return d

    return {
        "about": "Seeded weights (numpy default_rng(20261129)) written by scripts/reference/salience_reference.py",
        "vocab": VOCAB,
        "text": {"maxLength": 12, "embedding": rng.uniform(-1, 1, (len(VOCAB), 8)).astype(np.float32).tolist(),
                 "dense1": layer(8, 16), "dense2": layer(16, 2)},
        "mlp": {"layers": [layer(5, 16, "tanh"), layer(16, 16, "relu"), layer(16, 3, "softmax")]},
    }


def flat(t):
    return [float(v) for v in np.asarray(t).reshape(-1)]


def main():
    weights = make_weights()
    text, mlp = TextModel(weights["text"]), MlpModel(weights["mlp"])
    out = {"about": "TensorFlow %s reference values; see scripts/reference/salience_reference.py" % tf.__version__,
           "steps": STEPS, "rule": "gauss-legendre", "text": [], "mlp": []}
    for s in TEXTS:
        ids = tokens(s)
        x = text.embed(ids)
        baseline = text.embed([0] * len(ids))
        for cls in (0, 1):
            g = gradient(text, x, cls)
            attr, fx, fb = integrated_gradients(text, x, baseline, cls, STEPS)
            out["text"].append({"text": s, "ids": ids, "classIndex": cls, "gradient": flat(g),
                                "gradNorm": flat(tf.norm(g[0], axis=-1)),
                                "gradXInput": flat(tf.reduce_sum(g[0] * x[0], axis=-1)),
                                "ig": flat(tf.reduce_sum(attr[0], axis=-1)), "output": fx, "baselineOutput": fb})
    for v in MLP_INPUTS:
        x = tf.constant([v], tf.float32)
        for cls in (0, 1, 2):
            g = gradient(mlp, x, cls)
            attr, fx, fb = integrated_gradients(mlp, x, tf.zeros_like(x), cls, STEPS)
            out["mlp"].append({"input": v, "classIndex": cls, "gradient": flat(g), "ig": flat(attr),
                               "output": fx, "baselineOutput": fb})
    with open(os.path.join(FIXTURES, "salience-weights.json"), "w") as f:
        json.dump(weights, f)
    with open(os.path.join(FIXTURES, "salience-reference.json"), "w") as f:
        json.dump(out, f, indent=1)
    print("wrote", len(out["text"]), "text and", len(out["mlp"]), "mlp reference cases")


if __name__ == "__main__":
    main()
