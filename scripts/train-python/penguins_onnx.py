"""A tabular ONNX model for `onnxModel`'s tabular kind: scikit-learn's multinomial logistic regression on
the Palmer penguins' four measurements (the split of models/penguins), written as an ONNX graph by hand
(standardize -> MatMul -> Add -> Softmax), input `features` float32 [batch, 4], output `probabilities`
float32 [batch, 3] (Adelie, Chinstrap, Gentoo).

Run:
  node -r ./bench/metrics-ts-register.js scripts/train-python/penguins-split.ts /tmp/penguins-split.json
  .venv-train/bin/python scripts/train-python/penguins_onnx.py /tmp/penguins-split.json
Writes models/penguins-onnx/{model.onnx,README.md} and test/onnx/fixtures/penguins-reference.json
(scikit-learn's predict_proba on every held-out row).
"""
import json
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "models" / "penguins-onnx"
FIXTURE = ROOT / "test" / "onnx" / "fixtures" / "penguins-reference.json"


def main():
    split = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/penguins-split.json").read_text())
    classes = sorted({r["species"] for r in split["train"]})
    x = np.array([r["features"] for r in split["train"]], dtype=np.float64)
    y = np.array([classes.index(r["species"]) for r in split["train"]])
    mean, std = x.mean(0), x.std(0)
    clf = LogisticRegression(C=1.0, max_iter=1000).fit((x - mean) / std, y)
    hx = np.array([r["features"] for r in split["heldOut"]], dtype=np.float64)
    hy = np.array([classes.index(r["species"]) for r in split["heldOut"]])
    probs = clf.predict_proba((hx - mean) / std)
    acc = float((probs.argmax(1) == hy).mean())
    print(f"held-out accuracy {acc:.4f} (n={len(hy)})")

    f32 = lambda a, name: numpy_helper.from_array(np.asarray(a, dtype=np.float32), name)
    nodes = [
        helper.make_node("Sub", ["features", "mean"], ["centred"]),
        helper.make_node("Div", ["centred", "std"], ["scaled"]),
        helper.make_node("MatMul", ["scaled", "weights"], ["product"]),
        helper.make_node("Add", ["product", "bias"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=-1),
    ]
    graph = helper.make_graph(
        nodes, "penguins_logistic",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", 4])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", len(classes)])],
        [f32(mean, "mean"), f32(std, "std"), f32(clf.coef_.T, "weights"), f32(clf.intercept_, "bias")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="scripts/train-python/penguins_onnx.py", ir_version=9)  # onnxruntime-node 1.30 reads IR <= 13
    onnx.checker.check_model(model)
    OUT.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(OUT / "model.onnx"))
    (OUT / "README.md").write_text(
        "# penguins-onnx\n\nscikit-learn multinomial logistic regression on the Palmer penguins' four measurements "
        f"({', '.join(split['features'])}), the split of models/penguins, written as an ONNX graph. Classes: {', '.join(classes)}.\n\n"
        f"Held-out (n={len(hy)}): accuracy {acc:.4f}.\n\nMade by `scripts/train-python/penguins_onnx.py`.\n")
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps({
        "producedBy": "scripts/train-python/penguins_onnx.py (scikit-learn predict_proba, float64)",
        "features": split["features"], "classes": classes, "accuracy": acc,
        "rows": [{"features": r["features"], "species": r["species"], "probabilities": p.tolist()} for r, p in zip(split["heldOut"], probs)],
    }) + "\n")
    print(f"wrote {OUT / 'model.onnx'} ({(OUT / 'model.onnx').stat().st_size} bytes) and {FIXTURE}")


if __name__ == "__main__":
    main()
