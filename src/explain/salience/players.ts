/**
 * The "players" of perturbation methods on tabular models: raw features, each owning one or
 * more model-space columns (a one-hot categorical switches all its columns together).
 *
 * Notes: uses the adapter's `featureGroups()` when it has one, else one column per player.
 */
import type { DifferentiableModel, EncodedInput } from '../../model/adapter';

export interface Players {
  labels: string[];
  columns: number[][];
}

export function tabularPlayers(model: DifferentiableModel, enc: EncodedInput): Players {
  const groups = typeof model.featureGroups === 'function' ? model.featureGroups() : undefined;
  if (groups && groups.length > 0) {
    return { labels: groups.map((g) => g.feature), columns: groups.map((g) => g.columns.slice()) };
  }
  return { labels: enc.labels.slice(), columns: enc.labels.map((_, i) => [i]) };
}

/** Writes one row: columns of players that are on come from `x`, the others from `fill`. */
export function composeRow(out: Float32Array, offset: number, players: Players, mask: ArrayLike<number>, x: ArrayLike<number>, fill: ArrayLike<number>): void {
  players.columns.forEach((cols, p) => {
    const src = mask[p] ? x : fill;
    for (const c of cols) out[offset + c] = src[c];
  });
}
