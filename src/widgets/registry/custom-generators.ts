/**
 * Running a registered counterfactual generator: its candidates are checked against the
 * model's input spec (an error names the candidate and field), duplicates and copies of the
 * original dropped, predicted in one batch, and the changed fields marked — what the
 * counterfactuals view shows for the built-in generators.
 */
import type { Example } from '../../core/spec';
import type { CounterfactualResult } from '../../explain/counterfactuals';
import type { ModelAdapter } from '../../model/adapter';
import { exampleKey } from '../../model/predict/example-key';
import { validateExamples } from '../../model/predict/spec-check';
import type { GeneratorContext, GeneratorPiece } from './pieces';
import { runUserCode, UserCodeError } from './user-code';

export async function runCustomGenerator(piece: GeneratorPiece, model: ModelAdapter, example: Example, context: GeneratorContext): Promise<CounterfactualResult> {
  const owner = `generator '${piece.name}'`;
  const out = await runUserCode(owner, () => piece.generate(model, example, context));
  if (!Array.isArray(out)) throw new UserCodeError(owner, `returned ${out === null ? 'null' : typeof out}, not a list of examples`);
  const fields = Object.keys(model.inputSpec()).sort();
  const seen = new Set<string>([exampleKey(example, fields)]);
  const fresh: Example[] = [];
  out.forEach((candidate, i) => {
    if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) throw new UserCodeError(owner, `candidate ${i} is ${candidate === null ? 'null' : typeof candidate}, not an example`);
    // Fields the generator left out keep the original's values.
    const full: Example = { ...example, ...(candidate as Example) };
    try {
      validateExamples(model.inputSpec(), [full]);
    } catch (e) {
      throw new UserCodeError(owner, `candidate ${i}: ${(e as Error).message}`);
    }
    const key = exampleKey(full, fields);
    if (seen.has(key)) return;
    seen.add(key);
    fresh.push(full);
  });
  if (fresh.length === 0) return { examples: [], calls: 0, predicted: 0, reason: `${owner} returned no example that differs from the original` };
  const predictions = await model.predict(fresh, { signal: context.signal });
  return {
    examples: fresh.map((e, i) => {
      const changed = Object.keys(model.inputSpec()).filter((f) => exampleKey({ v: e[f] ?? null }, ['v']) !== exampleKey({ v: example[f] ?? null }, ['v']));
      return { example: e, prediction: predictions[i], changed: { fields: changed }, distance: changed.length };
    }),
    calls: 1,
    predicted: fresh.length,
  };
}
