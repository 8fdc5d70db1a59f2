/**
 * CSS of the data table, the datapoint editor and the workspace, injected once per page, in
 * JupyterLab's theme variables so they follow the light and dark themes; and the grid's
 * canvas colours read from the same variables.
 *
 * Notes: kept apart from styles.ts (the shared base) so each view family owns its rules.
 */
import type { DataGrid } from '@lumino/datagrid';

const CSS = `
.tslit-table, .tslit-editor, .tslit-workspace { max-width: none; }
.tslit-toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 6px; }
.tslit-toolbar input, .tslit-toolbar select, .tslit-editor input, .tslit-editor select {
  font: inherit; color: var(--jp-ui-font-color0); background: var(--jp-layout-color0);
  border: 1px solid var(--jp-border-color1); border-radius: 2px; padding: 2px 4px; }
.tslit-toolbar button, .tslit-editor button { font: inherit; color: var(--jp-ui-font-color1);
  background: var(--jp-layout-color2); border: 1px solid var(--jp-border-color1); border-radius: 2px;
  padding: 2px 8px; cursor: pointer; }
.tslit-toolbar button:hover, .tslit-editor button:hover { background: var(--jp-layout-color3); }
.tslit-toolbar select { max-width: 14em; }
.tslit-table-status { color: var(--jp-ui-font-color2); margin-left: auto; }
.tslit-chip { display: inline-flex; gap: 4px; align-items: center; background: var(--jp-layout-color2);
  border-radius: 10px; padding: 0 2px 0 8px; }
.tslit-chip button { border: none; background: transparent; padding: 0 4px; }
.tslit-table .tslit-progress { display: flex; gap: 8px; align-items: center; margin: 0 0 6px; }
.tslit-table .tslit-progress[hidden], .tslit-table .tslit-progress-status[hidden] { display: none; }
.tslit-table .tslit-progress progress { flex: 1; }
.tslit-grid-host { position: relative; border: 1px solid var(--jp-border-color2); }
.tslit-grid-host .lm-DataGrid { position: absolute; inset: 0; }
.tslit-table-detail { margin-top: 6px; display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px;
  max-height: 8em; overflow: auto; font-family: var(--jp-code-font-family); font-size: var(--jp-code-font-size); }
.tslit-table-detail dt { color: var(--jp-ui-font-color2); }
.tslit-table-detail dd { margin: 0; white-space: pre-wrap; word-break: break-all; }
.tslit-editor-columns { display: flex; gap: 12px; align-items: flex-start; }
.tslit-editor-column { flex: 1 1 0; min-width: 0; }
.tslit-editor-column h4 { margin: 0 0 4px; font-size: var(--jp-ui-font-size1); }
.tslit-editor-field { display: block; margin: 0 0 6px; }
.tslit-editor-field > span { display: block; color: var(--jp-ui-font-color2); }
.tslit-editor-field input, .tslit-editor-field select { box-sizing: border-box; width: 100%; }
.tslit-editor-field.tslit-invalid input { border-color: var(--jp-error-color1); }
.tslit-field-error { color: var(--jp-error-color1); font-size: var(--jp-ui-font-size0); }
.tslit-editor-pinned .tslit-editor-value { white-space: pre-wrap; word-break: break-all; font-family: var(--jp-code-font-family); }
.tslit-editor-changed > span { color: var(--jp-brand-color1); font-weight: bold; }
.tslit-editor-empty { color: var(--jp-ui-font-color2); font-style: italic; }
.tslit-editor-prediction { margin: 6px 0; }
.tslit-editor-actions { display: flex; gap: 6px; margin-top: 6px; }
.tslit-workspace { display: grid; grid-template-columns: minmax(0, 2fr) minmax(260px, 1fr); gap: 8px; }
.tslit-workspace-area-main { grid-column: 1; }
.tslit-workspace-area-side { grid-column: 2; }
.tslit-workspace-area-bottom { grid-column: 1 / span 2; }
.tslit-workspace-panel > h3 { margin: 0 0 4px; font-size: var(--jp-ui-font-size1); color: var(--jp-ui-font-color1); }
`;

const STYLE_ID = 'tslit-table-styles';

export function ensureTableStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.append(style);
}

/** A CSS variable's value on `el`, or `fallback`. */
function cssVar(el: Element, name: string, fallback: string): string {
  const v = getComputedStyle(el).getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

/** Grid colours from the current JupyterLab theme. */
export function gridStyle(el: Element): DataGrid.Style {
  const brand = cssVar(el, '--jp-brand-color1', '#1976d2');
  return {
    voidColor: cssVar(el, '--jp-layout-color0', '#ffffff'),
    backgroundColor: cssVar(el, '--jp-layout-color0', '#ffffff'),
    gridLineColor: cssVar(el, '--jp-border-color3', 'rgba(20, 20, 20, 0.15)'),
    headerBackgroundColor: cssVar(el, '--jp-layout-color2', '#eeeeee'),
    headerGridLineColor: cssVar(el, '--jp-border-color2', 'rgba(20, 20, 20, 0.25)'),
    selectionFillColor: 'rgba(49, 119, 180, 0.2)',
    selectionBorderColor: brand,
    cursorBorderColor: brand,
    headerSelectionFillColor: 'rgba(20, 20, 20, 0.1)',
  };
}

export function gridTextColor(el: Element): string {
  return cssVar(el, '--jp-ui-font-color0', '#000000');
}

/** Calls `cb` when JupyterLab switches between light and dark themes; returns a stop function. */
export function onThemeChange(cb: () => void): () => void {
  const observer = new MutationObserver(() => cb());
  observer.observe(document.body, { attributes: true, attributeFilter: ['data-jp-theme-light', 'data-jp-theme-name'] });
  return () => observer.disconnect();
}
