/** The dataset layer: columnar datasets, their loaders and slices. */
export { Dataset, type DatasetOptions, type FacetBy, type GeneratedOptions } from './dataset';
export { DatasetError, type ErrorPlace } from './errors';
export {
  BOOLEAN_VOCAB, columnValue, columnSpec, type Column, type ColumnKind, type NumericColumn, type CategoricalColumn,
  type TextColumn, type VectorColumn, type BooleanColumn, type NumericArray, type CodeArray,
} from './columns';
export { isPresent, type Validity } from './bitmap';
export { type IdOption } from './ids';
export { type Indices, type Bin, type Binning, type BinOptions, type Group } from './slicing';
export { type LoadOptions } from './load-options';
export { fromRecords, DatasetBuilder } from './load-records';
export { parseJSON, parseJSONL, readJSON, readJSONL } from './load-json';
export { parseCSV, readCSV, type CsvOptions } from './load-csv';
export { parseCsvRecords } from './csv-parser';
export { fromArrow, fromArrowTable, readArrow } from './load-arrow';
