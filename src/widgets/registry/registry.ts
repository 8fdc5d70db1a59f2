/**
 * The one place where a session's views find metrics, salience methods, counterfactual
 * generators and custom views — the built-in ones and the ones a person registers from a
 * cell (`s.registry.addMetric({...})`).
 *
 * Notes: a registry belongs to a session (no module-level singleton): two sessions in one
 * notebook can hold different pieces. Registering validates the piece at once and throws
 * naming what is wrong; a registered piece replaces one of the same name only with
 * `{ replace: true }`, and never a built-in. Listeners (the views) are told after every change.
 */
import { checkParamSpecs, type ParamSpec } from '../../core/params';
import { SALIENCE_METHODS } from '../salience/params';
import { TABULAR_GENERATORS, TEXT_GENERATORS } from '../counterfactuals/generators';
import type { GeneratorPiece, MetricPiece, PieceKind, PieceOf, SaliencePiece, ViewPiece } from './pieces';

/** Built-in metric columns of the metrics table, in order. */
export const BUILTIN_METRICS = ['count', 'accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'prAuc', 'logLoss'] as const;

const NAME = /^[A-Za-z][A-Za-z0-9_ .\-]{0,63}$/;

const builtIns: Record<PieceKind, readonly string[]> = {
  metric: BUILTIN_METRICS,
  salience: SALIENCE_METHODS,
  generator: [...new Set([...TEXT_GENERATORS, ...TABULAR_GENERATORS])],
  view: [],
};

export interface RegisterOptions {
  /** Replace a piece of the same name registered before (never a built-in). */
  replace?: boolean;
}

/** One entry as the views list it. */
export interface RegistryEntry {
  name: string;
  label: string;
  builtIn: boolean;
}

function requireFunction(owner: string, value: unknown, name: string): void {
  if (typeof value !== 'function') throw new TypeError(`${owner}: '${name}' must be a function, got ${value === undefined ? 'nothing' : typeof value}`);
}

function checkCommon(kind: PieceKind, piece: unknown): { name: string; label?: string } {
  if (piece === null || typeof piece !== 'object') throw new TypeError(`register ${kind}: give an object with a name, got ${piece === null ? 'null' : typeof piece}`);
  const p = piece as { name?: unknown; label?: unknown };
  if (typeof p.name !== 'string' || !NAME.test(p.name)) throw new TypeError(`register ${kind}: name must be 1-64 letters, digits, spaces, _ . or - starting with a letter, got ${JSON.stringify(p.name)}`);
  if (p.label !== undefined && typeof p.label !== 'string') throw new TypeError(`register ${kind} '${p.name}': label must be text`);
  return { name: p.name, label: p.label as string | undefined };
}

export class Registry {
  private readonly custom: { [K in PieceKind]: Map<string, PieceOf[K]> } = { metric: new Map(), salience: new Map(), generator: new Map(), view: new Map() };
  private readonly listeners = new Set<(kind: PieceKind) => void>();

  addMetric(piece: MetricPiece, options: RegisterOptions = {}): MetricPiece {
    const { name } = checkCommon('metric', piece);
    requireFunction(`metric '${name}'`, piece.compute, 'compute');
    if (piece.higherIsBetter !== undefined && typeof piece.higherIsBetter !== 'boolean') throw new TypeError(`metric '${name}': higherIsBetter must be true or false`);
    return this.put('metric', { ...piece }, options);
  }

  addSalienceMethod(piece: SaliencePiece, options: RegisterOptions = {}): SaliencePiece {
    const { name } = checkCommon('salience', piece);
    requireFunction(`salience method '${name}'`, piece.explain, 'explain');
    if (piece.supports !== undefined) requireFunction(`salience method '${name}'`, piece.supports, 'supports');
    const params: ParamSpec[] = checkParamSpecs(piece.params, `salience method '${name}'`);
    return this.put('salience', { ...piece, params }, options);
  }

  addGenerator(piece: GeneratorPiece, options: RegisterOptions = {}): GeneratorPiece {
    const { name } = checkCommon('generator', piece);
    requireFunction(`generator '${name}'`, piece.generate, 'generate');
    if (piece.supports !== undefined) requireFunction(`generator '${name}'`, piece.supports, 'supports');
    const params: ParamSpec[] = checkParamSpecs(piece.params, `generator '${name}'`);
    return this.put('generator', { ...piece, params }, options);
  }

  addView(piece: ViewPiece, options: RegisterOptions = {}): ViewPiece {
    const { name } = checkCommon('view', piece);
    if (typeof piece.esm !== 'string' || piece.esm.trim() === '') throw new TypeError(`view '${name}': esm must be the module's source text`);
    if (!/\bexport\b/.test(piece.esm)) throw new TypeError(`view '${name}': the module exports nothing; export a render({ model, el }) function (or a default { render })`);
    return this.put('view', { ...piece }, options);
  }

  /** A registered (not built-in) piece, or undefined. */
  get<K extends PieceKind>(kind: K, name: string): PieceOf[K] | undefined {
    return this.custom[kind].get(name) as PieceOf[K] | undefined;
  }

  /** Built-in names first (in their order), then registered ones in registration order. */
  list(kind: PieceKind): RegistryEntry[] {
    return [
      ...builtIns[kind].map((name) => ({ name, label: name, builtIn: true })),
      ...[...this.custom[kind].values()].map((p) => ({ name: p.name, label: (p as { label?: string }).label ?? p.name, builtIn: false })),
    ];
  }

  /** The registered pieces of a kind. */
  registered<K extends PieceKind>(kind: K): PieceOf[K][] {
    return [...this.custom[kind].values()] as PieceOf[K][];
  }

  remove(kind: PieceKind, name: string): boolean {
    const had = this.custom[kind].delete(name);
    if (had) this.emit(kind);
    return had;
  }

  /** Called after every change with the kind that changed; returns the unsubscribe function. */
  onChange(listener: (kind: PieceKind) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private put<K extends PieceKind>(kind: K, piece: PieceOf[K], options: RegisterOptions): PieceOf[K] {
    const name = piece.name;
    if (builtIns[kind].includes(name)) throw new RangeError(`register ${kind}: '${name}' is a built-in ${kind}; choose another name`);
    if (this.custom[kind].has(name) && !options.replace) throw new RangeError(`register ${kind}: '${name}' is already registered; pass { replace: true } to replace it`);
    (this.custom[kind] as Map<string, PieceOf[K]>).set(name, piece);
    this.emit(kind);
    return piece;
  }

  private emit(kind: PieceKind): void {
    for (const l of [...this.listeners]) {
      try {
        l(kind);
      } catch (e) {
        console.error(`tslit: a view failed to follow the registry change (${kind}): ${(e as Error).message}`);
      }
    }
  }
}
