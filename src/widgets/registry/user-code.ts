/**
 * Running a registered piece's code isolated: whatever it throws (or returns that is not what
 * its contract says) becomes an error naming the piece, shown in its view and written to the
 * cell's stderr, and the caller — a view — goes on working.
 */
import { AnswerPendingError } from '../../model/adapters/token-gradients';

/** An error raised by (or about) user-registered code. */
export class UserCodeError extends Error {
  constructor(readonly piece: string, message: string, readonly cause?: unknown) {
    super(`${piece} failed: ${message}`);
    this.name = 'UserCodeError';
  }
}

/** Runs `fn` (sync or async), turning what it throws into a `UserCodeError` for `piece` and logging it for the cell. */
export async function runUserCode<T>(piece: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    // A cancel, or a pass of runWithModelGradients waiting for a supplier's answer (it is repeated): not the piece's failure.
    if (e instanceof AnswerPendingError || (e instanceof Error && e.name === 'AbortError')) throw e;
    const error = e instanceof UserCodeError ? e : new UserCodeError(piece, e instanceof Error ? e.message : String(e), e);
    console.error(`tslit: ${error.message}`);
    throw error;
  }
}

/** The synchronous form of {@link runUserCode}. */
export function runUserCodeSync<T>(piece: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const error = e instanceof UserCodeError ? e : new UserCodeError(piece, e instanceof Error ? e.message : String(e), e);
    console.error(`tslit: ${error.message}`);
    throw error;
  }
}
