/** A tiny pixel pen over a 2D canvas: whole-pixel rectangles only, so art stays crisp. */
export interface Pen {
  ctx: CanvasRenderingContext2D;
  rect(x: number, y: number, w: number, h: number, colour: string): void;
  dot(x: number, y: number, colour: string): void;
}

export function makeCanvas(width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width));
  canvas.height = Math.max(1, Math.round(height));
  return canvas;
}

export function pen(canvas: HTMLCanvasElement): Pen {
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  return {
    ctx,
    rect(x, y, w, h, colour) {
      if (w <= 0 || h <= 0) return;
      ctx.fillStyle = colour;
      ctx.fillRect(Math.round(x), Math.round(y), Math.round(w), Math.round(h));
    },
    dot(x, y, colour) {
      ctx.fillStyle = colour;
      ctx.fillRect(Math.round(x), Math.round(y), 1, 1);
    },
  };
}
