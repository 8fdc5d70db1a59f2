/**
 * Parameters of a user-registered method or generator: what the kernel publishes so a view
 * can draw one control per parameter, and the checks both sides apply to a value.
 *
 * Notes: plain data (no DOM, no tfjs). Names and labels come from the person's cell and are
 * shown with textContent only.
 */

interface ParamBase {
  /** Key in the values object; letters, digits and _ (starting with a letter). */
  name: string;
  /** Shown beside the control (default the name). */
  label?: string;
}
export interface NumberParam extends ParamBase { kind: 'number'; default: number; min?: number; max?: number; step?: number; integer?: boolean }
export interface ChoiceParam extends ParamBase { kind: 'choice'; choices: string[]; default: string }
export interface BooleanParam extends ParamBase { kind: 'boolean'; default: boolean }
export interface TextParam extends ParamBase { kind: 'text'; default: string }
export type ParamSpec = NumberParam | ChoiceParam | BooleanParam | TextParam;

export type ParamValue = number | string | boolean;
export type ParamValues = Record<string, ParamValue>;

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Throws naming the parameter and what is wrong with its spec. */
export function checkParamSpecs(specs: unknown, owner: string): ParamSpec[] {
  if (specs === undefined) return [];
  if (!Array.isArray(specs)) throw new TypeError(`${owner}: params must be an array of parameter specs`);
  const seen = new Set<string>();
  return specs.map((raw, i): ParamSpec => {
    const p = raw as Partial<ParamSpec> & { kind?: unknown };
    const where = `${owner}: parameter ${i}${typeof p?.name === 'string' ? ` '${p.name}'` : ''}`;
    if (p === null || typeof p !== 'object') throw new TypeError(`${where} must be an object`);
    if (typeof p.name !== 'string' || !NAME.test(p.name)) throw new TypeError(`${where}: name must be letters, digits and _ starting with a letter`);
    if (seen.has(p.name)) throw new TypeError(`${where}: the name is used twice`);
    seen.add(p.name);
    if (p.label !== undefined && typeof p.label !== 'string') throw new TypeError(`${where}: label must be text`);
    if (p.kind === 'number') {
      const n = p as NumberParam;
      for (const key of ['min', 'max', 'step'] as const) if (n[key] !== undefined && !Number.isFinite(n[key])) throw new TypeError(`${where}: ${key} must be a finite number`);
      if (n.min !== undefined && n.max !== undefined && n.min > n.max) throw new RangeError(`${where}: min ${n.min} is above max ${n.max}`);
      const problem = numberProblem(n, n.default);
      if (problem) throw new RangeError(`${where}: default ${problem}`);
      return { ...n };
    }
    if (p.kind === 'choice') {
      const c = p as ChoiceParam;
      if (!Array.isArray(c.choices) || c.choices.length === 0 || !c.choices.every((x) => typeof x === 'string')) throw new TypeError(`${where}: choices must be a non-empty list of text`);
      if (!c.choices.includes(c.default)) throw new RangeError(`${where}: default ${JSON.stringify(c.default)} is not one of the choices`);
      return { ...c, choices: [...c.choices] };
    }
    if (p.kind === 'boolean') {
      if (typeof (p as BooleanParam).default !== 'boolean') throw new TypeError(`${where}: default must be true or false`);
      return { ...(p as BooleanParam) };
    }
    if (p.kind === 'text') {
      if (typeof (p as TextParam).default !== 'string') throw new TypeError(`${where}: default must be text`);
      return { ...(p as TextParam) };
    }
    throw new TypeError(`${where}: kind must be 'number', 'choice', 'boolean' or 'text', got ${JSON.stringify(p.kind)}`);
  });
}

function numberProblem(p: NumberParam, v: unknown): string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `must be a finite number, got ${JSON.stringify(v)}`;
  if (p.integer && !Number.isInteger(v)) return `must be a whole number, got ${v}`;
  if (p.min !== undefined && v < p.min) return `must be at least ${p.min}, got ${v}`;
  if (p.max !== undefined && v > p.max) return `must be at most ${p.max}, got ${v}`;
  return undefined;
}

/** The defaults of `specs`. */
export function defaultValues(specs: readonly ParamSpec[]): ParamValues {
  return Object.fromEntries(specs.map((p) => [p.name, p.default]));
}

/** `values` checked against `specs` (missing ones take their default); throws naming the parameter. */
export function checkParamValues(specs: readonly ParamSpec[], values: unknown, owner: string): ParamValues {
  const given = (values !== null && typeof values === 'object' ? values : {}) as Record<string, unknown>;
  const known = new Set(specs.map((p) => p.name));
  const extra = Object.keys(given).filter((k) => !known.has(k));
  if (extra.length > 0) throw new RangeError(`${owner}: unknown parameter ${extra.map((k) => `'${k}'`).join(', ')} (parameters: ${[...known].join(', ') || 'none'})`);
  const out: ParamValues = {};
  for (const p of specs) {
    const v = given[p.name] ?? p.default;
    let problem: string | undefined;
    if (p.kind === 'number') problem = numberProblem(p, v);
    else if (p.kind === 'choice') problem = typeof v === 'string' && p.choices.includes(v) ? undefined : `must be one of ${p.choices.join(', ')}, got ${JSON.stringify(v)}`;
    else if (p.kind === 'boolean') problem = typeof v === 'boolean' ? undefined : `must be true or false, got ${JSON.stringify(v)}`;
    else problem = typeof v === 'string' ? undefined : `must be text, got ${JSON.stringify(v)}`;
    if (problem) throw new RangeError(`${owner}: parameter '${p.name}' ${problem}`);
    out[p.name] = v as ParamValue;
  }
  return out;
}
