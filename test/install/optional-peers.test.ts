/**
 * The project folder holds only the tarball (scripts/install-check.mjs): onnxruntime-node and
 * @huggingface/transformers are optional peer dependencies, so npm installed neither (and never
 * ran onnxruntime-node's NuGet download). tslit still loads; onnxModel and transformersModel
 * say which package to add and how.
 */
import * as fs from 'fs';
import * as path from 'path';
import { manifest, REPO, run } from './manifest';

const m = manifest();

function inProject(script: string) {
  return run(process.execPath, ['-e', script], { cwd: m.project });
}

describe('optional peer dependencies in a project that did not add them', () => {
  it('installed neither onnxruntime-node nor @huggingface/transformers', () => {
    expect(fs.existsSync(path.join(m.project, 'node_modules', 'onnxruntime-node'))).toBe(false);
    expect(fs.existsSync(path.join(m.project, 'node_modules', '@huggingface', 'transformers'))).toBe(false);
  });

  it('onnxModel names the package, its version and the npm command; tslit keeps working', () => {
    const proc = inProject(`
      const tslit = require('tslit');
      tslit.onnxModel(new Uint8Array([1, 2, 3]), { name: 'mine', kind: 'tabular', features: ['x'] })
        .then(() => console.log('loaded'), (e) => console.log('error: ' + e.message))
        .then(() => console.log('still here: ' + typeof tslit.loadModel));
    `);
    expect(proc.stderr).toBe('');
    expect(proc.stdout).toContain('error: onnxModel (ONNX files) needs the package onnxruntime-node, which tslit does not install by itself: run `npm install onnxruntime-node@1.30.0` in your project folder');
    expect(proc.stdout).toContain('still here: function');
  });

  it('transformersModel, on a whole model folder the person brought, names @huggingface/transformers', () => {
    const folder = path.join(m.project, 'my-bert');
    fs.cpSync(path.join(REPO, 'models', 'tiny-bert-spam'), folder, { recursive: true });
    const proc = inProject(`
      const tslit = require('tslit');
      tslit.transformersModel(${JSON.stringify(folder)})
        .then(() => console.log('loaded'), (e) => console.log('error: ' + e.message));
    `);
    expect(proc.stdout).toContain(`error: transformers.js model folder '${folder}' could not be loaded: transformersModel (transformers.js folders) needs the package @huggingface/transformers, which tslit does not install by itself: run \`npm install @huggingface/transformers@4.3.1\``);
  });
});
