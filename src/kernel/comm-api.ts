/** Comm functions for user code in cells (the kernel must be running). */
import { Comm, CommTargetHandler } from './comms';
import { requireKernel } from './context';

/** Lets the frontend open comms on `targetName`; returns a function that unregisters it. */
export function registerCommTarget(targetName: string, handler: CommTargetHandler): () => void {
  return requireKernel('registerCommTarget()').comms.registerTarget(targetName, handler);
}

/** Opens a comm from the kernel to the frontend's `targetName`. */
export function openComm(targetName: string, data: unknown = {}, metadata: Record<string, unknown> = {}, buffers: ArrayBufferView[] = []): Comm {
  return requireKernel('openComm()').comms.open(targetName, data, metadata, buffers);
}
