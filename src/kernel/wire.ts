/**
 * The Jupyter wire format: turning a message into ZeroMQ frames and back.
 *
 * Notes: the HMAC-SHA256 signature covers exactly four frames (header, parent header,
 * metadata, content). Binary buffers travel as raw frames after the content and are not
 * signed, as in jupyter_client's `Session.sign`. tslab signed JSON-encoded buffers instead,
 * which made every message with buffers fail verification.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'crypto';

/** The delimiter between the ZeroMQ routing prefix and the signed message. */
export const DELIMITER = Buffer.from('<IDS|MSG>');

/** Messaging protocol version spoken by the kernel. */
export const PROTOCOL_VERSION = '5.3';

export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

/** A decoded Jupyter message. `parent_header` is `{}` when there is no parent. */
export interface JupyterMessage<C = Record<string, unknown>> {
  header: MessageHeader;
  parent_header: MessageHeader | Record<string, never>;
  metadata: Record<string, unknown>;
  content: C;
  /** Binary buffers (raw extra frames after content). */
  buffers: Buffer[];
}

/** A message to send: buffers may be any binary view (sent without copying). */
export type OutgoingMessage = Omit<JupyterMessage<unknown>, 'buffers'> & { buffers: readonly ArrayBufferView[] };

/** A message received on a ROUTER socket: the routing identities plus the message. */
export interface ReceivedMessage {
  identities: Buffer[];
  message: JupyterMessage;
}

/** Thrown for frames that are not a valid, correctly signed Jupyter message. */
export class WireError extends Error {
  override name = 'WireError';
}

/** The hex HMAC-SHA256 of the given frames, or '' when the key is empty (signing disabled). */
export function sign(key: string, frames: readonly (Buffer | string)[]): string {
  if (!key) return '';
  const hmac = createHmac('sha256', key);
  for (const frame of frames) hmac.update(frame);
  return hmac.digest('hex');
}

/** A fresh header for a message sent by the kernel. */
export function makeHeader(msgType: string, session: string): MessageHeader {
  return {
    msg_id: randomUUID(),
    msg_type: msgType,
    session,
    username: 'kernel',
    date: new Date().toISOString(),
    version: PROTOCOL_VERSION,
  };
}

/** Raw bytes of any binary value, without copying. */
export function toBuffer(view: ArrayBufferView | ArrayBuffer): Buffer {
  if (view instanceof ArrayBuffer) return Buffer.from(view);
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/** Frames for `message`, prefixed by `identities` (ROUTER idents or a PUB topic). */
export function serialize(message: OutgoingMessage, key: string, identities: readonly Buffer[] = []): Buffer[] {
  const signed = [
    Buffer.from(JSON.stringify(message.header)),
    Buffer.from(JSON.stringify(message.parent_header ?? {})),
    Buffer.from(JSON.stringify(message.metadata ?? {})),
    Buffer.from(JSON.stringify(message.content ?? {})),
  ];
  return [...identities, DELIMITER, Buffer.from(sign(key, signed)), ...signed, ...message.buffers.map(toBuffer)];
}

function parseJsonFrame(frame: Buffer | undefined, name: string): Record<string, unknown> {
  if (frame === undefined) throw new WireError(`message has no ${name} frame`);
  let value: unknown;
  try {
    value = JSON.parse(frame.toString('utf8'));
  } catch (e) {
    throw new WireError(`${name} frame is not valid JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new WireError(`${name} frame is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Decodes and verifies frames received on a socket; throws WireError on any problem. */
export function deserialize(frames: readonly Buffer[], key: string): ReceivedMessage {
  const delimiterAt = frames.findIndex((f) => f.equals(DELIMITER));
  if (delimiterAt < 0) throw new WireError('message has no <IDS|MSG> delimiter');
  const signature = frames[delimiterAt + 1];
  const signed = frames.slice(delimiterAt + 2, delimiterAt + 6);
  if (signature === undefined || signed.length < 4) {
    throw new WireError(`message has ${frames.length - delimiterAt - 1} frames after the delimiter, expected at least 5`);
  }
  if (key) {
    const expected = Buffer.from(sign(key, signed));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      throw new WireError(`invalid HMAC signature ${JSON.stringify(signature.toString('utf8').slice(0, 80))}`);
    }
  }
  const header = parseJsonFrame(signed[0], 'header');
  if (typeof header.msg_type !== 'string' || typeof header.msg_id !== 'string') {
    throw new WireError('header lacks msg_type or msg_id');
  }
  return {
    identities: frames.slice(0, delimiterAt),
    message: {
      header: header as unknown as MessageHeader,
      parent_header: parseJsonFrame(signed[1], 'parent_header') as JupyterMessage['parent_header'],
      metadata: parseJsonFrame(signed[2], 'metadata'),
      content: parseJsonFrame(signed[3], 'content'),
      buffers: frames.slice(delimiterAt + 6),
    },
  };
}
