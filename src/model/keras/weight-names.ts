/**
 * Keras weight names in a converted model.json, matched to the tfjs-layers layers that own them.
 * Pure functions over names.
 *
 * Keras 3 names a weight by its path in the saved model, not by the layer's name: the first
 * Dense is `layers/dense/vars/0`, the second `layers/dense_1/vars/0`, a GRU's `layers/gru/cell/vars/i`
 * (Keras's `saving_lib`: the class name in snake case, numbered per class in `model.layers` order),
 * and the optimizer's variables ship beside them (`optimizer/vars/i`). tfjs-layers 4.22 looks
 * weights up as `<layer name>/<weight>`, so they are matched by that path, in Keras's variable
 * order, and the optimizer's are dropped. Keras 2's Normalization writes `mean`, `variance`,
 * `count` with no layer prefix.
 */

/** Keras's `to_snake_case` of a class name: `GRU` → `gru`, `LayerNormalization` → `layer_normalization`. */
export function snakeCase(className: string): string {
  return className
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** Each layer's Keras 3 weight path (`layers/dense_1`), from its class, numbered per class in order. */
export function keras3LayerPaths(layers: ReadonlyArray<{ name: string; className: string }>): Map<string, string> {
  const used = new Map<string, number>();
  const paths = new Map<string, string>();
  for (const { name, className } of layers) {
    const base = snakeCase(className);
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    paths.set(name, `layers/${n === undefined ? base : `${base}_${n + 1}`}`);
  }
  return paths;
}

/** Path segments in Keras's variable order: numbers numerically, a forward layer before a backward one. */
function segmentKey(segment: string): string {
  if (/^\d+$/.test(segment)) return segment.padStart(8, '0');
  if (segment === 'forward_layer') return '0' + segment;
  if (segment === 'backward_layer') return '1' + segment;
  return '2' + segment;
}

function compareWeightPaths(a: string, b: string): number {
  const x = a.split('/').map(segmentKey);
  const y = b.split('/').map(segmentKey);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return x.length - y.length;
}

/** The weight names under a layer's path, in Keras's variable order. */
export function weightsUnder(names: readonly string[], layerPath: string): string[] {
  return names.filter((n) => n.startsWith(layerPath + '/')).sort(compareWeightPaths);
}

/** True for Keras 3's optimizer and metric state, which a model for inference does not carry. */
export function isTrainingState(name: string): boolean {
  return !name.startsWith('layers/');
}

const LEGACY_NORMALIZATION = ['mean', 'variance', 'count'];

/**
 * Keras 2's unprefixed Normalization weights renamed `<layer>/mean` …; throws when more than
 * one Normalization layer could own them.
 */
export function prefixLegacyNormalization(names: readonly string[], normalizationLayers: readonly string[]): Map<string, string> {
  const bare = names.filter((n) => LEGACY_NORMALIZATION.includes(n));
  const renamed = new Map<string, string>();
  if (bare.length === 0) return renamed;
  if (normalizationLayers.length !== 1) {
    throw new Error(`model.json has Normalization weights (${bare.join(', ')}) without a layer name and ${normalizationLayers.length} Normalization layers (${normalizationLayers.join(', ') || 'none'}): convert it with tslit convert from the Keras 3 .keras file, or keep one Normalization layer`);
  }
  for (const n of bare) renamed.set(n, `${normalizationLayers[0]}/${n}`);
  return renamed;
}
