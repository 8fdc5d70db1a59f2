/** Options every loader takes. */
import type { Spec } from '../../core/spec';
import type { DatasetOptions } from './dataset';
import { DatasetError } from './errors';

export interface LoadOptions extends DatasetOptions {
  /**
   * Field types to use instead of inference, for some or all fields. A field with
   * `required: true` may not be missing; CategoryLabel with `vocab` refuses other values;
   * Scalar with min/max refuses values outside.
   */
  spec?: Spec;
  /** Accept input with no rows (default: an error, since it is almost always a mistake). */
  allowEmpty?: boolean;
}

export function checkNotEmpty(rows: number, options: LoadOptions, what: string): void {
  if (rows === 0 && !options.allowEmpty) throw new DatasetError({}, `${what} has no rows (pass allowEmpty: true to accept an empty dataset)`);
}
