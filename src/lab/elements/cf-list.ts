/**
 * The list of counterfactuals: the original first, then each result with its changed words
 * (text) or fields (tabular) highlighted, its prediction, distance and an "Add" button.
 *
 * Notes: every value is a text node; changed words are spans with a class, removed words are
 * shown struck through. Rebuilt on every call (a handful of results).
 */
export type ShownValue = string | number | null;

export interface CfOriginal {
  values: Record<string, ShownValue>;
  predicted: string;
  score: number;
}

export interface CfItem {
  values: Record<string, ShownValue>;
  changedFields: string[];
  segments: { text: string; kind: 'same' | 'added' | 'removed' }[];
  predicted: string;
  score: number;
  distance: number;
  addedId: string;
}

export interface CfListInput {
  original: CfOriginal | null;
  results: readonly CfItem[];
  /** The text field ('' for tabular models). */
  textField: string;
  features: readonly string[];
  onAdd: (index: number) => void;
  formatScore: (v: number) => string;
}

function span(className: string, text: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = text;
  return s;
}

function head(parts: (string | HTMLElement)[]): HTMLElement {
  const h = document.createElement('div');
  h.className = 'tslit-cf-head';
  for (const p of parts) h.append(typeof p === 'string' ? document.createTextNode(p) : p);
  return h;
}

function prediction(predicted: string, score: number, fmt: (v: number) => string): HTMLElement {
  const b = document.createElement('b');
  b.className = 'tslit-cf-predicted';
  b.textContent = predicted !== '' ? `${predicted} (${(score * 100).toFixed(1)}%)` : `score ${fmt(score)}`;
  return b;
}

function fieldsGrid(values: Record<string, ShownValue>, features: readonly string[], changed: readonly string[]): HTMLElement {
  const grid = document.createElement('div');
  grid.className = 'tslit-cf-fields';
  for (const f of features) {
    const name = span('tslit-cf-field-name', f);
    const value = span('tslit-cf-field-value', values[f] === null || values[f] === undefined ? '—' : String(values[f]));
    if (changed.includes(f)) value.classList.add('tslit-cf-field-changed');
    grid.append(name, value);
  }
  return grid;
}

export function renderCfList(host: HTMLElement, input: CfListInput): void {
  const items: HTMLElement[] = [];
  const { original, textField, features } = input;
  if (original) {
    const box = document.createElement('div');
    box.className = 'tslit-cf-original';
    box.append(head(['Original · ', prediction(original.predicted, original.score, input.formatScore)]));
    if (textField !== '') {
      box.append(span('tslit-cf-text', String(original.values[textField] ?? '')));
    } else box.append(fieldsGrid(original.values, features, []));
    items.push(box);
  }
  input.results.forEach((r, i) => {
    const box = document.createElement('div');
    box.className = 'tslit-cf-item';
    box.dataset.index = String(i);
    const add = document.createElement('button');
    add.type = 'button';
    add.className = 'tslit-cf-add';
    add.textContent = r.addedId ? `Added as ${r.addedId}` : 'Add to dataset';
    add.disabled = r.addedId !== '';
    add.addEventListener('click', () => input.onAdd(i));
    box.append(head([`#${i + 1} · `, prediction(r.predicted, r.score, input.formatScore), ` · distance ${input.formatScore(r.distance)}`, add]));
    if (textField !== '') {
      const text = document.createElement('div');
      text.className = 'tslit-cf-text';
      for (const seg of r.segments) {
        if (seg.kind === 'same') text.append(document.createTextNode(seg.text));
        else text.append(span(seg.kind === 'added' ? 'tslit-cf-added' : 'tslit-cf-removed', seg.text));
      }
      box.append(text);
    } else box.append(fieldsGrid(r.values, features, r.changedFields));
    items.push(box);
  });
  host.replaceChildren(...items);
}
