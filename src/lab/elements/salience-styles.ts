/**
 * CSS of the predictions, salience and counterfactual views, injected once per page in
 * JupyterLab's theme variables (light and dark).
 */
const CSS = `
.tslit-controls { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin: 0 0 6px; }
.tslit-controls label { display: inline-flex; gap: 4px; align-items: center; color: var(--jp-ui-font-color2); }
.tslit-controls select, .tslit-controls input { font: inherit; color: var(--jp-ui-font-color0);
  background: var(--jp-layout-color0); border: 1px solid var(--jp-border-color1); border-radius: 2px; padding: 1px 3px; }
.tslit-controls input[type=number] { width: 5em; }
.tslit-controls [hidden] { display: none; }
.tslit-view button { font: inherit; color: var(--jp-ui-font-color0); background: var(--jp-layout-color2);
  border: 1px solid var(--jp-border-color1); border-radius: 2px; padding: 1px 8px; cursor: pointer; }
.tslit-view button:hover { background: var(--jp-layout-color3); }
.tslit-sal-summary { margin: 4px 0; color: var(--jp-ui-font-color1); }
.tslit-sal-summary b { color: var(--jp-brand-color1); }
.tslit-sal-delta { font-family: var(--jp-code-font-family); color: var(--jp-ui-font-color2); margin-left: 8px; }
.tslit-tokens { line-height: 1.9; font-family: var(--jp-content-font-family); font-size: var(--jp-content-font-size1);
  padding: 4px; background: var(--jp-layout-color0); border: 1px solid var(--jp-border-color2); border-radius: 2px;
  overflow-wrap: anywhere; }
.tslit-token { padding: 1px 2px; border-radius: 2px; white-space: pre-wrap; }
.tslit-token-oov { text-decoration: underline dotted; }
.tslit-tokens-placed { white-space: pre-wrap; }
.tslit-tokens-dense .tslit-token { padding: 1px 0; border-radius: 0; }
.tslit-tokens-placed .tslit-token-special { padding: 0 2px; margin: 0 2px; font-size: 85%; outline: 1px dashed var(--jp-border-color1); }
.tslit-sal-words { margin-left: 8px; }
.tslit-legend { margin: 6px 0 0; max-width: 260px; }
.tslit-legend-strip { height: 10px; border: 1px solid var(--jp-border-color2); }
.tslit-legend-ticks { display: flex; justify-content: space-between; font-family: var(--jp-code-font-family);
  font-size: var(--jp-ui-font-size0); color: var(--jp-ui-font-color2); }
.tslit-legend-caption { font-size: var(--jp-ui-font-size0); color: var(--jp-ui-font-color2); }
.tslit-sal-bars { display: grid; grid-template-columns: minmax(6em, max-content) 1fr 5em; column-gap: 8px; row-gap: 2px; align-items: center; margin: 2px 0; }
.tslit-sal-bar-row { display: grid; grid-template-columns: subgrid; grid-column: 1 / -1; align-items: center; }
.tslit-sal-bar-track { position: relative; height: 12px; background: var(--jp-layout-color2);
  background-image: linear-gradient(var(--jp-border-color1), var(--jp-border-color1)); background-size: 1px 100%;
  background-position: center; background-repeat: no-repeat; }
.tslit-sal-bar-fill { position: absolute; top: 0; height: 100%; }
.tslit-sal-bar-value { text-align: right; font-family: var(--jp-code-font-family); color: var(--jp-ui-font-color2); }
.tslit-heatmap-figure { display: inline-block; vertical-align: top; margin: 4px 16px 4px 0; }
.tslit-heatmap-figure figcaption { font-size: 11px; color: var(--jp-ui-font-color2, #666); margin-top: 2px; }
.tslit-heatmap-stack { position: relative; }
.tslit-heatmap-alone { display: block; background: #fff; outline: 1px solid var(--jp-border-color2, #e0e0e0); }
.tslit-heatmap-stack canvas { position: absolute; left: 0; top: 0; }
.tslit-busy .tslit-sal-result, .tslit-busy .tslit-cf-list { opacity: 0.55; }
.tslit-busy .tslit-sal-rows .tslit-sal-result { opacity: 1; }
.tslit-sal-rows { border-top: 1px solid var(--jp-border-color2); margin-top: 8px; padding-top: 6px; }
.tslit-sal-rows select[hidden] { display: none; }
.tslit-pred-model { margin: 6px 0 2px; font-weight: bold; }
.tslit-pred-score { font-family: var(--jp-code-font-family); }
.tslit-cf-original, .tslit-cf-item { border: 1px solid var(--jp-border-color2); border-radius: 3px; padding: 4px 6px; margin: 4px 0;
  background: var(--jp-layout-color0); }
.tslit-cf-head { display: flex; gap: 10px; align-items: baseline; color: var(--jp-ui-font-color2); font-size: var(--jp-ui-font-size0); }
.tslit-cf-head b { color: var(--jp-ui-font-color1); }
.tslit-cf-head button { margin-left: auto; }
.tslit-cf-text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: var(--jp-content-font-family); }
.tslit-cf-added { background: rgba(255, 193, 7, 0.45); border-radius: 2px; }
.tslit-cf-removed { text-decoration: line-through; color: var(--jp-ui-font-color3); }
.tslit-cf-fields { display: grid; grid-template-columns: max-content 1fr; gap: 0 10px; }
.tslit-cf-field-changed { background: rgba(255, 193, 7, 0.45); font-weight: bold; }
.tslit-cf-reason { color: var(--jp-ui-font-color2); font-style: italic; }
.tslit-cf-rules { width: 100%; min-height: 3.5em; box-sizing: border-box; font-family: var(--jp-code-font-family); }
`;

const STYLE_ID = 'tslit-salience-styles';

export function ensureSalienceStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.append(style);
}
