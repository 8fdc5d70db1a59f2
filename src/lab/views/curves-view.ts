/**
 * ROC and precision-recall curves in the browser: curve kind, per class or per slice, the
 * positive class (per slice) or the slice (per class), and notes on curves left out.
 */
import { selectControl, type Control } from '../elements/plot-controls';
import { MetricsViewBase, metricsModel } from './metrics-base-view';

export const CurvesModel = metricsModel('CurvesModel', 'CurvesView');

export class CurvesView extends MetricsViewBase {
  protected readonly viewClass = 'tslit-curves';
  private positiveControl!: Control;
  private sliceControl!: Control;

  protected override extraControls(): Control[] {
    const m = this.bound;
    this.positiveControl = selectControl(m, 'positive', 'Positive class', () => ((m.get('classes') as string[] | undefined) ?? []).map((c): [string, string] => [c, c]));
    this.sliceControl = selectControl(m, 'slice', 'Show slice', () => ((m.get('sliceNames') as string[] | undefined) ?? []).map((n): [string, string] => [n, n]));
    return [
      selectControl(m, 'kind', 'Curve', () => [['roc', 'ROC'], ['pr', 'Precision-recall']]),
      selectControl(m, 'by', 'One curve per', () => [['class', 'class'], ['slice', 'slice']]),
      this.positiveControl,
      this.sliceControl,
    ];
  }

  protected renderBody(): void {
    /* notes are added in updateBody */
  }

  protected updateBody(body: HTMLElement): void {
    const bySlice = this.model.get('by') === 'slice';
    this.positiveControl.el.hidden = !bySlice;
    this.sliceControl.el.hidden = bySlice;
    const notes = (this.model.get('notes') as string[] | undefined) ?? [];
    body.replaceChildren(...notes.map((n) => {
      const div = document.createElement('div');
      div.className = 'tslit-note';
      div.textContent = n;
      return div;
    }));
  }
}
