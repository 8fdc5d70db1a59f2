"""TensorFlow (Python) side of bench/backends.ts: the same text model, the same weights.

Usage: backends_tf.py SPEC_JSON
SPEC_JSON: {"text": weights as scripts/reference/salience_model.py reads them, "batchIds": [[ids]...],
            "igIds": [ids], "classIndex": c, "steps": s, "repeats": r, "threads": n}
Prints one JSON line: median ms for a forward pass over the whole batch (eager and tf.function),
median ms for one 32-step batched integrated-gradients run (eager and tf.function), the
batch's probabilities and the IG scores per token (so the caller can check both sides agree).
Run with .venv-ref/bin/python (tensorflow-cpu).
"""
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts", "reference"))
from salience_model import TextModel, gauss_legendre, integrated_gradients  # noqa: E402


def median_ms(fn, repeats):
    fn()  # warm-up (and tracing for tf.function)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return float(np.median(times))


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    threads = int(spec.get("threads", 2))
    tf.config.threading.set_inter_op_parallelism_threads(threads)
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    model = TextModel(spec["text"])
    repeats, cls, steps = int(spec["repeats"]), int(spec["classIndex"]), int(spec["steps"])
    # The batch padded with id 0 to maxLength: forward() then sees no padding to add.
    padded = np.zeros((len(spec["batchIds"]), model.max_length), np.int32)
    for i, ids in enumerate(spec["batchIds"]):
        padded[i, : len(ids)] = ids
    ids_t = tf.constant(padded)

    def predict_eager():
        return model.forward(tf.gather(model.table, ids_t)).numpy()

    predict_fn = tf.function(lambda ids: model.forward(tf.gather(model.table, ids)))

    x = model.embed(spec["igIds"])
    baseline = model.embed([0] * len(spec["igIds"]))

    def ig_eager():
        attr, _, _ = integrated_gradients(model, x, baseline, cls, steps)
        return tf.reduce_sum(attr[0], axis=-1).numpy()

    nodes, weights = gauss_legendre(steps)
    alphas = tf.constant(nodes.reshape(steps, 1, 1), tf.float32)
    w = tf.constant(weights.reshape(steps, 1, 1), tf.float32)

    @tf.function
    def ig_fn(x, baseline):
        points = baseline + alphas * (x - baseline)
        with tf.GradientTape() as tape:
            tape.watch(points)
            f = tf.reduce_sum(model.forward(points)[:, cls])
        g = tape.gradient(f, points)
        return tf.reduce_sum(tf.reduce_sum(g * w, axis=0) * (x[0] - baseline[0]), axis=-1)

    out = {
        "tf": tf.__version__,
        "predictEagerMs": median_ms(predict_eager, repeats),
        "predictFunctionMs": median_ms(lambda: predict_fn(ids_t).numpy(), repeats),
        "igEagerMs": median_ms(ig_eager, repeats),
        "igFunctionMs": median_ms(lambda: ig_fn(x, baseline).numpy(), repeats),
        "probas": [float(v) for v in predict_eager().reshape(-1)],
        "igScores": [float(v) for v in ig_eager()],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
