"""TensorFlow side of bench/salience-ig.ts: integrated gradients (Gauss-Legendre, all steps in
one batched tf.GradientTape pass) on one text example, with weights exported from tfjs.

Usage: salience_bench.py WEIGHTS_JSON  (JSON also holds "ids", "classIndex", "steps", "repeats")
Prints one JSON line: median ms per example in eager mode and inside tf.function, and the
attributions (so the bench can check both sides computed the same thing).
"""
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from salience_model import TextModel, integrated_gradients  # noqa: E402


def median_ms(fn, repeats):
    fn()  # warm-up (tracing for tf.function)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return float(np.median(times))


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    tf.config.threading.set_inter_op_parallelism_threads(int(spec.get("threads", 2)))
    tf.config.threading.set_intra_op_parallelism_threads(int(spec.get("threads", 2)))
    model = TextModel(spec["text"])
    ids, cls, steps, repeats = spec["ids"], int(spec["classIndex"]), int(spec["steps"]), int(spec["repeats"])
    x = model.embed(ids)
    baseline = model.embed([0] * len(ids))

    def eager():
        attr, _, _ = integrated_gradients(model, x, baseline, cls, steps)
        return tf.reduce_sum(attr[0], axis=-1).numpy()

    nodes, weights = np.polynomial.legendre.leggauss(steps)
    alphas = tf.constant(((nodes + 1) / 2).reshape(steps, 1, 1), tf.float32)
    w = tf.constant((weights / 2).reshape(steps, 1, 1), tf.float32)

    @tf.function
    def graph_ig(x, baseline):
        points = baseline + alphas * (x - baseline)
        with tf.GradientTape() as tape:
            tape.watch(points)
            f = tf.reduce_sum(model.forward(points)[:, cls])
        g = tape.gradient(f, points)
        return tf.reduce_sum(tf.reduce_sum(g * w, axis=0) * (x[0] - baseline[0]), axis=-1)

    def graph():
        return graph_ig(x, baseline).numpy()

    print(json.dumps({"tf": tf.__version__, "eagerMs": median_ms(eager, repeats), "functionMs": median_ms(graph, repeats),
                      "scores": [float(v) for v in eager()]}))


if __name__ == "__main__":
    main()
