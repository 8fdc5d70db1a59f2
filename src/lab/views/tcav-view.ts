/**
 * The TCAV view: model, layer, where concepts come from (a categorical field's values, the
 * selection), runs, concept size, rows, seed and significance level chosen here; the progress
 * bar with Cancel; bars of TCAV scores per concept and class (faded: not significant).
 */
import { DOMWidgetModel } from '@jupyter-widgets/base';
import { numberControl, selectControl, type BoundModel, type Control } from '../elements/plot-controls';
import { checkboxControl, controlledDefaults, ControlledPlotView, listOptions } from './controlled-plot-view';

export class TcavModel extends DOMWidgetModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return { ...super.defaults(), ...controlledDefaults('TcavModel', 'TcavView', {
      models: [], model: '', dataset: '', layers: [], layer: '', conceptFields: [], conceptField: '', useSelection: true,
      runs: 10, conceptSize: 50, maxRows: 300, seed: 0, alpha: 0.05, concepts: [], rows: 0,
    }) };
  }
}

export class TcavView extends ControlledPlotView {
  protected readonly viewClass = 'tslit-tcav-view';
  protected readonly errorTitle = 'TCAV failed';

  protected buildControls(m: BoundModel): Control[] {
    return [
      selectControl(m, 'model', 'Model', listOptions(m, 'models')),
      selectControl(m, 'layer', 'Layer', listOptions(m, 'layers')),
      selectControl(m, 'conceptField', 'Concepts from', () => ((m.get('conceptFields') as string[] | undefined) ?? []).map((f): [string, string] => [f, f === '' ? '(none)' : f])),
      checkboxControl(m, 'useSelection', 'Selection as a concept'),
      numberControl(m, 'runs', 'Runs', { min: 2, max: 100, step: 1 }),
      numberControl(m, 'conceptSize', 'Concept size', { min: 2, max: 10000, step: 1 }),
      numberControl(m, 'maxRows', 'Rows', { min: 4, max: 100000, step: 1 }),
      numberControl(m, 'seed', 'Seed', { min: 0, max: 2 ** 31 - 1, step: 1 }),
      numberControl(m, 'alpha', 'Significance', { min: 0.0001, max: 0.5, step: 0.01 }),
    ];
  }
}
