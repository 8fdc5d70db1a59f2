/**
 * Small form controls for the salience and counterfactual views: a labelled select and a
 * labelled number input. Option texts are text nodes.
 */
export interface Choice {
  value: string;
  label: string;
}

export function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = document.createElement('label');
  label.append(document.createTextNode(text), control);
  return label;
}

/** Replaces a select's options (only when they changed, so an open select is not disturbed) and sets its value. */
export function setChoices(select: HTMLSelectElement, choices: readonly Choice[], value: string): void {
  const same = select.options.length === choices.length && choices.every((c, i) => select.options[i].value === c.value && select.options[i].text === c.label);
  if (!same) {
    select.replaceChildren(...choices.map((c) => {
      const o = document.createElement('option');
      o.value = c.value;
      o.text = c.label;
      return o;
    }));
  }
  if (select.value !== value) select.value = value;
}

export function numberInput(min: number, max: number, step = 1): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'number';
  input.min = String(min);
  input.max = String(max);
  input.step = String(step);
  return input;
}

/** Sets an input's value unless the person is typing in it. */
export function setValueUnlessFocused(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  if (input.value !== value && input.ownerDocument.activeElement !== input) input.value = value;
}
