/**
 * Writes the rows scripts/reference/keras_string_models.py trains on: 400 ham and 400 spam
 * SpamAssassin training texts, interleaved (the project's own split, scripts/train; the training
 * rows are ordered by label, so the first 800 would all be ham), and the penguins' training rows,
 * as DIR/spam.json and DIR/penguins.json.
 *
 * Run: node -r ./bench/metrics-ts-register.js scripts/reference/keras_string_models_data.ts /tmp/keras-string-data
 */
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { penguinsSplit } from '../train/penguins';
import { spamSplit } from '../train/spam';
import { PENGUIN_NUMERIC } from '../train/data/penguins';

const dir = process.argv[2] ?? '/tmp/keras-string-data';
mkdirSync(dir, { recursive: true });
const train = spamSplit().train.map((r) => ({ text: String(r.text), label: String(r.label) }));
const ham = train.filter((r) => r.label === 'ham').slice(0, 400);
const spam = train.filter((r) => r.label === 'spam').slice(0, 400);
const texts = ham.flatMap((r, i) => (spam[i] ? [r, spam[i]] : [r]));
const penguins = penguinsSplit().train.map((r) => ({
  Island: String(r.Island),
  Species: String(r.Species),
  ...Object.fromEntries(PENGUIN_NUMERIC.map((f) => [f, Number(r[f])])),
}));
writeFileSync(path.join(dir, 'spam.json'), JSON.stringify(texts));
writeFileSync(path.join(dir, 'penguins.json'), JSON.stringify(penguins));
console.log(`wrote ${dir}: ${texts.length} texts (${spam.length} spam), ${penguins.length} penguins`);
