/**
 * A salience heatmap over an image: one canvas draws the image (grey or RGB, values 0..1)
 * scaled up with crisp pixels, a second canvas on top draws the heatmap in the diverging
 * colours with an adjustable opacity; each heatmap pixel's alpha is its |score| on the scale, so
 * pixels without salience leave the image visible. Beside it the same heatmap alone, opaque
 * (the diverging colour itself fades to white at zero): over a bright image (a white MNIST
 * stroke) the blend pales to pink and blue, and the map by itself is what shows where the
 * salience is (as LIT and Captum show both).
 */
import { divergingColour, scalePosition } from '../../core/colour-scale';

export interface HeatmapInput {
  image: Float32Array;
  imageHeight: number;
  imageWidth: number;
  channels: number;
  heat: ArrayLike<number>;
  heatHeight: number;
  heatWidth: number;
  domain: number;
  /** Heatmap opacity 0..1. */
  opacity: number;
  /** On-screen pixels per image pixel. */
  scale?: number;
}

function canvasOf(width: number, height: number, scale: number, className: string): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.className = className;
  c.width = width;
  c.height = height;
  c.style.width = `${width * scale}px`;
  c.style.height = `${height * scale}px`;
  c.style.imageRendering = 'pixelated';
  return c;
}

export function renderHeatmapOverlay(host: HTMLElement, input: HeatmapInput): void {
  const { imageHeight: h, imageWidth: w, channels, heatHeight: hh, heatWidth: hw } = input;
  if (input.image.length !== h * w * channels) throw new Error(`image has ${input.image.length} values, expected ${h}×${w}×${channels}`);
  if (input.heat.length !== hh * hw) throw new Error(`heatmap has ${input.heat.length} values, expected ${hh}×${hw}`);
  const scale = input.scale ?? Math.max(1, Math.floor(224 / Math.max(h, w)));
  const base = canvasOf(w, h, scale, 'tslit-heatmap-image');
  const ctx = base.getContext('2d');
  if (ctx) {
    const img = ctx.createImageData(w, h);
    for (let p = 0; p < h * w; p++) {
      for (let c = 0; c < 3; c++) {
        const v = input.image[p * channels + (channels >= 3 ? c : 0)];
        img.data[p * 4 + c] = Math.round(Math.max(0, Math.min(1, v)) * 255);
      }
      img.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }
  const over = heatCanvas(input, (w * scale) / hw, 'tslit-heatmap-heat', true);
  over.style.opacity = String(input.opacity);
  const stack = document.createElement('div');
  stack.className = 'tslit-heatmap-stack';
  stack.style.width = `${w * scale}px`;
  stack.style.height = `${h * scale}px`;
  stack.append(base, over);
  const alone = heatCanvas(input, (w * scale) / hw, 'tslit-heatmap-alone', false);
  host.replaceChildren(figure(stack, 'over the input'), figure(alone, 'salience alone'));
}

/** The heatmap in the diverging colours; over an image each pixel's alpha is its |score| on the scale. */
function heatCanvas(input: HeatmapInput, scale: number, className: string, overImage: boolean): HTMLCanvasElement {
  const { heatHeight: hh, heatWidth: hw } = input;
  const canvas = canvasOf(hw, hh, scale, className);
  const ctx = canvas.getContext('2d');
  if (ctx) {
    const img = ctx.createImageData(hw, hh);
    for (let p = 0; p < hh * hw; p++) {
      const [r, g, b] = divergingColour(input.heat[p], input.domain);
      // Over the image, alpha follows |score|: zero-salience pixels leave the image as it is.
      const alpha = overImage ? Math.round(Math.abs(scalePosition(input.heat[p], input.domain)) * 255) : 255;
      img.data.set([r, g, b, alpha], p * 4);
    }
    ctx.putImageData(img, 0, 0);
  }
  return canvas;
}

function figure(content: HTMLElement, caption: string): HTMLElement {
  const box = document.createElement('figure');
  box.className = 'tslit-heatmap-figure';
  const label = document.createElement('figcaption');
  label.textContent = caption;
  box.append(content, label);
  return box;
}
