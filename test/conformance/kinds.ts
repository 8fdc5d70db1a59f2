/**
 * The adapter kinds of the conformance matrix (issue 16, item 9): one text model of each kind a
 * person may bring, each with a way to ask the model itself what it predicts, so every cell of
 * the matrix can be checked against the model rather than against tslit.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Example, Spec } from '../../src/core/spec';
import type { ModelAdapter } from '../../src/model/adapter';
import { layersModelAdapter } from '../../src/model/adapters/layers-model';
import { graphModelAdapter } from '../../src/model/adapters/graph-model';
import { predictFnAdapter } from '../../src/model/adapters/predict-fn-adapter';
import { loadModel } from '../../src/model/load-model';
import { loadGraphModelFromDir } from '../../src/model/io/file-system';
import { characterTokenizer, wordTokenizer } from '../../src/model/tokenizers/vocabulary-tokenizer';
import { attentionBlock, CHARS, maskedBiGru, WORDS } from '../model/helpers/any-text-models';
import { GRAPH_VOCAB, writeTextGraphModel } from '../model/helpers/text-graph-fixture';

export interface KindUnderTest {
  model: ModelAdapter;
  /** The text field and one example whose prediction is not at a boundary. */
  example: Example;
  /** A second text, for generators that need a source of words (word replacer rules). */
  rules: string;
  cleanup?: () => void;
}

export interface AdapterKind {
  /** Row label in the matrix. */
  kind: string;
  /** What the model is, for the table's legend. */
  what: string;
  build(): Promise<KindUnderTest>;
}

const outputSpec: Spec = { probas: { kind: 'MulticlassPreds', vocab: ['negative', 'positive'] } };
const inputSpec: Spec = { text: { kind: 'TextSegment' } };

export const KINDS: AdapterKind[] = [
  {
    kind: 'sequential (tslit.json)',
    what: 'models/spam: Embedding → pooling → Dense, loaded with its tslit.json',
    build: async () => ({ model: await loadModel(path.join(__dirname, '../../models/spam')), example: { text: 'Click here to win free money now, limited offer' }, rules: 'free -> paid\nwin -> lose' }),
  },
  {
    kind: 'functional with residuals',
    what: 'word ids → Embedding + position → self-attention + residual → LayerNorm → pool → Dense (left padding)',
    build: async () => {
      const tokenizer = wordTokenizer({ vocabulary: WORDS, padId: 0, unknownId: 1, lowercase: true });
      return { model: layersModelAdapter(await attentionBlock(), { inputSpec, outputSpec, tokenizer, padding: 'left' }), example: { text: 'the film was good' }, rules: 'good -> bad\nfilm -> plot' };
    },
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
    what: 'a hand-written tfjs graph (gather → residual branch → max and mean pooling → MatMul → Softmax), explained at its embedding node',
    build: async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-graph-'));
      writeTextGraphModel(dir);
      const graph = await loadGraphModelFromDir(dir);
      const model = graphModelAdapter(graph, {
        name: 'text-graph', inputSpec: { review: { kind: 'TextSegment' } }, outputSpec,
        tokenizer: wordTokenizer({ vocabulary: GRAPH_VOCAB, padId: 0, unknownId: 1 }), embeddingNode: 'embedding',
      });
      return { model, example: { review: 'great film good plot' }, rules: 'good -> bad\ngreat -> awful', cleanup: () => { graph.dispose(); fs.rmSync(dir, { recursive: true, force: true }); } };
    },
  },
  {
    kind: 'predict function',
    what: 'the functional model behind an opaque async predict(examples), with its tokenizer',
    build: async () => {
      const tokenizer = wordTokenizer({ vocabulary: WORDS, padId: 0, unknownId: 1, lowercase: true });
      const inner = layersModelAdapter(await attentionBlock(), { inputSpec, outputSpec, tokenizer, padding: 'left' });
      const wrapped = predictFnAdapter((rows) => inner.predict(rows), { name: 'predict-only', inputSpec, outputSpec });
      const model: ModelAdapter = { name: wrapped.name, inputSpec: () => inputSpec, outputSpec: () => outputSpec, predict: (rows, o) => wrapped.predict(rows, o), tokenizer: () => tokenizer };
      return { model, example: { text: 'the film was good' }, rules: 'good -> bad\nfilm -> plot' };
    },
  },
];
