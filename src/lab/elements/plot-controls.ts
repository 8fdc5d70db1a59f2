/**
 * Small labelled form controls for the metrics views (select, number, range), each bound to a
 * key of the widget model: a change sets the key and syncs it to the kernel.
 *
 * Notes: option labels come from data (class names, field names), so they are set with
 * textContent only.
 */

/** The part of a widget model the controls use. */
export interface BoundModel {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  save_changes(): void;
}

export interface Control {
  /** The label element holding the control. */
  el: HTMLLabelElement;
  /** Brings the control up to date with the model. */
  update(): void;
}

function labelled(text: string, control: HTMLElement, className: string): HTMLLabelElement {
  const label = document.createElement('label');
  label.className = className;
  const span = document.createElement('span');
  span.textContent = text;
  label.append(span, control);
  return label;
}

/** A select over `options()` ([value, label] pairs) bound to `key`. */
export function selectControl(model: BoundModel, key: string, text: string, options: () => [string, string][], className = `tslit-control-${key}`): Control {
  const select = document.createElement('select');
  select.addEventListener('change', () => {
    model.set(key, select.value);
    model.save_changes();
  });
  let shown = '';
  return {
    el: labelled(text, select, className),
    update() {
      const opts = options();
      const signature = JSON.stringify(opts);
      if (signature !== shown) {
        shown = signature;
        select.replaceChildren(...opts.map(([value, label]) => {
          const o = document.createElement('option');
          o.value = value;
          o.textContent = label;
          return o;
        }));
      }
      const value = String(model.get(key) ?? '');
      if (select.value !== value) select.value = value;
    },
  };
}

/** A number input (and optionally a range slider) bound to numeric `key`. */
export function numberControl(model: BoundModel, key: string, text: string, range: { min: number; max: number; step: number; slider?: boolean }, className = `tslit-control-${key}`): Control {
  const wrap = document.createElement('span');
  wrap.className = 'tslit-number-control';
  const number = document.createElement('input');
  number.type = 'number';
  const slider = document.createElement('input');
  slider.type = 'range';
  for (const input of [number, slider]) {
    input.min = String(range.min);
    input.max = String(range.max);
    input.step = String(range.step);
  }
  const commit = (raw: string) => {
    const v = Number(raw);
    if (raw === '' || !Number.isFinite(v) || v < range.min || v > range.max) return;
    model.set(key, v);
    model.save_changes();
  };
  number.addEventListener('change', () => commit(number.value));
  slider.addEventListener('input', () => {
    number.value = slider.value;
  });
  slider.addEventListener('change', () => commit(slider.value));
  if (range.slider) wrap.append(slider);
  wrap.append(number);
  return {
    el: labelled(text, wrap, className),
    update() {
      const v = String(model.get(key) ?? '');
      if (number.ownerDocument.activeElement !== number) number.value = v;
      if (slider.ownerDocument.activeElement !== slider) slider.value = v;
    },
  };
}

/** A text input bound to string `key`, committed on change (Enter or leaving the field). */
export function textControl(model: BoundModel, key: string, text: string, placeholder = '', className = `tslit-control-${key}`): Control {
  const input = document.createElement('input');
  input.type = 'text';
  input.placeholder = placeholder;
  const commit = () => {
    if (model.get(key) === input.value) return;
    model.set(key, input.value);
    model.save_changes();
  };
  input.addEventListener('change', commit);
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') commit(); });
  return {
    el: labelled(text, input, className),
    update() {
      if (input.ownerDocument.activeElement !== input) input.value = String(model.get(key) ?? '');
    },
  };
}

/** `control`, hidden while `visible()` is false (e.g. a parameter of another method). */
export function shownWhen(control: Control, visible: () => boolean): Control {
  return {
    el: control.el,
    update() {
      control.el.hidden = !visible();
      control.update();
    },
  };
}

/** Saves `blob` as `filename` through the browser's download. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Saves `text` as a file through the browser's download. */
export function downloadText(text: string, filename: string, type: string): void {
  downloadBlob(new Blob([text], { type }), filename);
}
