/** Counterfactual generators: text (word replacer, scrambler, ablation flip, HotFlip) and tabular (nearest in data, minimal change). */
export * from './types';
export type { FlipGoal } from './goal';
export { parseReplacementRules, wordReplacer } from './word-replacer';
export type { ReplacementRule, WordReplacerOptions } from './word-replacer';
export { scrambler } from './scrambler';
export type { ScramblerOptions } from './scrambler';
export { ablationFlip } from './ablation-flip';
export type { AblationFlipOptions } from './ablation-flip';
export { hotflip } from './hotflip';
export type { HotFlipOptions } from './hotflip';
export { nearestCounterfactual } from './nearest';
export type { NearestOptions } from './nearest';
export { minimalTabularCounterfactual } from './tabular-minimal';
export type { TabularCounterfactualOptions } from './tabular-minimal';
export type { FeatureDef, Metric } from './tabular-features';
export { forEachExample } from './for-each';
export type { ManyResults } from './for-each';
export { cutAfterTokens } from './text-spans';
