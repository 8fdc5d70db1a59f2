/**
 * The five kernel sockets (shell, control, iopub, stdin, heartbeat) over zeromq v6.
 *
 * Notes: zeromq v6 allows only one pending `send` per socket, so every socket has its own
 * send queue. Incoming shell and control messages are handed to one callback per channel;
 * the heartbeat echoes without touching the JavaScript event loop's message handlers.
 */
import * as zmq from 'zeromq';
import { address, ConnectionInfo } from './connection';

export type Channel = 'shell' | 'control' | 'stdin';

/** Serialises sends on one socket. */
class SendQueue {
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly socket: zmq.Writable<Buffer[]>, private readonly onError: (e: unknown) => void) {}
  send(frames: Buffer[]): Promise<void> {
    this.tail = this.tail.then(() => this.socket.send(frames)).catch(this.onError);
    return this.tail;
  }
  /** Resolves when everything queued so far has been handed to ZeroMQ. */
  flush(): Promise<void> {
    return this.tail;
  }
}

export class KernelSockets {
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  private readonly stdin = new zmq.Router();
  private readonly iopub = new zmq.Publisher();
  private readonly heartbeat = new zmq.Reply();
  private readonly queues: Record<Channel | 'iopub', SendQueue>;
  private closed = false;

  constructor(private readonly info: ConnectionInfo, private readonly log: (text: string) => void) {
    const onError = (e: unknown) => {
      if (!this.closed) this.log(`send failed: ${String(e)}`);
    };
    this.queues = {
      shell: new SendQueue(this.shell as unknown as zmq.Writable<Buffer[]>, onError),
      control: new SendQueue(this.control as unknown as zmq.Writable<Buffer[]>, onError),
      stdin: new SendQueue(this.stdin as unknown as zmq.Writable<Buffer[]>, onError),
      iopub: new SendQueue(this.iopub as unknown as zmq.Writable<Buffer[]>, onError),
    };
  }

  /** Binds all sockets and starts delivering incoming frames to `onMessage`. */
  async bind(onMessage: (channel: Channel, frames: Buffer[]) => void): Promise<void> {
    const info = this.info;
    await Promise.all([
      this.shell.bind(address(info, info.shell_port)),
      this.control.bind(address(info, info.control_port)),
      this.stdin.bind(address(info, info.stdin_port)),
      this.iopub.bind(address(info, info.iopub_port)),
      this.heartbeat.bind(address(info, info.hb_port)),
    ]);
    void this.receive(this.shell, (frames) => onMessage('shell', frames));
    void this.receive(this.control, (frames) => onMessage('control', frames));
    void this.receive(this.stdin, (frames) => onMessage('stdin', frames));
    void this.receive(this.heartbeat, (frames) => void this.heartbeat.send(frames).catch(() => undefined));
  }

  private async receive(socket: zmq.Readable, deliver: (frames: Buffer[]) => void): Promise<void> {
    try {
      for await (const frames of socket) deliver(frames);
    } catch (e) {
      if (!this.closed) this.log(`receive failed: ${String(e)}`);
    }
  }

  send(channel: Channel | 'iopub', frames: Buffer[]): Promise<void> {
    return this.queues[channel].send(frames);
  }

  /** Waits for queued sends (bounded by `lingerMs`) and closes every socket. */
  async close(lingerMs = 500): Promise<void> {
    await Promise.race([
      Promise.all(Object.values(this.queues).map((q) => q.flush())),
      new Promise((r) => setTimeout(r, lingerMs)),
    ]);
    this.closed = true;
    for (const s of [this.shell, this.control, this.stdin, this.iopub, this.heartbeat]) {
      s.linger = lingerMs;
      s.close();
    }
  }
}
