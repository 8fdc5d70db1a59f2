/**
 * One blit per painted region instead of one per cell in `@lumino/datagrid`.
 *
 * Notes:
 * - Lumino 2.x paints each cell into an off-screen buffer and then copies that cell's
 *   rectangle onto the on-screen canvas (`_blitContent(this._buffer, ...)` inside
 *   `_drawCells`). Every such `drawImage` from a canvas that was just drawn to makes the
 *   browser snapshot the buffer; on a software-rastered canvas (no GPU, remote desktops,
 *   headless Chromium) that costs 1–3 ms per cell, so a full repaint of ~90 visible cells
 *   took 100–250 ms (measured with bench/table-scroll-profile.ts: 80% of the long frames'
 *   CPU time was `drawImage`).
 * - Inside one `_drawCells` call the cells tile the region's clipped rectangle, nothing else
 *   draws on the canvas between them, and their rectangles do not overlap; so copying the
 *   bounding rectangle once at the end gives the same pixels as copying every cell.
 * - Regions with merged cells keep lumino's own path (their cells do not tile the same way).
 * - This reaches into lumino's private methods; when they are missing (another lumino
 *   version) nothing is patched and the grid works as before, only slower.
 */
import type { DataGrid, DataModel } from '@lumino/datagrid';

type Blit = (source: HTMLCanvasElement, x: number, y: number, w: number, h: number, dx: number, dy: number) => void;

interface GridInternals {
  _drawCells?: (rgn: { region: DataModel.CellRegion }) => void;
  _blitContent?: Blit;
  _buffer?: HTMLCanvasElement;
  dataModel: DataModel | null;
}

/** Patches `grid` to blit each painted region once; returns false when lumino's internals differ. */
export function batchCellBlits(grid: DataGrid): boolean {
  const g = grid as unknown as GridInternals;
  const drawCells = g._drawCells;
  const blit = g._blitContent;
  if (typeof drawCells !== 'function' || typeof blit !== 'function' || !(g._buffer instanceof HTMLCanvasElement)) return false;
  let batching = false;
  let x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  let any = false;
  g._blitContent = function (this: GridInternals, source, x, y, w, h, dx, dy) {
    if (batching && source === g._buffer && x === dx && y === dy) {
      if (w <= 0 || h <= 0) return;
      if (!any) { x1 = x; y1 = y; x2 = x + w; y2 = y + h; any = true; return; }
      x1 = Math.min(x1, x); y1 = Math.min(y1, y); x2 = Math.max(x2, x + w); y2 = Math.max(y2, y + h);
      return;
    }
    blit.call(this, source, x, y, w, h, dx, dy);
  };
  g._drawCells = function (this: GridInternals, rgn) {
    if (batching || (this.dataModel?.groupCount(rgn.region) ?? 0) > 0) {
      drawCells.call(this, rgn);
      return;
    }
    batching = true;
    any = false;
    try {
      drawCells.call(this, rgn);
    } finally {
      batching = false;
    }
    if (any && g._buffer) blit.call(this, g._buffer, x1, y1, x2 - x1, y2 - y1, x1, y1);
  };
  return true;
}
