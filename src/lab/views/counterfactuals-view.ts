/**
 * The counterfactuals view: the generator and its options, a Run button, the original example
 * and the list of counterfactuals with changed words or fields highlighted, their predictions
 * and distances, and "Add" / "Add all" buttons that put them into the dataset.
 *
 * Notes: every text from the kernel is a text node. Buttons send `{method:'run'|'cancel'|'add'}`;
 * `data-ran-for` on the root is set last (tests wait on it).
 */
import { paramControls, type ParamControls } from '../elements/param-controls';
import type { ParamSpec, ParamValues } from '../../core/params';
import type { JSONObject } from '@lumino/coreutils';
import { DOMWidgetModel } from '@jupyter-widgets/base';
import { formatScore } from '../elements/colour-legend';
import { renderCfList, type CfItem, type CfOriginal } from '../elements/cf-list';
import { renderErrorBox } from '../elements/error-box';
import { labelled, numberInput, setChoices, setValueUnlessFocused } from '../elements/salience-controls';
import { ensureSalienceStyles } from '../elements/salience-styles';
import { MODULE_NAME, MODULE_VERSION } from '../version';
import { SafeDOMWidgetView } from './safe-view';

const GENERATOR_LABELS: Record<string, string> = {
  word_replacer: 'Word replacer',
  scrambler: 'Scrambler',
  ablation_flip: 'Ablation flip',
  hotflip: 'HotFlip',
  nearest: 'Nearest counterfactual',
  tabular_minimal: 'Minimal change',
};

export class CounterfactualsModel extends DOMWidgetModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return {
      ...super.defaults(),
      _model_name: 'CounterfactualsModel',
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_name: 'CounterfactualsView',
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION,
      results: [],
    };
  }
}

export class CounterfactualsView extends SafeDOMWidgetView {
  private generatorSelect!: HTMLSelectElement;
  private countInput!: HTMLInputElement;
  private rules!: HTMLTextAreaElement;
  private varyHost!: HTMLElement;
  private runButton!: HTMLButtonElement;
  private cancelButton!: HTMLButtonElement;
  private addAllButton!: HTMLButtonElement;
  private status!: HTMLElement;
  private list!: HTMLElement;
  private errorHost!: HTMLElement;
  private generatorParams!: ParamControls;

  protected renderView(): void {
    ensureSalienceStyles(this.el.ownerDocument);
    this.el.classList.add('tslit-view', 'tslit-counterfactuals');
    const controls = document.createElement('div');
    controls.className = 'tslit-controls';
    this.generatorSelect = document.createElement('select');
    this.generatorSelect.className = 'tslit-cf-generator';
    this.countInput = numberInput(1, 100);
    this.runButton = button('Run', 'tslit-cf-run');
    this.cancelButton = button('Cancel', 'tslit-cf-cancel');
    this.addAllButton = button('Add all to dataset', 'tslit-cf-add-all');
    // A registered generator's parameters, one control each; a change is sent at once.
    this.generatorParams = paramControls((values) => this.sendToKernel({ method: 'configure', params: { generatorValues: values } }));
    controls.append(labelled('Generator', this.generatorSelect), this.generatorParams.el, labelled('Results', this.countInput), this.runButton, this.cancelButton, this.addAllButton);
    this.rules = document.createElement('textarea');
    this.rules.className = 'tslit-cf-rules';
    this.rules.spellcheck = false;
    this.rules.setAttribute('aria-label', 'replacement rules, one per line: word -> other, another');
    this.varyHost = document.createElement('div');
    this.varyHost.className = 'tslit-controls tslit-cf-vary';
    this.status = document.createElement('div');
    this.status.className = 'tslit-cf-reason';
    this.list = document.createElement('div');
    this.list.className = 'tslit-cf-list';
    this.errorHost = document.createElement('div');
    this.errorHost.className = 'tslit-error-host';
    this.el.replaceChildren(controls, this.rules, this.varyHost, this.status, this.list, this.errorHost);

    this.generatorSelect.addEventListener('change', () => this.sendToKernel({ method: 'configure', params: { generator: this.generatorSelect.value } }));
    this.runButton.addEventListener('click', () => this.sendToKernel({ method: 'run', params: this.params() }));
    this.cancelButton.addEventListener('click', () => this.sendToKernel({ method: 'cancel' }));
    this.addAllButton.addEventListener('click', () => this.sendToKernel({ method: 'add', index: 'all' }));
  }

  /** The options as typed, sent with Run. */
  private params(): JSONObject {
    const p: JSONObject = { generator: this.generatorSelect.value, count: Number(this.countInput.value) };
    if (this.generatorSelect.value === 'word_replacer') p.rules = this.rules.value;
    if (this.generatorSelect.value === 'tabular_minimal') {
      const vary: string[] = [];
      const ranges: Record<string, [number, number]> = {};
      for (const row of Array.from(this.varyHost.querySelectorAll<HTMLElement>('.tslit-cf-vary-feature'))) {
        const name = row.dataset.feature ?? '';
        if (row.querySelector<HTMLInputElement>('input[type=checkbox]')?.checked) vary.push(name);
        const [lo, hi] = Array.from(row.querySelectorAll<HTMLInputElement>('input[type=number]')).map((i) => i.value.trim());
        if (lo && hi) ranges[name] = [Number(lo), Number(hi)];
      }
      p.vary = vary;
      p.ranges = ranges;
    }
    return p;
  }

  protected updateView(): void {
    const m = this.model;
    const generator = String(m.get('generator') ?? '');
    const generators = (m.get('generators') as string[] | undefined) ?? [];
    const registered = (m.get('generatorLabels') as Record<string, string> | undefined) ?? {};
    setChoices(this.generatorSelect, generators.map((g) => ({ value: g, label: GENERATOR_LABELS[g] ?? registered[g] ?? g })), generator);
    this.generatorParams.update((m.get('generatorParams') as ParamSpec[] | undefined) ?? [], (m.get('generatorValues') as ParamValues | undefined) ?? {});
    setValueUnlessFocused(this.countInput, String(m.get('count') ?? 5));
    setValueUnlessFocused(this.rules, String(m.get('rules') ?? ''));
    this.rules.hidden = generator !== 'word_replacer';
    this.renderVary(generator === 'tabular_minimal');
    const busy = Boolean(m.get('busy'));
    this.el.classList.toggle('tslit-busy', busy);
    this.el.dataset.busy = String(busy);
    this.cancelButton.hidden = !busy;
    this.runButton.disabled = busy || m.get('exampleId') === '';
    const results = (m.get('results') as CfItem[] | undefined) ?? [];
    this.addAllButton.hidden = results.length === 0 || results.every((r) => r.addedId !== '');
    const error = m.get('error') as string | null;
    if (error) renderErrorBox(this.errorHost, 'Counterfactuals failed', error);
    else this.errorHost.replaceChildren();
    const reason = String(m.get('reason') ?? '');
    this.status.textContent = m.get('exampleId') === '' ? 'Select an example to generate counterfactuals.' : busy ? 'Searching…' : reason;
    renderCfList(this.list, {
      original: (m.get('original') as CfOriginal | null) ?? null,
      results,
      textField: String(m.get('textField') ?? ''),
      features: (m.get('features') as string[] | undefined) ?? [],
      onAdd: (i) => this.sendToKernel({ method: 'add', index: i }),
      formatScore,
    });
    this.el.dataset.ranFor = String(m.get('ranFor') ?? '');
  }

  /** A checkbox (vary) per feature and low/high inputs (range) per numeric one; built once, values follow the state. */
  private renderVary(show: boolean): void {
    this.varyHost.hidden = !show;
    if (!show) return;
    const features = (this.model.get('features') as string[] | undefined) ?? [];
    const numeric = new Set((this.model.get('numericFeatures') as string[] | undefined) ?? []);
    const vary = (this.model.get('vary') as string[] | undefined) ?? [];
    const ranges = (this.model.get('ranges') as Record<string, [number, number]> | undefined) ?? {};
    if (this.varyHost.childElementCount !== features.length) {
      this.varyHost.replaceChildren(...features.map((f) => {
        const row = document.createElement('span');
        row.className = 'tslit-cf-vary-feature';
        row.dataset.feature = f;
        const box = document.createElement('input');
        box.type = 'checkbox';
        row.append(labelled(f, box));
        // A range only means something for a number; a category just may change or not.
        if (numeric.has(f)) {
          const lo = numberInput(-1e12, 1e12, 0.01);
          const hi = numberInput(-1e12, 1e12, 0.01);
          lo.placeholder = 'min';
          hi.placeholder = 'max';
          row.append(lo, hi);
        }
        return row;
      }));
    }
    for (const row of Array.from(this.varyHost.querySelectorAll<HTMLElement>('.tslit-cf-vary-feature'))) {
      const f = row.dataset.feature ?? '';
      const box = row.querySelector<HTMLInputElement>('input[type=checkbox]');
      if (box) box.checked = vary.length === 0 || vary.includes(f);
      const [lo, hi] = Array.from(row.querySelectorAll<HTMLInputElement>('input[type=number]'));
      if (ranges[f] && lo && hi) {
        setValueUnlessFocused(lo, String(ranges[f][0]));
        setValueUnlessFocused(hi, String(ranges[f][1]));
      }
    }
  }

  private sendToKernel(content: JSONObject): void {
    this.model.send(content, {});
  }
}

function button(text: string, className: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = text;
  return b;
}
