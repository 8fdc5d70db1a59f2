"""The peer of bench/onnx-throughput.ts: onnxruntime (Python) on the same ONNX model and the same
token ids, examples per second of session.run at each batch size (median of the runs).

Run by the TypeScript bench: .venv-train/bin/python bench/onnx_throughput.py model.onnx ids.json repeats
Prints one JSON object {batch size: examples per second}.
"""
import json
import statistics
import sys
import time

import numpy as np
import onnxruntime as ort


def batches(ids, size):
    for s in range(0, len(ids), size):
        rows = ids[s : s + size]
        longest = max(1, max(len(r) for r in rows))
        yield np.array([r + [0] * (longest - len(r)) for r in rows], dtype=np.int64)


def main():
    model, ids_file, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    job = json.load(open(ids_file))
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    out = {}
    for size, count in job["sizes"]:
        feeds = list(batches(job["ids"][:count], size))  # built before timing, as the TS session-only figure
        session.run(None, {"input_ids": feeds[0]})
        rates = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            for x in feeds:
                session.run(["probabilities"], {"input_ids": x})
            rates.append(count / (time.perf_counter() - t0))
        out[str(size)] = statistics.median(rates)
    print(json.dumps({"onnxruntime": ort.__version__, "rates": out}))


if __name__ == "__main__":
    main()
