/**
 * An ONNX model run by onnxruntime-node as a tslit model: batching, the prediction cache,
 * cancellation and progress come from {@link BatchedAdapter}; text models expose their own
 * tokenizer, so LIME, Kernel SHAP, occlusion and every text generator use its tokens.
 *
 * Notes: not differentiable. onnxruntime-node computes no gradients, so gradient norm,
 * gradient × input, integrated gradients, SmoothGrad and HotFlip refuse; LIME, Kernel SHAP and
 * occlusion work through predict(), as do metrics, thresholds and partial dependence. Token
 * gradients need a supplier: `withTokenGradients(model, { embed, gradients })` (e.g. a second
 * ONNX graph from embeddings to probabilities and their gradients); {@link OnnxModel.gradientsUnavailable} says so.
 */
import type { Example, Prediction, Spec } from '../../core/spec';
import { BatchedAdapter } from '../adapters/batched-adapter';
import { checkPrediction } from '../adapters/predict-fn-adapter';
import type { Tokenizer } from '../tokenizer';
import { bindSession, type OnnxBindings } from './bind';
import { tabularFeeds, textFeeds, textIds } from './feeds';
import type { OnnxModelOptions } from './options';
import { ortModule, sessionSignature, type OrtSession, type OrtTensor, type TensorInfo } from './session';

export class OnnxModel extends BatchedAdapter {
  readonly textField?: string;
  readonly bindings: OnnxBindings;
  /** The session's inputs and outputs, as its metadata gives them. */
  readonly signature: { inputs: TensorInfo[]; outputs: TensorInfo[] };
  /** Why gradient methods refuse this model, and what works instead. */
  readonly gradientsUnavailable: string;
  private readonly spec: Spec;
  private readonly out: Spec;

  constructor(readonly session: OrtSession, name: string, private readonly options: OnnxModelOptions) {
    super(name, options);
    this.signature = sessionSignature(session);
    this.bindings = bindSession(this.name, options, this.signature);
    if (options.kind === 'text') {
      this.textField = options.textField ?? 'text';
      this.spec = { [this.textField]: { kind: 'TextSegment', required: true } };
    } else if (options.kind === 'tabular') {
      this.spec = Object.fromEntries(options.features.map((f) => [f, { kind: 'Scalar', required: true }]));
    } else this.spec = options.inputSpec;
    this.out = options.classes ? { probas: { kind: 'MulticlassPreds', vocab: [...options.classes] } } : { score: { kind: 'RegressionScore' } };
    this.gradientsUnavailable = `ONNX model '${this.name}' gives no gradients (onnxruntime-node does not differentiate); wrapping it with withTokenGradients(model, { embed, gradients }) (token embeddings in, their gradients out) enables gradient methods. lime, kernelShap and occlusion work through predict().`;
  }

  inputSpec(): Spec {
    return this.spec;
  }

  outputSpec(): Spec {
    return this.out;
  }

  /** Text models: the model's own tokenizer. */
  tokenizer(): Tokenizer {
    if (this.options.kind !== 'text') throw new Error(`ONNX model '${this.name}' is not a text model: it has no tokenizer`);
    return this.options.tokenizer;
  }

  protected async predictBatch(batch: readonly Example[], offset: number): Promise<Prediction[]> {
    const ort = ortModule();
    const o = this.options;
    const feeds: Record<string, OrtTensor> = o.kind === 'text'
      ? textFeeds(ort, this.bindings, o, textIds(this.name, o, batch, offset))
      : o.kind === 'tabular' ? tabularFeeds(ort, this.bindings, o, batch) : o.toFeeds(batch, ort);
    const rows = `row${batch.length > 1 ? `s ${offset}..${offset + batch.length - 1}` : ` ${offset}`}`;
    let results: Record<string, OrtTensor>;
    try {
      results = await this.session.run(feeds, [this.bindings.output.name]);
    } catch (e) {
      throw new Error(`ONNX model '${this.name}', ${rows}: onnxruntime failed: ${(e as Error).message}`);
    } finally {
      Object.values(feeds).forEach((t) => t.dispose());
    }
    const y = results[this.bindings.output.name];
    try {
      return this.decode(y, batch.length, offset, rows);
    } finally {
      Object.values(results).forEach((t) => t.dispose());
    }
  }

  private decode(y: OrtTensor, n: number, offset: number, rows: string): Prediction[] {
    const width = this.options.classes?.length ?? 1;
    if (y.dims.length !== 2 || y.dims[0] !== n || y.dims[1] !== width) {
      throw new Error(`ONNX model '${this.name}', ${rows}: output '${this.bindings.output.name}' came back [${y.dims.join(', ')}], expected [${n}, ${width}]`);
    }
    const data = y.data as Float32Array | Float64Array;
    return Array.from({ length: n }, (_, i) => {
      const row = Array.from(data.subarray(i * width, (i + 1) * width));
      const p: Prediction = this.options.classes ? { probas: row } : { score: row[0] };
      checkPrediction(this.out, p, offset + i);
      return p;
    });
  }

  /** Frees the native session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}
