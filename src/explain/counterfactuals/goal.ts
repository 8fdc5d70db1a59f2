/**
 * What "flipped" means for one example: another class, a target class, the other side of a
 * regression threshold, or a target score range.
 *
 * Notes: `progress` ranks candidates that did not flip yet (larger is closer; log-probabilities,
 * so that tiny changes of a saturated softmax still rank), and `objective`
 * tells gradient methods which output to push and in which direction.
 */
import type { Prediction } from '../../core/spec';
import { MainOutput, predictedClass, probabilities, score } from './main-output';

export interface FlipGoal {
  /** Multiclass: the class to reach. Default: any class other than the original prediction. */
  targetClass?: string;
  /** Regression: reach the other side of this score. */
  threshold?: number;
  /** Regression (or tabular): reach a score within [min, max]. */
  targetRange?: readonly [number, number];
}

/** Maximise `sign * log p[index]` (multiclass) or `sign * score` (regression). */
export type Objective = { kind: 'class'; index: number; sign: 1 | -1 } | { kind: 'score'; sign: 1 | -1 };

export interface Judge {
  reached(pred: Prediction): boolean;
  progress(pred: Prediction): number;
  objective: Objective;
  /** Short words for reasons and reports, e.g. `class "spam" -> any other class`. */
  describe: string;
}

/** Sum of the probabilities of every class but `from`. */
function otherMass(p: ArrayLike<number>, from: number): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) if (i !== from) s += p[i];
  return s;
}

/** Builds the judge for `goal` given the original prediction; throws on a goal the model cannot meet. */
export function makeJudge(out: MainOutput, original: Prediction, goal: FlipGoal = {}): Judge {
  if (out.kind === 'multiclass') {
    if (goal.threshold !== undefined || goal.targetRange !== undefined) {
      throw new Error(`threshold/targetRange apply to regression models; output "${out.field}" is multiclass (use targetClass)`);
    }
    const from = predictedClass(original, out);
    if (goal.targetClass !== undefined) {
      const t = out.classes.indexOf(goal.targetClass);
      if (t < 0) throw new Error(`targetClass "${goal.targetClass}" is not one of ${JSON.stringify(out.classes)}`);
      return {
        reached: (p) => predictedClass(p, out) === t,
        progress: (p) => Math.log(probabilities(p, out)[t]),
        objective: { kind: 'class', index: t, sign: 1 },
        describe: `class "${out.classes[from]}" -> "${out.classes[t]}"`,
      };
    }
    return {
      reached: (p) => predictedClass(p, out) !== from,
      // log of the other classes' mass: unlike -p[from], it still ranks candidates when p[from] rounds to 1.
      progress: (p) => Math.log(otherMass(probabilities(p, out), from)),
      objective: { kind: 'class', index: from, sign: -1 },
      describe: `class "${out.classes[from]}" -> any other class`,
    };
  }
  if (goal.targetClass !== undefined) throw new Error(`targetClass applies to multiclass models; output "${out.field}" is a regression score`);
  const s0 = score(original, out);
  if (goal.targetRange !== undefined) {
    const [lo, hi] = goal.targetRange;
    if (!(lo <= hi)) throw new Error(`targetRange [${lo}, ${hi}] is empty`);
    return {
      reached: (p) => { const s = score(p, out); return s >= lo && s <= hi; },
      progress: (p) => { const s = score(p, out); return -Math.max(lo - s, s - hi, 0); },
      objective: { kind: 'score', sign: s0 < lo ? 1 : -1 },
      describe: `score ${s0.toPrecision(4)} -> [${lo}, ${hi}]`,
    };
  }
  if (goal.threshold === undefined) {
    throw new Error(`regression output "${out.field}" needs a threshold or targetRange to say what a flip is`);
  }
  const thr = goal.threshold;
  const above = s0 >= thr;
  return {
    reached: (p) => (score(p, out) >= thr) !== above,
    progress: (p) => (above ? -score(p, out) : score(p, out)),
    objective: { kind: 'score', sign: above ? -1 : 1 },
    describe: `score ${s0.toPrecision(4)} -> ${above ? 'below' : 'at or above'} ${thr}`,
  };
}
