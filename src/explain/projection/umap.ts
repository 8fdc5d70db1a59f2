/**
 * UMAP to 2 (or 3) dimensions through `umap-js`, seeded, cancellable, with progress.
 *
 * Notes: umap-js takes its randomness (random-projection trees for the neighbour search,
 * the initial layout, negative sampling) from the `random` function it is given; passing a
 * seeded generator makes a run repeatable bit for bit. The optimisation runs epoch by epoch
 * so the job yields to the event loop between chunks of epochs (the kernel keeps serving
 * messages) and stops on abort.
 */
import { UMAP } from 'umap-js';
import { mulberry32 } from '../../core/random';

export interface UmapOptions {
  /** Output dimensions (default 2). */
  components?: number;
  /** Neighbours of the fuzzy graph (default 15, at most n − 1). */
  neighbors?: number;
  /** Minimum distance between embedded points (default 0.1). */
  minDist?: number;
  /** Optimisation epochs (default: umap-js's choice, 500 for small data, 200 above 10 000 rows). */
  epochs?: number;
  /** Seed of the random generator (default 42). */
  seed?: number;
  signal?: AbortSignal;
  /** Called between epoch chunks with epochs done and total. */
  onProgress?: (done: number, total: number) => void;
}

/** The seeded generator umap-js draws from (tslit's one seeded source, src/core/random.ts). */
export const seededRandom = mulberry32;

function abortError(): Error {
  const e = new Error('UMAP cancelled');
  e.name = 'AbortError';
  return e;
}

/** UMAP of the n × d row-major matrix `x`; resolves with the n × components row-major layout. */
export async function umap(x: ArrayLike<number>, n: number, d: number, options: UmapOptions = {}): Promise<Float64Array> {
  if (x.length !== n * d) throw new Error(`umap: expected ${n} × ${d} = ${n * d} values, got ${x.length}`);
  if (n < 3) throw new Error(`umap: need at least 3 rows, got ${n}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`umap: row ${Math.floor(i / d)}, column ${i % d} is ${x[i]}, not a finite number`);
  }
  const components = options.components ?? 2;
  const rows: number[][] = [];
  for (let r = 0; r < n; r++) rows.push(Array.from({ length: d }, (_, j) => x[r * d + j]));
  const model = new UMAP({
    nComponents: components,
    nNeighbors: Math.min(options.neighbors ?? 15, n - 1),
    minDist: options.minDist ?? 0.1,
    nEpochs: options.epochs,
    random: seededRandom(options.seed ?? 42),
  });
  if (options.signal?.aborted) throw abortError();
  const total = model.initializeFit(rows);
  const chunk = Math.max(1, Math.ceil(total / 50));
  for (let epoch = 0; epoch < total; ) {
    const until = Math.min(total, epoch + chunk);
    while (epoch < until) epoch = model.step();
    options.onProgress?.(epoch, total);
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw abortError();
  }
  const embedding = model.getEmbedding();
  const out = new Float64Array(n * components);
  embedding.forEach((row, r) => row.forEach((v, c) => (out[r * components + c] = v)));
  return out;
}
