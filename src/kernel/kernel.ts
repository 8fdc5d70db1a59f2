/**
 * The tslit Jupyter kernel: receives, verifies and dispatches messages, publishes outputs.
 *
 * Notes:
 * - One session id for the kernel's lifetime (tslab copied the requester's, and JupyterLab
 *   drops comm messages whose session differs from the kernel's).
 * - Shell messages are handled one at a time, in order, each wrapped in busy/idle status with
 *   the request as parent header; control messages (interrupt, shutdown) bypass the queue, and
 *   so do comm messages while a cell runs, so a cell can await a reply from a widget view.
 * - The parent header of every output comes from an AsyncLocalStorage holding the request
 *   being handled, so output from async continuations (timers, awaited callbacks) lands in
 *   the cell or comm message that started them; otherwise the most recent request is used.
 */
import { AsyncLocalStorage } from 'async_hooks';
import { randomUUID } from 'crypto';
import { version as typescriptVersion } from '@tslab/typescript-for-tslab';
import { CommManager, ProtocolError } from './comms';
import { ConnectionInfo } from './connection';
import { KernelApi, MimeBundle, setActiveKernel } from './context';
import { CodeRunner, describeError } from './execution';
import { createHandlers, RequestHandler } from './handlers';
import { Channel, KernelSockets } from './sockets';
import { StreamBuffer, StreamName } from './streams';
import { widgetRegistryOf } from './widgetRegistry';
import { deserialize, JupyterMessage, makeHeader, OutgoingMessage, ReceivedMessage, serialize, WireError } from './wire';


/** Shell messages handled even while a cell runs (see receive). */
const COMM_MESSAGES = new Set(['comm_msg', 'comm_open', 'comm_close', 'comm_info_request']);

/** How long a failed cell waits for requests still in ZeroMQ before it replies (see dispatch). */
const STOP_ON_ERROR_DRAIN_MS = 10;

export class Kernel implements KernelApi {
  readonly session = randomUUID();
  readonly comms: CommManager;
  readonly runner: CodeRunner;
  private readonly sockets: KernelSockets;
  private readonly parents = new AsyncLocalStorage<JupyterMessage>();
  private readonly handlers: { shell: Record<string, RequestHandler>; control: Record<string, RequestHandler> };
  private readonly writeStderr: (text: string) => void;
  private lastParent: JupyterMessage | undefined;
  private shellTail: Promise<void> = Promise.resolve();
  /** The execute request whose cell is running, if any. */
  private executing: JupyterMessage | undefined;
  private executionCount = 0;
  private shutdownAfterReply = false;
  /** Execute requests that arrived before this time are aborted (stop_on_error after a failure). */
  private abortArrivedBefore = 0;
  private readonly streams = new StreamBuffer<JupyterMessage | undefined>((name, text, parent) => this.publish('stream', { name, text }, {}, [], parent));

  constructor(private readonly connection: ConnectionInfo, rootDir: string) {
    const realWrite = process.stderr.write.bind(process.stderr);
    this.writeStderr = (text) => void realWrite(text);
    this.sockets = new KernelSockets(connection, (text) => this.log(text));
    this.comms = new CommManager((type, content, metadata, buffers) => this.publish(type, content, metadata, buffers));
    this.runner = new CodeRunner(rootDir);
    this.handlers = createHandlers({
      runner: this.runner,
      comms: this.comms,
      publish: (type, content) => this.publish(type, content),
      nextExecutionCount: (keep) => (keep ? this.executionCount : ++this.executionCount),
      interrupt: () => this.interrupt(),
      scheduleShutdown: () => {
        this.shutdownAfterReply = true;
      },
      typescriptVersion,
    });
  }

  /** Binds the sockets, becomes the active kernel and routes stdout/stderr to iopub. */
  async start(): Promise<void> {
    setActiveKernel(this);
    widgetRegistryOf(this); // registers the jupyter.widget.control target
    this.hookTslabDisplay();
    await this.sockets.bind((channel, frames) => this.receive(channel, frames));
    this.redirect('stdout');
    this.redirect('stderr');
    process.on('SIGINT', () => this.interrupt());
    process.on('uncaughtException', (e) => this.reportError(e));
    process.on('unhandledRejection', (e) => this.reportError(e));
    this.publish('status', { execution_state: 'starting' });
  }

  log(text: string): void {
    this.writeStderr(`[tslit kernel] ${text}\n`);
  }

  displayData(data: MimeBundle, metadata: Record<string, unknown> = {}): void {
    this.publish('display_data', { data, metadata, transient: {} });
  }

  reportError(error: unknown): void {
    const { ename, evalue, traceback } = describeError(error);
    this.log(`error from user code: ${traceback.join('\n')}`);
    this.publish('error', { ename, evalue, traceback });
  }

  interrupt(): void {
    this.runner.interrupt();
  }

  /** Sends a message on iopub with the parent header of the request being handled. */
  publish(
    msgType: string,
    content: Record<string, unknown>,
    metadata: Record<string, unknown> = {},
    buffers: readonly ArrayBufferView[] = [],
    parent: JupyterMessage | undefined = this.currentParent(),
  ): void {
    if (msgType !== 'stream') this.streams.flush();
    const message: OutgoingMessage = {
      header: makeHeader(msgType, this.session),
      parent_header: parent ? parent.header : {},
      metadata,
      content,
      buffers,
    };
    void this.sockets.send('iopub', serialize(message, this.connection.key, [Buffer.from(`kernel.${this.session}.${msgType}`)]));
  }

  private currentParent(): JupyterMessage | undefined {
    return this.parents.getStore() ?? this.lastParent;
  }

  private reply(channel: Channel, received: ReceivedMessage, content: Record<string, unknown>): Promise<void> {
    const request = received.message;
    const message: JupyterMessage<unknown> = {
      header: makeHeader(request.header.msg_type.replace(/_request$/, '_reply'), this.session),
      parent_header: request.header,
      metadata: {},
      content,
      buffers: [],
    };
    return this.sockets.send(channel, serialize(message, this.connection.key, received.identities));
  }

  private receive(channel: Channel, frames: Buffer[]): void {
    let received: ReceivedMessage;
    try {
      received = deserialize(frames, this.connection.key);
    } catch (e) {
      this.log(`dropped a malformed message on ${channel}: ${(e as Error).message}`);
      return;
    }
    if (channel === 'stdin') {
      this.log(`ignored ${received.message.header.msg_type} on stdin (input requests are not supported)`);
    } else if (channel === 'shell') {
      const arrived = Date.now();
      const running = this.executing;
      if (running !== undefined && COMM_MESSAGES.has(received.message.header.msg_type)) {
        // A cell that awaits a view (`await view.exportPlot(...)`, a widget's reply) needs the
        // view's message now, not after the cell: comm traffic does not queue behind a running
        // cell. Its own busy/idle pair is published (the widget manager waits for that idle),
        // then busy again for the cell that is still running.
        void this.dispatch('shell', received, arrived).then(() => {
          if (this.executing === running) this.publish('status', { execution_state: 'busy' }, {}, [], running);
        });
        return;
      }
      this.shellTail = this.shellTail.then(() => this.dispatch('shell', received, arrived));
    } else {
      void this.dispatch('control', received, Date.now());
    }
  }

  private dispatch(channel: 'shell' | 'control', received: ReceivedMessage, arrived: number): Promise<void> {
    const message = received.message;
    return this.parents.run(message, async () => {
      this.lastParent = message;
      this.publish('status', { execution_state: 'busy' });
      try {
        const msgType = message.header.msg_type;
        const handler = this.handlers[channel][msgType];
        if (!handler) {
          this.log(`unknown message type ${JSON.stringify(msgType)} on ${channel}; ignored`);
          return;
        }
        if (msgType === 'execute_request' && arrived < this.abortArrivedBefore) {
          await this.reply(channel, received, { status: 'aborted', execution_count: null });
          return;
        }
        let content: Record<string, unknown> | undefined;
        if (msgType === 'execute_request') this.executing = message;
        try {
          content = await handler(message);
          if (msgType === 'execute_request' && content?.status === 'error' && this.stopsOnError(message)) {
            // Like ipykernel: abort the requests queued behind a failed cell ("Run All"). Before
            // replying, give the receive loop a moment to read what waited in ZeroMQ while the
            // cell ran: everything the client sent before it saw this reply is aborted.
            await new Promise((resolve) => setTimeout(resolve, STOP_ON_ERROR_DRAIN_MS));
            this.abortArrivedBefore = Date.now();
          }
        } catch (e) {
          this.fail(e, message);
          if (msgType.endsWith('_request')) content = { status: 'error', ...describeError(e) };
        } finally {
          if (this.executing === message) this.executing = undefined;
        }
        if (content) await this.reply(channel, received, content);
      } finally {
        this.publish('status', { execution_state: 'idle' });
      }
      if (this.shutdownAfterReply) await this.shutdown();
    });
  }

  private stopsOnError(message: JupyterMessage): boolean {
    return (message.content as { stop_on_error?: unknown }).stop_on_error !== false;
  }

  /** Protocol problems are logged; anything else came from user code and goes to the cell too. */
  private fail(error: unknown, message: JupyterMessage): void {
    if (error instanceof ProtocolError || error instanceof WireError) {
      this.log(`bad ${message.header.msg_type} (msg_id ${message.header.msg_id}): ${(error as Error).message}`);
    } else {
      this.reportError(error);
    }
  }

  private redirect(name: StreamName): void {
    const stream = process[name];
    stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((e?: Error) => void), callback?: (e?: Error) => void) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
      this.streams.write(name, text, this.currentParent());
      const done = typeof encoding === 'function' ? encoding : callback;
      if (done) process.nextTick(done);
      return true;
    }) as typeof stream.write;
  }

  /** Lets `import * as tslab from "tslab"; tslab.display.html(...)` keep working. */
  private hookTslabDisplay(): void {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const tslabJupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };
    tslabJupyter.lastWriteDisplayData = (data: Record<string, unknown>, update: boolean) => this.publish(update ? 'update_display_data' : 'display_data', data);
  }

  private async shutdown(): Promise<void> {
    this.streams.flush();
    this.runner.close();
    await this.sockets.close();
    process.exit(0);
  }
}
