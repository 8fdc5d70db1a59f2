/**
 * The slices the metrics views compare: all rows, then one slice per value of a categorical
 * field or per numeric bin, as chosen in the view.
 */
import type { Dataset } from '../../model/dataset';

/** How to cut the dataset: no facet (all rows only), a categorical field, or numeric bins. */
export interface FacetChoice {
  /** Field to facet by; '' for none. */
  field: string;
  /** Number of equal-width bins when the field is numeric (default 4). */
  bins?: number;
}

export interface NamedSlice {
  name: string;
  indices: Uint32Array;
}

export interface FacetableField {
  field: string;
  kind: 'categorical' | 'numeric';
}

/** Fields a view may facet by: categorical and boolean ones, and numeric ones (binned). */
export function facetableFields(dataset: Dataset, exclude: readonly string[] = []): FacetableField[] {
  const out: FacetableField[] = [];
  for (const field of dataset.fields()) {
    if (exclude.includes(field)) continue;
    const kind = dataset.column(field).kind;
    if (kind === 'categorical' || kind === 'boolean') out.push({ field, kind: 'categorical' });
    else if (kind === 'numeric') out.push({ field, kind: 'numeric' });
  }
  return out;
}

/** 'All' first, then the facet's groups in the dataset's group order (labels like `Island=Biscoe`). */
export function slicesFor(dataset: Dataset, facet: FacetChoice): NamedSlice[] {
  const all: NamedSlice = { name: 'All', indices: Uint32Array.from({ length: dataset.size }, (_, i) => i) };
  if (!facet.field) return [all];
  if (!dataset.fields().includes(facet.field)) throw new Error(`metrics: dataset '${dataset.name}' has no field '${facet.field}' to facet by`);
  const kind = dataset.column(facet.field).kind;
  if (kind !== 'categorical' && kind !== 'boolean' && kind !== 'numeric') throw new Error(`metrics: field '${facet.field}' is ${kind}; facet by a categorical or numeric field`);
  const bins = facet.bins ?? 4;
  if (kind === 'numeric' && (!Number.isInteger(bins) || bins < 1 || bins > 50)) throw new Error(`metrics: bins must be an integer from 1 to 50, got ${bins}`);
  const groups = dataset.facets([kind === 'numeric' ? { field: facet.field, bins: { count: bins } } : facet.field]);
  return [all, ...groups.filter((g) => g.indices.length > 0).map((g) => ({ name: g.label, indices: g.indices }))];
}
