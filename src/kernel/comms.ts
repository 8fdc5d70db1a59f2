/**
 * Jupyter comms: targets, open comms, and the comm_open / comm_msg / comm_close messages in
 * both directions.
 *
 * Notes: a frontend comm_open for a target nobody registered is answered with comm_close (as
 * ipykernel does), so the frontend does not wait for an answer forever. Protocol problems
 * (unknown comm id, malformed content) raise ProtocolError, which the kernel logs and
 * survives; errors thrown by user handlers propagate so that the kernel shows them in the cell.
 */
import { randomUUID } from 'crypto';
import type { JupyterMessage } from './wire';

/** A frontend message that breaks the protocol; logged, never fatal. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

export type CommMessageHandler = (data: unknown, buffers: DataView[], message: JupyterMessage) => void | Promise<void>;
export type CommCloseHandler = (data: unknown, message: JupyterMessage | undefined) => void | Promise<void>;
/** Called when the frontend opens a comm on a registered target. */
export type CommTargetHandler = (comm: Comm, data: unknown, buffers: DataView[], message: JupyterMessage) => void | Promise<void>;

/** How the comm manager sends on iopub (the kernel fills in the parent header). */
export type IopubPublisher = (msgType: string, content: Record<string, unknown>, metadata?: Record<string, unknown>, buffers?: ArrayBufferView[]) => void;

function toDataViews(buffers: readonly Buffer[]): DataView[] {
  return buffers.map((b) => new DataView(b.buffer, b.byteOffset, b.byteLength));
}

/** One end of a comm, living in the kernel. */
export class Comm {
  private readonly messageHandlers = new Set<CommMessageHandler>();
  private readonly closeHandlers = new Set<CommCloseHandler>();
  private isClosed = false;

  constructor(readonly id: string, readonly targetName: string, private readonly manager: CommManager) {}

  get closed(): boolean {
    return this.isClosed;
  }

  /** Registers a handler for comm_msg from the frontend; returns an unsubscribe function. */
  onMessage(handler: CommMessageHandler): () => void {
    this.messageHandlers.add(handler);
    return () => this.messageHandlers.delete(handler);
  }

  /** Registers a handler for the comm being closed from either side. */
  onClose(handler: CommCloseHandler): () => void {
    this.closeHandlers.add(handler);
    return () => this.closeHandlers.delete(handler);
  }

  /** Sends a comm_msg to the frontend. */
  send(data: unknown, metadata: Record<string, unknown> = {}, buffers: ArrayBufferView[] = []): void {
    if (this.isClosed) throw new Error(`comm ${this.id} (${this.targetName}) is closed`);
    this.manager.publish('comm_msg', { comm_id: this.id, data }, metadata, buffers);
  }

  /** Closes the comm from the kernel side and tells the frontend. */
  close(data: unknown = {}): void {
    if (this.isClosed) return;
    this.manager.publish('comm_close', { comm_id: this.id, data });
    void this.markClosed(data, undefined);
  }

  /** @internal Delivers a frontend comm_msg to the handlers. */
  async deliver(data: unknown, message: JupyterMessage): Promise<void> {
    const buffers = toDataViews(message.buffers);
    for (const handler of [...this.messageHandlers]) await handler(data, buffers, message);
  }

  /** @internal Marks the comm closed and runs the close handlers. */
  async markClosed(data: unknown, message: JupyterMessage | undefined): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.manager.forget(this.id);
    for (const handler of [...this.closeHandlers]) await handler(data, message);
  }
}

function commContent(message: JupyterMessage): { comm_id: string; data: unknown } {
  const { comm_id, data } = message.content as { comm_id?: unknown; data?: unknown };
  if (typeof comm_id !== 'string' || comm_id === '') {
    throw new ProtocolError(`${message.header.msg_type} without a comm_id string`);
  }
  return { comm_id, data: data ?? {} };
}

export class CommManager {
  private readonly targets = new Map<string, CommTargetHandler>();
  private readonly comms = new Map<string, Comm>();

  constructor(readonly publish: IopubPublisher) {}

  /** Lets the frontend open comms on `targetName`; returns a function that unregisters it. */
  registerTarget(targetName: string, handler: CommTargetHandler): () => void {
    this.targets.set(targetName, handler);
    return () => {
      if (this.targets.get(targetName) === handler) this.targets.delete(targetName);
    };
  }

  /** Opens a comm from the kernel side. */
  open(targetName: string, data: unknown, metadata: Record<string, unknown> = {}, buffers: ArrayBufferView[] = [], commId: string = randomUUID().replace(/-/g, '')): Comm {
    const comm = new Comm(commId, targetName, this);
    this.comms.set(commId, comm);
    this.publish('comm_open', { comm_id: commId, target_name: targetName, data }, metadata, buffers);
    return comm;
  }

  get(commId: string): Comm | undefined {
    return this.comms.get(commId);
  }

  /** The open comms as comm_info_reply lists them, optionally only those on one target. */
  info(targetName?: string): Record<string, { target_name: string }> {
    const out: Record<string, { target_name: string }> = {};
    for (const comm of this.comms.values()) {
      if (targetName === undefined || targetName === '' || comm.targetName === targetName) out[comm.id] = { target_name: comm.targetName };
    }
    return out;
  }

  /** @internal */
  forget(commId: string): void {
    this.comms.delete(commId);
  }

  /** A frontend comm_open. */
  async handleOpen(message: JupyterMessage): Promise<void> {
    const { comm_id, data } = commContent(message);
    const targetName = (message.content as { target_name?: unknown }).target_name;
    const handler = typeof targetName === 'string' ? this.targets.get(targetName) : undefined;
    if (typeof targetName !== 'string' || !handler) {
      this.publish('comm_close', { comm_id, data: {} });
      throw new ProtocolError(`comm_open for unknown target ${JSON.stringify(targetName)} (comm ${comm_id}); answered with comm_close`);
    }
    const comm = new Comm(comm_id, targetName, this);
    this.comms.set(comm_id, comm);
    try {
      await handler(comm, data, toDataViews(message.buffers), message);
    } catch (e) {
      this.publish('comm_close', { comm_id, data: {} });
      await comm.markClosed({}, message);
      throw e;
    }
  }

  /** A frontend comm_msg. */
  async handleMessage(message: JupyterMessage): Promise<void> {
    const { comm_id, data } = commContent(message);
    const comm = this.comms.get(comm_id);
    if (!comm) throw new ProtocolError(`comm_msg for unknown comm id ${comm_id}`);
    await comm.deliver(data, message);
  }

  /** A frontend comm_close. */
  async handleClose(message: JupyterMessage): Promise<void> {
    const { comm_id, data } = commContent(message);
    const comm = this.comms.get(comm_id);
    if (!comm) throw new ProtocolError(`comm_close for unknown comm id ${comm_id}`);
    await comm.markClosed(data, message);
  }
}
