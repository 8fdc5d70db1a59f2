/**
 * The prediction widget: an editable text bound to a model in the kernel. Editing the text
 * in the browser sends `input`; the widget predicts with the model and publishes the class
 * probabilities (a Float32Array, sent as a binary buffer) and the predicted class.
 *
 * Notes: only the latest input wins: a prediction started for an older input is aborted
 * through the adapter's signal and its result, if it still arrives, is dropped. Model errors
 * (and an empty input, which has no meaningful prediction) become the `error` state, shown in
 * the view in place of the bars.
 */
import type { Example, MulticlassPredsSpec } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { Widget } from '../../kernel/widget';
import { errorText, argmax } from './prediction-math';

export interface PredictionState {
  /** The text the person edits. */
  input: string;
  /** The model's input field the text goes into (shown as the textarea's label). */
  field: string;
  /** Class names, in the order of `probabilities`. */
  classes: string[];
  probabilities: Float32Array;
  predicted: string;
  /** The input the current probabilities belong to. */
  predictedFor: string;
  error: string | null;
  busy: boolean;
  /** How long the view waits after the last keystroke before sending `input`. */
  debounceMs: number;
}

export interface PredictionWidgetOptions {
  /** The model's text field the input fills (a TextSegment in its input spec). */
  field: string;
  /** The first input shown. */
  initial?: string;
  /** The MulticlassPreds output to show; default the first one in the output spec. */
  output?: string;
  /** Values for the model's other input fields, copied into every example. */
  example?: Example;
  /** Debounce of the textarea in ms (default 150). */
  debounceMs?: number;
}

/** Finds the MulticlassPreds output to show, or throws naming what the spec offers. */
function multiclassOutput(model: ModelAdapter, wanted?: string): { name: string; spec: MulticlassPredsSpec } {
  const spec = model.outputSpec();
  const candidates = Object.entries(spec).filter(([, s]) => s.kind === 'MulticlassPreds') as [string, MulticlassPredsSpec][];
  if (wanted !== undefined) {
    const found = candidates.find(([name]) => name === wanted);
    if (!found) throw new Error(`predictionWidget: output '${wanted}' is not a MulticlassPreds field of model '${model.name}' (has: ${Object.keys(spec).join(', ') || 'none'})`);
    return { name: found[0], spec: found[1] };
  }
  if (candidates.length === 0) throw new Error(`predictionWidget: model '${model.name}' has no MulticlassPreds output (has: ${Object.keys(spec).join(', ') || 'none'})`);
  return { name: candidates[0][0], spec: candidates[0][1] };
}

export class PredictionWidget extends Widget<PredictionState> {
  private readonly output: { name: string; spec: MulticlassPredsSpec };
  private latestRequest = 0;
  private running: AbortController | null = null;
  private latest: Promise<void> = Promise.resolve();

  constructor(private readonly model: ModelAdapter, private readonly options: PredictionWidgetOptions) {
    const inputSpec = model.inputSpec();
    const fieldSpec = inputSpec[options.field];
    if (!fieldSpec) throw new Error(`predictionWidget: field '${options.field}' is not an input of model '${model.name}' (has: ${Object.keys(inputSpec).join(', ')})`);
    if (fieldSpec.kind !== 'TextSegment') throw new Error(`predictionWidget: field '${options.field}' is ${fieldSpec.kind}, not TextSegment`);
    const output = multiclassOutput(model, options.output);
    const initial = options.initial ?? '';
    super(
      { modelName: 'PredictionModel', viewName: 'PredictionView' },
      {
        input: initial,
        field: options.field,
        classes: [...output.spec.vocab],
        probabilities: new Float32Array(0),
        predicted: '',
        predictedFor: '',
        error: null,
        busy: true,
        debounceMs: options.debounceMs ?? 150,
      },
    );
    this.output = output;
    this.onChange('input', (text) => this.predictFor(text));
    this.latest = this.predictFor(initial);
  }

  /** The text as last edited in the browser (or set here). */
  get input(): string {
    return this.state.input;
  }

  set input(text: string) {
    this.set({ input: text });
  }

  /** Resolves when the prediction for the latest input is shown (or failed). */
  settled(): Promise<void> {
    return this.latest;
  }

  /** Predicts `text`; a newer call makes this one's result stale. */
  private predictFor(text: string): Promise<void> {
    const request = ++this.latestRequest;
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    const job = this.runPrediction(text, request, controller);
    this.latest = job;
    return job;
  }

  private async runPrediction(text: string, request: number, controller: AbortController): Promise<void> {
    const isStale = () => request !== this.latestRequest;
    if (!this.state.busy) this.set({ busy: true });
    try {
      if (text.trim() === '') throw new Error(`field '${this.options.field}' is empty: type some text to get a prediction`);
      const example: Example = { ...(this.options.example ?? {}), [this.options.field]: text };
      const [prediction] = await this.model.predict([example], { signal: controller.signal });
      if (isStale()) return;
      const probabilities = toProbabilities(prediction?.[this.output.name], this.output.name, this.output.spec.vocab.length);
      this.set({
        probabilities,
        predicted: this.output.spec.vocab[argmax(probabilities)],
        predictedFor: text,
        error: null,
        busy: false,
      });
    } catch (e) {
      if (isStale()) return;
      this.set({ probabilities: new Float32Array(0), predicted: '', predictedFor: text, error: errorText(e), busy: false });
    } finally {
      if (this.running === controller) this.running = null;
    }
  }
}

/** Checks one model output and copies it into a Float32Array. */
function toProbabilities(value: unknown, field: string, classes: number): Float32Array {
  if (!Array.isArray(value) && !(value instanceof Float32Array)) {
    throw new Error(`output '${field}' should be ${classes} probabilities, got ${typeof value}`);
  }
  if (value.length !== classes) throw new Error(`output '${field}' has ${value.length} values for ${classes} classes`);
  const out = Float32Array.from(value as ArrayLike<number>);
  const bad = out.findIndex((p) => !Number.isFinite(p));
  if (bad >= 0) throw new Error(`output '${field}' value ${bad} is not finite (${out[bad]})`);
  return out;
}

/** A prediction widget on `model`'s text field `options.field`; display it or make it a cell's last value. */
export function predictionWidget(model: ModelAdapter, options: PredictionWidgetOptions): PredictionWidget {
  return new PredictionWidget(model, options);
}
