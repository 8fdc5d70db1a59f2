/** Predict-only models: the black-box LIME, Kernel SHAP and occlusion agree with the encoded ones. */
import * as fs from 'fs';
import * as path from 'path';
import type { Example } from '../../src/core/spec';
import type { ModelAdapter } from '../../src/model/adapter';
import { loadModel, type MetadataAdapter } from '../../src/model';
import { integratedGradients, kernelShap, kernelShapPredict, lime, limePredict, occlusion, occlusionPredict } from '../../src/explain/salience';
import { ImageFixture, textModel } from './fixtures/models';
import { expectNoLeak } from './helpers';

/** Hides encode/forward: only what a plain predict function offers. */
function predictOnly(m: ModelAdapter): ModelAdapter {
  return { name: `${m.name} (predict only)`, inputSpec: () => m.inputSpec(), outputSpec: () => m.outputSpec(), predict: (e, o) => m.predict(e, o) };
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol);
}

describe('black-box salience through predict()', () => {
  const text = textModel(7);
  const ex = { text: 'win free money now click the offer' };

  it('text occlusion (word removed) equals the encoded occlusion with mask remove', async () => {
    const bb = await occlusionPredict(predictOnly(text), ex);
    expect(bb.labels).toEqual(['win', 'free', 'money', 'now', 'click', 'the', 'offer']);
    close(bb.scores, occlusion(text, ex, { mask: 'remove' }).scores, 1e-5);
  });

  it('text LIME with the same seed equals the encoded LIME with mask remove', async () => {
    const bb = await limePredict(predictOnly(text), ex, { samples: 128, seed: 4 });
    close(bb.scores, lime(text, ex, { samples: 128, seed: 4, mask: 'remove' }).scores, 1e-4);
  });

  it('Kernel SHAP on penguins fields equals Kernel SHAP over the adapter feature groups', async () => {
    const model: MetadataAdapter = await loadModel(path.join(__dirname, '..', '..', 'models', 'penguins'));
    const rows = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'node_modules', 'vega-datasets', 'data', 'penguins.json'), 'utf8')) as Example[])
      .filter((r) => typeof r['Body Mass (g)'] === 'number');
    const bg = [rows[3], rows[120], rows[250]];
    const bb = await kernelShapPredict(predictOnly(model), rows[200], { background: bg });
    const enc = expectNoLeak(() => kernelShap(model, rows[200], { background: bg }));
    expect(bb.labels).toEqual(enc.labels);
    expect(bb.target).toEqual(enc.target);
    close(bb.scores, enc.scores, 1e-5);
    expect(Math.abs(bb.delta ?? NaN)).toBeLessThan(1e-6);
    await expect(occlusionPredict(predictOnly(model), rows[200])).rejects.toThrow(/needs options.background/);
    // The refusal of a gradient method names calls that work on a tabular model: with background examples.
    const named = /lime\(model, example, \{ background \}\), kernelShap\(model, example, \{ background \}\) and occlusion\(model, example, \{ background \}\) \(background: examples to take the hidden fields from\) work through predict\(\)/;
    expect(() => integratedGradients(predictOnly(model), rows[200])).toThrow(named);
    close((await lime(predictOnly(model), rows[200], { background: bg, seed: 1 })).scores, (await limePredict(predictOnly(model), rows[200], { background: bg, seed: 1 })).scores, 1e-12);
    model.model.dispose();
  });

  it('lime, kernelShap and occlusion by their own names on a predict-only model give the predict() results', async () => {
    const bb = predictOnly(text);
    close((await lime(bb, ex, { samples: 128, seed: 4 })).scores, (await limePredict(bb, ex, { samples: 128, seed: 4 })).scores, 1e-12);
    close((await occlusion(bb, ex)).scores, (await occlusionPredict(bb, ex)).scores, 1e-12);
    await expect(Promise.resolve(kernelShap(bb, ex, {}))).rejects.toThrow(/Kernel SHAP over text needs the model's prediction for the text with every token cut \(empty\); model '.*' refused it: field 'text' has no tokens.*Use LIME or occlusion/);
    expect(() => lime(bb, ex, { background: [new Float32Array(3)] })).toThrow(/LIME on a model without gradients perturbs examples: give options.background as examples/);
    expect(() => integratedGradients(bb, ex)).toThrow(/only has predict\(\)\. lime\(model, example\), kernelShap\(model, example\) and occlusion\(model, example\) work through predict\(\)/);
  });

  it('errors say what is needed', async () => {
    await expect(limePredict(predictOnly(text), { text: '  ' })).rejects.toThrow(/field 'text' must be a non-empty text/);
    await expect(kernelShapPredict(predictOnly(text), ex)).rejects.toThrow(/refused it: field 'text' has no tokens/);
    await expect(occlusionPredict(predictOnly(new ImageFixture(8, 3)), { image: new Float32Array(64) })).rejects.toThrow(/does not handle images/);
  });
});
