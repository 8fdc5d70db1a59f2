/**
 * `npx tslit convert` from the installed tarball, in the project folder outside the repository
 * (scripts/install-check.mjs): the package ships the converter's Python side (scripts/convert,
 * python/requirements-convert.txt), finds its venv through TSLIT_CONVERT_VENV (here the repo's
 * .venv-convert, already made by setup: making one takes minutes), converts a Keras 3 tabular
 * model (one-hot Island + Normalization, test/fixtures/keras-convert) and the result loads with
 * the package's loadModel, predicting as Keras did.
 */
import * as fs from 'fs';
import * as path from 'path';
import { manifest, REPO, run } from './manifest';

const m = manifest();
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'keras-convert', 'keras3', 'tabular');
const VENV = path.join(REPO, '.venv-convert');

interface Reference { records: Record<string, unknown>[]; probas: number[][] }

describe('tslit convert from the npm package', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(VENV, 'bin', 'python'))) throw new Error(`${VENV} is missing: \`node scripts/setup.mjs --for-tests\` makes it`);
  });

  it('converts a Keras 3 model with the packaged scripts; the result loads and predicts as Keras', () => {
    const input = path.join(m.project, 'my-model');
    fs.rmSync(input, { recursive: true, force: true });
    fs.mkdirSync(input);
    for (const f of ['model.keras', 'tslit.json']) fs.copyFileSync(path.join(FIXTURE, f), path.join(input, f));
    const out = path.join(m.project, 'my-model-tfjs');
    fs.rmSync(out, { recursive: true, force: true });
    const tslitBin = path.join(m.project, 'node_modules', '.bin', 'tslit');
    const converted = run(tslitBin, ['convert', path.join(input, 'model.keras'), out], { cwd: m.project, env: { ...process.env, TSLIT_CONVERT_VENV: VENV } });
    expect({ status: converted.status, stderr: converted.stderr.slice(-2000) }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(converted.stdout).toMatch(/Converted .*model\.keras to a tfjs layers model in .*my-model-tfjs with its tslit\.json/);
    expect(converted.stderr).toContain(`${VENV}: up to date`);
    expect(fs.existsSync(path.join(out, 'model.json'))).toBe(true);

    const reference = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'predictions.json'), 'utf8')) as Reference;
    const proc = run(process.execPath, ['-e', `
      const tslit = require('tslit');
      tslit.loadModel(${JSON.stringify(out)})
        .then((model) => model.predict(${JSON.stringify(reference.records)}))
        .then((p) => console.log(JSON.stringify(p.map((r) => r.probas))), (e) => { console.error(e.message); process.exit(1); });
    `], { cwd: m.project });
    expect({ status: proc.status, stderr: proc.status === 0 ? '' : proc.stderr }).toEqual({ status: 0, stderr: '' });
    const probas = JSON.parse(proc.stdout.trim().split('\n').pop() as string) as number[][];
    expect(probas.length).toBe(reference.probas.length);
    const worst = Math.max(...probas.flatMap((row, i) => row.map((v, j) => Math.abs(v - reference.probas[i][j]))));
    expect(worst).toBeLessThan(1e-5);
  });

  it('a model file that does not exist is named, from the package as from a checkout', () => {
    const tslitBin = path.join(m.project, 'node_modules', '.bin', 'tslit');
    const proc = run(tslitBin, ['convert', path.join(m.project, 'nowhere.keras'), path.join(m.project, 'out')], { cwd: m.project, env: { ...process.env, TSLIT_CONVERT_VENV: VENV } });
    expect(proc.status).not.toBe(0);
    expect(proc.stderr).toContain(`tslit convert: ${path.join(m.project, 'nowhere.keras')} does not exist`);
  });
});
