/**
 * A column plan: what kind of column a field becomes and what values it accepts, decided from
 * an explicit field spec or by inference, before any row is stored.
 */
import type { FieldSpec } from '../../core/spec';
import type { ColumnKind } from './columns';
import { DatasetError } from './errors';

export interface ColumnPlan {
  name: string;
  kind: ColumnKind;
  /** A missing value is an error (the spec said `required: true`). */
  required: boolean;
  /** Categorical: the known values; with `closed`, any other value is an error. */
  vocab?: readonly string[];
  closed?: boolean;
  /** Numeric bounds from a Scalar spec; values outside are errors. */
  min?: number;
  max?: number;
  /** Vector length (fixed by an Image spec, else by the first present value). */
  dim?: number;
  shape?: [number, number, number];
}

/** The plan an explicit field spec asks for; field kinds that are model outputs are refused. */
export function planFromSpec(name: string, spec: FieldSpec): ColumnPlan {
  const required = 'required' in spec && spec.required === true;
  switch (spec.kind) {
    case 'Scalar': return { name, kind: 'numeric', required, min: spec.min, max: spec.max };
    case 'CategoryLabel':
      return spec.vocab ? { name, kind: 'categorical', required, vocab: spec.vocab, closed: true } : { name, kind: 'categorical', required };
    case 'TextSegment': return { name, kind: 'text', required };
    case 'Image': {
      const [h, w, c] = spec.shape;
      return { name, kind: 'vector', required, dim: h * w * c, shape: spec.shape };
    }
    case 'Embeddings': return { name, kind: 'vector', required };
    default:
      throw new DatasetError({ field: name }, `a ${spec.kind} field cannot be a dataset column (datasets hold Scalar, CategoryLabel, TextSegment, Image and Embeddings fields)`);
  }
}
