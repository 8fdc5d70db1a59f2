/**
 * The datapoint editor's inputs: a textarea for text, a number box for numbers, a select of
 * the dataset's vocabulary for categories, plain text for what cannot be edited here.
 *
 * Notes: number boxes are text inputs with `inputmode="decimal"`, not `type="number"`:
 * Chromium silently turns typed letters into an empty value there, and the person should
 * see the kernel's message saying why "abc" is not a number instead. An input that has focus
 * or holds text the kernel refused is never overwritten, so nothing typed is lost. All values
 * and names are set as form values or textContent.
 */
import { debounce, type Debounced } from './debounce';

export interface FieldInfo {
  name: string;
  kind: 'text' | 'number' | 'category' | 'readonly';
  vocab?: string[];
}

export type FieldValueShown = string | number | null;

interface FieldRow {
  info: FieldInfo;
  label: HTMLElement;
  input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | HTMLElement;
  message: HTMLElement;
  send?: Debounced<[string]>;
}

export class EditorFields {
  readonly element: HTMLElement;
  private rows = new Map<string, FieldRow>();
  private key = '';

  constructor(private readonly onEdit: (field: string, value: string) => void) {
    this.element = document.createElement('div');
    this.element.className = 'tslit-editor-fields';
  }

  /** Rebuilds the inputs when the fields change; then shows values, errors and changed marks. */
  update(fields: FieldInfo[], values: Record<string, FieldValueShown>, errors: Record<string, string>, original: Record<string, FieldValueShown> | null, exampleChanged: boolean): void {
    const key = JSON.stringify(fields);
    if (key !== this.key) {
      this.key = key;
      for (const row of this.rows.values()) row.send?.cancel();
      this.rows = new Map(fields.map((f) => [f.name, this.buildRow(f)]));
      this.element.replaceChildren(...[...this.rows.values()].map((r) => r.label));
    }
    for (const [name, row] of this.rows) {
      const value = values[name] ?? null;
      const text = value === null ? '' : String(value);
      const error = errors[name];
      row.label.classList.toggle('tslit-invalid', error !== undefined);
      row.message.textContent = error ?? '';
      const changed = original !== null && (original[name] ?? null) !== value;
      row.label.classList.toggle('tslit-editor-changed', changed);
      const input = row.input;
      if (input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement || input instanceof HTMLSelectElement) {
        const focused = input.ownerDocument.activeElement === input;
        // Keep what the person typed while they type, and after a refusal; a new example replaces it.
        if (exampleChanged || (!focused && error === undefined)) {
          if (input instanceof HTMLSelectElement) this.ensureOption(input, text);
          if (input.value !== text) input.value = text;
        }
      } else {
        input.textContent = text;
      }
    }
  }

  private ensureOption(select: HTMLSelectElement, value: string): void {
    if ([...select.options].some((o) => o.value === value)) return;
    const o = document.createElement('option');
    o.value = value;
    o.textContent = value === '' ? '(missing)' : value;
    select.append(o);
  }

  private buildRow(info: FieldInfo): FieldRow {
    const label = document.createElement('label');
    label.className = 'tslit-editor-field';
    label.dataset.field = info.name;
    const title = document.createElement('span');
    title.textContent = info.name;
    const message = document.createElement('div');
    message.className = 'tslit-field-error';
    message.setAttribute('role', 'status');
    let input: FieldRow['input'];
    let send: Debounced<[string]> | undefined;
    switch (info.kind) {
      case 'text': {
        const t = document.createElement('textarea');
        t.spellcheck = false;
        send = debounce((v: string) => this.onEdit(info.name, v), () => 300);
        t.addEventListener('input', () => send!(t.value));
        t.addEventListener('blur', () => { send!.cancel(); this.onEdit(info.name, t.value); });
        input = t;
        break;
      }
      case 'number': {
        const n = document.createElement('input');
        n.type = 'text';
        n.inputMode = 'decimal';
        n.className = 'tslit-number';
        n.addEventListener('change', () => this.onEdit(info.name, n.value));
        // Enter commits too (JupyterLab may take the key before a change event happens).
        n.addEventListener('keydown', (e) => {
          if (e.key === 'Enter') this.onEdit(info.name, n.value);
        });
        input = n;
        break;
      }
      case 'category': {
        const s = document.createElement('select');
        const empty = document.createElement('option');
        empty.value = '';
        empty.textContent = '(missing)';
        s.append(empty, ...(info.vocab ?? []).map((v) => {
          const o = document.createElement('option');
          o.value = v;
          o.textContent = v;
          return o;
        }));
        s.addEventListener('change', () => this.onEdit(info.name, s.value));
        input = s;
        break;
      }
      case 'readonly': {
        input = document.createElement('span');
        input.className = 'tslit-editor-value';
        break;
      }
    }
    input.setAttribute('aria-label', info.name);
    label.append(title, input, message);
    return { info, label, input, message, send };
  }

  dispose(): void {
    for (const row of this.rows.values()) row.send?.cancel();
  }
}

/** A read-only column of values (the pinned original beside the edit). */
export function renderValueColumn(host: HTMLElement, fields: FieldInfo[], values: Record<string, FieldValueShown>): void {
  host.replaceChildren(...fields.map((f) => {
    const row = document.createElement('div');
    row.className = 'tslit-editor-field';
    row.dataset.field = f.name;
    const title = document.createElement('span');
    title.textContent = f.name;
    const value = document.createElement('div');
    value.className = 'tslit-editor-value';
    const v = values[f.name];
    value.textContent = v === null || v === undefined ? '' : String(v);
    row.append(title, value);
    return row;
  }));
}
