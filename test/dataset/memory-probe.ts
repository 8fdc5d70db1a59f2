/**
 * The memory measurement of memory.test.ts, run in a node process of its own
 * (`node --expose-gc -r ./bench/metrics-ts-register.js test/dataset/memory-probe.ts`): inside a
 * shared jest worker, garbage of earlier test files freed between two readings was counted as the
 * dataset's (122 bytes/row once in CI, 34 alone). Prints one JSON line.
 */
import { buildMemoryDataset, MEMORY_ROWS } from './memory-dataset';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('memory-probe needs node --expose-gc');

/**
 * Heap plus ArrayBuffer backing stores after a full collection. V8 frees backing stores on a
 * concurrent sweeper thread, so one reading right after gc() can still count dead buffers:
 * collect and re-read until two readings agree.
 */
async function retainedBytes(collect: () => void): Promise<number> {
  const read = () => {
    collect();
    collect();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  let previous = read();
  for (let attempt = 0; attempt < 50; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const current = read();
    if (Math.abs(current - previous) < 64 * 1024) return current;
    previous = current;
  }
  return previous;
}

/** Bytes the dataset keeps alive: retained with it, minus retained once it is dropped. */
async function main(collect: () => void): Promise<void> {
  let built: ReturnType<typeof buildMemoryDataset> | null = buildMemoryDataset();
  const columnBytes = built.data.bytes();
  const withData = await retainedBytes(collect);
  built = null;
  const without = await retainedBytes(collect);
  process.stdout.write(JSON.stringify({ rows: MEMORY_ROWS, bytes: withData - without, columnBytes }) + '\n');
}

void main(gc);
