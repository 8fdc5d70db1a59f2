/**
 * The JupyterLab 4 plugin: registers the `tslit` widget module with the ipywidgets manager
 * (from the `jupyterlab_widgets` Python package) so kernels can open tslit widgets.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IJupyterWidgetRegistry } from '@jupyter-widgets/base';
import { PredictionModel, PredictionView } from './views/prediction-view';
import { ProbeModel, ProbeView } from './views/probe-view';
import { CustomViewModel, CustomViewView } from './views/custom-view';
import { PlotModel, PlotView } from './views/plot-view';
import { DataTableModel, DataTableView } from './views/data-table-view';
import { DatapointEditorModel, DatapointEditorView } from './views/datapoint-editor-view';
import { WorkspaceModel, WorkspaceView } from './views/workspace-view';
import { PredictionsModel, PredictionsView } from './views/predictions-view';
import { SalienceModel, SalienceView } from './views/salience-view';
import { CounterfactualsModel, CounterfactualsView } from './views/counterfactuals-view';
import { MetricsTableModel, MetricsTableView } from './views/metrics-table-view';
import { ConfusionMatrixModel, ConfusionMatrixView } from './views/confusion-matrix-view';
import { CurvesModel, CurvesView } from './views/curves-view';
import { ThresholdPanelModel, ThresholdPanelView } from './views/threshold-view';
import { PartialDependenceModel, PartialDependenceView } from './views/partial-dependence-view';
import { ScalarPlotModel, ScalarPlotView } from './views/scalar-plot-view';
import { EmbeddingsModel, EmbeddingsView } from './views/embeddings-view';
import { SensitivityModel, SensitivityView } from './views/sensitivity-view';
import { TcavModel, TcavView } from './views/tcav-view';
import { MODULE_NAME, MODULE_VERSION } from './version';
import { tracked } from './live-models';
import { keepSavedStateReadable } from './saved-state';
import { jupyterLabProblem, missingWidgetsMessage } from '../core/jupyterlab-support';

/**
 * Tells the person, in a notification that stays and in the console, what stops tslit here.
 * The notification waits for the restored app: the command's plugin may activate after this one.
 */
function report(app: JupyterFrontEnd, message: string): void {
  console.error(`tslit: ${message}`);
  void app.restored
    .then(() => app.commands.execute('apputils:notify', { message: `tslit: ${message}`, type: 'error', options: { autoClose: false } }))
    .catch((e: unknown) => console.error('tslit: could not show the notification', e));
}

/** The module's exports with each model class tracked (src/lab/live-models.ts). */
function trackModels<E extends Record<string, unknown>>(exports: E): E {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(exports)) out[name] = name.endsWith('Model') ? tracked(value as Parameters<typeof tracked>[0]) : value;
  return out as E;
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'tslit:widgets',
  description: 'tslit widget views for the ipywidgets manager; keeps saved widget state readable without tslit.',
  // Optional, so that a JupyterLab without jupyterlab_widgets gets a message instead of a plugin that silently fails to start.
  optional: [IJupyterWidgetRegistry],
  autoStart: true,
  activate: (app: JupyterFrontEnd, registry: IJupyterWidgetRegistry | null) => {
    const labProblem = jupyterLabProblem(app.version, 'this JupyterLab');
    if (labProblem) report(app, labProblem);
    keepSavedStateReadable(app);
    if (!registry) {
      report(app, missingWidgetsMessage('in the environment running this JupyterLab'));
      return;
    }
    registry.registerWidget({
      name: MODULE_NAME,
      version: MODULE_VERSION,
      exports: trackModels({ MetricsTableModel, MetricsTableView, ConfusionMatrixModel, ConfusionMatrixView, CurvesModel, CurvesView, ThresholdPanelModel, ThresholdPanelView,
        PredictionModel, PredictionView, ProbeModel, ProbeView, PlotModel, PlotView,
        DataTableModel, DataTableView, DatapointEditorModel, DatapointEditorView, WorkspaceModel, WorkspaceView,
        PredictionsModel, PredictionsView, SalienceModel, SalienceView, CounterfactualsModel, CounterfactualsView,
        PartialDependenceModel, PartialDependenceView, ScalarPlotModel, ScalarPlotView, EmbeddingsModel, EmbeddingsView,
        SensitivityModel, SensitivityView, TcavModel, TcavView, CustomViewModel, CustomViewView }),
    });
  },
};

export default plugin;
