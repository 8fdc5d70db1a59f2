/**
 * A text model that supplies its own gradients, turned into a `DifferentiableModel`, so that
 * gradient norm, grad×input, integrated gradients, SmoothGrad and HotFlip run on it unchanged.
 *
 * Notes: `forward` is one `tf.customGrad` op: its value is the supplier's probabilities at the
 * embeddings, its gradient Σ_c dy[:, c] · ∇p_c, asking the supplier for ∇p_c of each class c the
 * upstream gradient touches (one class for salience, which differentiates p[target]).
 */
import * as tf from '@tensorflow/tfjs';
import type { Example, Prediction, Spec } from '../../../core/spec';
import type { DifferentiableModel, EncodedInput, ModelAdapter, PredictOptions } from '../../adapter';
import type { Tokenizer } from '../../tokenizer';
import { AnswerBook, AnswerPendingError } from './answer-book';
import { checkEmbeddings, checkGradients, type TokenEmbeddingsAnswer, type TokenGradientsAnswer, type TokenGradientSupply } from './contract';

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';

function keyOf(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export class TokenGradientModel implements DifferentiableModel {
  readonly name: string;
  readonly task: 'multiclass' | 'regression';
  readonly classes?: readonly string[];
  readonly textField?: string;
  tokenizer?: () => Tokenizer;
  embeddingTable?: () => tf.Tensor2D;
  vocabulary?: () => readonly string[];
  /** Set only on the per-run view `runWithTokenGradients` makes. */
  protected book?: AnswerBook;
  private readonly table?: tf.Tensor2D;
  private readonly ids?: Map<string, number>;

  constructor(private readonly base: ModelAdapter, private readonly supply: TokenGradientSupply) {
    this.name = base.name;
    this.textField = base.textField;
    const outputs = Object.values(base.outputSpec());
    const multi = outputs.find((s) => s.kind === 'MulticlassPreds');
    if (multi?.kind === 'MulticlassPreds') {
      this.task = 'multiclass';
      this.classes = multi.vocab;
    } else if (outputs.some((s) => s.kind === 'RegressionScore')) {
      this.task = 'regression';
    } else {
      throw new Error(`model '${base.name}': supplied token gradients need a MulticlassPreds or RegressionScore output`);
    }
    if (typeof supply.embed !== 'function' || typeof supply.gradients !== 'function') {
      throw new Error(`model '${base.name}': withTokenGradients needs { embed(example), gradients(embeddings, target, example) }`);
    }
    if (base.tokenizer) {
      const tok = base.tokenizer.bind(base);
      this.tokenizer = () => tok();
    }
    const vocab = supply.vocabulary;
    if (vocab !== undefined) {
      if (vocab.tokens.length !== vocab.embeddings.length || vocab.tokens.length === 0) {
        throw new Error(`model '${base.name}': vocabulary has ${vocab.tokens.length} tokens but ${vocab.embeddings.length} embedding rows`);
      }
      const table = tf.tensor2d(vocab.embeddings as number[][]);
      this.table = table;
      this.ids = new Map(vocab.tokens.map((t, i) => [t, i]));
      this.embeddingTable = () => table;
      this.vocabulary = () => vocab.tokens;
    }
  }

  inputSpec(): Spec {
    return this.base.inputSpec();
  }
  outputSpec(): Spec {
    return this.base.outputSpec();
  }
  predict(examples: readonly Example[], options?: PredictOptions): Promise<Prediction[]> {
    return this.base.predict(examples, options);
  }
  /** Frees the vocabulary table. */
  dispose(): void {
    this.table?.dispose();
  }
  /** This model answering from `book` (for one run). */
  withBook(book: AnswerBook): this {
    return Object.create(this, { book: { value: book } }) as this;
  }

  encode(example: Example): EncodedInput {
    const embedded = this.answer(`embed|${JSON.stringify(example)}`, 'embed()', () => this.supply.embed(example), (a: TokenEmbeddingsAnswer) => checkEmbeddings(this.name, a));
    if (embedded === undefined) throw new AnswerPendingError(`model '${this.name}': waiting for embed() (asynchronous answers need runWithTokenGradients)`);
    const { tokens, embeddings } = embedded;
    const dim = embeddings[0].length;
    const tokenIds = embedded.tokenIds ?? (this.ids ? tokens.map((t) => this.ids?.get(t) ?? this.ids?.get(t.toLowerCase()) ?? -1) : undefined);
    return {
      input: tf.tensor3d([embeddings]),
      baseline: embedded.baseline ? tf.tensor3d([embedded.baseline]) : tf.zeros([1, tokens.length, dim]),
      labels: tokens,
      align: 'tokens',
      tokenIds,
      forward: (x) => this.forwardAt(x, example, tokens.length, dim),
    };
  }

  forward(): tf.Tensor {
    throw new Error(`forward of '${this.name}' needs the example (the supplier runs in its context); use encode(example).forward`);
  }

  /** The customGrad op for inputs [b, tokens, dim] of `example`. */
  private forwardAt(x: tf.Tensor, example: Example, tokens: number, dim: number): tf.Tensor {
    if (x.rank !== 3 || x.shape[1] !== tokens || x.shape[2] !== dim) {
      throw new Error(`model '${this.name}': forward needs [batch, ${tokens}, ${dim}] embeddings, got [${x.shape.join(', ')}]`);
    }
    const classes = this.task === 'regression' ? 1 : (this.classes as readonly string[]).length;
    // The supplier runs outside the op's kernel (where tfjs would record nothing, should it use tfjs itself).
    const flat = Float32Array.from(x.dataSync() as Float32Array);
    const rows = x.shape[0];
    const point = `${JSON.stringify(example)}|${keyOf(flat)}`;
    const batch = x.arraySync() as number[][][];
    const ask = (target: number | undefined): TokenGradientsAnswer | undefined =>
      this.answer(`${target ?? 'p'}|${point}`, `gradients(target ${target ?? 'none'})`, () => this.supply.gradients(batch, target, example),
        (a: TokenGradientsAnswer) => checkGradients(this.name, a, target, rows, tokens, dim, classes));
    const probs = ask(undefined)?.probabilities ?? batch.map(() => new Array<number>(classes).fill(1 / classes));
    const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const inp = args[0] as tf.Tensor;
      const gradFunc = (dy: tf.Tensor): tf.Tensor => {
        const up = dy.arraySync() as number[][];
        const total = new Float32Array(flat.length);
        for (let c = 0; c < classes; c++) {
          if (!up.some((r) => r[c] !== 0)) continue;
          const g = this.inTape(() => ask(c))?.gradients;
          if (g === undefined) continue; // not in yet: this pass is dropped
          let o = 0;
          for (let r = 0; r < rows; r++) for (let t = 0; t < tokens; t++) for (let d = 0; d < dim; d++) total[o++] += up[r][c] * g[r][t][d];
        }
        return tf.tensor(total, inp.shape);
      };
      return { value: tf.tensor2d(probs, [rows, classes]), gradFunc };
    });
    return op(x);
  }

  /**
   * Calls the supplier inside the backward pass. The tape of the gradient being taken is put
   * back afterwards: a supplier that takes tfjs gradients itself would end it (tfjs keeps one
   * tape). In a run, a bad answer is deferred to the run's end (a throw here strands taped tensors).
   */
  private inTape<T>(f: () => T): T | undefined {
    const state = tf.engine().state as unknown as { activeTape: Array<{ saved?: tf.Tensor[] }> | null; gradientDepth: number };
    const tape = state.activeTape;
    try {
      return f();
    } catch (e) {
      if (this.book) {
        this.book.defer(e as Error);
        return undefined;
      }
      // tfjs frees the tensors its tape saved only when the backward pass succeeds.
      if (state.gradientDepth === 0) for (const node of tape ?? []) for (const t of node.saved ?? []) t.dispose();
      throw e;
    } finally {
      state.activeTape = tape;
    }
  }

  /**
   * The supplier's answer to `key`: from the run's book, else asked now; undefined while it is
   * on its way. A supplier that throws or rejects fails with its error under the model's name
   * and the `call` (a server's "connection refused" alone does not say which model it was).
   */
  private answer<T>(key: string, call: string, ask: () => T | Promise<T>, check: (v: T) => unknown): T | undefined {
    const book = this.book;
    if (book?.has(key)) return book.get(key) as T;
    const named = (e: unknown): Error => {
      const error = new Error(`model '${this.name}' ${call} failed: ${e instanceof Error ? e.message : String(e)}`);
      if (e instanceof Error && e.name === 'AbortError') error.name = e.name;
      return error;
    };
    let r: T | Promise<T>;
    try {
      r = ask();
    } catch (e) {
      throw named(e);
    }
    if (!isPromise(r)) {
      check(r);
      book?.set(key, r);
      return r;
    }
    if (!book) {
      r.catch(() => undefined);
      throw new Error(`model '${this.name}' supplies gradients asynchronously: call the method through runWithTokenGradients(model, (m) => method(m, example))`);
    }
    book.ask(key, r.then((v) => { check(v); return v; }, (e: unknown) => { throw named(e); }));
    return undefined;
  }
}
