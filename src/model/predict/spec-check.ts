/**
 * Checks, made up front, that a model can read a dataset and that a model's output tensors
 * have the shape its spec promises. Every error names the field (and the row, for values).
 */
import type { Example, FieldSpec, FieldValue, Spec } from '../../core/spec';

/** A field is required unless its spec says `required: false`. */
function isRequired(spec: FieldSpec): boolean {
  return (spec as { required?: boolean }).required !== false;
}

/** Which dataset field kinds can feed a model input of a given kind. */
const COMPATIBLE: Partial<Record<FieldSpec['kind'], ReadonlyArray<FieldSpec['kind']>>> = {
  TextSegment: ['TextSegment'],
  Tokens: ['Tokens'],
  CategoryLabel: ['CategoryLabel'],
  Scalar: ['Scalar'],
  Image: ['Image'],
  Embeddings: ['Embeddings'],
};

/**
 * Checks that `datasetSpec` provides every required field of `modelInputSpec` with a
 * compatible type, category values the model knows, and the image shape it expects.
 * Throws naming the first field that does not fit.
 */
export function checkSpec(modelInputSpec: Spec, datasetSpec: Spec): void {
  for (const [name, want] of Object.entries(modelInputSpec)) {
    const have = datasetSpec[name];
    if (have === undefined) {
      if (isRequired(want)) throw new Error(`field '${name}': the model needs a ${want.kind} but the dataset has no such field`);
      continue;
    }
    const ok = COMPATIBLE[want.kind];
    if (ok === undefined || !ok.includes(have.kind)) {
      throw new Error(`field '${name}': the model needs a ${want.kind} but the dataset has a ${have.kind}`);
    }
    if (want.kind === 'CategoryLabel' && have.kind === 'CategoryLabel' && want.vocab && have.vocab) {
      const known = new Set(want.vocab);
      const unknown = have.vocab.filter((v) => !known.has(v));
      if (unknown.length > 0) {
        throw new Error(`field '${name}': the dataset has values the model does not know: ${unknown.map((v) => JSON.stringify(v)).join(', ')}`);
      }
    }
    if (want.kind === 'Image' && have.kind === 'Image' && want.shape.join('x') !== have.shape.join('x')) {
      throw new Error(`field '${name}': the model needs images of shape [${want.shape}] but the dataset has [${have.shape}]`);
    }
  }
}

/**
 * Checks that each output naming a `parent` (the label or target in the dataset) finds it
 * with a matching type: a CategoryLabel within the class vocabulary, or a Scalar.
 */
export function checkOutputParents(modelOutputSpec: Spec, datasetSpec: Spec): void {
  for (const [name, out] of Object.entries(modelOutputSpec)) {
    if (out.kind !== 'MulticlassPreds' && out.kind !== 'RegressionScore') continue;
    if (out.parent === undefined) continue;
    const parent = datasetSpec[out.parent];
    if (parent === undefined) throw new Error(`output '${name}': its parent field '${out.parent}' is not in the dataset`);
    if (out.kind === 'MulticlassPreds') {
      if (parent.kind !== 'CategoryLabel') throw new Error(`output '${name}': parent field '${out.parent}' must be a CategoryLabel, the dataset has a ${parent.kind}`);
      const known = new Set(out.vocab);
      const unknown = (parent.vocab ?? []).filter((v) => !known.has(v));
      if (unknown.length) throw new Error(`field '${out.parent}': labels outside the model's classes: ${unknown.map((v) => JSON.stringify(v)).join(', ')}`);
    } else if (parent.kind !== 'Scalar') {
      throw new Error(`output '${name}': parent field '${out.parent}' must be a Scalar, the dataset has a ${parent.kind}`);
    }
  }
}

function describe(v: FieldValue | undefined): string {
  if (v === undefined) return 'missing';
  if (v instanceof Float32Array) return `a Float32Array of ${v.length}`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Checks one value against its field spec; returns an error message or undefined. */
export function valueProblem(spec: FieldSpec, v: FieldValue | undefined): string | undefined {
  if (v === undefined || v === null) return isRequired(spec) ? 'is missing' : undefined;
  switch (spec.kind) {
    case 'TextSegment':
      return typeof v === 'string' ? undefined : `should be text, got ${describe(v)}`;
    case 'CategoryLabel':
      if (typeof v !== 'string') return `should be a category (string), got ${describe(v)}`;
      return spec.vocab && !spec.vocab.includes(v) ? `has value ${JSON.stringify(v)}, not one of ${JSON.stringify(spec.vocab)}` : undefined;
    case 'Scalar':
      if (typeof v !== 'number') return `should be a number, got ${describe(v)}`;
      return Number.isFinite(v) ? undefined : `should be a finite number, got ${v}`;
    case 'Tokens':
      return Array.isArray(v) && v.every((t) => typeof t === 'string') ? undefined : `should be a list of tokens, got ${describe(v)}`;
    case 'Image': {
      if (!(v instanceof Float32Array) && !(Array.isArray(v) && v.every((x) => typeof x === 'number'))) {
        return `should be a flat array of pixels, got ${describe(v)}`;
      }
      const want = spec.shape[0] * spec.shape[1] * spec.shape[2];
      if (v.length !== want) return `should have ${want} pixel values (shape [${spec.shape}]), got ${v.length}`;
      for (let i = 0; i < v.length; i++) {
        const p = v[i] as number;
        if (!Number.isFinite(p) || p < 0 || p > 1) return `pixel ${i} is ${p}; pixels must be finite and in [0, 1]`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Checks every example against the model's input spec before any prediction runs, so bad
 * input fails whole, naming the row (its index plus `offset`) and the field.
 */
export function validateExamples(inputSpec: Spec, examples: readonly Example[], offset = 0): void {
  examples.forEach((ex, i) => {
    if (ex === null || typeof ex !== 'object') throw new Error(`row ${i + offset}: not an example object`);
    for (const [name, spec] of Object.entries(inputSpec)) {
      const problem = valueProblem(spec, ex[name]);
      if (problem !== undefined) throw new Error(`row ${i + offset}, field '${name}': ${problem}`);
    }
  });
}

/** The output shape a field needs for a batch of `batch` (null: any size along that axis). */
export function expectedOutputShape(spec: FieldSpec, batch: number): Array<number | null> | undefined {
  switch (spec.kind) {
    case 'MulticlassPreds':
      return [batch, spec.vocab.length];
    case 'RegressionScore':
      return [batch, 1];
    case 'Embeddings':
      return [batch, null];
    default:
      return undefined;
  }
}

/**
 * Checks a model output tensor's shape against its field spec; a regression output may be
 * [b] or [b, 1]. Throws naming the field.
 */
export function checkOutputShape(field: string, spec: FieldSpec, shape: readonly number[], batch: number): void {
  const want = expectedOutputShape(spec, batch);
  if (want === undefined) throw new Error(`output '${field}': a ${spec.kind} field is not produced by a model tensor`);
  const fits = (s: readonly number[]) => s.length === want.length && want.every((w, i) => w === null || w === s[i]);
  if (fits(shape) || (spec.kind === 'RegressionScore' && shape.length === 1 && shape[0] === batch)) return;
  throw new Error(`output '${field}': the spec (${spec.kind}) needs shape [${want.map((w) => w ?? '*')}] but the model returned [${shape}]`);
}

/**
 * Checks up front that `model` can read a dataset with `datasetSpec` and that its outputs'
 * parent fields (labels, targets) are there: {@link checkSpec} then {@link checkOutputParents}.
 */
export function checkModelAgainstDataset(model: { inputSpec(): Spec; outputSpec(): Spec }, datasetSpec: Spec): void {
  checkSpec(model.inputSpec(), datasetSpec);
  checkOutputParents(model.outputSpec(), datasetSpec);
}
