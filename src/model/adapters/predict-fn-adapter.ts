/**
 * An adapter around a plain async predict function, for models that are not tfjs at all
 * (a remote service, a rule set). Not differentiable; cache, batching and cancellation apply.
 */
import { probabilityProblem } from '../predict/probabilities';
import type { Example, Prediction, Spec } from '../../core/spec';
import { AdapterOptions, BatchedAdapter } from './batched-adapter';
import { valueProblem } from '../predict/spec-check';

export type PredictFn = (examples: readonly Example[]) => Promise<Prediction[]>;

export interface PredictFnAdapterOptions extends AdapterOptions {
  inputSpec: Spec;
  outputSpec: Spec;
}

export class PredictFnAdapter extends BatchedAdapter {
  constructor(private readonly fn: PredictFn, private readonly options: PredictFnAdapterOptions) {
    super('predict-function', options);
  }
  inputSpec(): Spec {
    return this.options.inputSpec;
  }
  outputSpec(): Spec {
    return this.options.outputSpec;
  }

  protected async predictBatch(batch: readonly Example[], offset: number): Promise<Prediction[]> {
    const preds = await this.fn(batch);
    if (!Array.isArray(preds) || preds.length !== batch.length) {
      throw new Error(`predict function returned ${Array.isArray(preds) ? preds.length : typeof preds} result(s) for ${batch.length} examples`);
    }
    preds.forEach((p, i) => checkPrediction(this.options.outputSpec, p, offset + i));
    return preds;
  }
}

/** Checks one returned prediction against the output spec, naming the row and field. */
export function checkPrediction(outputSpec: Spec, p: Prediction, row: number): void {
  for (const [name, spec] of Object.entries(outputSpec)) {
    const v = p?.[name];
    let problem: string | undefined;
    if (spec.kind === 'MulticlassPreds') {
      if (!Array.isArray(v) || v.length !== spec.vocab.length || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        problem = `should be ${spec.vocab.length} finite probabilities, got ${JSON.stringify(v)}`;
      } else {
        problem = probabilityProblem(v as number[]);
      }
    } else if (spec.kind === 'RegressionScore') {
      if (typeof v !== 'number' || !Number.isFinite(v)) problem = `should be a finite number, got ${JSON.stringify(v)}`;
    } else if (v !== undefined && (spec.kind === 'Tokens' || spec.kind === 'Scalar' || spec.kind === 'CategoryLabel')) {
      problem = valueProblem(spec, v);
    }
    if (problem !== undefined) throw new Error(`row ${row}, output '${name}': ${problem}`);
  }
}

/** Wraps a plain async predict function. */
export function predictFnAdapter(fn: PredictFn, options: PredictFnAdapterOptions): PredictFnAdapter {
  return new PredictFnAdapter(fn, options);
}
