/**
 * Coalescing stdout/stderr writes into few `stream` messages.
 *
 * Notes: a cell printing in a loop would otherwise send one iopub message per write. Text is
 * held while consecutive writes share the stream name and parent, and flushed on the next
 * event-loop turn, when it grows past `maxChars`, when `maxDelayMs` passed since the first
 * held write, or before any other iopub message (the kernel calls `flush`) so that order is
 * kept.
 */
export type StreamName = 'stdout' | 'stderr';

export class StreamBuffer<P> {
  private pending: { name: StreamName; parent: P; text: string; since: number } | undefined;
  private scheduled = false;

  constructor(
    private readonly emit: (name: StreamName, text: string, parent: P) => void,
    private readonly maxChars = 64 * 1024,
    private readonly maxDelayMs = 100,
  ) {}

  write(name: StreamName, text: string, parent: P): void {
    if (text === '') return;
    if (this.pending && (this.pending.name !== name || this.pending.parent !== parent)) this.flush();
    if (this.pending) this.pending.text += text;
    else this.pending = { name, parent, text, since: Date.now() };
    if (this.pending.text.length >= this.maxChars || Date.now() - this.pending.since >= this.maxDelayMs) {
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  flush(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) this.emit(pending.name, pending.text, pending.parent);
  }
}
