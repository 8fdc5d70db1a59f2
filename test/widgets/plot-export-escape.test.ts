/**
 * The one escaping helper for plotly (src/lab/elements/escape-plotly.ts): every data string
 * in a figure has `&`, `<`, `>` as entities (plotly renders a subset of HTML in labels), code
 * templates stay as written, typed arrays pass untouched, and a click's customdata can be
 * turned back into the original ids. The browser test (test/browser/export.test.ts) shows a
 * hostile label drawn as text in a real plot.
 */
import { escapeFigure, escapePlotlyText, unescapePlotlyText } from '../../src/lab/elements/escape-plotly';

const HOSTILE = [
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>',
  '<svg onload=alert(1)>', '<span style="background:url(javascript:alert(1))">s</span>', 'a & b', '&lt;b&gt;', '&#60;b&#62;', '<br>',
];

test('no escaped string contains a tag opener or an unescaped entity', () => {
  for (const h of HOSTILE) {
    const e = escapePlotlyText(h);
    expect(e).not.toMatch(/[<>]/);
    expect(e.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
    expect(unescapePlotlyText(e)).toBe(h);
  }
});

test('escapeFigure escapes every string of data and layout, keeps templates and typed arrays', () => {
  const y = Float32Array.of(1, 2);
  const figure = {
    data: [{
      type: 'bar', x: [HOSTILE[0], 'ok'], y, name: HOSTILE[1], text: [[HOSTILE[2]]], customdata: ['id<1>', 'id&2'],
      hovertemplate: '%{x}<br>%{y}<extra></extra>', marker: { color: '#1f77b4' },
    }],
    layout: { title: { text: HOSTILE[3] }, xaxis: { ticktext: [HOSTILE[4]] }, annotations: [{ text: HOSTILE[5] }] },
  };
  const safe = escapeFigure(figure);
  const strings: string[] = [];
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string') {
      if (key !== 'hovertemplate') strings.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(safe);
  expect(strings.length).toBeGreaterThan(8);
  for (const s of strings) expect(s).not.toMatch(/[<>]/);
  const trace = safe.data[0] as typeof figure.data[0];
  expect(trace.hovertemplate).toBe('%{x}<br>%{y}<extra></extra>');
  expect(trace.y).toBe(y);
  expect(trace.marker.color).toBe('#1f77b4');
  expect(trace.customdata.map(unescapePlotlyText)).toEqual(['id<1>', 'id&2']);
  expect(figure.data[0].x[0]).toBe(HOSTILE[0]); // the input is not changed
});
