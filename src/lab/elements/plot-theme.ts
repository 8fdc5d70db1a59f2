/**
 * Plot colours from JupyterLab's theme, so plots follow the light and dark themes.
 *
 * Notes: read from the CSS variables on `document.body` at render time; `watchTheme` calls
 * back when the theme changes (JupyterLab sets `data-jp-theme-light`/`data-jp-theme-name` on
 * the body once the new theme's CSS is in).
 */

export interface PlotTheme {
  light: boolean;
  background: string;
  plotBackground: string;
  font: string;
  fontFamily: string;
  grid: string;
  line: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/** The current theme's colours. */
export function readPlotTheme(doc: Document = document): PlotTheme {
  const body = doc.body;
  const style = doc.defaultView!.getComputedStyle(body);
  const light = body.dataset.jpThemeLight !== 'false';
  return {
    light,
    background: cssVar(style, '--jp-layout-color1', light ? '#ffffff' : '#111111'),
    plotBackground: cssVar(style, '--jp-layout-color0', light ? '#ffffff' : '#111111'),
    font: cssVar(style, '--jp-ui-font-color1', light ? 'rgba(0,0,0,0.87)' : 'rgba(255,255,255,0.87)'),
    fontFamily: cssVar(style, '--jp-ui-font-family', 'sans-serif'),
    grid: cssVar(style, '--jp-border-color2', light ? '#e0e0e0' : '#424242'),
    line: cssVar(style, '--jp-border-color1', light ? '#bdbdbd' : '#616161'),
  };
}

const AXIS_KEY = /^[xy]axis\d*$/;

/** `layout` with the theme's colours as defaults (values the figure sets itself win). */
export function themedLayout(layout: Record<string, unknown>, theme: PlotTheme): Record<string, unknown> {
  const axis = { gridcolor: theme.grid, linecolor: theme.line, zerolinecolor: theme.line, tickcolor: theme.line };
  const out: Record<string, unknown> = {
    paper_bgcolor: theme.background,
    plot_bgcolor: theme.plotBackground,
    ...layout,
    font: { color: theme.font, family: theme.fontFamily, size: 12, ...(layout.font as object | undefined) },
    xaxis: { ...axis, ...(layout.xaxis as object | undefined) },
    yaxis: { ...axis, ...(layout.yaxis as object | undefined) },
  };
  for (const key of Object.keys(layout)) {
    if (AXIS_KEY.test(key)) out[key] = { ...axis, ...(layout[key] as object) };
  }
  return out;
}

/** Calls `onChange` whenever JupyterLab switches theme; returns a function that stops watching. */
export function watchTheme(onChange: () => void, doc: Document = document): () => void {
  const observer = new MutationObserver(() => onChange());
  observer.observe(doc.body, { attributes: true, attributeFilter: ['data-jp-theme-light', 'data-jp-theme-name'] });
  return () => observer.disconnect();
}
