/**
 * Perturbations of one weight tensor, as pure functions over its values: Gaussian noise at a
 * scale relative to the tensor's own spread, zeroing a random fraction of the weights, and
 * ablating chosen output units (or attention heads, which are blocks of units).
 *
 * Notes: values are the row-major contents of a tensor whose LAST axis is the layer's output
 * units (tfjs-layers kernels are [in, out], biases [out], conv kernels [h, w, in, out]), so a
 * unit's weights are every `shape.at(-1)`-th value. Randomness comes from a seeded source, so
 * a profile is the same for the same seed on every backend.
 */
import { seededRandom, type Random } from '../salience/random';

/** How one weight tensor is changed. */
export type Perturbation =
  /** w + N(0, (scale · std(W))²) per weight; std of the whole tensor (rms for a constant tensor). */
  | { kind: 'gaussian'; scale: number }
  /** A random `fraction` of the weights set to 0. */
  | { kind: 'zero'; fraction: number }
  /** Every weight feeding the listed output units (last axis) set to 0: the units are switched off. */
  | { kind: 'ablate-units'; units: readonly number[] };

/** Throws naming the option that is out of range. */
export function checkPerturbation(p: Perturbation): void {
  if (p.kind === 'gaussian') {
    if (!Number.isFinite(p.scale) || p.scale < 0) throw new RangeError(`perturbation scale must be a finite number >= 0, got ${p.scale}`);
  } else if (p.kind === 'zero') {
    if (!Number.isFinite(p.fraction) || p.fraction < 0 || p.fraction > 1) throw new RangeError(`perturbation fraction must be in [0, 1], got ${p.fraction}`);
  } else if (p.kind === 'ablate-units') {
    if (!Array.isArray(p.units) || p.units.length === 0 || !p.units.every((u) => Number.isInteger(u) && u >= 0)) {
      throw new RangeError(`ablate-units needs a non-empty list of unit indices (integers >= 0), got ${JSON.stringify(p.units)}`);
    }
  } else {
    throw new RangeError(`unknown perturbation kind ${JSON.stringify((p as { kind?: unknown }).kind)}; use 'gaussian', 'zero' or 'ablate-units'`);
  }
}

/** Standard deviation of the values (population), or their root mean square when they are all equal. */
export function spread(values: Float32Array): number {
  const n = values.length;
  if (n === 0) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let v = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    v += (values[i] - mean) ** 2;
    sq += values[i] ** 2;
  }
  const std = Math.sqrt(v / n);
  return std > 0 ? std : Math.sqrt(sq / n);
}

/**
 * The perturbed copy of `values` (shape `shape`). Units beyond the tensor's last axis are
 * refused naming the axis size, so an ablation never silently does nothing.
 */
export function perturbValues(values: Float32Array, shape: readonly number[], p: Perturbation, random: Random): Float32Array {
  const out = Float32Array.from(values);
  if (p.kind === 'gaussian') {
    const sigma = p.scale * spread(values);
    for (let i = 0; i < out.length; i++) out[i] += sigma * random.normal();
  } else if (p.kind === 'zero') {
    // Exactly round(fraction · n) weights, chosen by a partial Fisher–Yates shuffle.
    const n = out.length;
    const k = Math.round(p.fraction * n);
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + random.int(n - i);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
      out[order[i]] = 0;
    }
  } else {
    const units = shape.length === 0 ? 1 : shape[shape.length - 1];
    for (const u of p.units) {
      if (u >= units) throw new RangeError(`unit ${u} does not exist: the weight's last axis has ${units} units (0..${units - 1})`);
    }
    for (let i = 0; i < out.length; i++) if (p.units.includes(i % units)) out[i] = 0;
  }
  return out;
}

/** One seeded source per (seed, layer, repeat), so a layer's draws do not depend on which other layers were run. */
export function randomFor(seed: number, layerIndex: number, repeat: number): Random {
  return seededRandom((Math.imul(seed >>> 0, 0x01000193) ^ Math.imul(layerIndex + 1, 0x9e3779b1) ^ Math.imul(repeat + 1, 0x85ebca6b)) >>> 0);
}
