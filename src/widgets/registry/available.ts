/**
 * What the views read from the registry about registered salience methods and generators:
 * which ones fit a model, their labels, and their parameter specs with values checked.
 *
 * Notes: a piece's `supports(model)` is the person's code; when it throws, the piece is left
 * out of that model's list and the error goes to the cell's stderr (the view goes on).
 */
import { checkParamValues, type ParamSpec, type ParamValues } from '../../core/params';
import type { ModelAdapter } from '../../model/adapter';
import type { PieceOf } from './pieces';
import type { Registry } from './registry';

/** The kinds of piece a view lists with parameters: salience methods and generators. */
export type ListedKind = 'salience' | 'generator';

const owner = (kind: ListedKind, name: string): string => `${kind === 'salience' ? 'salience method' : 'generator'} '${name}'`;

/** The registered pieces of `kind` whose `supports` accepts `model` (all, when it has none). */
export function registeredFor<K extends ListedKind>(registry: Registry, kind: K, model: ModelAdapter): PieceOf[K][] {
  return registry.registered(kind).filter((piece) => {
    if (!piece.supports) return true;
    try {
      return piece.supports(model) === true;
    } catch (e) {
      console.error(`tslit: ${owner(kind, piece.name)} supports() failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  });
}

/** name → label of every registered piece of `kind` (the view shows built-ins by their own labels). */
export function registeredLabels(registry: Registry, kind: ListedKind): Record<string, string> {
  return Object.fromEntries(registry.registered(kind).map((p) => [p.name, p.label ?? p.name]));
}

/** The parameter specs of piece `name` (none for a built-in) with `values` checked against them (missing ones take their default). */
export function registeredParams(registry: Registry, kind: ListedKind, name: string, values: unknown): { specs: ParamSpec[]; values: ParamValues } {
  const piece = registry.get(kind, name);
  if (!piece) return { specs: [], values: {} };
  const specs = piece.params ?? [];
  return { specs, values: checkParamValues(specs, values, owner(kind, name)) };
}
