"""A numpy text model that supplies its own gradients, served over stdin/stdout JSON lines.

Model: token embeddings E[id] (seeded), mean over the tokens, logistic regression:
p1 = sigmoid(w . mean(e) + b), probabilities [1 - p1, p1]. Analytic gradient of p_c with
respect to token t's embedding: (+1 for c = 1, -1 for c = 0) * p1 (1 - p1) * w / T.

Requests (one JSON object a line, answered in order with the same "id"):
  {"op": "vocabulary"}                          -> {"tokens", "embeddings"}
  {"op": "embed", "text"}                       -> {"tokens", "tokenIds", "embeddings"}
  {"op": "predict", "texts"}                    -> {"probabilities"}
  {"op": "gradients", "embeddings", "target"}   -> {"probabilities", "gradients"?}
  {"op": "grad_x_input", "text", "target"}      -> {"scores"}: sum_d g[t, d] * e[t, d], the reference
"""
import json
import sys

import numpy as np

VOCAB = ["<unk>", "the", "film", "was", "good", "bad", "very", "not", "plot", "great", "awful", "and", "a", "boring", "fun"]
DIM = 6
rng = np.random.default_rng(16)
E = rng.normal(0.0, 1.0, size=(len(VOCAB), DIM))
W = rng.normal(0.0, 1.5, size=DIM)
B = -0.2


def ids_of(text):
    return [VOCAB.index(w) if w in VOCAB else 0 for w in text.lower().split()]


def probs(emb):  # emb [b, T, d]
    p1 = 1.0 / (1.0 + np.exp(-(emb.mean(axis=1) @ W + B)))
    return np.stack([1.0 - p1, p1], axis=1), p1


def grads(emb, target):
    _, p1 = probs(emb)
    sign = 1.0 if target == 1 else -1.0
    t = emb.shape[1]
    return sign * (p1 * (1.0 - p1))[:, None, None] * np.broadcast_to(W / t, emb.shape)


def answer(req):
    op = req["op"]
    if op == "vocabulary":
        return {"tokens": VOCAB, "embeddings": E.tolist()}
    if op == "embed":
        ids = ids_of(req["text"])
        return {"tokens": [VOCAB[i] if i else w for i, w in zip(ids, req["text"].lower().split())], "tokenIds": ids, "embeddings": E[ids].tolist()}
    if op == "predict":
        return {"probabilities": [probs(E[ids_of(t)][None])[0][0].tolist() for t in req["texts"]]}
    if op == "gradients":
        emb = np.asarray(req["embeddings"], dtype=np.float64)
        out = {"probabilities": probs(emb)[0].tolist()}
        if req.get("target") is not None:
            out["gradients"] = grads(emb, req["target"]).tolist()
        return out
    if op == "grad_x_input":
        emb = E[ids_of(req["text"])][None]
        return {"scores": (grads(emb, req["target"]) * emb).sum(axis=2)[0].tolist()}
    raise ValueError(f"unknown op {op}")


for line in sys.stdin:
    req = json.loads(line)
    try:
        res = answer(req)
    except Exception as e:  # the client reports it
        res = {"error": repr(e)}
    res["id"] = req["id"]
    sys.stdout.write(json.dumps(res) + "\n")
    sys.stdout.flush()
