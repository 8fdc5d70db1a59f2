/**
 * Which static picture each tslit view model gets, from its state alone: used by the kernel
 * (the `text/html` beside a widget output) and by the lab extension (the picture written into
 * the saved widget state), so both draw the same thing from the same fields.
 */
import { staticFigureHtml, type StaticFigure } from './figure';
import {
  staticWorkspaceHtml,
  staticCounterfactualsHtml, staticEditorHtml, staticPredictionHtml, staticPredictionsHtml, staticSalienceHtml,
  type StaticCounterfactual, type StaticModelPrediction,
} from './views';

/** Reads one field of a widget's state (kernel state object or a browser model's `get`). */
export type StateGetter = (key: string) => unknown;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const numbers = (v: unknown): ArrayLike<number> => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? (v as unknown as ArrayLike<number>) : Array.isArray(v) ? v.map(Number) : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const record = (v: unknown): Record<string, string | number | null> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string | number | null>) : {});

function isFigure(v: unknown): v is StaticFigure {
  return !!v && typeof v === 'object' && Array.isArray((v as StaticFigure).data);
}

function counterfactual(v: unknown): StaticCounterfactual {
  const c = (v ?? {}) as Record<string, unknown>;
  return { values: record(c.values), changedFields: strings(c.changedFields), predicted: text(c.predicted), score: Number(c.score) };
}

/** The static HTML for a view model named `modelName`, or null when it has none. */
export function staticPictureOf(modelName: string, get: StateGetter): string | null {
  const figure = get('figure');
  if (isFigure(figure)) return staticFigureHtml(figure);
  switch (modelName) {
    case 'PredictionModel':
      return staticPredictionHtml({ field: text(get('field')), input: text(get('input')), classes: strings(get('classes')), probabilities: numbers(get('probabilities')), predicted: text(get('predicted')) });
    case 'PredictionsModel': {
      const results = (Array.isArray(get('results')) ? get('results') as Record<string, unknown>[] : []).map((r): StaticModelPrediction => ({
        model: text(r.model), kind: r.kind === 'regression' ? 'regression' : 'multiclass', classes: strings(r.classes),
        probabilities: numbers(r.probabilities), predicted: text(r.predicted), score: Number(r.score), error: typeof r.error === 'string' ? r.error : null,
      }));
      return staticPredictionsHtml(results, text(get('exampleId')));
    }
    case 'SalienceModel':
      return staticSalienceHtml({
        inputKind: text(get('inputKind')), labels: strings(get('labels')), scores: numbers(get('scores')), explained: text(get('explained')),
        method: text(get('salienceMethod')), heatmapHeight: Number(get('heatmapHeight')), heatmapWidth: Number(get('heatmapWidth')),
        tokenSpans: numbers(get('tokenSpans')), tokenText: text(get('tokenText')),
      });
    case 'CounterfactualsModel': {
      const original = get('original');
      const results = Array.isArray(get('results')) ? (get('results') as unknown[]).map(counterfactual) : [];
      return staticCounterfactualsHtml(original ? { ...counterfactual(original), changedFields: [] } : null, results, text(get('generator')));
    }
    case 'DatapointEditorModel': {
      const fields = (Array.isArray(get('fields')) ? get('fields') as { name?: unknown }[] : []).map((f) => text(f.name));
      const p = get('prediction') as { model?: unknown; label?: unknown; score?: unknown } | null;
      return staticEditorHtml(fields, record(get('values')), p ? { model: text(p.model), label: text(p.label), score: Number(p.score) } : null);
    }
    default:
      return null;
  }
}

/**
 * A model's own picture or, when it has none (a workspace), its children's side by side;
 * `childPicture` draws one entry of `children` (a live model, or a saved `IPY_MODEL_` reference).
 */
export function staticPictureOrChildren(modelName: string, get: StateGetter, childPicture: (child: unknown) => string | null): string | null {
  const own = staticPictureOf(modelName, get);
  if (own !== null) return own;
  const children = get('children');
  if (!Array.isArray(children)) return null;
  return staticWorkspaceHtml(children.map(childPicture).filter((html): html is string => html !== null));
}
