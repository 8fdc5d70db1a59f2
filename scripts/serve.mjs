#!/usr/bin/env node
/** Serves JupyterLab from the project's venv on the example notebooks (after setup). */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = ['lab', `--ServerApp.root_dir=${path.join(root, 'notebooks')}`];
// Jupyter refuses to start as root without this; containers and CI machines often are root.
if (process.getuid?.() === 0) args.push('--allow-root');
args.push(...process.argv.slice(2));
const lab = spawn(path.join(root, '.venv', 'bin', 'jupyter'), args, { stdio: 'inherit' });
lab.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => lab.kill(signal));
