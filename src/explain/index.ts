/**
 * The explain layer in one import: salience, counterfactual generators, threshold and fairness tuning.
 *
 * Notes: partial dependence and projections join here once finished; until then import them
 * from their own folders. Rank correlation (`spearman`) is a metric and lives in core/metrics.
 */
export * from './salience/index';
export * from './counterfactuals/index';
export * from './thresholds/index';
