import { ablationFlip, availableGenerators, hotflip } from '../../src/explain/counterfactuals';
import { predictOnly, TinyTextModel } from './fixtures/text-model';
import { TinyLogistic } from './fixtures/tabular-model';

describe('availableGenerators', () => {
  const text = new TinyTextModel();
  const table = new TinyLogistic();
  afterAll(() => { text.dispose(); table.dispose(); });
  const names = (m: Parameters<typeof availableGenerators>[0]): string[] => availableGenerators(m).filter((g) => g.available).map((g) => g.name);

  test('text, text without embeddings, tabular', () => {
    expect(names(text)).toEqual(['wordReplacer', 'scrambler', 'ablationFlip', 'hotflip', 'nearestCounterfactual']);
    expect(names(predictOnly(text))).toEqual(['wordReplacer', 'scrambler', 'ablationFlip', 'nearestCounterfactual']);
    expect(availableGenerators(predictOnly(text)).find((g) => g.name === 'hotflip')?.reason).toMatch(/no embedding table/);
    expect(names(table)).toEqual(['nearestCounterfactual', 'minimalTabularCounterfactual']);
  });

  test('what it says is unavailable really fails, and what it says is available runs', async () => {
    await expect(hotflip(predictOnly(text), { text: 'great movie' })).rejects.toThrow(/HotFlip/);
    await expect(ablationFlip(table, { x1: 1, x2: 1, color: 'red' })).rejects.toThrow(/no TextSegment field/);
    expect((await ablationFlip(predictOnly(text), { text: 'the acting was superb' })).examples).toHaveLength(1);
  });

  test('an aborted signal stops a search before it predicts', async () => {
    const controller = new AbortController();
    controller.abort();
    const calls = text.predictCalls.length;
    await expect(hotflip(text, { text: 'great movie' }, { signal: controller.signal })).rejects.toThrow(/abort/i);
    expect(text.predictCalls.length).toBe(calls);
  });
});
