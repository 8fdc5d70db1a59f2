/**
 * A diagnostic widget that pushes a binary Float32Array to its view, stamped with the send
 * time, so the view can show how long the transfer took (bench/roundtrip uses it).
 */
import { Widget } from '../kernel/widget';

export interface ProbeState {
  payload: Float32Array;
  /** Bumped on every push; the view keys its timing on it. */
  seq: number;
  /** Date.now() just before the state was serialised and sent. */
  sentAt: number;
}

export class ProbeWidget extends Widget<ProbeState> {
  constructor() {
    super({ modelName: 'ProbeModel', viewName: 'ProbeView' }, { payload: new Float32Array(0), seq: 0, sentAt: 0 });
  }

  /** Sends `payload` to the browser; returns its sequence number. */
  push(payload: Float32Array): number {
    const seq = this.state.seq + 1;
    this.set({ payload, seq, sentAt: Date.now() });
    return seq;
  }
}

export function probeWidget(): ProbeWidget {
  return new ProbeWidget();
}
