/** Partial dependence (PDP) and ICE curves over any model adapter. */
export { partialDependence, pdpOutput, featureKind, featureGrid, type PartialDependenceOptions, type PartialDependenceResult } from './partial-dependence';
export { numericGrid, categoricalGrid, mquantile, linspace, type GridValue, type NumericGridOptions } from './grid';
