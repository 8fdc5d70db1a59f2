/**
 * Benchmark: peak memory of a 1,000,000-row dataset loaded from an Arrow file, against the
 * file's size.
 *
 * The file is flights-200k.arrow (vega-datasets) repeated 5 times, written to a temp .arrow
 * file. The load runs in a fresh plain-JavaScript child process (`--expose-gc`) so that its
 * peak resident set (`process.resourceUsage().maxRSS`) belongs to this load and a bare node
 * with apache-arrow; the child reports RSS and
 * heap + array buffers before loading, at the end of loading (peak), and after a full GC with
 * only the dataset alive (retained). With `--pandas PYTHON`, a Python with pandas and pyarrow
 * reads the same file (`pandas.read_feather`) and reports its own peak RSS for comparison.
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/dataset-arrow-memory.ts [--pandas /path/to/python]
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import * as ts from 'typescript';

const SOURCE = join(__dirname, '..', 'node_modules', 'vega-datasets', 'data', 'flights-200k.arrow');
const REPEAT = 5;

interface Memory { rss: number; heap: number; buffers: number }
interface ChildReport { rows: number; columnBytes: number; before: Memory; loaded: Memory; retained: Memory; maxRss: number; loadMs: number }

const MB = 1024 * 1024;
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

/** Writes flights-200k ×5 as one Arrow IPC file (once; reused while it exists). */
function makeFile(): string {
  const path = join(tmpdir(), `tslit-flights-${REPEAT * 200}k.arrow`);
  if (!existsSync(path)) {
    const table = tableFromIPC(readFileSync(SOURCE));
    const batches = Array.from({ length: REPEAT }, () => table.batches).flat();
    writeFileSync(path, tableToIPC(new Table(batches), 'file'));
  }
  return path;
}

/**
 * The child process: plain JavaScript (the dataset layer transpiled beforehand) so that its
 * baseline holds no TypeScript compiler, only node and apache-arrow.
 */
const CHILD = `
const { readArrow } = require(process.argv[1]);
const memory = () => { const m = process.memoryUsage(); return { rss: m.rss, heap: m.heapUsed, buffers: m.arrayBuffers }; };
require('apache-arrow');
gc();
const before = memory();
const start = performance.now();
const data = readArrow(process.argv[2]);
const loadMs = performance.now() - start;
const loaded = memory();
gc(); gc();
const retained = memory();
process.stdout.write(JSON.stringify({ rows: data.size, columnBytes: data.bytes(), before, loaded, retained, maxRss: process.resourceUsage().maxRSS * 1024, loadMs }));
`;

/** Transpiles src/model/dataset to plain CommonJS in a temp directory; returns its index.js. */
function transpileDatasetLayer(): string {
  const srcDir = join(__dirname, '..', 'src', 'model', 'dataset');
  const outDir = mkdtempSync(join(tmpdir(), 'tslit-dataset-js-'));
  for (const file of readdirSync(srcDir).filter((f) => f.endsWith('.ts'))) {
    const { outputText } = ts.transpileModule(readFileSync(join(srcDir, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
    });
    writeFileSync(join(outDir, file.replace(/\.ts$/, '.js')), outputText);
  }
  return join(outDir, 'index.js');
}

const PANDAS_PEER = `
import resource, sys, time
import pandas as pd
import pyarrow.feather
def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * resource.getpagesize()
before = rss()
t = time.perf_counter()
df = pd.read_feather(sys.argv[1])
ms = (time.perf_counter() - t) * 1000
print(len(df), df.memory_usage(deep=True).sum(), before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, ms)
`;

function main(): void {
  const path = makeFile();
  const fileBytes = statSync(path).size;
  const index = transpileDatasetLayer();
  const env = { ...process.env, NODE_PATH: join(__dirname, '..', 'node_modules') };
  const out = execFileSync(process.execPath, ['--expose-gc', '-e', CHILD, index, path], { encoding: 'utf8', env });
  rmSync(dirname(index), { recursive: true, force: true });
  const r = JSON.parse(out) as ChildReport;
  const heapPlusBuffers = (m: Memory): number => m.heap + m.buffers;
  console.log(`Arrow file: ${path}, ${r.rows.toLocaleString()} rows, ${mb(fileBytes)} (${(fileBytes / r.rows).toFixed(2)} bytes/row)`);
  console.log(`load time: ${r.loadMs.toFixed(0)} ms`);
  console.log('                         RSS          heap+buffers');
  console.log(`before load          ${mb(r.before.rss).padStart(10)}   ${mb(heapPlusBuffers(r.before)).padStart(10)}`);
  console.log(`end of load          ${mb(r.loaded.rss).padStart(10)}   ${mb(heapPlusBuffers(r.loaded)).padStart(10)}`);
  console.log(`retained (after GC)  ${mb(r.retained.rss).padStart(10)}   ${mb(heapPlusBuffers(r.retained)).padStart(10)}`);
  console.log(`peak RSS (maxRSS)    ${mb(r.maxRss).padStart(10)}`);
  const peakGrowth = r.maxRss - r.before.rss;
  const retainedGrowth = heapPlusBuffers(r.retained) - heapPlusBuffers(r.before);
  console.log(`dataset columns: ${mb(r.columnBytes)} (${(r.columnBytes / r.rows).toFixed(2)} bytes/row)`);
  console.log(`ratio peak RSS growth / file size:      ${(peakGrowth / fileBytes).toFixed(2)}`);
  console.log(`ratio retained heap+buffers / file size: ${(retainedGrowth / fileBytes).toFixed(2)}`);
  const python = process.argv.indexOf('--pandas');
  if (python > 0) {
    const [rows, frameBytes, before, maxRss, ms] = execFileSync(process.argv[python + 1], ['-c', PANDAS_PEER, path], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    console.log(`pandas.read_feather: ${rows.toLocaleString()} rows in ${ms.toFixed(0)} ms, frame ${mb(frameBytes)}; RSS ${mb(before)} after imports, peak ${mb(maxRss)}`);
    console.log(`pandas ratio peak RSS growth / file size: ${((maxRss - before) / fileBytes).toFixed(2)}`);
  }
}

main();
