/**
 * exportPlot, kernel side, through a real CommManager: the request a view receives, the file
 * written from the view's answer (bytes as a comm buffer), and the clear errors — no view,
 * a view that answers with broken bytes or an error, a file name without a known format.
 * The full browser round trip is test/browser/export.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CommManager } from '../../src/kernel/comms';
import { setActiveKernel } from '../../src/kernel/context';
import type { JupyterMessage } from '../../src/kernel/wire';
import { formatOfPath } from '../../src/widgets/plots/plot-export';
import { plotWidget, type PlotWidget } from '../../src/widgets/plots/plot-widget';

interface Sent { commId: string; data: { method: string; content?: Record<string, unknown> } }

let comms: CommManager;
let sent: Sent[];
let dir: string;

beforeEach(() => {
  sent = [];
  comms = new CommManager((type, content) => {
    if (type === 'comm_msg') sent.push({ commId: String(content.comm_id), data: content.data as Sent['data'] });
  });
  setActiveKernel({ comms, displayData: () => undefined, reportError: () => undefined, log: () => undefined });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-plot-export-'));
});
afterEach(() => setActiveKernel(undefined));

/** A frontend comm_msg `{method:'custom', content}` with binary buffers. */
function fromView(w: PlotWidget, content: Record<string, unknown>, buffers: Buffer[] = []): Promise<void> {
  const message = {
    header: { msg_id: 'm', msg_type: 'comm_msg', session: 's', username: 'u', date: '', version: '5.3' },
    parent_header: {}, metadata: {}, content: { comm_id: w.id, data: { method: 'custom', content } }, buffers,
  } as unknown as JupyterMessage;
  return comms.handleMessage(message);
}

/** Waits for the export request the widget sent to its views. */
async function nextRequest(w: PlotWidget): Promise<Record<string, unknown>> {
  for (;;) {
    const found = sent.find((s) => s.commId === w.id && s.data.method === 'custom' && s.data.content?.method === 'export');
    if (found) {
      sent.splice(sent.indexOf(found), 1);
      return found.data.content!;
    }
    await new Promise((r) => setImmediate(r));
  }
}

const figure = { data: [{ type: 'bar', x: ['a'], y: [1] }] };
// The PNG signature and an IHDR chunk (1x1 RGBA): exportPlot checks only that the bytes start as a PNG.
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex')]);

test('the view\'s answer is written beside the notebook (relative to cwd), in the format of the extension', async () => {
  const w = plotWidget(figure);
  const done = w.exportPlot('sub/plot.png', { cwd: dir, width: 300, height: 200, scale: 2 });
  const request = await nextRequest(w);
  expect(request).toMatchObject({ method: 'export', format: 'png', width: 300, height: 200, scale: 2 });
  await fromView(w, { method: 'export_ack', requestId: request.requestId });
  await fromView(w, { method: 'exported', requestId: request.requestId, format: 'png' }, [PNG]);
  const file = await done;
  expect(file).toBe(path.join(dir, 'sub', 'plot.png'));
  expect(fs.readFileSync(file).equals(PNG)).toBe(true);

  const svgDone = w.exportPlot('plot.svg', { cwd: dir });
  const svgRequest = await nextRequest(w);
  expect(svgRequest.format).toBe('svg');
  await fromView(w, { method: 'exported', requestId: 'someone-else', format: 'svg' }, [Buffer.from('<svg/>')]); // another request: ignored
  await fromView(w, { method: 'exported', requestId: svgRequest.requestId, format: 'svg' }, [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>')]);
  expect(fs.readFileSync(await svgDone, 'utf8')).toContain('<svg xmlns');
});

test('no view showing: a clear error after the ack timeout, and no file', async () => {
  const w = plotWidget(figure);
  const started = Date.now();
  await expect(w.exportPlot('none.svg', { cwd: dir, ackTimeoutMs: 200 })).rejects.toThrow(/no view is showing this plot \(no answer within 200 ms\)/);
  expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  expect(fs.existsSync(path.join(dir, 'none.svg'))).toBe(false);
});

test('a view that answers with an error, bytes of the wrong kind, or not at all after its ack: clear errors, no file', async () => {
  const w = plotWidget(figure);
  const failed = w.exportPlot('a.png', { cwd: dir });
  const r1 = await nextRequest(w);
  await fromView(w, { method: 'export_error', requestId: r1.requestId, message: 'toImage exploded' });
  await expect(failed).rejects.toThrow(/could not render the PNG: toImage exploded/);

  const wrong = w.exportPlot('b.png', { cwd: dir });
  const r2 = await nextRequest(w);
  await fromView(w, { method: 'exported', requestId: r2.requestId, format: 'png' }, [Buffer.from('<svg/>')]);
  await expect(wrong).rejects.toThrow(/not a PNG/);

  const slow = w.exportPlot('c.svg', { cwd: dir, timeoutMs: 150 });
  const r3 = await nextRequest(w);
  await fromView(w, { method: 'export_ack', requestId: r3.requestId });
  await expect(slow).rejects.toThrow(/did not finish the SVG within 150 ms/);
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('bad arguments are refused before anything is sent', async () => {
  const w = plotWidget(figure);
  await expect(w.exportPlot('plot.jpg')).rejects.toThrow(/use a \.png or \.svg file name/);
  await expect(w.exportPlot('')).rejects.toThrow(/give a file name/);
  await expect(w.exportPlot('p.png', { width: -3 })).rejects.toThrow(/width must be a positive number/);
  expect(formatOfPath('x.bin', 'svg')).toBe('svg');
  w.close();
  await expect(w.exportPlot('p.png')).rejects.toThrow(/widget is closed/);
  expect(sent.filter((s) => s.data.method === 'custom')).toEqual([]);
  expect(() => plotWidget({ data: 'nope' } as unknown as typeof figure)).toThrow(/`data` array/);
});
