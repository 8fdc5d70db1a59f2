/**
 * The quantities each fairness strategy equalises across groups, as in LIT's thresholder
 * (and the What-If Tool before it).
 */
import type { BinaryConfusion } from './types';

/** A strategy that equalises a measure across groups. */
export type FairnessStrategy = 'demographicParity' | 'equalOpportunity' | 'equalAccuracy';

/** The measure a fairness strategy equalises; NaN when undefined for the counts. */
export const fairnessMeasures: Record<FairnessStrategy, (c: BinaryConfusion) => number> = {
  /** Positive rate: (TP + FP) / all. */
  demographicParity: (c) => (c.tp + c.fp) / (c.tp + c.fp + c.tn + c.fn),
  /** True positive rate: TP / (TP + FN); NaN for a group without positives. */
  equalOpportunity: (c) => c.tp / (c.tp + c.fn),
  /** Accuracy: (TP + TN) / all. */
  equalAccuracy: (c) => (c.tp + c.tn) / (c.tp + c.fp + c.tn + c.fn),
};
