/**
 * Where the long frames of a 1,000,000-row table scroll go: the same wheel scroll as
 * bench/workspace-open.ts, recorded with a Chrome trace (devtools.timeline) and a V8 CPU
 * profile over CDP, then summarized: main-thread tasks over 50 ms with their top trace
 * events (Paint, FunctionCall, GC, ...), and the functions sampled inside those tasks
 * (self time, and the nearest frame from our own bundle).
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/table-scroll-profile.ts [out.json]
 * (writes the raw trace to the given file when one is named; loadable in Chrome DevTools).
 */
import * as fs from 'fs';
import type { CDPSession } from 'playwright-core';
import { launchBrowser, openNotebook, runAllCells, startLab } from '../test/browser/lab-harness';
import { writeNotebook } from '../test/browser/notebook-file';
import { BIG_TABLE_CELL, prepareWheelScroll } from './big-table';

const CELLS = [
  `import { session } from 'tslit/lib/widgets/session';
import { dataTable } from 'tslit/lib/widgets/table/data-table';
import { Dataset } from 'tslit/lib/model/dataset';`,
  BIG_TABLE_CELL,
];

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: { data?: { frame?: string; url?: string; functionName?: string } } }
interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; parent?: number; children?: number[] }
interface Profile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

async function trace(cdp: CDPSession, run: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => { events.push(...(e.value as unknown as TraceEvent[])); });
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'v8', 'v8.execute', 'blink', 'cc', 'gpu', 'disabled-by-default-devtools.timeline'] } });
  await run();
  await cdp.send('Tracing.end');
  await done;
  return events;
}

function top<T>(m: Map<T, number>, n: number): [T, number][] {
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
}

async function main(): Promise<void> {
  const out = process.argv[2];
  const lab = await startLab({ notebooks: [writeNotebook('table-scroll-profile.ipynb', CELLS)] });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await openNotebook(page, lab, 'table-scroll-profile.ipynb');
    await runAllCells(page);
    const scroll = await prepareWheelScroll(page, page.locator('.tslit-table').first());
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    let profile!: Profile;
    const events = await trace(cdp, async () => {
      await cdp.send('Profiler.start');
      await scroll();
      profile = ((await cdp.send('Profiler.stop')) as unknown as { profile: Profile }).profile;
    });
    if (out) fs.writeFileSync(out, JSON.stringify({ traceEvents: events }));

    // The renderer main thread: the thread with the most FunctionCall events.
    const counts = new Map<string, number>();
    for (const e of events) if (e.name === 'FunctionCall') counts.set(`${e.pid}:${e.tid}`, (counts.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
    const main = top(counts, 1)[0]?.[0];
    const onMain = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined);
    const tasks = onMain.filter((e) => e.name === 'RunTask');
    const long = tasks.filter((t) => t.dur! > 50_000);
    console.log(`main-thread tasks: ${tasks.length}; over 50 ms: ${long.length}, total ${(long.reduce((s, t) => s + t.dur!, 0) / 1000).toFixed(0)} ms; longest ${(Math.max(0, ...tasks.map((t) => t.dur!)) / 1000).toFixed(0)} ms`);
    const inLong = (ts: number) => long.some((t) => ts >= t.ts && ts < t.ts + t.dur!);
    const byName = new Map<string, number>();
    for (const e of onMain) if (e.name !== 'RunTask' && inLong(e.ts)) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur! / 1000);
    console.log('trace events inside long tasks (inclusive ms):');
    for (const [name, ms] of top(byName, 18)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${name}`);

    // CPU samples inside long tasks: self time by function, and by nearest own-bundle frame.
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const self = new Map<string, number>();
    const ours = new Map<string, number>();
    let t = profile.startTime;
    let sampled = 0;
    for (let k = 0; k < profile.samples.length; k++) {
      t += profile.timeDeltas[k];
      if (!inLong(t)) continue;
      sampled++;
      const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
      const n = nodes.get(profile.samples[k])!;
      const label = (f: ProfileNode) => `${f.callFrame.functionName || '(anonymous)'} ${f.callFrame.url.split('/').pop()}:${f.callFrame.lineNumber}`;
      self.set(label(n), (self.get(label(n)) ?? 0) + dt);
      let own: ProfileNode | undefined = n;
      while (own && !/labextensions\/tslit/.test(own.callFrame.url)) own = nodes.get(parent.get(own.id) ?? -1);
      const key = own ? label(own) : '(none of ours)';
      ours.set(key, (ours.get(key) ?? 0) + dt);
    }
    console.log(`CPU samples inside long tasks: ${sampled}; self time (ms):`);
    for (const [name, ms] of top(self, 20)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${name}`);
    console.log('by nearest frame of the tslit bundle (ms):');
    for (const [name, ms] of top(ours, 12)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${name}`);
  } finally {
    await browser.close();
    await lab.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
