/**
 * `tslit pictures`: a notebook executed outside JupyterLab (nbclient stores tslit's raw widget
 * state, binary fields base64-encoded) gets each tslit model replaced by an HTML widget with the
 * picture the kernel itself would draw from that state. The pictures are compared with
 * `staticPictureOf` on the original typed arrays (the kernel's own drawing), not with fixed text.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { staticPictureOf } from '../../src/core/static/pictures';
import { staticWorkspaceHtml } from '../../src/core/static/views';
import { WIDGET_STATE_MIME } from '../../src/core/static/saved-state';
import { notebookWithPictures, parsePicturesArgs, stateWithBuffers } from '../../src/export/notebook-pictures';

const BIN = path.join(__dirname, '..', '..', 'bin', 'tslit.js');
const HOSTILE = '<img src=x onerror="alert(1)">';

/** What nbclient stores for a comm's binary buffer. */
function stored(pathKey: string, values: number[]): { path: string[]; data: string; encoding: string } {
  return { path: [pathKey], data: Buffer.from(new Float32Array(values).buffer).toString('base64'), encoding: 'base64' };
}

function entry(modelName: string, state: Record<string, unknown>, buffers: unknown[] = [], module = 'tslit') {
  return { model_name: modelName, model_module: module, model_module_version: '^0.1.0', state: { _model_name: modelName, ...state }, buffers };
}

const predictionState = { field: 'text', input: `win ${HOSTILE}`, classes: ['ham', HOSTILE], predicted: HOSTILE };
const predictionsResult = { model: 'net', kind: 'multiclass', classes: ['ham', 'spam'], predicted: 'spam', score: 0.75, error: null };
const salienceState = { inputKind: 'tokens', labels: ['free', 'prize', HOSTILE], explained: 'spam', salienceMethod: 'integrated_gradients', heatmapHeight: 0, heatmapWidth: 0 };

function executedNotebook(): Record<string, unknown> {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'tslit' },
      widgets: {
        [WIDGET_STATE_MIME]: {
          version_major: 2,
          version_minor: 0,
          state: {
            pred: entry('PredictionModel', predictionState, [stored('probabilities', [0.25, 0.75])]),
            sal: entry('SalienceModel', salienceState, [stored('scores', [0.5, -0.25, 1])]),
            preds: entry('PredictionsModel', { exampleId: 'm1', results: [{ ...predictionsResult }] }, [{ ...stored('x', [0.25, 0.75]), path: ['results', 0, 'probabilities'] }]),
            work: entry('WorkspaceModel', { children: ['IPY_MODEL_pred', 'IPY_MODEL_sal'] }),
            odd: entry('SomethingNewModel', {}),
            lost: entry('AnotherNewModel', {}),
            slider: entry('IntSliderModel', { value: 3 }, [], '@jupyter-widgets/controls'),
          },
        },
      },
    },
    cells: [
      { cell_type: 'markdown', metadata: {}, source: 'hello' },
      { cell_type: 'code', metadata: {}, execution_count: 1, source: 'x', outputs: [{ output_type: 'display_data', metadata: {}, data: { 'text/plain': 'x', 'text/html': ['<div>', 'picture of odd</div>'], 'application/vnd.jupyter.widget-view+json': { model_id: 'odd', version_major: 2, version_minor: 0 } } }] },
    ],
  };
}

function savedState(nb: unknown): Record<string, { model_name: string; model_module: string; state: Record<string, unknown> }> {
  return ((nb as { metadata: { widgets: Record<string, { state: never }> } }).metadata.widgets[WIDGET_STATE_MIME]).state;
}

describe('tslit pictures', () => {
  const kernelPrediction = staticPictureOf('PredictionModel', (k) => ({ ...predictionState, probabilities: new Float32Array([0.25, 0.75]) } as Record<string, unknown>)[k]) as string;
  const kernelSalience = staticPictureOf('SalienceModel', (k) => ({ ...salienceState, scores: new Float32Array([0.5, -0.25, 1]) } as Record<string, unknown>)[k]) as string;

  test('base64 buffers come back as the Float32Arrays the kernel sent', () => {
    const nested = { path: ['results', 1, 'probabilities'], data: stored('p', [0.5, 0.5]).data, encoding: 'base64' };
    const results = [{ model: 'a' }, { model: 'b' }];
    const state = stateWithBuffers(entry('PredictionsModel', { results }, [
      stored('scores', [0.5, -0.25, 1]), nested,
      { path: ['bad'], data: 'AAA', encoding: 'base64' }, { path: ['x', 0], data: '', encoding: 'base64' }, { path: ['results', 5, 'p'], data: '', encoding: 'base64' },
    ]));
    expect(Array.from(state.scores as Float32Array)).toEqual([0.5, -0.25, 1]);
    expect(Array.from((state.results as { probabilities?: Float32Array }[])[1].probabilities!)).toEqual([0.5, 0.5]);
    expect((state.results as unknown[])[0]).toEqual({ model: 'a' });
    expect(results[1]).toEqual({ model: 'b' }); // the stored state is not changed
    expect(state.bad).toBeUndefined();
    expect(state.x).toBeUndefined();
    expect((state.results as unknown[]).length).toBe(2);
  });

  test('each tslit model becomes an HTML widget with the picture the kernel draws from the same state', () => {
    const { notebook, replaced } = notebookWithPictures(executedNotebook());
    const state = savedState(notebook);
    expect(replaced).toBe(6);
    expect(Object.values(state).filter((e) => e.model_module === 'tslit')).toEqual([]);
    expect(state.pred.model_name).toBe('HTMLModel');
    expect(state.pred.state.value).toBe(kernelPrediction);
    expect(state.sal.state.value).toBe(kernelSalience);
    expect(state.preds.state.value).toBe(staticPictureOf('PredictionsModel', (k) => ({ exampleId: 'm1', results: [{ ...predictionsResult, probabilities: new Float32Array([0.25, 0.75]) }] } as Record<string, unknown>)[k]));
    expect(state.preds.state.value).toContain('75.0');
    expect(state.work.state.value).toBe(staticWorkspaceHtml([kernelPrediction, kernelSalience]));
    // No picture from the state: the one its output carried, else a notice naming the view.
    expect(state.odd.state.value).toBe('<div>picture of odd</div>');
    expect(state.lost.state.value).toContain('This tslit view (AnotherNewModel) needs its kernel');
    // Not ours, and the cells: untouched.
    expect(state.slider).toEqual(savedState(executedNotebook()).slider);
    expect((notebook as { cells: unknown }).cells).toEqual(executedNotebook().cells);
  });

  test('data strings stay text in the pictures', () => {
    const state = savedState(notebookWithPictures(executedNotebook()).notebook);
    for (const id of ['pred', 'sal', 'work']) {
      const html = state[id].state.value as string;
      expect(html).not.toContain('<img');
      expect(html).toContain('&lt;img src=x onerror=');
    }
  });

  test('a notebook without tslit state is returned as it was; malformed ones are refused with the reason', () => {
    const plain = { cells: [], metadata: {} };
    expect(notebookWithPictures(plain)).toEqual({ notebook: plain, replaced: 0 });
    expect(() => notebookWithPictures({ metadata: {} }, 'a.ipynb')).toThrow('a.ipynb is not a notebook (no cells list)');
    expect(() => notebookWithPictures({ cells: [], metadata: { widgets: { [WIDGET_STATE_MIME]: { state: [] } } } }, 'b.ipynb')).toThrow(`b.ipynb: metadata.widgets["${WIDGET_STATE_MIME}"] has no state object`);
  });

  test('arguments', () => {
    expect(parsePicturesArgs(['a.ipynb'])).toEqual({ notebook: 'a.ipynb', out: 'a.ipynb' });
    expect(parsePicturesArgs(['a.ipynb', '--out', 'b.ipynb'])).toEqual({ notebook: 'a.ipynb', out: 'b.ipynb' });
    expect(parsePicturesArgs(['--out=b.ipynb', 'a.ipynb'])).toEqual({ notebook: 'a.ipynb', out: 'b.ipynb' });
    expect(() => parsePicturesArgs([])).toThrow('usage: tslit pictures');
    expect(() => parsePicturesArgs(['a.ipynb', 'b.ipynb'])).toThrow('unexpected argument b.ipynb');
    expect(() => parsePicturesArgs(['a.ipynb', '--out'])).toThrow('--out needs a file');
  });

  describe('the command', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-pictures-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'pictures', ...args], { encoding: 'utf8' });

    test('--out writes a new file and leaves the original as it was; without it the notebook is rewritten', () => {
      const source = path.join(dir, 'run.ipynb');
      const original = JSON.stringify(executedNotebook());
      fs.writeFileSync(source, original);
      const copy = run(source, '--out', path.join(dir, 'pictures.ipynb'));
      expect(copy.stderr).toBe('');
      expect(copy.stdout).toContain('6 tslit view(s) stored as pictures');
      expect(fs.readFileSync(source, 'utf8')).toBe(original);
      expect(savedState(JSON.parse(fs.readFileSync(path.join(dir, 'pictures.ipynb'), 'utf8'))).pred.state.value).toBe(kernelPrediction);
      expect(run(source).status).toBe(0);
      expect(savedState(JSON.parse(fs.readFileSync(source, 'utf8'))).sal.state.value).toBe(kernelSalience);
      expect(fs.readdirSync(dir).sort()).toEqual(['pictures.ipynb', 'run.ipynb']);
    });

    test('bad files fail with the file named and are not touched', () => {
      const broken = path.join(dir, 'broken.ipynb');
      fs.writeFileSync(broken, '{"cells": [');
      const r = run(broken);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${broken} is not JSON`);
      expect(fs.readFileSync(broken, 'utf8')).toBe('{"cells": [');
      expect(run(path.join(dir, 'missing.ipynb')).stderr).toContain('cannot read');
    });
  });
});
