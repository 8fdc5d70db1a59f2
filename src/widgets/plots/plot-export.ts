/**
 * Export of a plot widget's picture from code: `await widget.exportPlot('roc.svg')` writes
 * the file beside the notebook (the kernel's working directory), rendered by the live view.
 *
 * Notes:
 * - The picture is drawn by plotly in the browser, so a view must be showing: the kernel
 *   sends `export`, a view answers `export_ack` at once and `exported` (bytes as a buffer)
 *   when done. No ack within `ackTimeoutMs` (default 5 s) rejects with "no view is showing";
 *   no result within `timeoutMs` (default 60 s) after the ack rejects too.
 * - The format comes from the file extension (.png or .svg) unless `format` is given.
 * - The written bytes are checked (PNG signature / an `<svg` element) before writing, so a
 *   broken reply never leaves a broken file.
 * - While a cell awaits the export, the kernel must still read the view's comm messages
 *   (comm_msg handled while an execute_request awaits).
 */
import { randomUUID } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { PlotImageFormat } from '../../core/plot-messages';
import { parsePlotViewMessage } from '../../core/plot-messages';

export interface ExportPlotOptions {
  /** Pixel width of the picture; default the width shown in the view. */
  width?: number;
  /** Pixel height; default the height shown. */
  height?: number;
  /** PNG: device pixels per CSS pixel (default 1). */
  scale?: number;
  /** Overrides the format implied by the extension. */
  format?: PlotImageFormat;
  /** Directory relative paths resolve against; default the kernel's cwd (the notebook's folder). */
  cwd?: string;
  /** How long to wait for a view to answer at all (ms, default 5000). */
  ackTimeoutMs?: number;
  /** How long to wait for the picture once a view answered (ms, default 60000). */
  timeoutMs?: number;
}

/** The part of a kernel-side widget that export needs (every `Widget` has it). */
export interface ExportableWidget {
  readonly closed: boolean;
  send(content: unknown, buffers?: ArrayBufferView[]): void;
  onCustom(cb: (content: unknown, buffers: DataView[]) => void | Promise<void>): () => void;
}

/** The format implied by `file`'s extension, or a clear error. */
export function formatOfPath(file: string, format?: PlotImageFormat): PlotImageFormat {
  if (format !== undefined) {
    if (format !== 'png' && format !== 'svg') throw new Error(`exportPlot: format must be 'png' or 'svg', got ${JSON.stringify(format)}`);
    return format;
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.png') return 'png';
  if (ext === '.svg') return 'svg';
  throw new Error(`exportPlot: cannot tell the format of ${JSON.stringify(file)}: use a .png or .svg file name (or pass { format })`);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Throws unless `bytes` look like a file of `format`. */
export function checkImageBytes(bytes: Uint8Array, format: PlotImageFormat): void {
  if (format === 'png') {
    if (bytes.length < 24 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error(`exportPlot: the view sent ${bytes.length} bytes that are not a PNG`);
  } else {
    const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 4096))).toString('utf8');
    if (!/<svg[\s>]/.test(head)) throw new Error(`exportPlot: the view sent ${bytes.length} bytes that are not an SVG document`);
  }
}

/**
 * Asks `widget`'s view for its picture and writes it to `file`; resolves with the absolute
 * path written.
 */
export async function exportPlot(widget: ExportableWidget, file: string, options: ExportPlotOptions = {}): Promise<string> {
  if (typeof file !== 'string' || file.trim() === '') throw new Error('exportPlot: give a file name such as "plot.svg" or "plot.png"');
  const format = formatOfPath(file, options.format);
  for (const key of ['width', 'height', 'scale'] as const) {
    const v = options[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new Error(`exportPlot: ${key} must be a positive number, got ${String(v)}`);
  }
  if (widget.closed) throw new Error('exportPlot: the widget is closed, so no view can render it');
  const target = path.resolve(options.cwd ?? process.cwd(), file);
  const bytes = await requestImage(widget, format, options);
  checkImageBytes(bytes, format);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, bytes);
  return target;
}

function requestImage(widget: ExportableWidget, format: PlotImageFormat, options: ExportPlotOptions): Promise<Uint8Array> {
  const requestId = randomUUID();
  const ackTimeoutMs = options.ackTimeoutMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 60000;
  return new Promise<Uint8Array>((resolve, reject) => {
    let timer: NodeJS.Timeout;
    let stop = (): void => undefined;
    const finish = (fn: () => void): void => {
      clearTimeout(timer);
      stop();
      fn();
    };
    timer = setTimeout(
      () => finish(() => reject(new Error(`exportPlot: no view is showing this plot (no answer within ${ackTimeoutMs} ms); display the widget in a cell first`))),
      ackTimeoutMs,
    );
    stop = widget.onCustom((content, buffers) => {
      const message = parsePlotViewMessage(content);
      if (!message || !('requestId' in message) || message.requestId !== requestId) return;
      if (message.method === 'export_ack') {
        clearTimeout(timer);
        timer = setTimeout(() => finish(() => reject(new Error(`exportPlot: the view did not finish the ${format.toUpperCase()} within ${timeoutMs} ms`))), timeoutMs);
      } else if (message.method === 'exported') {
        const buffer = buffers[0];
        if (!buffer) return finish(() => reject(new Error('exportPlot: the view answered without the image bytes')));
        finish(() => resolve(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)));
      } else if (message.method === 'export_error') {
        finish(() => reject(new Error(`exportPlot: the view could not render the ${format.toUpperCase()}: ${message.message}`)));
      }
    });
    widget.send({ method: 'export', requestId, format, width: options.width, height: options.height, scale: options.scale });
  });
}
