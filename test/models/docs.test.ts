/** docs/models.md reports the held-out figures that tslit.json records (which the other tests re-compute). */
import * as fs from 'fs';
import * as path from 'path';
import { modelDir, readMetadata, REPO_ROOT } from '../../scripts/train/common';

const FIGURE_NAMES: Record<string, string> = {
  accuracy: 'accuracy', logLoss: 'log loss', spamPrecision: 'spam precision', spamRecall: 'spam recall', rmse: 'RMSE', mae: 'MAE',
};

describe('docs/models.md', () => {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'models.md'), 'utf8');

  it.each(['spam', 'penguins', 'cars', 'mnist'])('reports the recorded held-out figures and weight size of %s', (name) => {
    const row = doc.split('\n').find((line) => line.startsWith(`| ${name} |`));
    if (row === undefined) throw new Error(`docs/models.md has no table row for ${name}`);
    const { heldOut } = readMetadata(modelDir(name)).training;
    for (const [key, value] of Object.entries(heldOut)) {
      if (key === 'examples') expect(row).toContain(`| ${value} of `);
      else expect(row).toContain(`${FIGURE_NAMES[key]} ${value}`);
    }
    const bytes = fs.statSync(path.join(modelDir(name), 'weights.bin')).size;
    expect(row).toContain(`${bytes.toLocaleString('en-US')} B`);
  });
});
