/** Inputs and results of threshold and fairness tuning for binary classifiers. */
import type { Scores } from '../../core/metrics';

/** Named disjoint groups of rows (e.g. one per value of a sensitive feature). */
export type Groups = Record<string, Uint32Array>;

/** Scores and labels of a binary classifier, with the costs and candidates to tune over. */
export interface ThresholdInput {
  /** The positive-class score of each row; a row is predicted positive when score >= threshold. */
  scores: Scores;
  /** 1 for a positive row, 0 for a negative row. */
  labels: Int32Array;
  /** Cost of one false positive relative to one false negative (LIT's `cost_ratio`); default 1. */
  costRatio?: number;
  /** Groups for per-group and fairness strategies. */
  groups?: Groups;
  /** Thresholds to consider, strictly increasing; default LIT's grid 0, 0.01, ..., 1. */
  candidates?: Float64Array;
}

/** Counts of one binary confusion matrix. */
export interface BinaryConfusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** A threshold with the confusion counts and cost it yields on some rows. */
export interface ThresholdChoice {
  threshold: number;
  confusion: BinaryConfusion;
  /** `costRatio * fp + fn`. */
  cost: number;
}

/** Names of the per-group strategies, as LIT's threshold panel offers them. */
export type GroupStrategy = 'single' | 'individual' | 'demographicParity' | 'equalOpportunity' | 'equalAccuracy';

/** One threshold per group under one strategy, with the summed cost. */
export interface GroupThresholds {
  strategy: GroupStrategy;
  groups: Record<string, ThresholdChoice & { measure: number }>;
  totalCost: number;
}
