"""The salience test architectures rebuilt in TensorFlow/Keras, loading weights from JSON.

Mirrors test/salience/fixtures/models.ts:
  text: Embedding(vocab, dim) -> pad with the pad embedding (id 0) to max_length -> mean over
        positions -> Dense(hidden, relu) -> Dense(classes, softmax); gradients are taken at the
        embedding output of the real tokens.
  mlp:  Dense(16, tanh) -> Dense(16, relu) -> Dense(classes, softmax).
Weights JSON: {"text": {"embedding": [[..]], "dense1": {"kernel", "bias"}, "dense2": {...},
"maxLength": n}, "mlp": {"layers": [{"kernel", "bias", "activation"}, ...]}}.
"""
import json

import numpy as np
import tensorflow as tf


def dense(params, activation):
    kernel = np.asarray(params["kernel"], np.float32)
    layer = tf.keras.layers.Dense(kernel.shape[1], activation=activation)
    layer.build((None, kernel.shape[0]))
    layer.set_weights([kernel, np.asarray(params["bias"], np.float32)])
    return layer


class TextModel:
    def __init__(self, spec):
        self.table = tf.constant(np.asarray(spec["embedding"], np.float32))
        self.max_length = int(spec["maxLength"])
        self.dense1 = dense(spec["dense1"], "relu")
        self.dense2 = dense(spec["dense2"], "softmax")

    def embed(self, ids):
        return tf.gather(self.table, tf.constant(ids, tf.int32))[None]

    def forward(self, x):
        """x: [b, t, d] embedding rows of real tokens -> probabilities [b, classes]."""
        b, t = tf.shape(x)[0], x.shape[1]
        pad = tf.tile(self.table[0][None, None, :], [b, self.max_length - t, 1])
        padded = tf.concat([x, pad], axis=1) if t < self.max_length else x
        return self.dense2(self.dense1(tf.reduce_mean(padded, axis=1)))


class MlpModel:
    def __init__(self, spec):
        self.layers = [dense(p, p["activation"]) for p in spec["layers"]]

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


def load(path):
    with open(path) as f:
        spec = json.load(f)
    return TextModel(spec["text"]) if "text" in spec else None, MlpModel(spec["mlp"]) if "mlp" in spec else None


def gradient(model, x, cls):
    with tf.GradientTape() as tape:
        tape.watch(x)
        f = tf.reduce_sum(model.forward(x)[:, cls])
    return tape.gradient(f, x)


def gauss_legendre(steps):
    nodes, weights = np.polynomial.legendre.leggauss(steps)
    return (nodes + 1) / 2, weights / 2


def integrated_gradients(model, x, baseline, cls, steps):
    """All steps in one batched tape; returns (attributions [1, ...], F(x), F(baseline))."""
    alphas, weights = gauss_legendre(steps)
    shape = [steps] + [1] * (len(x.shape) - 1)
    a = tf.constant(alphas.reshape(shape), tf.float32)
    points = baseline + a * (x - baseline)
    g = gradient(model, points, cls)
    avg = tf.reduce_sum(g * tf.constant(weights.reshape(shape), tf.float32), axis=0, keepdims=True)
    attr = avg * (x - baseline)
    fx = float(model.forward(x)[0, cls])
    fb = float(model.forward(baseline)[0, cls])
    return attr, fx, fb
