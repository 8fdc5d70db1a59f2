/**
 * The data table's toolbar: a search box, a per-column filter (column + expression, shown as
 * removable chips), the model whose predictions are shown, CSV/JSON export, and a status.
 *
 * Notes: column names and filter text come from data or the person: every one is set with
 * textContent or as a form value, never as markup. The search box is debounced and never
 * overwritten while it has focus.
 */
import { debounce } from './debounce';

export interface ToolbarState {
  columns: { name: string; kind: string }[];
  filters: Record<string, string>;
  search: string;
  model: string;
  models: string[];
  rowCount: number;
  totalRows: number;
  selectionCount: number;
}

export interface ToolbarHandlers {
  onSearch(text: string): void;
  onFilter(column: string, expression: string): void;
  onModel(name: string): void;
  onExport(format: 'csv' | 'json'): void;
}

export interface TableToolbar {
  element: HTMLElement;
  update(state: ToolbarState): void;
}

function button(text: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

/** Replaces a select's options (values and labels as text) unless they are already those. */
function setOptions(select: HTMLSelectElement, options: [string, string][], value: string): void {
  const key = JSON.stringify(options);
  if (select.dataset.options !== key) {
    select.replaceChildren(...options.map(([v, label]) => {
      const o = document.createElement('option');
      o.value = v;
      o.textContent = label;
      return o;
    }));
    select.dataset.options = key;
  }
  if (select.value !== value) select.value = value;
}

export function buildTableToolbar(handlers: ToolbarHandlers): TableToolbar {
  const element = document.createElement('div');
  element.className = 'tslit-toolbar';

  const search = document.createElement('input');
  search.type = 'search';
  search.placeholder = 'Search text';
  search.className = 'tslit-table-search';
  search.setAttribute('aria-label', 'Search text and category columns');
  const sendSearch = debounce((text: string) => handlers.onSearch(text), () => 200);
  search.addEventListener('input', () => sendSearch(search.value));

  const filterColumn = document.createElement('select');
  filterColumn.className = 'tslit-filter-column';
  filterColumn.setAttribute('aria-label', 'Column to filter');
  const filterText = document.createElement('input');
  filterText.className = 'tslit-filter-expression';
  filterText.placeholder = 'filter: > 3, 2..5, =red, text';
  filterText.setAttribute('aria-label', 'Filter expression');
  const apply = () => {
    if (filterColumn.value !== '') handlers.onFilter(filterColumn.value, filterText.value);
  };
  filterText.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') apply();
  });
  const applyButton = button('Filter', 'Apply the filter to the column', apply);
  applyButton.className = 'tslit-filter-apply';

  const chips = document.createElement('span');
  chips.className = 'tslit-filter-chips';

  const model = document.createElement('select');
  model.className = 'tslit-table-model';
  model.setAttribute('aria-label', 'Model predictions shown');
  model.addEventListener('change', () => handlers.onModel(model.value));

  const csv = button('CSV', 'Download the shown rows as CSV', () => handlers.onExport('csv'));
  csv.className = 'tslit-export-csv';
  const json = button('JSON', 'Download the shown rows as JSON', () => handlers.onExport('json'));
  json.className = 'tslit-export-json';

  const status = document.createElement('span');
  status.className = 'tslit-table-status';

  element.append(search, filterColumn, filterText, applyButton, chips, model, csv, json, status);

  return {
    element,
    update(state) {
      if (document.activeElement !== search && search.value !== state.search) search.value = state.search;
      const filterable = state.columns.filter((c) => c.kind !== 'vector');
      setOptions(filterColumn, filterable.map((c) => [c.name, c.name]), filterColumn.value || (filterable[0]?.name ?? ''));
      chips.replaceChildren(...Object.entries(state.filters).filter(([, e]) => e.trim() !== '').map(([column, expression]) => {
        const chip = document.createElement('span');
        chip.className = 'tslit-chip';
        const label = document.createElement('span');
        label.textContent = `${column}: ${expression}`;
        chip.append(label, button('×', `Remove the filter on ${column}`, () => handlers.onFilter(column, '')));
        return chip;
      }));
      model.hidden = state.models.length === 0;
      setOptions(model, [['', 'no model'], ...state.models.map((m): [string, string] => [m, `predictions: ${m}`])], state.model);
      const shown = state.rowCount === state.totalRows ? `${state.totalRows.toLocaleString('en-US')} rows` : `${state.rowCount.toLocaleString('en-US')} of ${state.totalRows.toLocaleString('en-US')} rows`;
      status.textContent = state.selectionCount > 0 ? `${shown} · ${state.selectionCount.toLocaleString('en-US')} selected` : shown;
    },
  };
}
