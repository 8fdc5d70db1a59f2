#!/usr/bin/env node
// Compiles scripts/train/*.ts (with the src/ files they import) into node_modules/.cache and
// runs the training entry point: `node scripts/train/run.mjs [penguins|cars|spam|mnist ...]`.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(here, 'tsconfig.json')], { stdio: 'inherit', cwd: root });
process.argv = [process.argv[0], 'all', ...process.argv.slice(2)];
require(join(root, 'node_modules', '.cache', 'tslit-train', 'scripts', 'train', 'all.js'));
