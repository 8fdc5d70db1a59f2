/**
 * Salience methods over the model layer's adapters: gradients, integrated gradients,
 * SmoothGrad, LIME, Kernel SHAP and occlusion. Each is a pure function of a model and one
 * example that disposes every tensor it makes.
 */
export * from './types';
export { SalienceInputError } from './errors';
export { gradientNorm, gradientTimesInput, type GradientTimesInputOptions } from './gradientSalience';
export { integratedGradients, IG_DEFAULTS, type IntegratedGradientsOptions } from './integratedGradients';
export { smoothGrad, type SmoothGradOptions } from './smoothGrad';
export { lime, type LimeOptions } from './lime';
export { kernelShap, type KernelShapOptions } from './kernelShap';
export { occlusion, type OcclusionOptions } from './occlusion';
export { quadrature, gaussLegendre, adaptiveGaussLegendre, type QuadratureRule } from './quadrature';
export type { BaselineChoice } from './baseline';
export { BACKGROUND_SAMPLES, type BaselineUsed, type TabularBaseline } from './tabular-baseline';
export type { Background } from './background';
export type { TokenMask } from './perturb';
export {
  limePredict, kernelShapPredict, occlusionPredict,
  type BlackBoxOptions, type LimeBlackBoxOptions, type KernelShapBlackBoxOptions,
} from './blackBox';
