/**
 * The parameter sensitivity view: model, layer, perturbation and its parameter (scale,
 * fraction or units, only the one that applies shown), repeats, seed, rows, metric and facet
 * chosen here; the progress bar with Cancel while the profile runs; the plot of metric drop
 * per layer and the selected example's prediction spread.
 */
import { DOMWidgetModel } from '@jupyter-widgets/base';
import { numberControl, selectControl, shownWhen, textControl, type BoundModel, type Control } from '../elements/plot-controls';
import { controlledDefaults, ControlledPlotView, listOptions } from './controlled-plot-view';

export class SensitivityModel extends DOMWidgetModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return { ...super.defaults(), ...controlledDefaults('SensitivityModel', 'SensitivityView', {
      models: [], model: '', dataset: '', layers: [], layer: '', perturbations: [], perturbation: 'gaussian', scale: 0.5, fraction: 0.1, units: '0',
      repeats: 5, seed: 0, maxRows: 1000, metrics: [], metric: '', facets: [], facet: '', focusId: '', rows: 0,
    }) };
  }
}

const PERTURBATION_LABELS: Record<string, string> = { gaussian: 'Gaussian noise', zero: 'Zero a fraction', 'ablate-units': 'Ablate units' };

export class SensitivityView extends ControlledPlotView {
  protected readonly viewClass = 'tslit-sensitivity-view';
  protected readonly errorTitle = 'Sensitivity failed';

  protected buildControls(m: BoundModel): Control[] {
    const kind = () => String(m.get('perturbation'));
    return [
      selectControl(m, 'model', 'Model', listOptions(m, 'models')),
      selectControl(m, 'layer', 'Layer', listOptions(m, 'layers')),
      selectControl(m, 'perturbation', 'Perturbation', () => ((m.get('perturbations') as string[] | undefined) ?? []).map((p): [string, string] => [p, PERTURBATION_LABELS[p] ?? p])),
      shownWhen(numberControl(m, 'scale', 'Scale (× std)', { min: 0, max: 100, step: 0.05 }), () => kind() === 'gaussian'),
      shownWhen(numberControl(m, 'fraction', 'Fraction', { min: 0, max: 1, step: 0.05 }), () => kind() === 'zero'),
      shownWhen(textControl(m, 'units', 'Units', 'e.g. 0, 3-5'), () => kind() === 'ablate-units'),
      numberControl(m, 'repeats', 'Repeats', { min: 1, max: 100, step: 1 }),
      numberControl(m, 'seed', 'Seed', { min: 0, max: 2 ** 31 - 1, step: 1 }),
      numberControl(m, 'maxRows', 'Rows', { min: 1, max: 1000000, step: 1 }),
      selectControl(m, 'metric', 'Metric', listOptions(m, 'metrics')),
      selectControl(m, 'facet', 'Slices by', () => ((m.get('facets') as string[] | undefined) ?? []).map((f): [string, string] => [f, f === '' ? '(all rows)' : f])),
    ];
  }
}
