/**
 * The partial dependence view: feature, score and ICE toggle chosen here (state changes the
 * kernel recomputes or redraws from), the progress bar with Cancel while the sweep runs,
 * and the plot (thin ICE lines, thick PDP; clicking a curve selects its example).
 */
import { DOMWidgetModel } from '@jupyter-widgets/base';
import { numberControl, selectControl, type BoundModel, type Control } from '../elements/plot-controls';
import { checkboxControl, controlledDefaults, ControlledPlotView, listOptions } from './controlled-plot-view';

export class PartialDependenceModel extends DOMWidgetModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return { ...super.defaults(), ...controlledDefaults('PartialDependenceModel', 'PartialDependenceView', {
      models: [], model: '', dataset: '', features: [], feature: '', targets: [], target: '', showIce: true, maxRows: 200, gridResolution: 20, rows: 0,
    }) };
  }
}

export class PartialDependenceView extends ControlledPlotView {
  protected readonly viewClass = 'tslit-pdp-view';
  protected readonly errorTitle = 'Partial dependence failed';

  protected buildControls(m: BoundModel): Control[] {
    return [
      selectControl(m, 'model', 'Model', listOptions(m, 'models')),
      selectControl(m, 'feature', 'Feature', listOptions(m, 'features')),
      selectControl(m, 'target', 'Score', listOptions(m, 'targets')),
      checkboxControl(m, 'showIce', 'ICE curves'),
      numberControl(m, 'maxRows', 'Rows', { min: 1, max: 100000, step: 1 }),
      numberControl(m, 'gridResolution', 'Grid points', { min: 2, max: 200, step: 1 }),
    ];
  }
}
