/** The tslit package entry: what `import ... from "tslit"` gives a notebook cell. */
export * from './kernel/index';
export * from './model/index';
export * from './model/dataset/index';
export * from './examples/index';
export * from './explain/salience/index';
export * from './explain/counterfactuals/index';
export * from './explain/thresholds/index';
export * from './explain/partial-dependence/index';
export * from './explain/projection/index';
export * from './core/metrics/index';
export * from './core/spec';
export { spearman } from './explain/salience/index'; // also in core/metrics; the same rank correlation
export { session, Session } from './widgets/session';
export { workspace, WorkspaceWidget } from './widgets/workspace';
export { dataTable, DataTableWidget } from './widgets/data-table';
export { datapointEditor, DatapointEditorWidget } from './widgets/datapoint-editor';
export { predictions, PredictionsWidget } from './widgets/predictions';
export { predictionWidget } from './widgets/prediction';
export { salience, SalienceWidget, SALIENCE_METHODS } from './widgets/salience';
export { counterfactuals, CounterfactualsWidget } from './widgets/counterfactuals';
export { metricsTable, MetricsTableWidget } from './widgets/metrics-table';
export { confusionMatrixWidget, ConfusionMatrixWidget } from './widgets/confusion-matrix';
export { curves, CurvesWidget } from './widgets/curves';
export { thresholdPanel, ThresholdPanelWidget } from './widgets/threshold-panel';
export { partialDependencePlot, PartialDependenceWidget } from './widgets/partial-dependence';
export { plotWidget, PlotWidget, type PlotFigureSpec } from './widgets/plot-widget';
export { exportPlot, type ExportPlotOptions } from './widgets/plot-export';
