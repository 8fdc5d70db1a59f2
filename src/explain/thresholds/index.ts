/** Threshold and fairness tuning for binary classifiers (LIT's thresholder, What-If Tool). */
export * from './types';
export { litThresholdGrid } from './checkInput';
export { confusionCurve, type ConfusionCurve } from './confusionCurve';
export { fairnessMeasures, type FairnessStrategy } from './fairnessMeasures';
export {
  evaluateThreshold, optimalThreshold, perGroupOptimalThresholds, singleThresholdForGroups, fairThresholds,
  tuneThresholds, type FairnessOptions,
} from './tune';
