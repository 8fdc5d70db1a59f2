"""sklearn side of bench/metrics-slice.ts: times the same binary metrics on the same slices.

Usage: .venv/bin/python bench/metrics-slice-sklearn.py DIR  (DIR holds labels.i32, probs.f32,
slices.u32 and slice_lengths.u32 written by the TypeScript bench). Prints one JSON line.
"""
import json
import sys
import time

import numpy as np
from sklearn import metrics as skm

d = sys.argv[1]
labels = np.fromfile(f"{d}/labels.i32", dtype=np.int32)
probs = np.fromfile(f"{d}/probs.f32", dtype=np.float32).reshape(-1, 2)
flat = np.fromfile(f"{d}/slices.u32", dtype=np.uint32)
lengths = np.fromfile(f"{d}/slice_lengths.u32", dtype=np.uint32)
slices = np.split(flat, np.cumsum(lengths)[:-1])


def measure(idx):
    y = labels[idx]
    p = probs[idx]
    s = p[:, 1]
    pred = p.argmax(1)
    prec, rec, f1, sup = skm.precision_recall_fscore_support(y, pred, average=None, zero_division=0)
    return {
        "accuracy": skm.accuracy_score(y, pred),
        "macroF1": float(f1.mean()),
        "rocAuc": skm.roc_auc_score(y, s),
        "prAuc": skm.average_precision_score(y, s),
        "logLoss": skm.log_loss(y, p, labels=[0, 1]),
        "confusion": skm.confusion_matrix(y, pred, labels=[0, 1]).ravel().tolist(),
    }


times, cpu, results = [], [], []
for idx in slices:
    t0, c0 = time.perf_counter(), time.process_time()
    results.append(measure(idx))
    times.append((time.perf_counter() - t0) * 1000)
    cpu.append((time.process_time() - c0) * 1000)
print(json.dumps({"timesMs": times, "cpuMs": cpu, "results": results}))
