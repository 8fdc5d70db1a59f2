/**
 * CSS of the plot element and the metrics views, injected once per page in JupyterLab's
 * theme variables (kept apart from styles.ts so each area owns its rules).
 */
const CSS = `
.tslit-plot { position: relative; }
.tslit-plot-toolbar { display: flex; gap: 4px; justify-content: flex-end; margin-bottom: 2px; }
.tslit-button { font-family: var(--jp-ui-font-family); font-size: var(--jp-ui-font-size0);
  color: var(--jp-ui-font-color1); background: var(--jp-layout-color2);
  border: 1px solid var(--jp-border-color1); border-radius: 2px; padding: 2px 8px; cursor: pointer; }
.tslit-button:hover { background: var(--jp-layout-color3); }
.tslit-button:disabled { opacity: 0.5; cursor: default; }
.tslit-plot-graph { min-height: 120px; color: var(--jp-ui-font-color2); }
.tslit-wide { max-width: 900px; }
.tslit-controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 4px 0 8px; }
.tslit-controls label { display: inline-flex; gap: 4px; align-items: center; }
.tslit-controls label[hidden], .tslit-progress[hidden] { display: none; }
.tslit-controls select, .tslit-controls input[type=number] { font-family: var(--jp-ui-font-family);
  color: var(--jp-ui-font-color0); background: var(--jp-layout-color0); border: 1px solid var(--jp-border-color1); }
.tslit-progress { display: flex; gap: 8px; align-items: center; margin: 4px 0; }
.tslit-progress progress { flex: 1; }
.tslit-table { border-collapse: collapse; font-family: var(--jp-code-font-family); font-size: var(--jp-code-font-size); }
.tslit-table th, .tslit-table td { border: 1px solid var(--jp-border-color2); padding: 2px 6px; text-align: right; }
.tslit-table th { background: var(--jp-layout-color2); color: var(--jp-ui-font-color1); }
.tslit-table td.tslit-text, .tslit-table th.tslit-text { text-align: left; }
.tslit-note { color: var(--jp-ui-font-color2); margin: 4px 0; }
.tslit-note[hidden] { display: none; }
.tslit-table tr.tslit-selection-row td { background: rgba(255, 127, 14, 0.16); font-weight: bold; }
`;

const STYLE_ID = 'tslit-plot-styles';

/** Adds the stylesheet to `doc` unless it is already there. */
export function ensurePlotStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.append(style);
}
