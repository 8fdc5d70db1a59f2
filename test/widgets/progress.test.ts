/**
 * The progress helper: jobs publish `progress` and `jobStatus` into a real widget's state,
 * `{method:'cancel'}` from the view aborts the running job, a newer job cancels the older,
 * errors are reported as status 'error', and `runBatched` yields to the event loop between
 * batches (timers run while a job is going).
 */
import { Widget } from '../../src/kernel/widget';
import { ProgressJobs, runBatched, type ProgressFields } from '../../src/widgets/progress';
import { startTestKernel, type TestKernel } from './session-test-kernel';

class JobWidget extends Widget<ProgressFields> {
  readonly jobs: ProgressJobs<ProgressFields>;
  constructor() {
    super({ modelName: 'TestModel', viewName: 'TestView' }, { progress: null, jobStatus: 'idle' });
    this.jobs = new ProgressJobs<ProgressFields>(this, 0);
  }
}

let kernel: TestKernel;
beforeEach(() => { kernel = startTestKernel(); });
afterEach(() => kernel.stop());

const items = Array.from({ length: 100 }, (_, i) => i);

test('runBatched keeps order, reports progress per batch and lets timers run between batches', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const seen: number[] = [];
  const out = await runBatched(items, (batch) => {
    const end = Date.now() + 3; // a little CPU work per batch
    while (Date.now() < end);
    return batch.map((x) => x * 2);
  }, { batchSize: 10, onProgress: (done) => seen.push(done) });
  clearInterval(timer);
  expect(out).toEqual(items.map((x) => x * 2));
  expect(seen).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  expect(ticks).toBeGreaterThan(3);
  await expect(runBatched(items, (b) => [...b], { batchSize: 0 })).rejects.toThrow(/batchSize must be a positive integer/);
});

test('a job publishes progress, ends done, and the view sees progress: null afterwards', async () => {
  const w = new JobWidget();
  const states: (ProgressFields['progress'])[] = [];
  w.onChange('progress', (p) => { states.push(p); });
  const outcome = await w.jobs.run('Predicting', ({ signal, report }) => runBatched(items, (b) => [...b], { batchSize: 25, signal, onProgress: report }));
  expect(outcome).toEqual({ status: 'done', value: items });
  expect(w.state.jobStatus).toBe('done');
  expect(w.state.progress).toBeNull();
  const dones = states.filter((p) => p !== null).map((p) => p!.done);
  expect(dones).toEqual([0, 25, 50, 75, 100]);
  expect(states.find((p) => p !== null)!.label).toBe('Predicting');
});

test('{method:"cancel"} from the view stops the job between batches: status cancelled, progress stops', async () => {
  const w = new JobWidget();
  let batches = 0;
  const run = w.jobs.run('Long job', ({ signal, report }) => runBatched(items, async (b) => {
    batches++;
    await new Promise((r) => setTimeout(r, 5));
    return [...b];
  }, { batchSize: 5, signal, onProgress: report }));
  while (batches < 3) await new Promise((r) => setTimeout(r, 1));
  await kernel.custom(w.id, { method: 'cancel' });
  expect(await run).toEqual({ status: 'cancelled' });
  expect(w.state.jobStatus).toBe('cancelled');
  expect(w.state.progress).toBeNull();
  const at = batches;
  await new Promise((r) => setTimeout(r, 50));
  expect(batches).toBe(at);
  expect(at).toBeLessThan(20);
});

test('a newer job cancels the older; a failing job reports error', async () => {
  const w = new JobWidget();
  const slow = w.jobs.run('first', ({ signal }) => runBatched(items, async (b) => { await new Promise((r) => setTimeout(r, 5)); return [...b]; }, { batchSize: 1, signal }));
  await new Promise((r) => setTimeout(r, 15));
  const fast = w.jobs.run('second', async () => 'ok');
  expect(await slow).toEqual({ status: 'cancelled' });
  expect(await fast).toEqual({ status: 'done', value: 'ok' });
  expect(w.state.jobStatus).toBe('done');
  const failed = await w.jobs.run('third', async () => { throw new Error('model exploded'); });
  expect(failed.status).toBe('error');
  expect(w.state.jobStatus).toBe('error');
});
