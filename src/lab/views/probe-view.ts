/**
 * A diagnostic widget that receives a binary Float32Array payload and shows its size and
 * how long it took from the kernel's `sentAt` (ms since epoch) to arrive in the model.
 *
 * Notes: used by bench/roundtrip to measure kernel-to-browser binary throughput; the same
 * machine clock serves both sides. `data-payload-changes` counts the model's `change:payload`
 * events and `data-previous-bytes` is the size of `previous('payload')`: every new buffer is a
 * change, even with equal bytes (binary-model.ts).
 */
import { DOMWidgetModel, type ISerializers } from '@jupyter-widgets/base';
import { toFloat32Array } from '../elements/binary';
import { MODULE_NAME, MODULE_VERSION } from '../version';
import { BinaryStateModel } from './binary-model';
import { SafeDOMWidgetView } from './safe-view';

export class ProbeModel extends BinaryStateModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return {
      ...super.defaults(),
      _model_name: 'ProbeModel',
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_name: 'ProbeView',
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION,
      payload: new Float32Array(0),
      seq: 0,
      sentAt: 0,
    };
  }

  static override serializers: ISerializers = {
    ...DOMWidgetModel.serializers,
    payload: { deserialize: toFloat32Array },
  };
}

export class ProbeView extends SafeDOMWidgetView {
  private shownSeq = -1;
  private payloadChanges = 0;

  protected renderView(): void {
    this.el.classList.add('tslit-view', 'tslit-probe');
    this.listenTo(this.model, 'change:payload', () => {
      this.payloadChanges += 1;
      this.el.dataset.payloadChanges = String(this.payloadChanges);
      this.el.dataset.previousBytes = String((this.model.previous('payload') as Float32Array | undefined)?.byteLength ?? -1);
    });
  }

  protected updateView(): void {
    const seq = Number(this.model.get('seq'));
    if (seq === this.shownSeq) return;
    // Runs once the update is deserialised and set on the model: the payload has arrived.
    const receivedAt = Date.now();
    this.shownSeq = seq;
    const payload = this.model.get('payload') as Float32Array;
    if (seq === 0) {
      this.el.textContent = 'no payload yet';
      this.el.dataset.seq = '0';
      return;
    }
    const ms = Math.round(receivedAt - Number(this.model.get('sentAt')));
    const mb = payload.byteLength / 1e6;
    this.el.textContent = `#${seq}: ${payload.length} values (${mb.toFixed(1)} MB) in ${ms} ms`;
    this.el.dataset.seq = String(seq);
    this.el.dataset.bytes = String(payload.byteLength);
    this.el.dataset.ms = String(ms);
  }
}
