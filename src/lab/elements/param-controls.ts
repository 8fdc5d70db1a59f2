/**
 * Controls for the parameters of a registered method or generator, drawn from the specs the
 * kernel publishes (src/core/params.ts): a number input, a select, a checkbox or a text field
 * each. Names and labels come from the person's cell: set with textContent only.
 */
import type { ParamSpec, ParamValue, ParamValues } from '../../core/params';

export interface ParamControls {
  el: HTMLElement;
  /** Redraws for these specs and values (keeps a focused field as the person is typing it). */
  update(specs: readonly ParamSpec[], values: ParamValues): void;
}

/** `onChange(values)` is called with every value after any control changes. */
export function paramControls(onChange: (values: ParamValues) => void): ParamControls {
  const el = document.createElement('span');
  el.className = 'tslit-param-controls';
  // Hidden while empty: a built-in method or generator has no parameters, and the row keeps its spacing.
  el.hidden = true;
  let shown = '';
  let inputs: Array<{ spec: ParamSpec; read(): ParamValue; write(v: ParamValue): void; field: HTMLInputElement | HTMLSelectElement }> = [];
  let sent = '';
  /** Sends the values once per difference: Enter and the change that may follow it send once. */
  const changed = () => {
    const values = Object.fromEntries(inputs.map((i) => [i.spec.name, i.read()]));
    const signature = JSON.stringify(values);
    if (signature === sent) return;
    sent = signature;
    onChange(values);
  };
  return {
    el,
    update(specs, values) {
      el.hidden = specs.length === 0;
      const signature = JSON.stringify(specs);
      if (signature !== shown) {
        shown = signature;
        inputs = specs.map((spec) => {
          const label = document.createElement('label');
          label.className = `tslit-param tslit-param-${spec.kind}`;
          label.dataset.param = spec.name;
          const text = document.createElement('span');
          text.textContent = spec.label ?? spec.name;
          let field: HTMLInputElement | HTMLSelectElement;
          let read: () => ParamValue;
          let write: (v: ParamValue) => void;
          if (spec.kind === 'choice') {
            const select = document.createElement('select');
            for (const c of spec.choices) {
              const o = document.createElement('option');
              o.value = c;
              o.textContent = c;
              select.append(o);
            }
            field = select;
            read = () => select.value;
            write = (v) => { select.value = String(v); };
          } else {
            const input = document.createElement('input');
            input.type = spec.kind === 'number' ? 'number' : spec.kind === 'boolean' ? 'checkbox' : 'text';
            if (spec.kind === 'number') {
              if (spec.min !== undefined) input.min = String(spec.min);
              if (spec.max !== undefined) input.max = String(spec.max);
              input.step = String(spec.step ?? (spec.integer ? 1 : 'any'));
            }
            field = input;
            read = () => (spec.kind === 'number' ? Number(input.value) : spec.kind === 'boolean' ? input.checked : input.value);
            write = (v) => { if (spec.kind === 'boolean') input.checked = Boolean(v); else input.value = String(v); };
          }
          field.addEventListener('change', changed);
          // Enter commits a typed value at once (Chromium sends no change for it in a number field).
          field.addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter') changed(); });
          label.append(text, field);
          return { spec, read, write, field, label };
        });
        el.replaceChildren(...inputs.map((i) => i.field.parentElement as HTMLElement));
      }
      for (const i of inputs) {
        if (i.field.ownerDocument.activeElement === i.field) continue;
        i.write(values[i.spec.name] ?? i.spec.default);
      }
      sent = JSON.stringify(Object.fromEntries(inputs.map((i) => [i.spec.name, values[i.spec.name] ?? i.spec.default])));
    },
  };
}
