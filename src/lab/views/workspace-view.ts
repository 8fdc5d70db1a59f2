/**
 * The workspace's browser side: a Box-like container that lays out its children (table,
 * editor, and any other tslit or ipywidgets view) in named areas under titles.
 *
 * Notes: children arrive as `IPY_MODEL_<id>` references, unpacked into models by
 * ipywidgets' `unpack_models` as Box does; each child view comes from the widget manager
 * (`create_child_view`), is attached as a Lumino widget into its panel once the workspace is
 * on the page, and is told it is displayed, so child views need no knowledge of the
 * workspace. A child that fails to load shows an error box in its panel only.
 */
import { DOMWidgetModel, DOMWidgetView, unpack_models, type ISerializers, type WidgetModel } from '@jupyter-widgets/base';
import { Widget as LuminoWidget } from '@lumino/widgets';
import { errorMessage, renderErrorBox } from '../elements/error-box';
import { ensureTableStyles } from '../elements/table-styles';
import { MODULE_NAME, MODULE_VERSION } from '../version';
import { SafeDOMWidgetView } from './safe-view';

export class WorkspaceModel extends DOMWidgetModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return {
      ...super.defaults(),
      _model_name: 'WorkspaceModel',
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_name: 'WorkspaceView',
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION,
      children: [],
      titles: [],
      areas: [],
    };
  }

  static override serializers: ISerializers = {
    ...DOMWidgetModel.serializers,
    children: { deserialize: unpack_models },
  };
}

const AREAS = new Set(['main', 'side', 'bottom']);

export class WorkspaceView extends SafeDOMWidgetView {
  private childViews: DOMWidgetView[] = [];
  private shownChildren: WidgetModel[] = [];
  private generation = 0;

  protected renderView(): void {
    ensureTableStyles(this.el.ownerDocument);
    this.el.classList.add('tslit-workspace');
  }

  protected updateView(): void {
    const children = (this.model.get('children') as WidgetModel[]) ?? [];
    if (children.length === this.shownChildren.length && children.every((c, k) => c === this.shownChildren[k])) return;
    this.shownChildren = children;
    void this.layout(children);
  }

  private async layout(children: WidgetModel[]): Promise<void> {
    const generation = ++this.generation;
    this.removeChildren();
    const titles = (this.model.get('titles') as string[]) ?? [];
    const areas = (this.model.get('areas') as string[]) ?? [];
    const panels = children.map((_, k) => {
      const panel = document.createElement('section');
      const area = AREAS.has(areas[k]) ? areas[k] : 'bottom';
      panel.className = `tslit-workspace-panel tslit-workspace-area-${area}`;
      const title = document.createElement('h3');
      title.textContent = titles[k] ?? '';
      const body = document.createElement('div');
      body.className = 'tslit-workspace-body';
      panel.append(title, body);
      return { panel, body };
    });
    this.el.replaceChildren(...panels.map((p) => p.panel));
    const views = await Promise.all(children.map(async (child, k) => {
      try {
        return await this.create_child_view<DOMWidgetView>(child as DOMWidgetModel);
      } catch (err) {
        renderErrorBox(panels[k].body, 'This panel could not load', errorMessage(err));
        return null;
      }
    }));
    if (generation !== this.generation) {
      for (const v of views) v?.remove();
      return;
    }
    await this.displayed;
    views.forEach((view, k) => {
      if (!view) return;
      this.childViews.push(view);
      try {
        LuminoWidget.attach(view.luminoWidget, panels[k].body);
        view.trigger('displayed', this);
      } catch (err) {
        renderErrorBox(panels[k].body, 'This panel could not be shown', errorMessage(err));
      }
    });
    this.el.dataset.children = String(this.childViews.length);
  }

  private removeChildren(): void {
    for (const view of this.childViews.splice(0)) {
      if (view.luminoWidget.isAttached) LuminoWidget.detach(view.luminoWidget);
      view.remove();
    }
  }

  override remove(): void {
    this.generation++;
    this.removeChildren();
    super.remove();
  }
}
