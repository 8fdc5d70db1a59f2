/**
 * Tabular attributions at the granularity a person edits: one score per raw feature, the
 * one-hot columns of a categorical folded together, with the column scores kept as detail.
 *
 * Notes: additive scores (IG, gradient×input) are summed over a feature's columns, so
 * completeness still holds feature by feature; magnitudes (gradient norm) combine as the L2
 * norm of the columns. Models without `featureGroups` (text, images, plain feature vectors)
 * keep their labels.
 */
import type { DifferentiableModel, EncodedInput } from '../../model/adapter';
import { sumByFeature } from '../../model/encode/tabular';
import type { ColumnScores } from './types';

export function featureGranularity(model: DifferentiableModel, enc: EncodedInput, scores: Float32Array, how: 'sum' | 'l2'): { labels: string[]; scores: Float32Array; columns?: ColumnScores } {
  const groups = enc.align === 'features' && typeof model.featureGroups === 'function' ? model.featureGroups() : undefined;
  const covered = groups?.reduce((n, g) => n + g.columns.length, 0);
  if (!groups || groups.length === 0 || covered !== enc.labels.length) return { labels: enc.labels, scores };
  const labels = groups.map((g) => g.feature);
  const folded = how === 'sum'
    ? Float32Array.from(sumByFeature(scores, groups))
    : Float32Array.from(groups, (g) => Math.sqrt(g.columns.reduce((s, c) => s + scores[c] * scores[c], 0)));
  if (groups.length === enc.labels.length) return { labels, scores: folded };
  return { labels, scores: folded, columns: { labels: enc.labels, scores } };
}
