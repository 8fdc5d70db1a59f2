/** Parameter sensitivity: metric drop per layer when its weights are perturbed. */
export { parameterSensitivity, isParameterized, type SensitivityOptions, type SensitivityProfile, type LayerSensitivity, type SliceSensitivity, type ParameterizedAdapter } from './profile';
export { perturbValues, checkPerturbation, type Perturbation } from './perturbations';
export { SENSITIVITY_METRICS, resolveMetric, type SensitivityMetric, type MetricInput, type OutputTable } from './metrics';
export { weightedLayers, withLayerWeights, readWeights, type WeightedLayer } from './weights';
