/** The shape every example-data loader returns: dataset examples with a stable string id. */
import type { Example } from '../../../src/core/spec';

/** One example with its stable id (the held-out split hashes it). */
export type Row = Example & { id: string };
