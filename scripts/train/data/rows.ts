/** The shape every example-data loader returns: dataset examples with a stable string id. */
import type { Example } from '../../../src/core/spec';

/** One example with its stable id (the held-out split hashes it). */
export type Row = Example & { id: string };

/** Path of a file shipped in vega-datasets' `data/` folder (the package exports no subpaths). */
export function vegaDataPath(file: string): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const path = require('path') as typeof import('path');
  return path.resolve(path.dirname(require.resolve('vega-datasets')), '..', 'data', file);
}
