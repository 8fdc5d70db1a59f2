/**
 * The embeddings projector view: source (numeric features or a model's Embeddings output),
 * method (PCA or UMAP) and colour chosen here; the progress bar with Cancel while UMAP or
 * the predictions run; clicking a point selects its example.
 */
import { DOMWidgetModel } from '@jupyter-widgets/base';
import { numberControl, selectControl, type BoundModel, type Control } from '../elements/plot-controls';
import { controlledDefaults, ControlledPlotView, listOptions } from './controlled-plot-view';

export class EmbeddingsModel extends DOMWidgetModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return { ...super.defaults(), ...controlledDefaults('EmbeddingsModel', 'EmbeddingsView', {
      dataset: '', sources: [], source: '', method: 'pca', colorFields: [], colorBy: '', maxRows: 1000, seed: 42, explainedVarianceRatio: [],
    }) };
  }
}

export class EmbeddingsView extends ControlledPlotView {
  protected readonly viewClass = 'tslit-embeddings-view';
  protected readonly errorTitle = 'Projection failed';

  protected buildControls(m: BoundModel): Control[] {
    return [
      selectControl(m, 'source', 'Vectors', listOptions(m, 'sources')),
      selectControl(m, 'method', 'Method', () => [['pca', 'PCA'], ['umap', 'UMAP']]),
      selectControl(m, 'colorBy', 'Colour by', () => [['', '(none)'], ...listOptions(m, 'colorFields')()]),
      numberControl(m, 'maxRows', 'Rows', { min: 3, max: 100000, step: 1 }),
      numberControl(m, 'seed', 'Seed', { min: 0, max: 2 ** 31 - 1, step: 1 }),
    ];
  }
}
