/** One example-data record: a plain example with a stable string id. */
import type { Example } from '../core/spec';

export type ExampleRecord = Example & { id: string };
