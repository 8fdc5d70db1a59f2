/**
 * The scalar plot view: a model's score against a numeric feature, coloured by a category
 * field; feature, score and colour chosen here; clicking a point selects its example.
 */
import { DOMWidgetModel } from '@jupyter-widgets/base';
import { selectControl, type BoundModel, type Control } from '../elements/plot-controls';
import { controlledDefaults, ControlledPlotView, listOptions } from './controlled-plot-view';

export class ScalarPlotModel extends DOMWidgetModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return { ...super.defaults(), ...controlledDefaults('ScalarPlotModel', 'ScalarPlotView', {
      models: [], model: '', dataset: '', features: [], feature: '', targets: [], target: '', colorFields: [], colorBy: '',
    }) };
  }
}

export class ScalarPlotView extends ControlledPlotView {
  protected readonly viewClass = 'tslit-scalar-view';
  protected readonly errorTitle = 'Scalar plot failed';

  protected buildControls(m: BoundModel): Control[] {
    return [
      selectControl(m, 'model', 'Model', listOptions(m, 'models')),
      selectControl(m, 'feature', 'X', listOptions(m, 'features')),
      selectControl(m, 'target', 'Score', listOptions(m, 'targets')),
      selectControl(m, 'colorBy', 'Colour by', () => [['', '(none)'], ...listOptions(m, 'colorFields')()]),
    ];
  }
}
