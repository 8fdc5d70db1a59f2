"""TensorFlow (Python) side of bench/ig-vs-tf.ts: integrated gradients on models/spam-bigru and
models/spam-transformer with the committed tfjs weights, in TF eager and in a tf.function.

Usage: .venv-convert/bin/python bench/ig_tf_eager.py SPEC_JSON
SPEC_JSON: {"model": "spam-bigru" | "spam-transformer", "examples": [{"ids": [L ids, padded]}...],
            "classIndex": c, "steps": s, "repeats": r, "threads": n}
Prints one JSON line: median (over `repeats` runs) ms per example for eager and tf.function, and
the per-token IG scores of every example (so the caller checks both sides agree).

The model is rebuilt by the training script's own code (scripts/train-python/keras_text_models.py
`bigru_model` / `transformer_model`) and given the weights of models/<name>/model.json + bin, so
both sides run the same weights (the script's .h5 files live in /tmp only). IG is computed as
tslit does: the token embedding layer's output at the text's tokens (right padding: the first n
positions) goes from the [PAD] embedding to the text's along Gauss-Legendre nodes on [0, 1]; all
`steps` path points in one batch through one forward/backward (GradientTape), plus F(x) and
F(baseline) in one more forward; scores are per token, summed over the embedding dimension.
"""
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts", "train-python"))
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras_text_models as ktm  # noqa: E402  (sets 1 thread at import; main() sets the spec's count before any op)


def load_tfjs_weights(model, folder):
    """Sets every Keras weight from the tfjs layers model's manifest (names without ':0')."""
    with open(os.path.join(folder, "model.json")) as f:
        manifest = json.load(f)["weightsManifest"]
    values = {}
    for group in manifest:
        data = b"".join(open(os.path.join(folder, p), "rb").read() for p in group["paths"])
        offset = 0
        for w in group["weights"]:
            if w["dtype"] != "float32":
                raise ValueError(f"{folder}: weight {w['name']} is {w['dtype']}, expected float32")
            n = int(np.prod(w["shape"]))
            values[w["name"]] = np.frombuffer(data, "<f4", n, offset).reshape(w["shape"])
            offset += 4 * n
    for var in model.weights:
        name = var.name.split(":")[0]
        if name not in values:
            raise KeyError(f"{folder}: no weight '{name}' in model.json (has {sorted(values)})")
        var.assign(values[name])
    return model


def forward_fn(model, name):
    """F(token embeddings [b, L, d], ids [b, L]) -> probabilities: the model after its 'embedding' layer."""
    layer = model.get_layer
    if name == "spam-bigru":
        def forward(emb, ids):
            return layer("probas")(layer("bigru")(emb, mask=tf.not_equal(ids, 0)))
        return forward

    positions = tf.range(ktm.MAX_LENGTH)[tf.newaxis]

    def forward(emb, ids):
        x = layer("embed_sum")([emb, layer("position_embedding")(positions)])
        q, k, v = layer("query")(x), layer("key")(x), layer("value")(x)
        w = layer("attention")(layer("scores")([q, k]))
        att = layer("attention_out")(layer("attended")([w, v]))
        x = layer("norm1")(layer("residual1")([x, att]))
        ff = layer("ff2")(layer("ff1")(x))
        x = layer("norm2")(layer("residual2")([x, ff]))
        return layer("probas")(layer("pool")(x))
    return forward


def gauss_legendre(n):
    x, w = np.polynomial.legendre.leggauss(n)
    return (x + 1) / 2, w / 2


def make_ig(model, forward, steps, cls):
    nodes, weights = gauss_legendre(steps)
    alphas = tf.constant(nodes.reshape(steps, 1, 1), tf.float32)
    w = tf.constant(weights.reshape(steps, 1, 1), tf.float32)
    table = model.get_layer("embedding").embeddings

    def ig(ids, n):
        """ids [1, L] int32, n real tokens (right padded): per-token scores, F(x), F(baseline)."""
        full = tf.gather(table, ids)                    # [1, L, d]
        x, rest = full[:, :n], full[:, n:]
        baseline = tf.gather(table, tf.zeros_like(ids[:, :n]))
        points = baseline + alphas * (x - baseline)     # [steps, n, d]
        batch_ids = tf.tile(ids, [steps, 1])
        with tf.GradientTape() as tape:
            tape.watch(points)
            emb = tf.concat([points, tf.tile(rest, [steps, 1, 1])], axis=1)
            f = tf.reduce_sum(forward(emb, batch_ids)[:, cls])
        g = tape.gradient(f, points)
        scores = tf.reduce_sum(tf.reduce_sum(g * w, axis=0) * (x[0] - baseline[0]), axis=-1)
        ends = forward(tf.concat([full, tf.concat([baseline, rest], axis=1)], axis=0), tf.tile(ids, [2, 1]))[:, cls]
        return scores, ends
    return ig


def median_ms_per_example(run, examples, repeats):
    for e in examples[:2]:
        run(e)  # warm-up (and tracing for tf.function)
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for e in examples:
            run(e)
        runs.append((time.perf_counter() - t0) * 1000 / len(examples))
    return float(np.median(runs))


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    threads = int(spec.get("threads", 2))
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)
    name = spec["model"]
    folder = os.path.join(ROOT, "models", name)
    with open(os.path.join(folder, "model.json")) as f:
        vocab_size = next(w["shape"][0] for g in json.load(f)["weightsManifest"] for w in g["weights"] if w["name"] == "embedding/embeddings")
    model = load_tfjs_weights((ktm.bigru_model if name == "spam-bigru" else ktm.transformer_model)(vocab_size), folder)
    forward = forward_fn(model, name)
    steps, cls, repeats = int(spec["steps"]), int(spec["classIndex"]), int(spec["repeats"])
    ig = make_ig(model, forward, steps, cls)
    examples = []
    for e in spec["examples"]:
        ids = np.asarray(e["ids"], np.int32)[np.newaxis]
        examples.append((tf.constant(ids), int((ids != 0).sum())))

    eager = lambda e: ig(e[0], e[1])[0].numpy()  # noqa: E731
    # One trace per token count n (a Python int): retracing is part of the first call only.
    fn = tf.function(ig, reduce_retracing=False)
    compiled = lambda e: fn(e[0], e[1])[0].numpy()  # noqa: E731
    for e in examples:
        compiled(e)  # trace every n before timing
    out = {
        "tf": tf.__version__,
        "threads": threads,
        "eagerMs": median_ms_per_example(eager, examples, repeats),
        "functionMs": median_ms_per_example(compiled, examples, repeats),
        "scores": [[float(v) for v in eager(e)] for e in examples],
        "ends": [[float(v) for v in ig(e[0], e[1])[1].numpy()] for e in examples],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
