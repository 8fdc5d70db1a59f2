/**
 * The salience view: method and parameters, the example's text (editable), the prediction,
 * and the salience drawn for the input kind — highlighted tokens for text, signed bars for
 * tabular features, a heatmap over the image — with the colour legend and, for integrated
 * gradients and Kernel SHAP, the completeness delta.
 *
 * Notes: controls send `{method:'configure', params}`; the text box sends `{method:'text'}`
 * (debounced by `debounceMs`). Tabular models also get the baseline choice, the baseline used
 * and the one-hot switch (src/lab/elements/salience-tabular-controls.ts). Nothing the kernel sends is parsed as HTML. The root carries
 * `data-computed-for` (set last) so tests and benches know the result on screen. Below, the
 * rows panel (src/lab/elements/salience-rows-panel.ts) explains many rows with progress.
 */
import type { JSONObject } from '@lumino/coreutils';
import { DOMWidgetModel, type ISerializers } from '@jupyter-widgets/base';
import { BinaryStateModel } from './binary-model';
import { domainOf } from '../../core/colour-scale';
import { hasMultiPieceWords, readTokenSpans } from '../../core/token-layout';
import { fromFloat32Array, toFloat32Array, toInt32Array } from '../elements/binary';
import { renderColourLegend, formatScore } from '../elements/colour-legend';
import { debounce, type Debounced } from '../elements/debounce';
import { renderErrorBox } from '../elements/error-box';
import { renderHeatmapOverlay } from '../elements/heatmap-overlay';
import { renderProbabilityBars } from '../elements/probability-bars';
import { labelled, numberInput, setChoices, setValueUnlessFocused } from '../elements/salience-controls';
import { paramControls, type ParamControls } from '../elements/param-controls';
import type { ParamSpec, ParamValues } from '../../core/params';
import { renderSalienceBars } from '../elements/salience-bars';
import { SalienceRowsPanel } from '../elements/salience-rows-panel';
import { SalienceTabularControls } from '../elements/salience-tabular-controls';
import { ensureSalienceStyles } from '../elements/salience-styles';
import { renderTokenHighlights } from '../elements/token-highlights';
import { MODULE_NAME, MODULE_VERSION } from '../version';
import { SafeDOMWidgetView } from './safe-view';

const F32 = { deserialize: toFloat32Array, serialize: fromFloat32Array };
const I32 = { deserialize: toInt32Array, serialize: fromFloat32Array };

const METHOD_LABELS: Record<string, string> = {
  grad_norm: 'Gradient norm',
  grad_x_input: 'Gradient × input',
  integrated_gradients: 'Integrated gradients',
  smooth_grad: 'SmoothGrad',
  lime: 'LIME',
  kernel_shap: 'Kernel SHAP',
  occlusion: 'Occlusion',
};
const RULES = ['gauss-legendre', 'left', 'right', 'midpoint', 'trapezoid'];

export class SalienceModel extends BinaryStateModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return {
      ...super.defaults(),
      _model_name: 'SalienceModel',
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_name: 'SalienceView',
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION,
      labels: [],
      tokenSpans: new Int32Array(0),
      tokenText: '',
      scores: new Float32Array(0),
      image: new Float32Array(0),
      probabilities: new Float32Array(0),
      rowScores: new Float32Array(0),
      rowSpans: new Int32Array(0),
      columnScores: new Float32Array(0),
      aggScores: new Float32Array(0),
      rows: [],
      progress: null,
      jobStatus: 'idle',
    };
  }

  static override serializers: ISerializers = {
    ...DOMWidgetModel.serializers,
    scores: F32,
    tokenSpans: I32,
    image: F32,
    probabilities: F32,
    rowScores: F32,
    rowSpans: I32,
    columnScores: F32,
    aggScores: F32,
  };
}

export class SalienceView extends SafeDOMWidgetView {
  private modelSelect!: HTMLSelectElement;
  private methodSelect!: HTMLSelectElement;
  /** A registered method's own parameters, one control each. */
  private methodParams!: ParamControls;
  private targetSelect!: HTMLSelectElement;
  private stepsInput!: HTMLInputElement;
  private ruleSelect!: HTMLSelectElement;
  private samplesInput!: HTMLInputElement;
  private opacityInput!: HTMLInputElement;
  private stepsLabel!: HTMLElement;
  private ruleLabel!: HTMLElement;
  private samplesLabel!: HTMLElement;
  private opacityLabel!: HTMLElement;
  /** Text: draw a word's subword pieces as one word (shown only when some word has several). */
  private wordsInput!: HTMLInputElement;
  private wordsLabel!: HTMLElement;
  private modelLabel!: HTMLElement;
  private textarea!: HTMLTextAreaElement;
  private summary!: HTMLElement;
  private bars!: HTMLElement;
  private result!: HTMLElement;
  private legend!: HTMLElement;
  private errorHost!: HTMLElement;
  private sendText!: Debounced<[string]>;
  private rowsPanel!: SalienceRowsPanel;
  private tabular!: SalienceTabularControls;

  protected renderView(): void {
    ensureSalienceStyles(this.el.ownerDocument);
    const root = this.el;
    root.classList.add('tslit-view', 'tslit-salience');
    const controls = document.createElement('div');
    controls.className = 'tslit-controls';
    this.modelSelect = document.createElement('select');
    this.methodSelect = document.createElement('select');
    this.methodSelect.className = 'tslit-sal-method';
    this.targetSelect = document.createElement('select');
    this.targetSelect.className = 'tslit-sal-target';
    this.stepsInput = numberInput(1, 1024);
    this.stepsInput.className = 'tslit-sal-steps';
    this.ruleSelect = document.createElement('select');
    setChoices(this.ruleSelect, RULES.map((r) => ({ value: r, label: r })), 'gauss-legendre');
    this.samplesInput = numberInput(2, 20000);
    this.opacityInput = document.createElement('input');
    this.opacityInput.type = 'range';
    this.opacityInput.min = '0';
    this.opacityInput.max = '1';
    this.opacityInput.step = '0.05';
    this.opacityInput.value = '0.6';
    this.wordsInput = document.createElement('input');
    this.wordsInput.type = 'checkbox';
    this.wordsInput.checked = true;
    this.wordsInput.className = 'tslit-sal-words-input';
    this.wordsInput.title = 'Show each word as one token scored by the sum of its pieces (the tooltip lists the pieces)';
    this.wordsLabel = labelled('Words', this.wordsInput);
    this.wordsLabel.classList.add('tslit-sal-words');
    this.wordsLabel.hidden = true;
    this.modelLabel = labelled('Model', this.modelSelect);
    this.stepsLabel = labelled('Steps', this.stepsInput);
    this.ruleLabel = labelled('Rule', this.ruleSelect);
    this.samplesLabel = labelled('Samples', this.samplesInput);
    this.opacityLabel = labelled('Opacity', this.opacityInput);
    this.methodParams = paramControls((values) => this.sendToKernel({ method: 'configure', params: { methodValues: values } }));
    controls.append(this.modelLabel, labelled('Method', this.methodSelect), labelled('Explain', this.targetSelect), this.methodParams.el, this.stepsLabel, this.ruleLabel, this.samplesLabel, this.opacityLabel, this.wordsLabel);

    this.textarea = document.createElement('textarea');
    this.textarea.className = 'tslit-input tslit-sal-text';
    this.textarea.spellcheck = false;
    this.summary = document.createElement('div');
    this.summary.className = 'tslit-sal-summary';
    this.bars = document.createElement('div');
    this.bars.className = 'tslit-bars';
    this.result = document.createElement('div');
    this.result.className = 'tslit-sal-result';
    this.legend = document.createElement('div');
    this.legend.className = 'tslit-legend';
    this.errorHost = document.createElement('div');
    this.errorHost.className = 'tslit-error-host';
    this.rowsPanel = new SalienceRowsPanel(this.model, (content) => this.model.send(content, {}), () => this.wordsInput.checked);
    this.tabular = new SalienceTabularControls((params) => this.sendToKernel({ method: 'configure', params }), () => this.drawResult());
    root.replaceChildren(controls, this.tabular.el, this.textarea, this.summary, this.bars, this.result, this.legend, this.errorHost, this.rowsPanel.el);

    const configure = (params: JSONObject) => this.sendToKernel({ method: 'configure', params });
    this.modelSelect.addEventListener('change', () => configure({ model: this.modelSelect.value }));
    this.methodSelect.addEventListener('change', () => configure({ salienceMethod: this.methodSelect.value }));
    this.targetSelect.addEventListener('change', () => configure({ target: this.targetSelect.value }));
    this.ruleSelect.addEventListener('change', () => configure({ rule: this.ruleSelect.value }));
    this.stepsInput.addEventListener('change', () => configure({ steps: Number(this.stepsInput.value) }));
    this.samplesInput.addEventListener('change', () => configure({ samples: Number(this.samplesInput.value) }));
    this.opacityInput.addEventListener('input', () => this.drawResult());
    this.wordsInput.addEventListener('change', () => {
      this.drawResult();
      this.rowsPanel.drawRow();
    });
    this.sendText = debounce((text: string) => this.sendToKernel({ method: 'text', text }), () => Number(this.model.get('debounceMs') ?? 0));
    this.textarea.addEventListener('input', () => {
      this.el.classList.add('tslit-busy');
      this.sendText(this.textarea.value);
    });
  }

  protected updateView(): void {
    const m = this.model;
    const kind = String(m.get('inputKind') ?? '');
    const method = String(m.get('salienceMethod') ?? '');
    const models = (m.get('models') as string[] | undefined) ?? [];
    setChoices(this.modelSelect, models.map((n) => ({ value: n, label: n })), String(m.get('model') ?? ''));
    this.modelLabel.hidden = models.length < 2;
    const methods = (m.get('methods') as string[] | undefined) ?? [];
    const registered = (m.get('methodLabels') as Record<string, string> | undefined) ?? {};
    setChoices(this.methodSelect, methods.map((v) => ({ value: v, label: METHOD_LABELS[v] ?? registered[v] ?? v })), method);
    this.methodParams.update((m.get('methodParams') as ParamSpec[] | undefined) ?? [], (m.get('methodValues') as ParamValues | undefined) ?? {});
    const classes = (m.get('classes') as string[] | undefined) ?? [];
    const targets = m.get('task') === 'regression' ? [{ value: 'regression', label: 'score' }] : [{ value: 'predicted', label: 'predicted class' }, ...classes.map((c) => ({ value: c, label: c }))];
    setChoices(this.targetSelect, targets, String(m.get('target') ?? 'predicted'));
    setValueUnlessFocused(this.stepsInput, String(m.get('steps') ?? 32));
    this.ruleSelect.value = String(m.get('rule') ?? 'gauss-legendre');
    setValueUnlessFocused(this.samplesInput, String(m.get('samples') ?? 256));
    this.stepsLabel.hidden = method !== 'integrated_gradients';
    this.ruleLabel.hidden = method !== 'integrated_gradients';
    this.samplesLabel.hidden = !['lime', 'kernel_shap', 'smooth_grad'].includes(method);
    this.opacityLabel.hidden = kind !== 'image';
    this.textarea.hidden = kind !== 'text' || m.get('exampleId') === '';
    setValueUnlessFocused(this.textarea, String(m.get('text') ?? ''));
    this.textarea.setAttribute('aria-label', `${String(m.get('textField') ?? 'text')} (editable)`);

    const busy = Boolean(m.get('busy'));
    this.el.classList.toggle('tslit-busy', busy);
    this.el.dataset.busy = String(busy);
    this.el.dataset.method = method;
    this.el.dataset.kind = kind;

    this.rowsPanel.update();
    this.tabular.update(m);
    const error = m.get('error') as string | null;
    if (m.get('exampleId') === '' && !error) {
      this.summary.textContent = 'Select an example to see its salience.';
      this.result.replaceChildren();
      this.bars.replaceChildren();
      this.legend.replaceChildren();
      this.errorHost.replaceChildren();
      this.el.dataset.computedFor = String(m.get('computedFor') ?? '');
      return;
    }
    if (error) {
      this.el.dataset.state = 'error';
      renderErrorBox(this.errorHost, 'Salience failed', error);
    } else {
      this.el.dataset.state = 'ok';
      this.errorHost.replaceChildren();
    }
    this.drawSummary();
    this.drawResult();
    this.el.dataset.elapsedMs = String(m.get('elapsedMs') ?? '');
    // Set last: tests and the bench wait on it to know the result is drawn.
    this.el.dataset.computedFor = String(m.get('computedFor') ?? '');
  }

  private drawSummary(): void {
    const m = this.model;
    const predicted = String(m.get('predicted') ?? '');
    const parts: Node[] = [];
    if (m.get('task') === 'regression') {
      parts.push(document.createTextNode('Score: '), bold(formatScore(Number(m.get('score')))));
    } else if (predicted !== '') {
      parts.push(document.createTextNode('Predicted: '), bold(predicted), document.createTextNode(` · explaining `), bold(String(m.get('explained') ?? '')));
    }
    const delta = m.get('delta') as number | null;
    if (delta !== null && delta !== undefined && !m.get('error')) {
      const d = document.createElement('span');
      d.className = 'tslit-sal-delta';
      const change = m.get('outputChange') as number | null;
      const rel = change ? ` (${(Math.abs(delta / change) * 100).toFixed(2)}% of F(x) − F(baseline))` : '';
      const steps = Number(m.get('stepsUsed') ?? 0);
      d.textContent = `completeness Δ = ${formatScore(delta)}${rel}${steps ? ` · ${steps} steps` : ''}`;
      parts.push(d);
    }
    this.summary.replaceChildren(...parts);
    renderProbabilityBars(this.bars, {
      classes: (m.get('classes') as string[] | undefined) ?? [],
      probabilities: m.get('task') === 'regression' ? new Float32Array(0) : ((m.get('probabilities') as Float32Array | undefined) ?? new Float32Array(0)),
      predicted,
    });
  }

  private drawResult(): void {
    const m = this.model;
    const labels = (m.get('labels') as string[] | undefined) ?? [];
    const scores = (m.get('scores') as Float32Array | undefined) ?? new Float32Array(0);
    if (labels.length === 0 || m.get('error')) {
      this.wordsLabel.hidden = true;
      this.result.replaceChildren();
      this.legend.replaceChildren();
      return;
    }
    // Tabular with the one-hot switch on: the column scores, with their own colour domain.
    const columns = m.get('inputKind') === 'tabular' ? this.tabular.columns(m) : undefined;
    const domain = domainOf(columns?.scores ?? scores);
    const kind = m.get('inputKind');
    const text = String(m.get('tokenText') ?? '');
    const placements = kind === 'text' ? readTokenSpans(m.get('tokenSpans') as Int32Array | undefined, labels.length, text) : undefined;
    this.wordsLabel.hidden = !hasMultiPieceWords(placements);
    this.result.classList.toggle('tslit-tokens-placed', placements !== undefined);
    if (kind === 'text') {
      const oov = new Set((m.get('oovTokens') as string[] | undefined) ?? []);
      renderTokenHighlights(this.result, { tokens: labels, scores, domain, oov, text, placements, groupWords: this.wordsInput.checked });
    } else if (kind === 'image' && Number(m.get('heatmapHeight')) > 0) {
      renderHeatmapOverlay(this.result, {
        image: (m.get('image') as Float32Array | undefined) ?? new Float32Array(0),
        imageHeight: Number(m.get('imageHeight')),
        imageWidth: Number(m.get('imageWidth')),
        channels: Number(m.get('imageChannels')),
        heat: scores,
        heatHeight: Number(m.get('heatmapHeight')),
        heatWidth: Number(m.get('heatmapWidth')),
        domain,
        opacity: Number(this.opacityInput.value),
      });
    } else {
      renderSalienceBars(this.result, columns?.labels ?? labels, columns?.scores ?? scores, domain);
    }
    this.result.classList.toggle('tslit-tokens', kind === 'text');
    const method = String(m.get('salienceMethod'));
    const methodLabel = METHOD_LABELS[method] ?? ((m.get('methodLabels') as Record<string, string> | undefined) ?? {})[method] ?? method;
    renderColourLegend(this.legend, domain, `${methodLabel}: blue lowers, red raises ${String(m.get('explained') ?? 'the output')}`);
  }

  private sendToKernel(content: JSONObject): void {
    this.el.classList.add('tslit-busy');
    this.model.send(content, {});
  }

  override remove(): void {
    this.sendText?.cancel();
    super.remove();
  }
}

function bold(text: string): HTMLElement {
  const b = document.createElement('b');
  b.textContent = text;
  return b;
}
