"""Reference values for tslit's metrics (src/core/metrics), from scikit-learn and scipy.

Regenerate with:
    .venv/bin/python scripts/reference/metrics_reference.py

Writes test/fixtures/metrics-reference.json: deterministic inputs (fixed seeds; scores rounded
so that ties occur) and the outputs of scikit-learn 1.5 / scipy on them. Non-finite numbers
are written as the strings "NaN", "Infinity", "-Infinity" (JSON has no literal for them).
"""
import json
import math
import os
import warnings

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn import metrics as skm

warnings.simplefilter("ignore")  # degenerate cases warn by design
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "metrics-reference.json")


def enc(x):
    """JSON-safe floats: lists of numbers, non-finite values as strings."""
    if isinstance(x, dict):
        return {k: enc(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, np.ndarray)):
        return [enc(v) for v in np.asarray(x).tolist()]
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isnan(x):
            return "NaN"
        if math.isinf(x):
            return "Infinity" if x > 0 else "-Infinity"
        return x
    if isinstance(x, (int, np.integer)):
        return int(x)
    return x


def prf(y, pred, labels=None, zero_division=0):
    out = {}
    for avg in ["macro", "micro", "weighted"]:
        p, r, f, _ = skm.precision_recall_fscore_support(y, pred, average=avg, labels=labels, zero_division=zero_division)
        out[avg] = {"precision": p, "recall": r, "f1": f}
    k = labels if labels is not None else None
    p, r, f, s = skm.precision_recall_fscore_support(y, pred, average=None, labels=k, zero_division=zero_division)
    out["perClass"] = {"labels": (labels if labels is not None else np.unique(np.r_[y, pred])), "precision": p, "recall": r, "f1": f, "support": s}
    return out


def binary_case(y, scores, idx):
    y, scores = y[idx], scores[idx]
    probs = np.stack([1 - scores, scores], axis=1)
    pred = probs.argmax(1)
    fpr, tpr, thr = skm.roc_curve(y, scores, drop_intermediate=True)
    pr_p, pr_r, pr_t = skm.precision_recall_curve(y, scores)
    return {
        "accuracy": skm.accuracy_score(y, pred),
        "confusion": skm.confusion_matrix(y, pred, labels=[0, 1]),
        "prf": prf(y, pred),
        "rocAuc": skm.roc_auc_score(y, scores),
        "averagePrecision": skm.average_precision_score(y, scores),
        "logLoss": skm.log_loss(y, probs, labels=[0, 1]),
        "rocCurve": {"fpr": fpr, "tpr": tpr, "thresholds": thr},
        "prCurve": {"precision": pr_p, "recall": pr_r, "thresholds": pr_t},
    }


def make_binary():
    rng = np.random.default_rng(0)
    n = 300
    y = (rng.random(n) < 0.4).astype(np.int32)
    scores = 1 / (1 + np.exp(-(1.5 * (2 * y - 1) + rng.normal(0, 1.5, n))))
    scores = np.round(scores, 2)  # ties
    scores[:5] = 0.5  # exact argmax ties go to class 0
    scores = np.clip(scores, 0.0, 1.0)
    slice_idx = np.sort(rng.choice(n, 120, replace=False)).astype(np.uint32)
    return {
        "labels": y, "scores": scores, "slice": slice_idx,
        "all": binary_case(y, scores, np.arange(n)),
        "sliced": binary_case(y, scores, slice_idx),
    }


def make_multiclass():
    rng = np.random.default_rng(1)
    n, k = 240, 3
    y = rng.integers(0, k, n).astype(np.int32)
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), y] += 1.2
    logits = np.round(logits, 1)  # ties in scores
    probs = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    pred = probs.argmax(1)
    # a slice with no true or predicted class 2: sklearn's labels=None drops class 2
    no2 = np.where((y != 2) & (pred != 2))[0].astype(np.uint32)
    return {
        "labels": y, "probs": probs.ravel(), "numClasses": k, "sliceNo2": no2,
        "all": {
            "accuracy": skm.accuracy_score(y, pred),
            "confusion": skm.confusion_matrix(y, pred, labels=[0, 1, 2]),
            "prf": prf(y, pred),
            "rocAucOvr": skm.roc_auc_score(y, probs, multi_class="ovr", average="macro"),
            "averagePrecisionMacro": skm.average_precision_score(y, probs, average="macro"),
            "logLoss": skm.log_loss(y, probs, labels=[0, 1, 2]),
        },
        "no2": {
            "present": prf(y[no2], pred[no2]),
            "all": prf(y[no2], pred[no2], labels=[0, 1, 2]),
            "accuracy": skm.accuracy_score(y[no2], pred[no2]),
        },
    }


def make_zero_division():
    """Class 1 is never predicted, class 2 is neither true nor predicted."""
    y = np.array([0, 0, 1, 1, 0], dtype=np.int32)
    pred = np.array([0, 0, 0, 0, 0], dtype=np.int32)
    out = {}
    for zd, key in [(0, "0"), (1, "1"), (np.nan, "NaN")]:
        out[key] = prf(y, pred, labels=[0, 1, 2], zero_division=zd)
    return {"labels": y, "predicted": pred, "byZeroDivision": out}


def regression_case(t, p):
    return {
        "mse": skm.mean_squared_error(t, p),
        "mae": skm.mean_absolute_error(t, p),
        "rmse": skm.root_mean_squared_error(t, p),
        "r2": skm.r2_score(t, p),
        "pearson": scipy.stats.pearsonr(t, p).statistic if np.ptp(t) > 0 and np.ptp(p) > 0 else float("nan"),
        "spearman": scipy.stats.spearmanr(t, p).statistic,
    }


def make_regression():
    rng = np.random.default_rng(2)
    n = 200
    t = np.round(rng.normal(20, 5, n), 0)  # many ties
    p = np.round(t + rng.normal(0, 3, n), 1)
    idx = np.sort(rng.choice(n, 80, replace=False)).astype(np.uint32)
    const_idx = np.where(t == np.median(t))[0].astype(np.uint32)  # constant targets
    return {
        "targets": t, "predictions": p, "slice": idx, "constSlice": const_idx,
        "all": regression_case(t, p),
        "sliced": regression_case(t[idx], p[idx]),
        "constTargets": {"r2": skm.r2_score(t[const_idx], p[const_idx]),
                         "r2Perfect": skm.r2_score(t[const_idx], t[const_idx]),
                         "spearman": scipy.stats.spearmanr(t[const_idx], p[const_idx]).statistic},
    }


def make_degenerate():
    """Constant scores: one distinct threshold. sklearn: AUC 0.5, AP = positive rate."""
    y = np.array([0, 1, 1, 0, 1, 0, 0], dtype=np.int32)
    s = np.full(len(y), 0.3)
    fpr, tpr, thr = skm.roc_curve(y, s)
    only_neg = np.array([0, 0, 0], dtype=np.int32)
    return {
        "labels": y, "scores": s,
        "rocAuc": skm.roc_auc_score(y, s), "averagePrecision": skm.average_precision_score(y, s),
        "rocCurve": {"fpr": fpr, "tpr": tpr, "thresholds": thr},
        "onlyNegatives": {"labels": only_neg, "scores": np.array([0.1, 0.5, 0.9]),
                          "sklearnAveragePrecision": skm.average_precision_score(only_neg, [0.1, 0.5, 0.9])},
    }


def main():
    data = {
        "generator": "scripts/reference/metrics_reference.py",
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        "binary": make_binary(),
        "multiclass": make_multiclass(),
        "zeroDivision": make_zero_division(),
        "regression": make_regression(),
        "degenerate": make_degenerate(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(enc(data), f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
