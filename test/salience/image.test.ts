/** Image occlusion heatmaps checked against the conv net run directly on occluded images. */
import { occlusion } from '../../src/explain/salience';
import { ImageFixture, testImage } from './fixtures/models';
import { expectNoLeak } from './helpers';

const model = new ImageFixture(8, 3);
const img = testImage(8);

async function prob(px: Float32Array, cls: number): Promise<number> {
  const [p] = await model.predict([{ image: px }]);
  return (p.probas as number[])[cls];
}

describe('image occlusion', () => {
  it('patch 1, stride 1: each pixel scores F(x) − F(x with that pixel at the baseline)', async () => {
    const r = expectNoLeak(() => occlusion(model, { image: img }, { patchSize: 1 }));
    const cls = r.target.classIndex ?? 0;
    const full = await prob(img, cls);
    for (const i of [0, 9, 27, 63]) {
      const px = Float32Array.from(img);
      px[i] = 0;
      expect(Math.abs(r.scores[i] - (full - (await prob(px, cls))))).toBeLessThan(1e-6);
    }
    expect(r.heatmap).toEqual({ height: 8, width: 8, values: r.scores });
  });

  it('overlapping patches: a pixel scores the mean drop of the patches covering it', async () => {
    const r = expectNoLeak(() => occlusion(model, { image: img }, { patchSize: 4, stride: 2 }));
    const cls = r.target.classIndex ?? 0;
    const full = await prob(img, cls);
    const drop = async (r0: number, c0: number): Promise<number> => {
      const px = Float32Array.from(img);
      for (let y = r0; y < r0 + 4; y++) for (let x = c0; x < c0 + 4; x++) px[y * 8 + x] = 0;
      return full - (await prob(px, cls));
    };
    // Pixel (3, 3) lies in patches starting at rows {0, 2} and columns {0, 2}.
    const expected = ((await drop(0, 0)) + (await drop(0, 2)) + (await drop(2, 0)) + (await drop(2, 2))) / 4;
    expect(Math.abs(r.scores[3 * 8 + 3] - expected)).toBeLessThan(1e-6);
    // Pixel (0, 0) only in the first patch.
    expect(Math.abs(r.scores[0] - (await drop(0, 0)))).toBeLessThan(1e-6);
  });
});
