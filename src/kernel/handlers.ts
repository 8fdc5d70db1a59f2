/**
 * What the kernel answers to each request type on shell and control.
 *
 * Notes: a handler returns the reply content (sent as `<name>_reply`), or undefined for
 * messages that have no reply (comm_open, comm_msg, comm_close).
 */
import { CommManager, ProtocolError } from './comms';
import { mimeBundleOf } from './display';
import type { CodeRunner } from './execution';
import { packageVersion } from './version';
import { PROTOCOL_VERSION, JupyterMessage } from './wire';

export type ReplyContent = Record<string, unknown>;
export type RequestHandler = (message: JupyterMessage) => Promise<ReplyContent | undefined> | ReplyContent | undefined;

/** The parts of the kernel the handlers use. */
export interface HandlerServices {
  readonly runner: CodeRunner;
  readonly comms: CommManager;
  publish(msgType: string, content: Record<string, unknown>): void;
  /** Next execution count (not incremented for silent executions or without store_history). */
  nextExecutionCount(keep: boolean): number;
  interrupt(): void;
  /** Closes sockets and exits after the reply went out. */
  scheduleShutdown(restart: boolean): void;
  typescriptVersion: string;
}

function kernelInfo(tsVersion: string): ReplyContent {
  return {
    status: 'ok',
    protocol_version: PROTOCOL_VERSION,
    implementation: 'tslit',
    implementation_version: packageVersion(),
    language_info: {
      name: 'typescript',
      version: tsVersion,
      mimetype: 'text/typescript',
      file_extension: '.ts',
      // As tslab: makes JupyterLab highlight TypeScript.
      codemirror_mode: { mode: 'typescript', name: 'javascript', typescript: true },
    },
    banner: `tslit ${packageVersion()}: TypeScript (tslab converter, TypeScript ${tsVersion}) on Node.js ${process.version}`,
    help_links: [],
  };
}

function stringField(message: JupyterMessage, field: string): string {
  const value = (message.content as Record<string, unknown>)[field];
  if (typeof value !== 'string') throw new ProtocolError(`${message.header.msg_type}: content.${field} must be a string`);
  return value;
}

function cursorField(message: JupyterMessage, code: string): number {
  const value = (message.content as Record<string, unknown>).cursor_pos;
  return typeof value === 'number' ? value : code.length;
}

export function createHandlers(k: HandlerServices): { shell: Record<string, RequestHandler>; control: Record<string, RequestHandler> } {
  const shutdown: RequestHandler = (m) => {
    const restart = Boolean((m.content as { restart?: unknown }).restart);
    k.scheduleShutdown(restart);
    return { status: 'ok', restart };
  };
  const common: Record<string, RequestHandler> = {
    kernel_info_request: () => kernelInfo(k.typescriptVersion),
    shutdown_request: shutdown,
  };
  const shell: Record<string, RequestHandler> = {
    ...common,
    execute_request: async (m) => {
      const code = stringField(m, 'code');
      const { silent, store_history } = m.content as { silent?: unknown; store_history?: unknown };
      const count = k.nextExecutionCount(Boolean(silent) || store_history === false);
      if (!silent) k.publish('execute_input', { code, execution_count: count });
      const outcome = await k.runner.run(code, (value) => {
        if (!silent) k.publish('execute_result', { execution_count: count, data: mimeBundleOf(value), metadata: {} });
      });
      if (outcome.ok) return { status: 'ok', execution_count: count, user_expressions: {}, payload: [] };
      const { ename, evalue, traceback } = outcome;
      k.publish('error', { ename, evalue, traceback });
      return { status: 'error', execution_count: count, ename, evalue, traceback };
    },
    complete_request: (m) => {
      const code = stringField(m, 'code');
      return { status: 'ok', metadata: {}, ...k.runner.complete(code, cursorField(m, code)) };
    },
    inspect_request: (m) => {
      const code = stringField(m, 'code');
      const text = k.runner.inspect(code, cursorField(m, code));
      return text === undefined ? { status: 'ok', found: false, data: {}, metadata: {} } : { status: 'ok', found: true, data: { 'text/plain': text }, metadata: {} };
    },
    is_complete_request: (m) => k.runner.isComplete(stringField(m, 'code')),
    history_request: () => ({ status: 'ok', history: [] }),
    comm_info_request: (m) => {
      const target = (m.content as { target_name?: unknown }).target_name;
      return { status: 'ok', comms: k.comms.info(typeof target === 'string' ? target : undefined) };
    },
    comm_open: async (m) => {
      await k.comms.handleOpen(m);
      return undefined;
    },
    comm_msg: async (m) => {
      await k.comms.handleMessage(m);
      return undefined;
    },
    comm_close: async (m) => {
      await k.comms.handleClose(m);
      return undefined;
    },
  };
  const control: Record<string, RequestHandler> = {
    ...common,
    interrupt_request: () => {
      k.interrupt();
      return { status: 'ok' };
    },
  };
  return { shell, control };
}
