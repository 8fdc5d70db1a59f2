/**
 * The confusion matrix in the browser: a plotly heatmap (true classes down, predicted
 * across) for the chosen slice; a click on a cell asks the kernel to select that cell's
 * examples in the session (`{method:'select_cell', actual, predicted}`). Cells holding
 * selected rows are outlined by the kernel's figure; the note says how many are selected.
 */
import type { ClickedPoint } from '../elements/plot';
import { selectControl, type Control } from '../elements/plot-controls';
import { MetricsViewBase, metricsModel } from './metrics-base-view';

export const ConfusionMatrixModel = metricsModel('ConfusionMatrixModel', 'ConfusionMatrixView');

export class ConfusionMatrixView extends MetricsViewBase {
  protected readonly viewClass = 'tslit-confusion-matrix';
  private note!: HTMLElement;

  protected override extraControls(): Control[] {
    const names = () => ((this.model.get('sliceNames') as string[] | undefined) ?? []).map((n): [string, string] => [n, n]);
    return [selectControl(this.bound, 'slice', 'Show slice', names)];
  }

  protected renderBody(body: HTMLElement): void {
    this.note = document.createElement('div');
    this.note.className = 'tslit-note';
    this.note.textContent = 'Click a cell to select its examples.';
    body.append(this.note);
  }

  protected updateBody(): void {
    const selected = ((this.model.get('selectedCounts') as number[][] | undefined) ?? []).flat().reduce((a, b) => a + b, 0);
    const slice = String(this.model.get('slice') ?? 'All');
    this.note.textContent = `Click a cell to select its examples.${selected > 0 ? ` ${selected} selected row${selected === 1 ? '' : 's'} of '${slice}' outlined.` : ''}`;
    this.el.dataset.selectedInCells = String(selected);
  }

  protected override onPointsClick(points: ClickedPoint[]): void {
    const p = points[0];
    if (!p || !Array.isArray(p.index) || p.index.length !== 2) return;
    const [actual, predicted] = p.index;
    this.el.dataset.lastCell = `${actual},${predicted}`;
    this.send({ method: 'select_cell', actual, predicted });
  }
}
