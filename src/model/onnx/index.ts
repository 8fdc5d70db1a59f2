/** ONNX models through onnxruntime-node (loaded on first use). */
export { onnxModel, onnxSettingsOptions } from './load';
export { OnnxModel } from './onnx-model';
export type { OnnxModelOptions, OnnxTextOptions, OnnxTabularOptions, OnnxGenericOptions } from './options';
export type { TensorInfo as OnnxTensorInfo } from './session';
export type { OnnxBindings } from './bind';
