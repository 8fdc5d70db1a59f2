/**
 * Where the 40 MB of bench/roundtrip's binary push spends its time, stage by stage: kernel
 * (serialise + ZeroMQ) → Jupyter server (ZeroMQ receive, websocket frame, write) → Chromium
 * (network, websocket message event) → JupyterLab's deserialisation, ipywidgets, the view.
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/roundtrip-stages.ts [pushes=3] [--peer] [--profile] [--trace] [--floor]
 *
 * Figures (one row per push, all on the machine's wall clock, ms from the kernel's `sentAt`):
 * - server recv: the Jupyter server's handler sees the ZeroMQ message (kernel serialisation,
 *   ZeroMQ transport and pyzmq's receive are before it);
 * - server write: it hands the websocket frame to Tornado; flushed: Tornado has written the
 *   last byte into the TCP socket;
 * - ws event: the page's WebSocket `message` event starts (a listener registered before
 *   JupyterLab's); ws done: JupyterLab's own handler returned (v1 deserialisation);
 * - view: the probe view saw the payload set on its model (bench/roundtrip's figure).
 * With `--profile`, a CPU profile of the page during one push lists the JavaScript functions
 * that took the most self time; with `--trace`, a Chromium trace of another push gives each
 * thread's busy time during the websocket receive and after it. With `--floor`, the same
 * 40 MB goes from a bare Tornado websocket (the server Jupyter uses; no ZeroMQ, no Jupyter,
 * no JupyterLab) to a blank page in the same Chromium: the floor under any kernel's figure. The server hook is a bench-only server config: it only
 * stamps messages over 1 MB and wraps the stock handler, changing nothing it does.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { execFile } from 'child_process';
import type { Browser } from 'playwright-core';
import { REPO, freePort, launchBrowser, openNotebook, runAllCells, runCodeCell, startLab } from '../test/browser/lab-harness';

const PROBE = '.jp-NotebookPanel:not(.lm-mod-hidden) .tslit-probe';
const PUSH_CELL = 4;

/** Stamps the server side of big kernel messages into $TSLIT_STAGE_LOG (JSON lines). */
const STAGE_HOOK = `
import json, os, time
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection as _C
_log = os.environ['TSLIT_STAGE_LOG']
def _stamp(event, **kw):
    with open(_log, 'a') as f:
        f.write(json.dumps({'event': event, 't': time.time() * 1000, **kw}) + '\\n')
_handle = _C.handle_outgoing_message
def _handle_stamped(self, stream, outgoing_msg):
    size = sum(len(p) for p in outgoing_msg)
    if size < 1_000_000:
        return _handle(self, stream, outgoing_msg)
    _stamp('server_recv', bytes=size, subprotocol=self.subprotocol, frames=len(outgoing_msg))
    ws = self.websocket_handler
    write = ws.write_message
    def write_stamped(message, binary=False):
        _stamp('server_write', bytes=len(message))
        fut = write(message, binary=binary)
        _stamp('server_write_returned')
        fut.add_done_callback(lambda f: _stamp('server_flushed'))
        return fut
    ws.write_message = write_stamped
    try:
        return _handle(self, stream, outgoing_msg)
    finally:
        del ws.write_message
_C.handle_outgoing_message = _handle_stamped
`;

/** Page script: stamps big websocket messages before and after JupyterLab's handler. */
function wrapWebSocket(): void {
  const stamps: Record<string, unknown>[] = [];
  (window as unknown as { __tslitWs: typeof stamps }).__tslitWs = stamps;
  const Native = window.WebSocket;
  class Stamped extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('open', () => stamps.push({ event: 'open', url: String(url), protocol: this.protocol }));
      this.addEventListener('message', (e: MessageEvent) => {
        const size = e.data instanceof ArrayBuffer ? e.data.byteLength : 0;
        if (size < 1_000_000) return;
        stamps.push({ event: 'ws_event', t: Date.now(), bytes: size });
        // Runs after every listener of this event (JupyterLab's onmessage included).
        setTimeout(() => stamps.push({ event: 'ws_done_task', t: Date.now() }), 0);
      });
    }
    set onmessage(handler: ((ev: MessageEvent) => unknown) | null) {
      super.onmessage = handler === null ? null : (ev: MessageEvent) => {
        const r = handler.call(this, ev);
        if (ev.data instanceof ArrayBuffer && ev.data.byteLength >= 1_000_000) stamps.push({ event: 'ws_done', t: Date.now() });
        return r;
      };
    }
    get onmessage(): ((ev: MessageEvent) => unknown) | null {
      return super.onmessage;
    }
  }
  window.WebSocket = Stamped as typeof WebSocket;
}

/** A bare Tornado websocket: on each 'next' it sends its clock (text), then 40 MB (binary). */
const FLOOR_SERVER = `
import asyncio, sys, time, tornado.web, tornado.websocket
PAGE = b'''<!doctype html><script>
window.ms = [];
const ws = new WebSocket('ws://' + location.host + '/ws');
ws.binaryType = 'arraybuffer';
let sent = 0;
ws.onopen = () => ws.send('next');
ws.onmessage = (e) => {
  if (typeof e.data === 'string') { sent = Number(e.data); return; }
  window.ms.push(Date.now() - sent);
  setTimeout(() => ws.send('next'), 300);
};
</script>'''
PAYLOAD = bytes(40_000_000)
class Page(tornado.web.RequestHandler):
    def get(self):
        self.write(PAGE)
class Socket(tornado.websocket.WebSocketHandler):
    def open(self):
        self.set_nodelay(True)
    def on_message(self, message):
        self.write_message(repr(time.time() * 1000))
        self.write_message(PAYLOAD, binary=True)
async def main():
    tornado.web.Application([('/', Page), ('/ws', Socket)]).listen(int(sys.argv[1]), '127.0.0.1')
    print('ready', flush=True)
    await asyncio.Event().wait()
asyncio.run(main())
`;

/** ms from Tornado's write of 40 MB to the page's `message` event, `n` times. */
async function floor(browser: Browser, n: number): Promise<number[]> {
  const port = await freePort();
  const server = execFile(path.join(REPO, '.venv', 'bin', 'python'), ['-c', FLOOR_SERVER, String(port)]);
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      server.once('exit', (code) => reject(new Error(`floor server exited with ${code}`)));
    });
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction((n) => (window as unknown as { ms: number[] }).ms.length >= n, n, { timeout: 120000 });
    const ms = await page.evaluate(() => (window as unknown as { ms: number[] }).ms);
    await page.close();
    return ms.slice(0, n);
  } finally {
    server.kill();
  }
}

interface Row {
  seq: number;
  sentAt: number;
  stamps: Record<string, number>;
}

async function push(page: Page, seq: number): Promise<{ sentAt: number; viewMs: number }> {
  // The view writes data-seq right after taking its timestamp: observe it to place that
  // timestamp on the wall clock (sentAt = then - data-ms, to the millisecond).
  const seen = page.evaluate(
    ({ sel, seq }) =>
      new Promise<number>((resolve) => {
        const el = document.querySelector(sel) as HTMLElement;
        const obs = new MutationObserver(() => {
          if (el.dataset.seq === String(seq)) {
            obs.disconnect();
            resolve(Date.now());
          }
        });
        obs.observe(el, { attributes: true, attributeFilter: ['data-seq'] });
      }),
    { sel: PROBE, seq },
  );
  await runCodeCell(page, PUSH_CELL, 120000);
  const shownAt = await seen;
  const viewMs = Number(await page.locator(PROBE).getAttribute('data-ms'));
  return { sentAt: shownAt - viewMs, viewMs };
}

const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'net', 'mojom', 'ipc', 'disabled-by-default-network', 'blink.user_timing'];

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

/**
 * Busy time per Chromium thread within [from, to] (wall-clock ms): the union of its
 * top-level complete events, with the longest event names. Trace clocks are monotonic: the
 * window is placed by a performance mark the page made at the wall-clock time `anchor.wall`.
 */
function busyThreads(file: string, anchor: { wall: number; mark: string }, from: number, to: number): string[] {
  const { traceEvents } = JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] };
  const names = new Map<string, string>();
  const procs = new Map<number, string>();
  for (const e of traceEvents) {
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
    if (e.ph === 'M' && e.name === 'process_name') procs.set(e.pid, e.args?.name ?? '');
  }
  const complete = traceEvents.filter((e) => e.ph === 'X' && typeof e.dur === 'number');
  const mark = traceEvents.find((e) => e.name === anchor.mark);
  if (!mark) return [`no ${anchor.mark} mark in the trace`];
  const lo = mark.ts + (from - anchor.wall) * 1000;
  const hi = mark.ts + (to - anchor.wall) * 1000;
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of complete) {
    if (e.ts + (e.dur ?? 0) < lo || e.ts > hi) continue;
    const k = `${e.pid}:${e.tid}`;
    byThread.set(k, [...(byThread.get(k) ?? []), e]);
  }
  const rows: [number, string][] = [];
  for (const [k, events] of byThread) {
    events.sort((a, b) => a.ts - b.ts);
    let busy = 0;
    let reach = lo;
    const byName = new Map<string, number>();
    for (const e of events) {
      const s = Math.max(e.ts, reach);
      const f = Math.min(e.ts + (e.dur ?? 0), hi);
      if (f > s) {
        busy += f - s;
        byName.set(e.name, (byName.get(e.name) ?? 0) + (f - s));
        reach = f;
      }
    }
    const top = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([n, us]) => `${n} ${(us / 1000).toFixed(0)}`).join(', ');
    rows.push([busy, `${(busy / 1000).toFixed(0).padStart(6)} ms  ${procs.get(Number(k.split(':')[0])) ?? k.split(':')[0]} / ${names.get(k) ?? k}: ${top}`]);
  }
  return rows.sort((a, b) => b[0] - a[0]).slice(0, 10).map(([, r]) => r);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

function topSelfTimes(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, n: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()?.split('?')[0]}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${k}`);
}

async function run(kernel: string, notebook: string, page: Page, pushes: number, logFile: string, profile: boolean, trace: boolean): Promise<Row[]> {
  await page.addInitScript(wrapWebSocket);
  await openNotebookFresh(page, notebook);
  await runAllCells(page, 300000);
  const opened = await page.evaluate(() => (window as unknown as { __tslitWs: Record<string, unknown>[] }).__tslitWs.filter((s) => s.event === 'open'));
  console.log(`${kernel}: websocket subprotocols ${JSON.stringify([...new Set(opened.map((s) => s.protocol))])}`);
  const rows: Row[] = [];
  for (let seq = 2; seq < 2 + pushes; seq++) {
    fs.writeFileSync(logFile, '');
    await page.evaluate(() => ((window as unknown as { __tslitWs: unknown[] }).__tslitWs.length = 0));
    const cdp = profile && seq === 2 ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const tracing = trace && seq === 3;
    const anchor = { wall: 0, mark: 'tslit-anchor' };
    if (tracing) {
      await page.context().browser()!.startTracing(page, { categories: TRACE_CATEGORIES });
      anchor.wall = await page.evaluate((name) => (performance.mark(name), Date.now()), anchor.mark);
    }
    const { sentAt, viewMs } = await push(page, seq);
    const stamps: Record<string, number> = { view: viewMs };
    for (const line of fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean)) {
      const s = JSON.parse(line) as { event: string; t: number };
      stamps[s.event] ??= s.t - sentAt;
    }
    const ws = await page.evaluate(() => (window as unknown as { __tslitWs: { event: string; t: number }[] }).__tslitWs);
    for (const s of ws) if (typeof s.t === 'number') stamps[s.event] ??= s.t - sentAt;
    if (tracing) {
      const file = path.join(REPO, '.test-results', `roundtrip-stages-${kernel.replace(/\W+/g, '-')}.trace.json`);
      fs.writeFileSync(file, await page.context().browser()!.stopTracing());
      const at = (k: string) => sentAt + (stamps[k] ?? NaN);
      console.log(`${kernel}: Chromium trace of push ${seq} in ${file}`);
      console.log(`busy threads from the server's write to the websocket event (${(at('ws_event') - at('server_write')).toFixed(0)} ms):\n${busyThreads(file, anchor, at('server_write'), at('ws_event')).join('\n')}`);
      console.log(`busy threads from the websocket event to the view (${(at('view') - at('ws_event')).toFixed(0)} ms):\n${busyThreads(file, anchor, at('ws_event'), at('view')).join('\n')}`);
    }
    if (cdp) {
      const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
      const file = path.join(REPO, '.test-results', `roundtrip-stages-${kernel.replace(/\W+/g, '-')}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(p));
      console.log(`${kernel}: page CPU profile of push ${seq} in ${file}, top self times:\n${topSelfTimes(p, 18).join('\n')}`);
      await cdp.detach();
    }
    rows.push({ seq, sentAt, stamps });
  }
  return rows;
}

/** Median time spent between consecutive stamps, e.g. 'sentAt→server_recv 120, …'. */
function stageMedians(rows: Row[], columns: string[]): string {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const stages = columns.filter((c) => c !== 'ws_done_task');
  const parts = stages.map((c, i) => {
    const from = i === 0 ? 'sentAt' : stages[i - 1];
    const ds = rows.map((r) => (r.stamps[c] ?? NaN) - (i === 0 ? 0 : r.stamps[from] ?? NaN)).filter(Number.isFinite);
    return `${from}→${c} ${median(ds).toFixed(0)}`;
  });
  return `${parts.join(', ')}; total ${median(rows.map((r) => r.stamps.view)).toFixed(0)}`;
}

let openNotebookFresh: (page: Page, notebook: string) => Promise<void>;

async function main(): Promise<void> {
  const pushes = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 3);
  const withPeer = process.argv.includes('--peer');
  const profile = process.argv.includes('--profile');
  const withFloor = process.argv.includes('--floor');
  const trace = process.argv.includes('--trace');
  const logFile = path.join(REPO, '.test-results', 'roundtrip-stages.jsonl');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const peer = path.join(REPO, '.test-results', 'peer-py');
  const env: NodeJS.ProcessEnv = { TSLIT_PACKAGE_JSON: path.join(REPO, 'package.json'), TSLIT_STAGE_LOG: logFile };
  if (withPeer) env.PYTHONPATH = [peer, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  const notebooks = [path.join(REPO, 'bench', 'roundtrip-tslit.ipynb'), path.join(REPO, 'bench', 'roundtrip-python.ipynb')];
  const lab = await startLab({ notebooks, env, serverConfig: STAGE_HOOK });
  openNotebookFresh = (page, notebook) => openNotebook(page, lab, notebook, 180000);
  const browser = await launchBrowser();
  const columns = ['server_recv', 'server_write', 'server_write_returned', 'server_flushed', 'ws_event', 'ws_done', 'ws_done_task', 'view'];
  try {
    const runs: [string, string][] = [['tslit', 'roundtrip-tslit.ipynb']];
    if (withPeer) runs.push(['python+ipywidgets', 'roundtrip-python.ipynb']);
    if (withFloor) {
      const ms = await floor(browser, 5);
      const median = [...ms].sort((a, b) => a - b)[2];
      console.log(`floor: bare Tornado websocket -> Chromium, 40 MB: ${ms.join(', ')} ms; median ${median} ms = ${(40 / (median / 1000)).toFixed(0)} MB/s`);
    }
    for (const [kernel, notebook] of runs) {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const rows = await run(kernel, notebook, page, pushes, logFile, profile, trace);
      console.log(`\n${kernel}: ms after sentAt (kernel clock) at each stage`);
      console.log(`push | ${columns.map((c) => c.padStart(12)).join(' | ')}`);
      for (const r of rows) console.log(`${String(r.seq).padStart(4)} | ${columns.map((c) => (r.stamps[c]?.toFixed(0) ?? '-').padStart(12)).join(' | ')}`);
      console.log(`${kernel}: median ms per stage: ${stageMedians(rows, columns)}`);
      await page.close();
    }
  } finally {
    await browser.close();
    await lab.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
