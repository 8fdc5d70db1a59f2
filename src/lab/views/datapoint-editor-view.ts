/**
 * The datapoint editor's browser side: the session's primary example as inputs, the pinned
 * original beside it, the model's prediction, and "Add and compare" / "Reset".
 *
 * Notes: every change is sent as `{method:'edit', field, value}` with the raw text; the kernel
 * validates it and answers with `fieldErrors` (shown under the field, the typed text kept) or
 * the new values and prediction. Nothing of the model runs here.
 */
import { DOMWidgetModel, type ISerializers } from '@jupyter-widgets/base';
import { BinaryStateModel } from './binary-model';
import { toFloat32Array, fromFloat32Array } from '../elements/binary';
import { EditorFields, renderValueColumn, type FieldInfo, type FieldValueShown } from '../elements/editor-fields';
import { renderErrorBox } from '../elements/error-box';
import { renderProbabilityBars } from '../elements/probability-bars';
import { ensureTableStyles } from '../elements/table-styles';
import { MODULE_NAME, MODULE_VERSION } from '../version';
import { SafeDOMWidgetView } from './safe-view';

export class DatapointEditorModel extends BinaryStateModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return {
      ...super.defaults(),
      _model_name: 'DatapointEditorModel',
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_name: 'DatapointEditorView',
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION,
      fields: [],
      exampleId: '',
      originId: '',
      editId: '',
      values: {},
      fieldErrors: {},
      pinned: null,
      prediction: null,
      probabilities: new Float32Array(0),
      predictedFor: '',
      revision: 0,
      error: null,
      busy: false,
    };
  }

  static override serializers: ISerializers = {
    ...DOMWidgetModel.serializers,
    probabilities: { deserialize: toFloat32Array, serialize: fromFloat32Array },
  };
}

interface Prediction { model: string; label: string; score: number; classes: string[] }

export class DatapointEditorView extends SafeDOMWidgetView {
  private heading!: HTMLElement;
  private fields!: EditorFields;
  private pinnedColumn!: HTMLElement;
  private pinnedTitle!: HTMLElement;
  private pinnedValues!: HTMLElement;
  private prediction!: HTMLElement;
  private addButton!: HTMLButtonElement;
  private resetButton!: HTMLButtonElement;
  private errorHost!: HTMLElement;
  private empty!: HTMLElement;
  private shownExample = '';
  private columns!: HTMLElement;

  protected renderView(): void {
    ensureTableStyles(this.el.ownerDocument);
    this.el.classList.add('tslit-view', 'tslit-editor');
    this.heading = document.createElement('div');
    this.heading.className = 'tslit-editor-heading';
    this.empty = document.createElement('div');
    this.empty.className = 'tslit-editor-empty';
    this.empty.textContent = 'Select an example (for instance, click a row of the data table) to edit it here.';

    this.fields = new EditorFields((field, value) => {
      this.el.dataset.sentRevision = String(Number(this.model.get('revision') ?? 0));
      this.send({ method: 'edit', field, value });
    });
    const editColumn = document.createElement('div');
    editColumn.className = 'tslit-editor-column tslit-editor-edited';
    const editTitle = document.createElement('h4');
    editTitle.textContent = 'Edit';
    editColumn.append(editTitle, this.fields.element);

    this.pinnedColumn = document.createElement('div');
    this.pinnedColumn.className = 'tslit-editor-column tslit-editor-pinned';
    this.pinnedTitle = document.createElement('h4');
    this.pinnedValues = document.createElement('div');
    this.pinnedColumn.append(this.pinnedTitle, this.pinnedValues);

    const columns = document.createElement('div');
    columns.className = 'tslit-editor-columns';
    columns.append(editColumn, this.pinnedColumn);
    this.columns = columns;

    this.prediction = document.createElement('div');
    this.prediction.className = 'tslit-editor-prediction';

    this.addButton = document.createElement('button');
    this.addButton.type = 'button';
    this.addButton.className = 'tslit-editor-add';
    this.addButton.textContent = 'Add and compare';
    this.addButton.title = 'Add the edited example to the dataset and pin the original beside it';
    this.addButton.addEventListener('click', () => this.send({ method: 'add' }));
    this.resetButton = document.createElement('button');
    this.resetButton.type = 'button';
    this.resetButton.className = 'tslit-editor-reset';
    this.resetButton.textContent = 'Reset';
    this.resetButton.addEventListener('click', () => this.send({ method: 'reset' }));
    const actions = document.createElement('div');
    actions.className = 'tslit-editor-actions';
    actions.append(this.addButton, this.resetButton);

    this.errorHost = document.createElement('div');
    this.errorHost.className = 'tslit-error-host';
    this.el.replaceChildren(this.heading, this.empty, columns, this.prediction, actions, this.errorHost);
  }

  protected updateView(): void {
    const m = this.model;
    const exampleId = String(m.get('exampleId') ?? '');
    const editId = String(m.get('editId') ?? '');
    const fields = (m.get('fields') as FieldInfo[]) ?? [];
    const values = (m.get('values') as Record<string, FieldValueShown>) ?? {};
    const pinned = m.get('pinned') as { id: string; values: Record<string, FieldValueShown> } | null;
    const hasExample = exampleId !== '';
    this.empty.hidden = hasExample;
    this.el.dataset.exampleId = exampleId;
    this.el.dataset.editId = editId;
    this.heading.textContent = hasExample ? `Example ${exampleId}${editId ? ` (edited as ${editId})` : ''}` : '';

    const exampleChanged = exampleId !== this.shownExample;
    this.shownExample = exampleId;
    this.columns.hidden = !hasExample;
    this.fields.update(fields, values, (m.get('fieldErrors') as Record<string, string>) ?? {}, pinned?.values ?? null, exampleChanged);

    this.pinnedColumn.hidden = pinned === null;
    if (pinned) {
      this.pinnedTitle.textContent = `Pinned: ${pinned.id}`;
      renderValueColumn(this.pinnedValues, fields, pinned.values);
      this.el.dataset.pinnedId = pinned.id;
    } else {
      this.el.dataset.pinnedId = '';
    }

    const prediction = m.get('prediction') as Prediction | null;
    if (prediction && hasExample) {
      const title = document.createElement('div');
      title.className = 'tslit-predicted';
      const name = document.createElement('span');
      name.textContent = `${prediction.model}: `;
      const value = document.createElement('span');
      value.className = 'tslit-predicted-label';
      value.textContent = prediction.classes.length > 0 ? prediction.label : String(prediction.score);
      title.append(name, value);
      const bars = document.createElement('div');
      bars.className = 'tslit-bars';
      if (prediction.classes.length > 0) {
        renderProbabilityBars(bars, { classes: prediction.classes, probabilities: (m.get('probabilities') as Float32Array) ?? new Float32Array(0), predicted: prediction.label });
      }
      this.prediction.replaceChildren(title, bars);
    } else {
      this.prediction.replaceChildren();
    }
    this.el.classList.toggle('tslit-busy', Boolean(m.get('busy')));
    this.addButton.disabled = editId === '';
    this.resetButton.disabled = editId === '';

    const error = m.get('error') as string | null;
    if (error) renderErrorBox(this.errorHost, 'Datapoint editor', error);
    else this.errorHost.replaceChildren();
    // Set last: tests wait on these to know the view shows the kernel's latest answer.
    this.el.dataset.revision = String(Number(m.get('revision') ?? 0));
    this.el.dataset.predictedFor = String(m.get('predictedFor') ?? '');
  }

  override remove(): void {
    this.fields?.dispose();
    super.remove();
  }
}
