/**
 * A real CommManager as the active kernel, recording what widgets publish, and a way to
 * deliver frontend comm messages to them — the kernel side of a widget without sockets.
 */
import { CommManager } from '../../src/kernel/comms';
import { setActiveKernel, type KernelApi } from '../../src/kernel/context';
import type { JupyterMessage } from '../../src/kernel/wire';

export interface Published {
  type: string;
  content: Record<string, unknown>;
  buffers: ArrayBufferView[];
}

export interface TestKernel {
  published: Published[];
  errors: unknown[];
  /** Custom messages a widget sent to its views. */
  customs(commId: string): { content: Record<string, unknown>; buffers: ArrayBufferView[] }[];
  /** Delivers a frontend comm_msg `{method:'custom', content}`. */
  custom(commId: string, content: unknown): Promise<void>;
  /** Delivers a frontend state update. */
  update(commId: string, state: Record<string, unknown>): Promise<void>;
  stop(): void;
}

function message(content: Record<string, unknown>): JupyterMessage {
  return {
    header: { msg_id: 'm', msg_type: 'comm_msg', session: 's', username: 'u', date: new Date().toISOString(), version: '5.3' },
    parent_header: {},
    metadata: {},
    content,
    buffers: [],
  } as unknown as JupyterMessage;
}

export function startTestKernel(): TestKernel {
  const published: Published[] = [];
  const errors: unknown[] = [];
  const comms = new CommManager((type, content, _metadata, buffers) => published.push({ type, content, buffers: [...(buffers ?? [])] }));
  const kernel: KernelApi = {
    comms,
    displayData: () => undefined,
    reportError: (e) => errors.push(e),
    log: () => undefined,
  };
  setActiveKernel(kernel);
  return {
    published,
    errors,
    customs: (commId) => published
      .filter((p) => p.type === 'comm_msg' && p.content.comm_id === commId && (p.content.data as { method?: string }).method === 'custom')
      .map((p) => ({ content: (p.content.data as { content: Record<string, unknown> }).content, buffers: p.buffers })),
    custom: (commId, content) => comms.handleMessage(message({ comm_id: commId, data: { method: 'custom', content } })),
    update: (commId, state) => comms.handleMessage(message({ comm_id: commId, data: { method: 'update', state, buffer_paths: [] } })),
    stop: () => setActiveKernel(undefined),
  };
}
