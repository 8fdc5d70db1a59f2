"""Trains models/tiny-bert-spam: a tiny BERT spam classifier for the transformers.js adapter.

Run by hand (CPU, fixed seeds) with the training venv:

    /work/main/.venv-train/bin/python scripts/train-python/tiny_bert.py

It writes models/tiny-bert-spam/{config.json, tokenizer.json, tokenizer_config.json,
onnx/model.onnx, README.md} (the layout transformers.js loads from a local folder: fp32 is
its default dtype on Node's cpu device, so `onnx/model.onnx` without a suffix) and
test/fixtures/tiny-bert-reference.json (PyTorch's probabilities for 20 held-out texts).

Notes: the texts and the train / held-out split are the project's own (src/examples/spam.ts
`messageText`, scripts/train/split.ts `splitById(rows, 'spam')`), ported line for line here;
test/transformers-js checks that the fixture's texts equal what the TypeScript code gives for
the same ids, so the port cannot drift unnoticed.
"""
import json
import os
import random
import re
import struct
import time

import numpy as np
import torch
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers, decoders
from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DATA = os.path.join(ROOT, 'node_modules', '@stdlib', 'datasets-spam-assassin', 'data')
OUT = os.path.join(ROOT, 'models', 'tiny-bert-spam')
FIXTURE = os.path.join(ROOT, 'test', 'fixtures', 'tiny-bert-reference.json')

SEED = 20261207
VOCAB = 2000
MAX_LENGTH = 128
EPOCHS = 3
BATCH = 32
LR = 2e-3
CLASSES = ['ham', 'spam']

# --- src/examples/spam.ts, ported -------------------------------------------------------------
MAX_CHARS = 2000
# JavaScript's \s (Python's also matches \x1c-\x1f and \x85, which JavaScript does not).
JS_WS = '\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'
ENTITIES = {'nbsp': ' ', 'amp': '&', 'lt': '<', 'gt': '>', 'quot': '"', 'apos': "'"}


def message_text(raw: str) -> str:
    m = re.search(r'\r?\n\r?\n', raw)
    header = raw[:m.start()] if m else raw
    body = raw[m.start():] if m else ''
    s = re.search(r'^Subject:[ \t]*([^\n\r\u2028\u2029]*)', header, re.I | re.M)
    subject = s.group(1) if s else ''
    plain = f'{subject}\n{body}'
    plain = re.sub(r'<(script|style)\b[\s\S]*?</\1\s*>', ' ', plain, flags=re.I | re.ASCII)
    plain = re.sub(r'<[^>]*>', ' ', plain)
    plain = re.sub(r'&(#?\w+);', lambda mm: ENTITIES.get(mm.group(1).lower(), ' '), plain, flags=re.ASCII)
    plain = re.sub(f'[{JS_WS}]+', ' ', plain).strip(' ')  # after collapsing, the only whitespace left is ' '
    if len(plain) <= MAX_CHARS:
        return plain
    cut = plain.rfind(' ', 0, MAX_CHARS + 1)
    return plain[:cut if cut > 0 else MAX_CHARS]


# --- scripts/train/split.ts, ported -----------------------------------------------------------
def fnv1a(text: str) -> int:
    h = 0x811c9dc5
    data = text.encode('utf-16-le')
    for code in struct.unpack(f'<{len(data) // 2}H', data):
        h ^= code
        h = (h * 0x01000193) & 0xffffffff
    return h


def fmix32(h: int) -> int:
    h ^= h >> 16
    h = (h * 0x85ebca6b) & 0xffffffff
    h ^= h >> 13
    h = (h * 0xc2b2ae35) & 0xffffffff
    h ^= h >> 16
    return h


def is_held_out(row_id: str, salt: str = 'spam', fraction: float = 0.2) -> bool:
    return fmix32(fnv1a(f'{salt}:{row_id}')) / 4294967296 < fraction


def load_rows():
    with open(os.path.join(DATA, 'file_list.json')) as f:
        files = json.load(f)
    rows = []
    for name in files:
        with open(os.path.join(DATA, name.replace('txt', 'json')), encoding='utf8') as f:
            m = json.load(f)
        rows.append({'id': f"{m['group']}/{m['id']}", 'text': message_text(m['text']),
                     'label': 'spam' if m['group'].startswith('spam') else 'ham'})
    return rows


# --- tokenizer and model ----------------------------------------------------------------------
def train_tokenizer(texts):
    tok = Tokenizer(models.WordPiece(unk_token='[UNK]'))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=True, clean_text=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']
    tok.train_from_iterator(texts, trainers.WordPieceTrainer(vocab_size=VOCAB, min_frequency=2, special_tokens=specials))
    # The trainer's ids among equally frequent pieces follow a Rust hash map's random order: ids are
    # renumbered (specials first, then the pieces sorted) so that reruns give the same vocabulary.
    pieces = sorted(t for t in tok.get_vocab() if t not in specials)
    tok.model = models.WordPiece({t: i for i, t in enumerate(specials + pieces)}, unk_token='[UNK]', continuing_subword_prefix='##')
    cls, sep = tok.token_to_id('[CLS]'), tok.token_to_id('[SEP]')
    tok.post_processor = processors.TemplateProcessing(
        single='[CLS] $A [SEP]', pair='[CLS] $A [SEP] $B:1 [SEP]:1', special_tokens=[('[CLS]', cls), ('[SEP]', sep)])
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token='[UNK]', pad_token='[PAD]', cls_token='[CLS]', sep_token='[SEP]',
        mask_token='[MASK]', model_max_length=MAX_LENGTH, do_lower_case=True,
        model_input_names=['input_ids', 'token_type_ids', 'attention_mask'])


class LogitsOnly(torch.nn.Module):
    """The classifier with the three inputs transformers.js feeds a BERT, returning only logits."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).logits


def encode(tokenizer, texts):
    return tokenizer(texts, truncation=True, max_length=MAX_LENGTH, padding=True, return_tensors='pt')


def predict(model, tokenizer, texts, batch=64):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(texts), batch):
            enc = encode(tokenizer, texts[i:i + batch])
            out.append(torch.softmax(model(**enc).logits, dim=-1).double())
    return torch.cat(out).numpy()


def main():
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)  # one thread: float sums in a fixed order, so reruns give the same weights
    start = time.time()

    rows = load_rows()
    train = [r for r in rows if not is_held_out(r['id'])]
    held = [r for r in rows if is_held_out(r['id'])]
    print(f'{len(rows)} rows: {len(train)} train, {len(held)} held out')

    tokenizer = train_tokenizer([r['text'] for r in train])
    config = BertConfig(
        vocab_size=len(tokenizer), hidden_size=64, num_hidden_layers=2, num_attention_heads=2, intermediate_size=128,
        max_position_embeddings=MAX_LENGTH, type_vocab_size=2, pad_token_id=tokenizer.pad_token_id,
        id2label={i: c for i, c in enumerate(CLASSES)}, label2id={c: i for i, c in enumerate(CLASSES)},
        attn_implementation='eager')
    model = BertForSequenceClassification(config)
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)
    texts = [r['text'] for r in train]
    labels = torch.tensor([CLASSES.index(r['label']) for r in train])
    gen = torch.Generator().manual_seed(SEED)
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(len(texts), generator=gen).tolist()
        total = 0.0
        for i in range(0, len(order), BATCH):
            idx = order[i:i + BATCH]
            enc = encode(tokenizer, [texts[j] for j in idx])
            loss = model(**enc, labels=labels[idx]).loss
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        print(f'epoch {epoch + 1}: train loss {total / len(texts):.4f} ({time.time() - start:.0f}s)')

    probs = predict(model, tokenizer, [r['text'] for r in held])
    truth = np.array([CLASSES.index(r['label']) for r in held])
    acc = float((probs.argmax(1) == truth).mean())
    tp = int(((probs.argmax(1) == 1) & (truth == 1)).sum())
    precision = tp / max(1, int((probs.argmax(1) == 1).sum()))
    recall = tp / max(1, int((truth == 1).sum()))
    loss = float(-np.log(np.clip(probs[np.arange(len(truth)), truth], 1e-12, 1)).mean())
    print(f'held-out accuracy {acc:.4f}, spam precision {precision:.4f}, recall {recall:.4f}, log loss {loss:.4f}')

    os.makedirs(os.path.join(OUT, 'onnx'), exist_ok=True)
    model.config.save_pretrained(OUT)
    tokenizer.save_pretrained(OUT)
    name_tokenizer_class(os.path.join(OUT, 'tokenizer_config.json'))
    export_onnx(model, tokenizer, os.path.join(OUT, 'onnx', 'model.onnx'))
    write_readme(len(train), len(held), acc, precision, recall, loss)
    write_fixture(model, tokenizer, held)
    print(f'done in {time.time() - start:.0f}s')


def name_tokenizer_class(path):
    """transformers.js picks its tokenizer class from `tokenizer_class`; a BERT WordPiece is 'BertTokenizer'."""
    with open(path) as f:
        cfg = json.load(f)
    cfg['tokenizer_class'] = 'BertTokenizer'
    with open(path, 'w') as f:
        json.dump(cfg, f, indent=2)
        f.write('\n')


def export_onnx(model, tokenizer, path):
    model.eval()
    enc = encode(tokenizer, ['a short example', 'and a somewhat longer second example text'])
    args = (enc['input_ids'], enc['attention_mask'], enc['token_type_ids'])
    batch, seq = torch.export.Dim('batch'), torch.export.Dim('sequence', max=MAX_LENGTH)
    shapes = {'input_ids': {0: batch, 1: seq}, 'attention_mask': {0: batch, 1: seq}, 'token_type_ids': {0: batch, 1: seq}}
    program = torch.onnx.export(
        LogitsOnly(model).eval(), args, input_names=['input_ids', 'attention_mask', 'token_type_ids'], output_names=['logits'],
        dynamic_shapes=shapes, dynamo=True, external_data=False, opset_version=18)
    program.save(path, external_data=False)
    check_onnx(model, tokenizer, path)


def check_onnx(model, tokenizer, path):
    """The exported graph must give PyTorch's logits on a padded batch of other lengths."""
    import onnxruntime as ort
    enc = encode(tokenizer, ['free money now!!!', 'the meeting moved to thursday, see the attached agenda', 'x'])
    with torch.no_grad():
        want = model(**enc).logits.numpy()
    got = ort.InferenceSession(path).run(['logits'], {k: enc[k].numpy() for k in ('input_ids', 'attention_mask', 'token_type_ids')})[0]
    err = float(np.abs(got - want).max())
    print(f'onnx vs torch: max |logit difference| {err:.2e}')
    assert err < 1e-4, err


def write_readme(n_train, n_held, acc, precision, recall, loss):
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs if f != 'README.md')
    text = f"""# tiny-bert-spam

A tiny BERT (2 layers, hidden 64, 2 heads, intermediate 128, max length {MAX_LENGTH}, WordPiece
vocabulary of {VOCAB}) classifying SpamAssassin messages as ham or spam, for the transformers.js
adapter (`src/model/transformers-js/`). Trained from scratch on CPU by
`scripts/train-python/tiny_bert.py` (seed {SEED}, {EPOCHS} epochs, AdamW lr {LR}, batch {BATCH}) on
the project's own texts and split (`spamSplit()`: {n_train} train, {n_held} held out).

Files: `config.json` (labels in `id2label`), `tokenizer.json`, `tokenizer_config.json`,
`onnx/model.onnx` (fp32, the file transformers.js loads by default on Node; inputs `input_ids`,
`attention_mask`, `token_type_ids` with dynamic batch and sequence; output `logits`).
Total {size / 1e6:.2f} MB.

Held-out figures (PyTorch, {n_held} messages): accuracy {acc:.4f}, spam precision {precision:.4f},
spam recall {recall:.4f}, log loss {loss:.4f}.
"""
    with open(os.path.join(OUT, 'README.md'), 'w') as f:
        f.write(text)


def write_fixture(model, tokenizer, held):
    rng = random.Random(SEED)
    picks = sorted(rng.sample(range(len(held)), 20))
    rows = [held[i] for i in picks]
    probs = predict(model, tokenizer, [r['text'] for r in rows], batch=1)
    fixture = {
        'producedBy': 'scripts/train-python/tiny_bert.py (PyTorch, one text per call, truncation to 128 tokens)',
        'classes': CLASSES,
        'examples': [{'id': r['id'], 'text': r['text'], 'label': r['label'], 'probabilities': [round(float(p), 7) for p in pr]}
                     for r, pr in zip(rows, probs)],
    }
    with open(FIXTURE, 'w') as f:
        json.dump(fixture, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
