/**
 * Writes the Palmer penguins' four measurements and species with the project's own train /
 * held-out split (models/penguins: scripts/train/penguins.ts `penguinsSplit`) as JSON, for
 * `penguins_onnx.py`.
 *
 * Run: node -r ./bench/metrics-ts-register.js scripts/train-python/penguins-split.ts /tmp/penguins-split.json
 */
import { writeFileSync } from 'fs';
import { penguinsSplit } from '../train/penguins';
import { PENGUIN_NUMERIC } from '../train/data/penguins';

const out = process.argv[2] ?? '/tmp/penguins-split.json';
const { train, heldOut } = penguinsSplit();
const rows = (rs: typeof train) => rs.map((r) => ({ features: PENGUIN_NUMERIC.map((f) => Number(r[f])), species: String(r.Species) }));
writeFileSync(out, JSON.stringify({ features: PENGUIN_NUMERIC, train: rows(train), heldOut: rows(heldOut) }));
console.log(`wrote ${out}: ${train.length} train, ${heldOut.length} held out`);
