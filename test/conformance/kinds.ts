/**
 * The adapter kinds of the conformance matrix (issue 16, item 9): one text model of each kind a
 * person may bring, each with a way to ask the model itself what it predicts, so every cell of
 * the matrix can be checked against the model rather than against tslit.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as tf from '@tensorflow/tfjs';
import type { Example, Spec } from '../../src/core/spec';
import type { ModelAdapter } from '../../src/model/adapter';
import { layersModelAdapter } from '../../src/model/adapters/layers-model';
import { graphModelAdapter } from '../../src/model/adapters/graph-model';
import { predictFnAdapter } from '../../src/model/adapters/predict-fn-adapter';
import { loadModel } from '../../src/model/load-model';
import { loadGraphModelFromDir } from '../../src/model/io/file-system';
import type { LayersTextAdapter } from '../../src/model/adapters/layers-text-adapter';
import { withTokenGradients } from '../../src/model/adapters/token-gradients';
import { onnxModel } from '../../src/model/onnx';
import { transformersModel } from '../../src/model/transformers-js';
import { characterTokenizer, wordTokenizer } from '../../src/model/tokenizers/vocabulary-tokenizer';
import { attentionBlock, CHARS, maskedBiGru, WORDS } from '../model/helpers/any-text-models';
import { GRAPH_VOCAB, writeTextGraphModel } from '../model/helpers/text-graph-fixture';
import { opaque, supplierFor } from '../model/helpers/token-gradient-supplier';

export interface KindUnderTest {
  model: ModelAdapter;
  /** The text field and one example whose prediction is not at a boundary. */
  example: Example;
  /** A second text, for generators that need a source of words (word replacer rules). */
  rules: string;
  cleanup?: () => void | Promise<void>;
}

export interface AdapterKind {
  /** Row label in the matrix. */
  kind: string;
  /** What the model is, for the table's legend. */
  what: string;
  build(): Promise<KindUnderTest>;
}

const MODELS = path.join(__dirname, '../../models');
/** A spam message for the models trained on SpamAssassin. */
const SPAM = { text: 'Click here to win free money now, limited offer' };
const SPAM_RULES = 'free -> paid\nwin -> lose';

let attention: Promise<tf.LayersModel> | undefined;
/** The functional model with its word tokenizer, trained once: also the model behind the predict-only kinds. */
async function wordAttention(): Promise<LayersTextAdapter> {
  attention ??= attentionBlock();
  const tokenizer = wordTokenizer({ vocabulary: WORDS, padId: 0, unknownId: 1, lowercase: true });
  return layersModelAdapter(await attention, { inputSpec, outputSpec, tokenizer, padding: 'left' }) as LayersTextAdapter;
}

const outputSpec: Spec = { probas: { kind: 'MulticlassPreds', vocab: ['negative', 'positive'] } };
const inputSpec: Spec = { text: { kind: 'TextSegment' } };

export const KINDS: AdapterKind[] = [
  {
    kind: 'sequential (tslit.json)',
    what: 'models/spam: Embedding → pooling → Dense, loaded with its tslit.json',
    build: async () => ({ model: await loadModel(path.join(MODELS, 'spam')), example: SPAM, rules: SPAM_RULES }),
  },
  {
    kind: 'functional with residuals',
    what: 'word ids → Embedding + position → self-attention + residual → LayerNorm → pool → Dense (left padding)',
    build: async () => ({ model: await wordAttention(), example: { text: 'the film was good' }, rules: 'good -> bad\nfilm -> plot' }),
  },
  {
    kind: 'masked RNN',
    what: 'character ids → Embedding(maskZero) → BiGRU + residual → GRU → Dense',
    build: async () => {
      const tokenizer = characterTokenizer({ vocabulary: CHARS, padId: 0, unknownId: 1 });
      return { model: layersModelAdapter(await maskedBiGru(), { inputSpec, outputSpec, tokenizer }), example: { text: 'the film was good' }, rules: 'good -> bad\nfilm -> plot' };
    },
  },
  {
    kind: 'GraphModel',
    what: 'a hand-written tfjs graph (gather → residual branch → max and mean pooling → MatMul → Softmax), explained at its embedding node, its table named for HotFlip (`embeddingTable`)',
    build: async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-graph-'));
      writeTextGraphModel(dir);
      const graph = await loadGraphModelFromDir(dir);
      const model = graphModelAdapter(graph, {
        name: 'text-graph', inputSpec: { review: { kind: 'TextSegment' } }, outputSpec,
        tokenizer: wordTokenizer({ vocabulary: GRAPH_VOCAB, padId: 0, unknownId: 1 }), embeddingNode: 'embedding', embeddingTable: 'table',
      });
      return { model, example: { review: 'great film good plot' }, rules: 'good -> bad\ngreat -> awful', cleanup: () => { graph.dispose(); fs.rmSync(dir, { recursive: true, force: true }); } };
    },
  },
  {
    kind: 'converted Keras',
    what: 'models/spam-bigru: a masked bidirectional GRU trained with tf_keras and converted by tensorflowjs, loaded with its tslit.json',
    build: async () => ({ model: await loadModel(path.join(MODELS, 'spam-bigru')), example: SPAM, rules: SPAM_RULES }),
  },
  {
    kind: 'ONNX',
    what: 'models/spam-onnx: a PyTorch Embedding → Conv1d → max pool → Linear exported to ONNX, run by onnxruntime-node (`onnxModel`)',
    build: async () => {
      const model = await onnxModel(path.join(MODELS, 'spam-onnx', 'model.onnx'));
      return { model, example: SPAM, rules: SPAM_RULES, cleanup: () => model.release() };
    },
  },
  {
    kind: 'transformers.js',
    what: 'models/tiny-bert-spam: a 2-layer BERT text-classification folder run by transformers.js (`transformersModel`), its WordPiece tokenizer.json read by `hfTokenizer`',
    build: async () => {
      const model = await transformersModel(path.join(MODELS, 'tiny-bert-spam'));
      return { model, example: SPAM, rules: SPAM_RULES, cleanup: () => model.dispose() };
    },
  },
  {
    kind: 'predict function',
    what: 'the functional model behind an opaque async predict(examples), with its tokenizer',
    build: async () => {
      const inner = await wordAttention();
      const tokenizer = inner.tokenizer?.();
      const wrapped = predictFnAdapter((rows) => inner.predict(rows), { name: 'predict-only', inputSpec, outputSpec });
      const model: ModelAdapter = { name: wrapped.name, inputSpec: () => inputSpec, outputSpec: () => outputSpec, predict: (rows, o) => wrapped.predict(rows, o), ...(tokenizer ? { tokenizer: () => tokenizer } : {}) };
      return { model, example: { text: 'the film was good' }, rules: 'good -> bad\nfilm -> plot' };
    },
  },
  {
    kind: 'gradient-supplying function',
    what: 'the functional model behind a predict function, with `withTokenGradients(model, { embed, gradients, vocabulary })` answering in plain arrays (as a PyTorch process or a server would)',
    build: async () => {
      const inner = await wordAttention();
      const model = withTokenGradients(opaque(inner, 'supplies-gradients'), supplierFor(inner, WORDS));
      return { model, example: { text: 'the film was good' }, rules: 'good -> bad\nfilm -> plot', cleanup: () => model.dispose() };
    },
  },
];
