"""Reference integrated gradients for a tabular functional model with a residual and a branch.

The model (test/salience/tabular-models.ts builds the same in tfjs): five model-space columns
(age standardised, colour one-hot over red/green/blue, income standardised) -> hidden =
Dense(5, tanh); residual = input + hidden; side = Dense(3, relu)(input); Dense(3, softmax) over
concat(residual, side). Weights are seeded numpy values, written with the references to
test/fixtures/tabular-ig-reference.json, which test/salience/tabular-reference.test.ts loads.

IG is computed here in float64 with tf.GradientTape over a 4096-point midpoint rule, against
baselines that are real rows: the medians/modes row, a chosen row, and a background sample
(expected gradients: the mean of IG over the background rows). Columns and raw features
(one-hot columns summed) are both written.

Run:  .venv-convert/bin/python scripts/reference/tabular_ig_reference.py
(.venv-convert: python/requirements-convert.txt; only tensorflow and numpy are used)
"""
import json
import os

import numpy as np
import tensorflow as tf

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "test", "fixtures", "tabular-ig-reference.json")
COLOURS = ["red", "green", "blue"]
MEDIANS = {"age": 44, "colour": "red", "income": 52}
EXAMPLES = [
    {"age": 55, "colour": "blue", "income": 30},
    {"age": 23, "colour": "green", "income": 88},
]
CHOSEN = {"age": 61, "colour": "green", "income": 47}
BACKGROUND = [
    {"age": 30, "colour": "green", "income": 20},
    {"age": 35, "colour": "red", "income": 90},
    {"age": 50, "colour": "green", "income": 45},
    {"age": 62, "colour": "blue", "income": 60},
    {"age": 41, "colour": "red", "income": 38},
]
STEPS = 4096


def encode(row):
    return np.array([(row["age"] - 40) / 10, *[1.0 if row["colour"] == c else 0.0 for c in COLOURS], (row["income"] - 50) / 20])


def make_weights(seed=20261207):
    rng = np.random.default_rng(seed)
    w = lambda *shape: rng.normal(0, 0.9, shape)  # noqa: E731
    return {
        "hidden": [w(5, 5), w(5)],
        "side": [w(5, 3), w(3)],
        "probas": [w(8, 3), w(3)],
    }


def build(weights):
    tf.keras.backend.set_floatx("float64")
    inp = tf.keras.Input(shape=(5,), name="features")
    hidden = tf.keras.layers.Dense(5, activation="tanh", name="hidden")(inp)
    residual = tf.keras.layers.Add(name="residual")([inp, hidden])
    side = tf.keras.layers.Dense(3, activation="relu", name="side")(inp)
    joined = tf.keras.layers.Concatenate(name="joined")([residual, side])
    out = tf.keras.layers.Dense(3, activation="softmax", name="probas")(joined)
    model = tf.keras.Model(inp, out)
    for name, ws in weights.items():
        model.get_layer(name).set_weights(ws)
    return model


def f(model, z, target):
    return float(model(np.asarray([z]))[0, target])


def integrated_gradients(model, x, b, target):
    alphas = (np.arange(STEPS) + 0.5) / STEPS
    points = tf.constant(b[None, :] + alphas[:, None] * (x - b)[None, :])
    with tf.GradientTape() as tape:
        tape.watch(points)
        y = tf.reduce_sum(model(points)[:, target])
    grads = tape.gradient(y, points).numpy()
    return (x - b) * grads.mean(axis=0)


def raw(columns):
    return [columns[0], columns[1] + columns[2] + columns[3], columns[4]]


def main():
    weights = make_weights()
    model = build(weights)
    cases = []
    for example in EXAMPLES:
        x = encode(example)
        for target in (1, 2):
            for kind, rows in (("median", [MEDIANS]), ("row", [CHOSEN]), ("background", BACKGROUND)):
                igs = [integrated_gradients(model, x, encode(r), target) for r in rows]
                columns = np.mean(igs, axis=0)
                cases.append({
                    "example": example, "target": target, "kind": kind, "rows": rows,
                    "columns": columns.tolist(), "raw": raw(columns.tolist()),
                    "output": f(model, x, target),
                    "baselineOutput": float(np.mean([f(model, encode(r), target) for r in rows])),
                })
    fixture = {
        "generatedBy": "scripts/reference/tabular_ig_reference.py",
        "tensorflow": tf.__version__, "steps": STEPS, "medians": MEDIANS,
        "weights": {name: [{"values": np.asarray(w, dtype=np.float64).ravel().tolist(), "shape": list(np.shape(w))} for w in ws] for name, ws in weights.items()},
        "cases": cases,
    }
    with open(OUT, "w") as fh:
        json.dump(fixture, fh, indent=1)
        fh.write("\n")
    worst = max(abs(sum(c["raw"]) - (c["output"] - c["baselineOutput"])) for c in cases)
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT, ROOT)}; worst completeness gap {worst:.2e}")


if __name__ == "__main__":
    main()
