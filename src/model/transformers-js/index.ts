/** Text classifiers from local transformers.js folders (ONNX Runtime), never from the Hub. */
export { transformersModel, TransformersTextModel, type TransformersModelOptions } from './transformers-model';
export type { TransformersDtype } from './local-folder';
