/**
 * Writes the rows scripts/reference/keras_models.py trains test/fixtures/keras-convert/ on: the
 * SpamAssassin training texts, 400 ham and 400 spam alternating (the split is ordered by label:
 * its first 800 are all ham, which made a model that had never seen spam), and the penguins' training rows (the project's own
 * splits, scripts/train), as DIR/spam.json and DIR/penguins.json.
 *
 * Run: node -r ./bench/metrics-ts-register.js scripts/reference/keras_models_data.ts /tmp/keras-data
 */
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { penguinsSplit } from '../train/penguins';
import { spamSplit } from '../train/spam';
import { PENGUIN_NUMERIC } from '../train/data/penguins';

const dir = process.argv[2] ?? '/tmp/keras-data';
mkdirSync(dir, { recursive: true });
const train = spamSplit().train.map((r) => ({ text: String(r.text), label: String(r.label) }));
const ham = train.filter((r) => r.label === 'ham').slice(0, 400);
const spamRows = train.filter((r) => r.label === 'spam').slice(0, 400);
const spam = ham.flatMap((h, i) => [h, spamRows[i]]);
const penguins = penguinsSplit().train.map((r) => ({
  Island: String(r.Island),
  Species: String(r.Species),
  ...Object.fromEntries(PENGUIN_NUMERIC.map((f) => [f, Number(r[f])])),
}));
writeFileSync(path.join(dir, 'spam.json'), JSON.stringify(spam));
writeFileSync(path.join(dir, 'penguins.json'), JSON.stringify(penguins));
console.log(`wrote ${dir}: ${spam.length} texts, ${penguins.length} penguins`);
