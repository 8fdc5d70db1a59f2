"""Trains the small PyTorch spam classifier behind models/spam-onnx and exports it to ONNX.

Same SpamAssassin texts and train / held-out split as models/spam (scripts/train/spam.ts),
written to JSON by spam-split.ts, so the held-out figures compare.

Architecture: Embedding(vocab, 32, padding_idx=0) -> Conv1d(32, 64, kernel 3, padding 1) -> ReLU
-> max over the real (non-pad) positions -> Linear(64, 2) -> softmax, so the exported graph
outputs probabilities. The pad embedding is zero and the conv pads with zeros, and pad positions
are masked out of the max: a text's probabilities do not depend on how far its batch pads it.

Tokens: every match of TOKEN_PATTERN in the text, lowercased (what `wordTokenizer` with
`lowercase: true` and this pattern does in TypeScript); ids 0 <pad>, 1 <unk>, then the 4,998
most frequent training tokens (count >= 2, ties alphabetical); cut at MAX_LENGTH.

Run (CPU, fixed seeds):
  node -r ./bench/metrics-ts-register.js scripts/train-python/spam-split.ts /tmp/spam-split.json
  .venv-train/bin/python scripts/train-python/spam_onnx.py /tmp/spam-split.json
Writes models/spam-onnx/{model.onnx,tslit.json,README.md} and test/onnx/fixtures/spam-reference.json.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from torch import nn

SEED = 20261207
VOCAB_SIZE = 5000
MAX_LENGTH = 256
DIM, FILTERS, EPOCHS, BATCH, LR = 32, 64, 6, 32, 0.003
TOKEN_PATTERN = r"[A-Za-z0-9]+(?:'[A-Za-z]+)*|[$!]"
CLASSES = ["ham", "spam"]
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "models" / "spam-onnx"
FIXTURE = ROOT / "test" / "onnx" / "fixtures" / "spam-reference.json"
token_re = re.compile(TOKEN_PATTERN)


def tokens(text):
    return [m.lower() for m in token_re.findall(text)]


def build_vocab(texts):
    counts = Counter(t for text in texts for t in tokens(text))
    ranked = sorted((c for c in counts.items() if c[1] >= 2), key=lambda kv: (-kv[1], kv[0]))
    return ["<pad>", "<unk>"] + [t for t, _ in ranked[: VOCAB_SIZE - 2]]


def encode(text, index):
    return [index.get(t, 1) for t in tokens(text)][:MAX_LENGTH]


def pad(rows):
    longest = max(1, max(len(r) for r in rows))
    return torch.tensor([r + [0] * (longest - len(r)) for r in rows], dtype=torch.int64)


class SpamConv(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embedding = nn.Embedding(vocab, DIM, padding_idx=0)
        self.conv = nn.Conv1d(DIM, FILTERS, 3, padding=1)
        self.out = nn.Linear(FILTERS, len(CLASSES))

    def logits(self, input_ids):
        mask = (input_ids != 0).unsqueeze(1).to(torch.float32)  # [b, 1, L]
        h = torch.relu(self.conv(self.embedding(input_ids).transpose(1, 2)))  # [b, F, L], >= 0
        pooled = (h * mask).amax(dim=2)  # pads count as 0, never above a real position's relu
        return self.out(pooled)

    def forward(self, input_ids):
        return torch.softmax(self.logits(input_ids), dim=-1)


def main():
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(2)
    split = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/spam-split.json").read_text())
    train, held = split["train"], split["heldOut"]
    vocab = build_vocab([r["text"] for r in train])
    index = {t: i for i, t in enumerate(vocab)}
    xs = [encode(r["text"], index) for r in train]
    ys = torch.tensor([CLASSES.index(r["label"]) for r in train])
    model = SpamConv(len(vocab))
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    gen = torch.Generator().manual_seed(SEED)
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(len(xs), generator=gen).tolist()
        total = 0.0
        for s in range(0, len(order), BATCH):
            rows = order[s : s + BATCH]
            loss = nn.functional.cross_entropy(model.logits(pad([xs[i] for i in rows])), ys[rows])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(rows)
        print(f"epoch {epoch + 1}: train loss {total / len(xs):.4f}")
    model.eval()
    hx = [encode(r["text"], index) for r in held]
    hy = np.array([CLASSES.index(r["label"]) for r in held])
    with torch.no_grad():
        probs = torch.cat([model(pad(hx[s : s + 256])) for s in range(0, len(hx), 256)]).numpy()
    pred = probs.argmax(1)
    acc = float((pred == hy).mean())
    tp = int(((pred == 1) & (hy == 1)).sum())
    precision, recall = tp / max(1, int((pred == 1).sum())), tp / max(1, int((hy == 1).sum()))
    print(f"held-out accuracy {acc:.4f} precision {precision:.4f} recall {recall:.4f} (n={len(held)})")

    OUT.mkdir(parents=True, exist_ok=True)
    example = pad([hx[0], hx[1]])
    batch, seq = torch.export.Dim("batch"), torch.export.Dim("sequence")
    torch.onnx.export(model, (example,), str(OUT / "model.onnx"), input_names=["input_ids"], output_names=["probabilities"],
                      dynamic_shapes={"input_ids": {0: batch, 1: seq}}, dynamo=True, external_data=False, optimize=True)
    settings = {
        "name": "spam-onnx", "classes": CLASSES, "textField": "text",
        "tokenizer": {"kind": "word", "pattern": TOKEN_PATTERN, "lowercase": True, "padId": 0, "unknownId": 1, "maxLength": MAX_LENGTH, "vocabulary": vocab},
        "embeddingRows": len(vocab),
        "heldOut": {"n": len(held), "accuracy": round(acc, 6), "precision": round(precision, 6), "recall": round(recall, 6)},
        "trainedBy": "scripts/train-python/spam_onnx.py", "seed": SEED, "torch": torch.__version__,
    }
    (OUT / "tslit.json").write_text(json.dumps(settings) + "\n")
    (OUT / "README.md").write_text(
        "# spam-onnx\n\nA PyTorch spam/ham classifier on SpamAssassin (the split of models/spam), exported to ONNX for "
        "`onnxModel` (src/model/onnx/).\n\nEmbedding(5000, 32) -> Conv1d(64, k=3) -> ReLU -> masked max pool -> Linear(2) -> softmax; "
        "input `input_ids` int64 [batch, sequence] (0 = pad), output `probabilities` float32 [batch, 2] (ham, spam). "
        f"Tokenizer settings and vocabulary in tslit.json.\n\nHeld-out (n={len(held)}): accuracy {acc:.4f}, spam precision {precision:.4f}, "
        f"spam recall {recall:.4f}.\n\nTrained by `scripts/train-python/spam_onnx.py` (seed {SEED}, torch {torch.__version__}, CPU).\n")

    # Reference probabilities by PyTorch itself for 20 held-out texts, one at a time.
    picks = list(range(0, len(held), len(held) // 20))[:20]
    refs = []
    with torch.no_grad():
        for i in picks:
            refs.append({"id": held[i]["id"], "text": held[i]["text"], "ids": hx[i], "probabilities": model(pad([hx[i]]))[0].tolist()})
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps({"producedBy": "scripts/train-python/spam_onnx.py (PyTorch, eval mode)", "examples": refs}) + "\n")
    print(f"wrote {OUT / 'model.onnx'} ({(OUT / 'model.onnx').stat().st_size} bytes) and {FIXTURE}")


if __name__ == "__main__":
    main()
