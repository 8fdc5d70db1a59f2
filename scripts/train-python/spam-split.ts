/**
 * Writes the SpamAssassin texts with the project's own train / held-out split (the one
 * `models/spam` uses: scripts/train/spam.ts `spamSplit`) as JSON, for the PyTorch trainer
 * `spam_onnx.py`, so its held-out figures compare with the tfjs model's.
 *
 * Run: node -r ./bench/metrics-ts-register.js scripts/train-python/spam-split.ts /tmp/spam-split.json
 */
import { writeFileSync } from 'fs';
import { spamSplit } from '../train/spam';

const out = process.argv[2] ?? '/tmp/spam-split.json';
const { train, heldOut } = spamSplit();
const rows = (rs: typeof train) => rs.map((r) => ({ id: r.id, text: String(r.text), label: String(r.label) }));
writeFileSync(out, JSON.stringify({ train: rows(train), heldOut: rows(heldOut) }));
console.log(`wrote ${out}: ${train.length} train, ${heldOut.length} held out`);
