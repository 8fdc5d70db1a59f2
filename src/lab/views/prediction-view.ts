/**
 * The prediction widget's browser side: an editable text and the model's class
 * probabilities for it.
 *
 * Notes: typing sends `input` to the kernel (debounced by the state's `debounceMs`); the
 * kernel predicts and sends back `classes`, `probabilities` (a Float32Array as a binary
 * buffer), `predicted`, `predictedFor` (the input the prediction belongs to), `busy` and
 * `error`. Nothing of the model runs here.
 */
import { DOMWidgetModel, type ISerializers } from '@jupyter-widgets/base';
import { toFloat32Array, fromFloat32Array } from '../elements/binary';
import { debounce, type Debounced } from '../elements/debounce';
import { renderErrorBox } from '../elements/error-box';
import { renderProbabilityBars } from '../elements/probability-bars';
import { MODULE_NAME, MODULE_VERSION } from '../version';
import { BinaryStateModel } from './binary-model';
import { SafeDOMWidgetView } from './safe-view';

export class PredictionModel extends BinaryStateModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return {
      ...super.defaults(),
      _model_name: 'PredictionModel',
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_name: 'PredictionView',
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION,
      input: '',
      field: 'text',
      classes: [],
      probabilities: new Float32Array(0),
      predicted: '',
      predictedFor: '',
      error: null,
      busy: false,
      debounceMs: 150,
    };
  }

  static override serializers: ISerializers = {
    ...DOMWidgetModel.serializers,
    probabilities: { deserialize: toFloat32Array, serialize: fromFloat32Array },
  };
}

export class PredictionView extends SafeDOMWidgetView {
  private textarea!: HTMLTextAreaElement;
  private predictedLabel!: HTMLElement;
  private bars!: HTMLElement;
  private errorHost!: HTMLElement;
  private sendInput!: Debounced<[string]>;

  protected renderView(): void {
    const root = this.el;
    root.classList.add('tslit-view', 'tslit-prediction');

    const label = document.createElement('label');
    label.className = 'tslit-input-label';
    this.textarea = document.createElement('textarea');
    this.textarea.className = 'tslit-input';
    this.textarea.spellcheck = false;
    label.append(this.textarea);

    const predicted = document.createElement('div');
    predicted.className = 'tslit-predicted';
    const predictedTitle = document.createElement('span');
    predictedTitle.textContent = 'Predicted: ';
    this.predictedLabel = document.createElement('span');
    this.predictedLabel.className = 'tslit-predicted-label';
    predicted.append(predictedTitle, this.predictedLabel);

    this.bars = document.createElement('div');
    this.bars.className = 'tslit-bars';
    this.errorHost = document.createElement('div');
    this.errorHost.className = 'tslit-error-host';
    root.replaceChildren(label, predicted, this.bars, this.errorHost);

    this.sendInput = debounce(
      (value: string) => {
        this.model.set('input', value);
        this.touch();
      },
      () => Number(this.model.get('debounceMs') ?? 0),
    );
    this.textarea.addEventListener('input', () => {
      this.el.classList.add('tslit-busy');
      this.sendInput(this.textarea.value);
    });
  }

  protected updateView(): void {
    const m = this.model;
    const input = String(m.get('input') ?? '');
    // Never overwrite what the person is typing; follow kernel-side edits otherwise.
    if (this.textarea.value !== input && this.textarea.ownerDocument.activeElement !== this.textarea) {
      this.textarea.value = input;
    }
    this.textarea.setAttribute('aria-label', `${String(m.get('field') ?? 'input')} (editable)`);

    const busy = Boolean(m.get('busy'));
    this.el.classList.toggle('tslit-busy', busy);
    this.el.dataset.busy = String(busy);

    const error = m.get('error') as string | null;
    if (error) {
      this.el.dataset.state = 'error';
      renderErrorBox(this.errorHost, 'Prediction failed', error);
      this.bars.replaceChildren();
      this.predictedLabel.textContent = '';
      this.el.dataset.predictedFor = String(m.get('predictedFor') ?? '');
      return;
    }
    this.errorHost.replaceChildren();
    this.el.dataset.state = 'ok';
    const predicted = String(m.get('predicted') ?? '');
    this.predictedLabel.textContent = predicted;
    renderProbabilityBars(this.bars, {
      classes: (m.get('classes') as string[] | undefined) ?? [],
      probabilities: (m.get('probabilities') as Float32Array | undefined) ?? new Float32Array(0),
      predicted,
    });
    // Set last: tests and the bench wait on this attribute to know the bars (or the error) are drawn.
    this.el.dataset.predictedFor = String(m.get('predictedFor') ?? '');
  }

  override remove(): void {
    this.sendInput?.cancel();
    super.remove();
  }
}
