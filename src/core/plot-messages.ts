/**
 * The messages a plot widget and its views exchange (custom comm messages), shared by the
 * kernel side (`src/widgets/plots/plot-export.ts`) and the browser side (`src/lab/elements/plot.ts`).
 *
 * Notes: export is a round trip. The kernel sends `export`; every view showing the widget
 * answers `export_ack` at once (so the kernel can tell "no view is showing" from "a view is
 * still rendering"), then `exported` with the file's bytes as the message's one binary
 * buffer, or `export_error`. The kernel keeps the first answer per request.
 */

export type PlotImageFormat = 'png' | 'svg';

/** Kernel → view: render the current figure as an image and send it back. */
export interface PlotExportRequest {
  method: 'export';
  requestId: string;
  format: PlotImageFormat;
  /** Pixel size of the image; default the size shown in the view. */
  width?: number;
  height?: number;
  /** PNG only: device pixels per CSS pixel (default 1). */
  scale?: number;
}

/** View → kernel: a view received the request and started rendering. */
export interface PlotExportAck {
  method: 'export_ack';
  requestId: string;
}

/** View → kernel: the rendered image; the bytes travel as the message's first buffer. */
export interface PlotExported {
  method: 'exported';
  requestId: string;
  format: PlotImageFormat;
}

/** View → kernel: rendering failed. */
export interface PlotExportError {
  method: 'export_error';
  requestId: string;
  message: string;
}

/** View → kernel: the person clicked points carrying these example ids. */
export interface PlotSelect {
  method: 'select';
  ids: string[];
}

export type PlotViewMessage = PlotExportAck | PlotExported | PlotExportError | PlotSelect;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isPlotImageFormat(value: unknown): value is PlotImageFormat {
  return value === 'png' || value === 'svg';
}

/** The view message in `content`, or null when it is not one (other widgets' messages pass by). */
export function parsePlotViewMessage(content: unknown): PlotViewMessage | null {
  if (!isRecord(content) || typeof content.method !== 'string') return null;
  switch (content.method) {
    case 'export_ack':
      return typeof content.requestId === 'string' ? { method: 'export_ack', requestId: content.requestId } : null;
    case 'exported':
      return typeof content.requestId === 'string' && isPlotImageFormat(content.format)
        ? { method: 'exported', requestId: content.requestId, format: content.format }
        : null;
    case 'export_error':
      return typeof content.requestId === 'string'
        ? { method: 'export_error', requestId: content.requestId, message: String(content.message ?? 'unknown error') }
        : null;
    case 'select':
      return Array.isArray(content.ids) && content.ids.every((id) => typeof id === 'string') ? { method: 'select', ids: content.ids as string[] } : null;
    default:
      return null;
  }
}

/** The export request in `content`, or null. */
export function parsePlotExportRequest(content: unknown): PlotExportRequest | null {
  if (!isRecord(content) || content.method !== 'export' || typeof content.requestId !== 'string' || !isPlotImageFormat(content.format)) return null;
  const size = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);
  return { method: 'export', requestId: content.requestId, format: content.format, width: size(content.width), height: size(content.height), scale: size(content.scale) };
}
