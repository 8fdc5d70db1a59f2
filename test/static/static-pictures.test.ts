/**
 * The static pictures (src/core/static): what a saved notebook shows without tslit. Checks
 * that every data string is escaped, that the pictures carry the state's numbers, and the
 * saved-state rewrite.
 */
import { staticPictureOf } from '../../src/core/static/pictures';
import { staticSalienceHtml, staticTableHtml } from '../../src/core/static/views';
import { WIDGET_STATE_MIME, htmlWidgetEntry, outputPictures, withStaticPictures, type SavedWidgetState } from '../../src/core/static/saved-state';
import { PAYLOADS } from '../browser/hostile-payloads';

const getter = (state: Record<string, unknown>) => (key: string) => state[key];

const TAGS = new Set(['div', 'b', 'span', 'table', 'tr', 'td', 'th', 'svg', 'rect', 'text', 'tspan', 'polyline', 'circle', 'line', 'g']);
const ATTRIBUTES = /^(class|title|style|xmlns|width|height|viewBox|font-family|font-size|x|y|x1|x2|y1|y2|cx|cy|r|fill|stroke|stroke-width|points|text-anchor|transform|opacity)$/;

/**
 * Every tag in `html` is one the pictures draw, with only known attributes in double quotes,
 * so no text from `payload` became markup; and the payload's `<` never survives.
 */
function expectInert(html: string, payload: string): void {
  expect(html).not.toContain(payload.includes('<') ? payload : `<${payload}`);
  for (const [, name, rest] of html.matchAll(/<([a-zA-Z]+)([^>]*)>/g)) {
    expect(TAGS.has(name.toLowerCase()) ? name : `unexpected <${name}>`).toBe(name);
    const leftover = rest.replace(/\s([a-zA-Z][a-zA-Z0-9:-]*)="([^"<>]*)"/g, (_m, attr: string) => {
      expect(ATTRIBUTES.test(attr) ? attr : `unexpected attribute ${attr} on <${name}>`).toBe(attr);
      return '';
    });
    expect(leftover.trim()).toMatch(/^\/?$/);
  }
}

describe('static pictures escape every string from data', () => {
  it.each(PAYLOADS.map((p) => [p]))('%s', (payload) => {
    const pictures = [
      staticPictureOf('PredictionModel', getter({ field: payload, input: payload, classes: [payload, 'ham'], probabilities: new Float32Array([0.25, 0.75]), predicted: payload })),
      staticPictureOf('PredictionsModel', getter({ exampleId: payload, results: [{ model: payload, kind: 'multiclass', classes: [payload], probabilities: [1], predicted: payload, score: 1, error: null }, { model: 'm', kind: 'regression', classes: [], probabilities: [], predicted: '', score: 2, error: payload }] })),
      staticPictureOf('SalienceModel', getter({ inputKind: 'text', labels: [payload, 'x'], scores: new Float32Array([1, -1]), explained: payload, salienceMethod: payload })),
      staticPictureOf('SalienceModel', getter({ inputKind: 'tabular', labels: [payload], scores: new Float32Array([0.5]), explained: payload })),
      staticPictureOf('CounterfactualsModel', getter({ generator: payload, original: { values: { [payload]: payload }, predicted: payload, score: 0.5 }, results: [{ values: { [payload]: payload }, changedFields: [payload], predicted: payload, score: 0.4 }] })),
      staticPictureOf('DatapointEditorModel', getter({ fields: [{ name: payload }], values: { [payload]: payload }, prediction: { model: payload, label: payload, score: 0.9 } })),
      staticTableHtml(payload, ['id', payload], [[payload, payload], ['2', [1, 2]]], 9),
      staticPictureOf('PlotModel', getter({ figure: { data: [{ type: 'bar', name: payload, x: [payload, 'b'], y: [1, 2], marker: { color: payload } }, { type: 'bar', name: 'other', x: ['a'], y: [3] }], layout: { title: { text: payload } } } })),
    ];
    for (const html of pictures) {
      expect(html).not.toBeNull();
      expectInert(html!, payload);
    }
  });
});

describe('static pictures carry the state', () => {
  it('the prediction shows each class with its probability, the predicted one marked', () => {
    const html = staticPictureOf('PredictionModel', getter({ field: 'text', input: 'win money now', classes: ['ham', 'spam'], probabilities: new Float32Array([0.125, 0.875]), predicted: 'spam' }))!;
    expect(html).toContain('win money now');
    expect(html).toContain('predicted: <b>spam</b>');
    expect(html).toContain('width:87.5%');
    expect(html).toContain('0.125');
  });

  it('text salience colours tokens by sign (red for, blue against, white at zero)', () => {
    const html = staticSalienceHtml({ inputKind: 'text', labels: ['good', 'bad', 'the'], scores: [2, -2, 0], explained: 'spam' });
    const backgrounds = [...html.matchAll(/background:(rgb\([^)]*\))/g)].map((m) => m[1]);
    expect(backgrounds).toEqual(['rgb(178, 24, 43)', 'rgb(33, 102, 172)', 'rgb(255, 255, 255)']);
  });

  it('an image heatmap draws one cell per score, and says so when the sizes do not match', () => {
    const html = staticSalienceHtml({ inputKind: 'image', labels: [], scores: new Float32Array(12), explained: '3', heatmapHeight: 3, heatmapWidth: 4 });
    expect(html.match(/<rect /g)).toHaveLength(12);
    expect(staticSalienceHtml({ inputKind: 'image', labels: [], scores: new Float32Array(12), explained: '3', heatmapHeight: 5, heatmapWidth: 4 })).toContain('heatmap not available');
  });

  it('counterfactual results mark their changed fields', () => {
    const html = staticPictureOf('CounterfactualsModel', getter({ generator: 'nearest', original: { values: { a: 1, b: 'x' }, predicted: 'no', score: 0.2 }, results: [{ values: { a: 2, b: 'x' }, changedFields: ['a'], predicted: 'yes', score: 0.7 }] }))!;
    expect(html).toContain('nearest: 1 result(s)');
    expect(html).toMatch(/font-weight:bold;background:#fff3b0;[^>]*>2</);
    expect(html).not.toMatch(/font-weight:bold;background:#fff3b0;[^>]*>x</);
  });

  it('a table shows its first rows and how many there are; arrays as a count', () => {
    const html = staticTableHtml('Data', ['id', 'x', 'tokens'], [['a', 1.5, ['w', 'v']], ['b', null, []]], 1000);
    expect(html).toContain('first 2 of 1000 rows');
    expect(html).toContain('>1.5000<');
    expect(html).toContain('>[2 values]<');
    expect(html).toContain('>–<');
  });

  it('models without a picture of their own get none; a figure wins for any name', () => {
    expect(staticPictureOf('DataTableModel', getter({ rowCount: 3 }))).toBeNull();
    expect(staticPictureOf('CurvesModel', getter({ figure: { data: [{ type: 'scatter', x: [0, 1], y: [0, 1] }] } }))).toContain('<svg');
  });
});

describe('saved widget state', () => {
  const saved = (): SavedWidgetState => ({
    version_major: 2,
    version_minor: 0,
    state: {
      a: { model_name: 'PredictionModel', model_module: 'tslit', model_module_version: '0.1.0', state: { input: 'x' }, buffers: [{ path: ['probabilities'], data: 'AAAA', encoding: 'base64' }] },
      b: { model_name: 'DataTableModel', model_module: 'tslit', model_module_version: '0.1.0', state: {} },
      c: { model_name: 'IntSliderModel', model_module: '@jupyter-widgets/controls', model_module_version: '2.0.0', state: { value: 3 } },
    },
  });

  it('replaces tslit entries by HTML widgets with their picture or a notice, and keeps the others', () => {
    const out = withStaticPictures(saved(), 'tslit', (id) => (id === 'a' ? '<div>picture</div>' : null))!;
    expect(out.state.a).toEqual(htmlWidgetEntry('<div>picture</div>'));
    expect(out.state.a.buffers).toBeUndefined();
    expect(out.state.b.model_name).toBe('HTMLModel');
    expect(out.state.b.state.value).toContain('needs its kernel');
    expect(out.state.c).toEqual(saved().state.c);
    expect(withStaticPictures(out, 'tslit', () => 'never')).toBeNull();
  });

  it('finds the text/html beside each widget output of a notebook', () => {
    const cells = [
      { outputs: [{ data: { 'application/vnd.jupyter.widget-view+json': { model_id: 'a' }, 'text/html': ['<b>', 'rows</b>'] } }] },
      { outputs: [{ data: { 'text/plain': 'no widget' } }, { data: { 'application/vnd.jupyter.widget-view+json': { model_id: 'b' } } }] },
      {},
    ];
    expect([...outputPictures(cells)]).toEqual([['a', '<b>rows</b>']]);
    expect(WIDGET_STATE_MIME).toBe('application/vnd.jupyter.widget-state+json');
  });
});
