/**
 * The extension's CSS, injected once per page, in JupyterLab's theme variables so views
 * follow the light and dark themes.
 *
 * Notes: kept in TypeScript because `tsc` copies no CSS files to lib/, and the extension has
 * no separate style entry.
 */
const CSS = `
.tslit-disconnected { opacity: 0.6; }
.tslit-disconnected::before { content: 'disconnected from the kernel: what you typed is kept'; display: block; color: var(--jp-warn-color1, orange); }
.tslit-view { font-family: var(--jp-ui-font-family); font-size: var(--jp-ui-font-size1);
  color: var(--jp-ui-font-color1); background: var(--jp-layout-color1);
  border: 1px solid var(--jp-border-color2); border-radius: 4px; padding: 8px; max-width: 640px; }
.tslit-view textarea { box-sizing: border-box; width: 100%; min-height: 4.5em; resize: vertical;
  font-family: var(--jp-content-font-family); font-size: var(--jp-content-font-size1);
  color: var(--jp-ui-font-color0); background: var(--jp-layout-color0);
  border: 1px solid var(--jp-border-color1); border-radius: 2px; padding: 4px; }
.tslit-view textarea:focus { outline: 1px solid var(--jp-brand-color1); }
.tslit-predicted { margin: 6px 0 4px; }
.tslit-predicted-label { font-weight: bold; color: var(--jp-brand-color1); }
.tslit-busy .tslit-predicted, .tslit-busy .tslit-bars { opacity: 0.55; }
.tslit-view[data-state="error"] .tslit-predicted { display: none; }
.tslit-bar-row { display: grid; grid-template-columns: minmax(4em, max-content) 1fr 4.5em;
  align-items: center; gap: 8px; margin: 2px 0; }
.tslit-bar-label { color: var(--jp-ui-font-color1); }
.tslit-bar-track { height: 12px; background: var(--jp-layout-color3); border-radius: 2px; overflow: hidden; }
.tslit-bar-fill { display: block; height: 100%; background: var(--jp-brand-color2); }
.tslit-bar-predicted .tslit-bar-fill { background: var(--jp-brand-color1); }
.tslit-bar-predicted .tslit-bar-label { font-weight: bold; }
.tslit-bar-value { text-align: right; font-family: var(--jp-code-font-family); color: var(--jp-ui-font-color2); }
.tslit-error { color: var(--jp-error-color1); background: var(--jp-rendermime-error-background, var(--jp-layout-color2));
  border: 1px solid var(--jp-error-color1); border-radius: 4px; padding: 6px 8px; margin: 4px 0; }
.tslit-error-message { white-space: pre-wrap; margin: 4px 0 0; font-family: var(--jp-code-font-family); }
.tslit-probe { font-family: var(--jp-code-font-family); color: var(--jp-ui-font-color1); }
`;

const STYLE_ID = 'tslit-styles';

/** Adds the stylesheet to `doc` unless it is already there. */
export function ensureStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.append(style);
}
