/**
 * A transformers.js (`@huggingface/transformers`) text classifier in a local folder as a tslit
 * model: ONNX Runtime runs it, tslit sees a text field in and class probabilities out.
 *
 * Notes:
 * - Batching, the prediction cache, progress and cancellation (between batches) are
 *   `BatchedAdapter`'s, as for every other adapter. A batch is padded to its longest text and
 *   cut at the model's maximum length keeping the special tokens (`feeds.ts`); the attention mask hides the padding, so a text's
 *   probabilities do not depend on the batch it is in.
 * - Probabilities are the softmax of all the logits (every class, not a pipeline's top k).
 * - Not differentiable: ONNX Runtime gives no gradients, so the gradient methods refuse
 *   (`gradientsUnavailable`); LIME, Kernel SHAP and occlusion work on the model's own tokens, as do
 *   every counterfactual generator, metric, threshold and PDP.
 * - Nothing goes to the network: see `load-local.ts`.
 */
import { basename, join } from 'path';
import type { Example, Prediction, Spec } from '../../core/spec';
import type { Tokenizer } from '../tokenizer';
import { hfTokenizer } from '../tokenizers/hf-tokenizer';
import { type AdapterOptions, BatchedAdapter } from '../adapters/batched-adapter';
import { readLocalFolder, type LocalFolder, type TransformersDtype } from './local-folder';
import { loadLocal, type LoadedPipeline } from './load-local';
import { batchFeeds, encodeFramed, frameOf, type Frame } from './feeds';

/**
 * Texts per ONNX Runtime call by default: a batch is padded to its longest text, so large
 * batches of mail-length texts pay for padding (tiny BERT, 1,177 held-out texts on 2 cores:
 * 1.51 ms a text one by one, 1.17 at 16, 1.76 at 64).
 */
const DEFAULT_BATCH = 16;

/** `batchSize` defaults to 16 here (see DEFAULT_BATCH). */
export interface TransformersModelOptions extends AdapterOptions {
  /** The text field the model reads (default 'text'). */
  textField?: string;
  /** The dataset field holding the true class, set as the output's `parent` (default 'label'; null for none). */
  labelField?: string | null;
  /** Which ONNX file to load (default 'fp32': `onnx/model.onnx`, transformers.js's own default on Node). */
  dtype?: TransformersDtype;
  /** Tokens read at most (default: the folder's `model_max_length` / `max_position_embeddings`). */
  maxLength?: number;
  /**
   * The project tokenizer over the model's tokenizer.json (spans, words) that black-box
   * salience and the generators split text with: a tokenizer, or a function building one
   * from the parsed tokenizer.json. Default: `hfTokenizer` over the folder's tokenizer.json, so
   * players are the model's words made of its subword pieces; `null` for none (they then split
   * on whitespace).
   */
  tokenizer?: Tokenizer | ((tokenizerJson: Record<string, unknown>) => Tokenizer) | null;
}

/** Why this model has no gradients and what would give it some (the gradient methods' own refusal names the same way out). */
export function gradientsUnavailable(name: string): string {
  return `transformers.js model '${name}' gives no gradients (ONNX Runtime does not differentiate); a 'gradients' callback giving token gradients would enable the gradient methods: withTokenGradients(model, { embed, gradients }). lime, kernelShap and occlusion work through predict().`;
}

export class TransformersTextModel extends BatchedAdapter {
  readonly textField: string;
  readonly classes: readonly string[];
  readonly maxLength: number;
  readonly dir: string;
  /** Why gradient methods refuse this model, and what would enable them. */
  readonly gradientsUnavailable: string;
  private readonly spec: { input: Spec; output: Spec };
  private disposed = false;
  private readonly frame: Frame;

  constructor(folder: LocalFolder, private readonly loaded: LoadedPipeline, options: TransformersModelOptions, tokenizer?: Tokenizer) {
    super(basename(folder.dir), { ...options, batchSize: options.batchSize ?? DEFAULT_BATCH });
    this.dir = folder.dir;
    this.frame = frameOf(loaded.tokenizer);
    // transformers.js read its own copy of config.json: it must be the one checked here.
    const loadedLabels = (loaded.model.config as { id2label?: Record<string, string> }).id2label ?? {};
    if (folder.classes.some((c, i) => loadedLabels[i] !== c)) {
      throw new Error(`transformers.js model folder '${folder.dir}': the loaded config's labels ${JSON.stringify(loadedLabels)} are not config.json's ${JSON.stringify(folder.classes)}`);
    }
    this.gradientsUnavailable = gradientsUnavailable(this.name);
    this.textField = options.textField ?? 'text';
    this.classes = folder.classes;
    this.maxLength = options.maxLength ?? folder.maxLength;
    const label = options.labelField === undefined ? 'label' : options.labelField;
    this.spec = {
      input: { [this.textField]: { kind: 'TextSegment' } },
      output: { probas: { kind: 'MulticlassPreds', vocab: [...folder.classes], ...(label !== null ? { parent: label } : {}) } },
    };
    if (tokenizer !== undefined) this.tokenizer = () => tokenizer;
  }

  /** The model's own tokenizer (tokenizer.json) as the project's Tokenizer, when one was given or built. */
  tokenizer?: () => Tokenizer;

  inputSpec(): Spec {
    return this.spec.input;
  }

  outputSpec(): Spec {
    return this.spec.output;
  }

  protected async predictBatch(batch: readonly Example[], offset: number): Promise<Prediction[]> {
    if (this.disposed) throw new Error(`model '${this.name}' was disposed`);
    const { tokenizer, Tensor } = this.loaded;
    const rows = batch.map((e) => encodeFramed(tokenizer, this.frame, e[this.textField] as string, this.maxLength));
    const inputs = batchFeeds(Tensor, rows, tokenizer.pad_token_id ?? 0);
    let logits;
    try {
      ({ logits } = await this.loaded.model(inputs));
    } catch (e) {
      throw new Error(`model '${this.name}', rows ${offset}..${offset + batch.length - 1}: ${(e as Error).message}`);
    } finally {
      for (const t of Object.values(inputs)) t.dispose();
    }
    try {
      const [rows, k] = logits.dims as number[];
      if (rows !== batch.length || k !== this.classes.length) {
        throw new Error(`model '${this.name}': logits of shape [${logits.dims.join(', ')}] for ${batch.length} texts and ${this.classes.length} classes`);
      }
      const data = logits.data as Float32Array;
      return batch.map((_, r) => ({ probas: softmax(data.subarray(r * k, (r + 1) * k)) }));
    } finally {
      logits.dispose();
    }
  }

  /** Releases the ONNX Runtime session. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.loaded.model.dispose();
  }
}

/** Softmax in double precision, stable for large logits. */
function softmax(logits: ArrayLike<number>): number[] {
  const xs = Array.from(logits);
  const top = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/**
 * Loads a text classifier from a local transformers.js folder (config.json with id2label,
 * tokenizer.json, tokenizer_config.json, onnx/model.onnx). Never goes to the Hub; a folder
 * missing a file fails before anything is loaded, naming the folder and the file.
 */
export async function transformersModel(localDir: string, options: TransformersModelOptions = {}): Promise<TransformersTextModel> {
  const dtype = options.dtype ?? 'fp32';
  const folder = readLocalFolder(localDir, dtype);
  const given = options.tokenizer;
  // By default the folder's own tokenizer.json, read by path so that its errors name the file.
  const tokenizer = given === undefined ? hfTokenizer(join(folder.dir, 'tokenizer.json')) : typeof given === 'function' ? given(folder.tokenizerJson) : given ?? undefined;
  const loaded = await loadLocal(folder.dir, dtype);
  try {
    return new TransformersTextModel(folder, loaded, options, tokenizer);
  } catch (e) {
    await loaded.model.dispose(); // nothing half-loaded stays behind
    throw e;
  }
}

