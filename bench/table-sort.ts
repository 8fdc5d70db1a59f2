/**
 * Sorting a 1,000,000-row table in the kernel (src/widgets/table/table-sort.ts): the radix argsort
 * at once, and as the widget runs it (10 ms slices with setImmediate between them): total time
 * and the longest time the event loop was held (what a Cancel or another message waits).
 * Peer: the comparator sort the table used before (Uint32Array.sort over Float64 keys / strings).
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/table-sort.ts [runs=3]
 */
import * as os from 'os';
import { Dataset, type Column } from '../src/model/dataset';
import { computeOrder, orderSteps } from '../src/widgets/table/data-table-query';
import { runSliced } from '../src/widgets/table/table-sort';

const runs = Number(process.argv[2] ?? 3);
const N = 1_000_000;
const x = new Float64Array(N);
const names: string[] = new Array(N);
const codes = new Uint16Array(N);
for (let i = 0; i < N; i++) { x[i] = ((i * 7919) % 100003) / 100; names[i] = `name-${(i * 104729) % N}`; codes[i] = (i * 31 + (i >> 10)) % 12; }
const ds = Dataset.fromColumns([
  { name: 'x', kind: 'numeric', length: N, validity: null, values: x } as unknown as Column,
  { name: 'name', kind: 'text', length: N, validity: null, values: names } as unknown as Column,
  { name: 'group', kind: 'categorical', length: N, validity: null, codes, dictionary: Array.from({ length: 12 }, (_, k) => `group-${k}`), closed: true } as unknown as Column,
], { name: 'big' });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The comparator sort the table used before this module (missing last, ties in row order). */
function comparatorSort(keys: ArrayLike<number | string>): Uint32Array {
  const order = new Uint32Array(N);
  for (let i = 0; i < N; i++) order[i] = i;
  return order.sort((a, b) => { const p = keys[a], q = keys[b]; return p < q ? -1 : p > q ? 1 : a - b; });
}

async function sliced(column: string): Promise<{ ms: number; held: number }> {
  let held = 0;
  let last = performance.now();
  let ticking = true;
  const tick = () => { const now = performance.now(); held = Math.max(held, now - last); last = now; if (ticking) setImmediate(tick); };
  setImmediate(tick);
  const t0 = performance.now();
  await runSliced(orderSteps(ds, { filters: {}, search: '', sort: { column, descending: false } }));
  const ms = performance.now() - t0;
  ticking = false;
  return { ms, held };
}

async function main(): Promise<void> {
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const column of ['x', 'group', 'name']) {
    const once: number[] = [], peer: number[] = [], total: number[] = [], held: number[] = [];
    for (let r = 0; r < runs; r++) {
      let t = performance.now();
      computeOrder(ds, { filters: {}, search: '', sort: { column, descending: false } });
      once.push(performance.now() - t);
      t = performance.now();
      comparatorSort(column === 'x' ? x : column === 'name' ? names : Array.from(codes, (c) => `group-${c}`));
      peer.push(performance.now() - t);
      const s = await sliced(column);
      total.push(s.ms);
      held.push(s.held);
    }
    console.log(`sort 1,000,000 rows by ${column}: radix at once ${median(once).toFixed(0)} ms; comparator sort (before) ${median(peer).toFixed(0)} ms; in slices ${median(total).toFixed(0)} ms with the event loop held at most ${median(held).toFixed(1)} ms (medians of ${runs})`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
