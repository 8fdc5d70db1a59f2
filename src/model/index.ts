/**
 * The model layer's public API: adapters, backend choice, loading from disk, and the checks
 * and helpers that `explain/` and `widgets/` use. Datasets live in `./dataset`.
 */
import './tfjs-fixes';
export { installTfjsFixes } from './tfjs-fixes';
export type { ModelAdapter, DifferentiableModel, EncodedInput, AlignKind, PredictOptions, FeatureGroup } from './adapter';
export { isDifferentiable, forExample } from './adapter';
export type { Tokenizer, TextToken, TokenizerKind } from './tokenizer';
export { wordTokenizer, characterTokenizer, type VocabularyTokenizerOptions } from './tokenizers/vocabulary-tokenizer';
export { hfTokenizer, type HfTokenizerOptions } from './tokenizers/hf-tokenizer';
export type { ModelMetadata, TextPreprocessing, TabularPreprocessing, ImagePreprocessing, TabularFeature } from './metadata';

export {
  initBackend, useBackend, activeBackend, describeBackend, installedBackends, wasmDistDir,
  missingKernels, withBackendFor, withKernelFallback, MissingKernelError,
  BACKEND_PREFERENCE, type BackendName, type BackendReport, type BackendAttempt,
} from './backend';

export { saveModelToDir, loadLayersModelFromDir, loadGraphModelFromDir, dirLoadHandler } from './io/file-system';
export { loadModel, readMetadata, adapterFromMetadata, METADATA_JSON } from './load-model';
export { loadKerasLayersModel } from './keras/load-keras';

export { BatchedAdapter, DEFAULT_BATCH_SIZE, type AdapterOptions } from './adapters/batched-adapter';
export { TensorModelAdapter } from './adapters/tensor-adapter';
export {
  plainLayersModelAdapter, plainGraphModelAdapter, ModelFnAdapter, DifferentiableModelFnAdapter,
  type ModelFn, type ModelFnAdapterOptions,
} from './adapters/model-fn-adapter';
export { layersModelAdapter } from './adapters/layers-model';
export { graphModelAdapter } from './adapters/graph-model';
export { GraphTextAdapter, type GraphTextAdapterOptions } from './adapters/graph-text-adapter';
export { LayersTextAdapter, type LayersTextAdapterOptions, type TextLayerOptions } from './adapters/layers-text-adapter';
export { withLayerOutput } from './encode/layer-output-hook';
export { predictFnAdapter, PredictFnAdapter, checkPrediction, type PredictFn, type PredictFnAdapterOptions } from './adapters/predict-fn-adapter';
export * from './remote/index';
export { MetadataAdapter } from './adapters/metadata-adapter';
export { TextModelAdapter } from './adapters/text-adapter';
export { TabularModelAdapter } from './adapters/tabular-adapter';
export { ImageModelAdapter } from './adapters/image-adapter';
export { findMainOutput, mainOutput, tensorOutputFields, type MainOutputField } from './adapters/tensor-outputs';

export { checkSpec, checkOutputParents, checkModelAgainstDataset, validateExamples, checkOutputShape, valueProblem } from './predict/spec-check';
export { AbortError, throwIfAborted, runInBatches, yieldToEventLoop } from './predict/batches';
export { PredictionCache } from './predict/prediction-cache';
export { exampleKey } from './predict/example-key';

export { tokenize, tokensToIds, padIds, vocabIndex, tokenRegExp } from './encode/text';
export { columnLabels, featureGroups, sumByFeature, tabularToTensor } from './encode/tabular';
export { pixelsToTensor, pixelLabels } from './encode/image';
