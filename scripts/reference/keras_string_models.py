"""Trains the small Keras models of test/convert/keras-adapted-vocab.test.ts: models that take raw
strings, with vocabularies learnt by `adapt()` (kept outside the layer config, which is what
`tslit convert` must put back), and Keras's predictions for them.

Usage: python keras_string_models.py DATA_DIR OUT_DIR   (Keras 3 by default; TF_USE_LEGACY_KERAS=1 → tf_keras)

DATA_DIR holds `spam.json` and `penguins.json` as scripts/reference/keras_string_models_data.ts writes them.
Writes, per model, OUT_DIR/<name>/{model.keras, predictions.json} (tf_keras writes its own .keras
format too: it cannot save an adapted vocabulary to .h5):
- text: a string `text` → TextVectorization (adapted, 300 tokens, 24 per text) → Embedding →
  GlobalAveragePooling1D → Dense(2, softmax).
- tabular: a string `Island` → StringLookup (adapted, one_hot) and the four measurements →
  Normalization (adapted), concatenated → Dense → Dense(3, softmax).
- nested (Keras 3 only): the tabular model built of sub-models, as Keras 3 code often is: the
  StringLookup inside a functional sub-model, the classifier a `keras.Sequential` used as a layer.
- bag: a string `text` → TextVectorization (adapted, tf_idf over words and bigrams) → Dense →
  Dense(2, softmax): the vocabulary and the idf weights both put back by `tslit convert`.
Fixed seeds, a few seconds of training on 2 cores.
"""
import json
import os
import sys

import numpy as np
import tensorflow as tf

LEGACY = os.environ.get("TF_USE_LEGACY_KERAS") == "1"
if LEGACY:
    import tf_keras as keras
else:
    import keras

SEED = 20261207
NUMERIC = ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"]
SPECIES = ["Adelie", "Chinstrap", "Gentoo"]


def strings(values):
    """A (n, 1) string tensor (Keras 3's fit refuses NumPy's unicode and object arrays)."""
    return tf.constant([[v] for v in values], dtype=tf.string)


def seed():
    keras.utils.set_random_seed(SEED)


def compile_fit(model, inputs, y, epochs, rate):
    model.compile(optimizer=keras.optimizers.Adam(rate), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(inputs, y, epochs=epochs, batch_size=32, verbose=0)
    _, accuracy = model.evaluate(inputs, y, verbose=0)
    return round(float(accuracy), 6)


def text_model(rows, out):
    texts = strings([r["text"] for r in rows])
    y = np.array([1 if r["label"] == "spam" else 0 for r in rows], dtype="int32")
    seed()
    vectorize = keras.layers.TextVectorization(max_tokens=300, output_sequence_length=24, name="vectorize")
    vectorize.adapt(texts[:, 0])
    inp = keras.Input(shape=(1,), dtype="string", name="text")
    h = keras.layers.Embedding(300, 8, name="embedding")(vectorize(inp))
    h = keras.layers.GlobalAveragePooling1D(name="pool")(h)
    outp = keras.layers.Dense(2, activation="softmax", name="probas")(h)
    model = keras.Model(inp, outp)
    accuracy = compile_fit(model, texts, y, 3, 0.01)
    # Probes for the test, 4 ham and 4 spam texts cut to their first 20 words (the model reads 24).
    picked = [r for r in rows if r["label"] == "ham"][:4] + [r for r in rows if r["label"] == "spam"][:4]
    records = [{"text": " ".join(r["text"].split()[:20]), "label": r["label"]} for r in picked]
    save(model, out, "text", records, strings([r["text"] for r in records]), accuracy)


def tabular_inputs(rows):
    islands = strings([r["Island"] for r in rows])
    numeric = np.array([[r[f] for f in NUMERIC] for r in rows], dtype="float32")
    return islands, numeric


def tabular_model(rows, out, nested):
    islands, numeric = tabular_inputs(rows)
    y = np.array([SPECIES.index(r["Species"]) for r in rows], dtype="int32")
    seed()
    lookup = keras.layers.StringLookup(output_mode="one_hot", name="island_lookup")
    lookup.adapt(islands[:, 0])
    norm = keras.layers.Normalization(axis=-1, name="normalization")
    norm.adapt(numeric)
    island_in = keras.Input(shape=(1,), dtype="string", name="Island")
    numeric_in = keras.Input(shape=(4,), name="measurements")
    if nested:
        encoder_in = keras.Input(shape=(1,), dtype="string", name="island_raw")
        encoder = keras.Model(encoder_in, lookup(encoder_in), name="island_encoder")
        joined = keras.layers.Concatenate(name="joined")([norm(numeric_in), encoder(island_in)])
        head = keras.Sequential([keras.layers.Dense(8, activation="relu", name="hidden"), keras.layers.Dense(3, activation="softmax", name="probas")], name="head")
        outp = head(joined)
    else:
        joined = keras.layers.Concatenate(name="joined")([norm(numeric_in), lookup(island_in)])
        h = keras.layers.Dense(8, activation="relu", name="hidden")(joined)
        outp = keras.layers.Dense(3, activation="softmax", name="probas")(h)
    model = keras.Model([island_in, numeric_in], outp)
    accuracy = compile_fit(model, [islands, numeric], y, 8, 0.01)
    picked = rows[::40]
    save(model, out, "nested" if nested else "tabular", picked, list(tabular_inputs(picked)), accuracy)


def as_list(x):
    """A tensor or array as JSON lists (strings decoded)."""
    values = x.numpy() if hasattr(x, "numpy") else x
    return values.astype(str).tolist() if values.dtype == object else values.tolist()


def save(model, out, name, records, inputs, accuracy):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    # .keras in both: tf_keras cannot write an adapted vocabulary to .h5 ("not an instance of tf.Variable").
    model.save(os.path.join(d, "model.keras"))
    probs = model.predict(inputs, verbose=0)
    plain = [as_list(x) for x in inputs] if isinstance(inputs, list) else as_list(inputs)
    with open(os.path.join(d, "predictions.json"), "w") as f:
        json.dump({"records": records, "inputs": plain, "probas": probs.astype("float64").tolist(), "keras": keras.__version__,
                   "script": "scripts/reference/keras_string_models.py", "seed": SEED, "trainAccuracy": accuracy}, f)


def bag_model(rows, out):
    """A bag of words and bigrams: a string `text` → TextVectorization (adapted, tf_idf, ngrams=2,
    400 tokens) → Dense → Dense(2, softmax), the classic Keras text baseline."""
    texts = strings([r["text"] for r in rows])
    y = np.array([1 if r["label"] == "spam" else 0 for r in rows], dtype="int32")
    seed()
    vectorize = keras.layers.TextVectorization(max_tokens=400, output_mode="tf_idf", ngrams=2, name="bag")
    vectorize.adapt(texts[:, 0])
    inp = keras.Input(shape=(1,), dtype="string", name="text")
    h = keras.layers.Dense(8, activation="relu", name="hidden")(vectorize(inp))
    model = keras.Model(inp, keras.layers.Dense(2, activation="softmax", name="probas")(h))
    accuracy = compile_fit(model, texts, y, 4, 0.003)
    picked = [r for r in rows if r["label"] == "ham"][:4] + [r for r in rows if r["label"] == "spam"][:4]
    records = [{"text": " ".join(r["text"].split()[:20]), "label": r["label"]} for r in picked]
    save(model, out, "bag", records, strings([r["text"] for r in records]), accuracy)


def main(data_dir, out):
    with open(os.path.join(data_dir, "spam.json")) as f:
        texts = json.load(f)
    text_model(texts, out)
    with open(os.path.join(data_dir, "penguins.json")) as f:
        penguins = json.load(f)
    tabular_model(penguins, out, nested=False)
    bag_model(texts, out)
    if not LEGACY:
        tabular_model(penguins, out, nested=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
