import type { Pen } from './canvas';
import { luminance, mix, rng, shade } from './palette';

/** What a painter knows about the room it paints into. */
export interface RoomLook {
  floor: string;
  wall: string;
  /** Dark walls read as night: windows show stars. */
  night: boolean;
}

/** Paints one piece of furniture into a box (pixels, 16 per tile). */
export type Painter = (p: Pen, x: number, y: number, w: number, h: number, look: RoomLook) => void;

const WOOD = '#a8703f';
const OUTLINE = '#2a2135';

function box(p: Pen, x: number, y: number, w: number, h: number, fill: string): void {
  p.rect(x, y, w, h, OUTLINE);
  p.rect(x + 1, y + 1, w - 2, h - 2, fill);
}

function shadow(p: Pen, x: number, y: number, w: number): void {
  p.ctx.globalAlpha = 0.22;
  p.rect(x + 2, y, w - 2, 2, '#000000');
  p.ctx.globalAlpha = 1;
}

const windowPane: Painter = (p, x, y, w, h, look) => {
  const frame = look.night ? '#6b6f8f' : '#f4efe4';
  box(p, x + 2, y + 4, w - 4, h - 7, frame);
  const gx = x + 4;
  const gy = y + 6;
  const gw = w - 8;
  const gh = h - 11;
  for (let i = 0; i < gh; i++) {
    const t = i / Math.max(1, gh - 1);
    p.rect(gx, gy + i, gw, 1, look.night ? mix('#0b1030', '#2b2f6b', t) : mix('#8fd0ff', '#d9f1ff', t));
  }
  const r = rng(x * 31 + y);
  if (look.night) {
    for (let i = 0; i < gw * gh * 0.04; i++) p.dot(gx + Math.floor(r() * gw), gy + Math.floor(r() * gh), r() > 0.7 ? '#ffe9a8' : '#ffffff');
    p.rect(gx + gw - 9, gy + 3, 4, 4, '#f4f1d0');
    p.rect(gx + gw - 8, gy + 3, 3, 3, '#fffbe6');
  } else {
    p.rect(gx + 4, gy + 5, 9, 3, '#ffffff');
    p.rect(gx + 6, gy + 3, 5, 2, '#ffffff');
    if (gw > 30) p.rect(gx + gw - 16, gy + 9, 8, 2, '#f6fbff');
  }
  p.rect(gx + Math.floor(gw / 2), gy, 1, gh, frame);
  p.rect(gx, gy + Math.floor(gh / 2), gw, 1, frame);
  p.rect(x + 1, y + h - 4, w - 2, 3, shade(frame, -0.15));
  p.rect(x + 1, y + h - 4, w - 2, 1, shade(frame, 0.2));
};

const counter: Painter = (p, x, y, w, h, look) => {
  const body = luminance(look.floor) > 0.7 ? '#f7f3ee' : WOOD;
  const top = luminance(look.floor) > 0.7 ? '#e86a92' : shade(WOOD, 0.25);
  shadow(p, x, y + h + 8, w);
  box(p, x, y - 2, w, h + 10, body);
  p.rect(x + 1, y - 1, w - 2, 5, top);
  p.rect(x + 1, y - 1, w - 2, 1, shade(top, 0.35));
  p.rect(x + 1, y + 4, w - 2, 1, shade(top, -0.3));
  for (let i = x + 8; i < x + w - 4; i += 16) p.rect(i, y + 7, 1, h + 1, shade(body, -0.15));
  p.rect(x + 1, y + h + 6, w - 2, 1, shade(body, -0.25));
  // a till and a jar of something on top
  p.rect(x + 5, y - 6, 8, 6, '#4b4f63');
  p.rect(x + 6, y - 5, 6, 2, '#9fe3b6');
  p.rect(x + w - 12, y - 5, 5, 5, '#cfe8f5');
  p.rect(x + w - 11, y - 3, 3, 2, '#f0a23b');
};

const freezer: Painter = (p, x, y, w, h) => {
  shadow(p, x, y + h + 8, w);
  box(p, x, y - 2, w, h + 10, '#dff3fb');
  p.rect(x + 2, y, w - 4, 6, '#a9d8ec');
  const tubs = ['#f7b6cf', '#8a5a36', '#fbe38c', '#9fe3c2', '#f7f3ee', '#c79be8'];
  for (let i = 0, tx = x + 3; tx + 6 <= x + w - 3; i++, tx += 7) {
    p.rect(tx, y + 1, 6, 4, tubs[i % tubs.length]!);
    p.rect(tx + 1, y + 1, 2, 1, '#ffffff');
  }
  p.rect(x + 1, y + 8, w - 2, 1, '#ffffff');
  p.rect(x + 3, y + h + 3, w - 6, 2, '#8fbfd4');
};

const table: Painter = (p, x, y, w, h) => {
  shadow(p, x, y + h, w);
  p.rect(x + 2, y + 6, 2, h - 6, shade(WOOD, -0.35));
  p.rect(x + w - 4, y + 6, 2, h - 6, shade(WOOD, -0.35));
  box(p, x, y, w, Math.max(10, h - 10), WOOD);
  p.rect(x + 1, y + 1, w - 2, 2, shade(WOOD, 0.25));
  p.rect(x + 1, y + Math.max(10, h - 10) - 3, w - 2, 2, shade(WOOD, -0.2));
  // a cloth runner and a cup
  p.rect(x + Math.floor(w / 2) - 4, y + 1, 8, Math.max(6, h - 14), '#f4efe4');
  p.rect(x + 4, y + 3, 4, 4, '#ffffff');
  p.rect(x + 5, y + 4, 2, 1, '#8a5a36');
};

const chair: Painter = (p, x, y, w) => {
  const c = shade(WOOD, -0.1);
  shadow(p, x + 2, y + 15, w - 4);
  p.rect(x + 3, y + 1, 10, 8, OUTLINE);
  p.rect(x + 4, y + 2, 8, 6, c);
  p.rect(x + 4, y + 2, 8, 1, shade(c, 0.3));
  p.rect(x + 2, y + 8, 12, 4, OUTLINE);
  p.rect(x + 3, y + 9, 10, 2, shade(c, 0.15));
  p.rect(x + 3, y + 12, 2, 3, OUTLINE);
  p.rect(x + 11, y + 12, 2, 3, OUTLINE);
};

const plant: Painter = (p, x, y, w, h) => {
  const cx = x + Math.floor(w / 2);
  const by = y + h;
  shadow(p, cx - 6, by - 1, 12);
  p.rect(cx - 5, by - 7, 10, 6, OUTLINE);
  p.rect(cx - 4, by - 6, 8, 4, '#c8643c');
  p.rect(cx - 4, by - 6, 8, 1, '#e08a5a');
  const leaf = ['#2f7a3d', '#3f9a4f', '#5cbf63', '#8fe07a'];
  const r = rng(x * 7 + y * 13);
  const blobs: [number, number, number][] = [
    [0, -12, 6],
    [-4, -9, 4],
    [4, -9, 4],
    [-2, -16, 4],
    [3, -15, 3],
  ];
  for (const [dx, dy, rad] of blobs) {
    for (let yy = -rad; yy <= rad; yy++)
      for (let xx = -rad; xx <= rad; xx++)
        if (xx * xx + yy * yy <= rad * rad)
          p.dot(cx + dx + xx, by + dy + yy, yy < -rad / 3 ? leaf[2]! : yy > rad / 2 ? leaf[0]! : leaf[1]!);
  }
  for (let i = 0; i < 7; i++) p.dot(cx - 5 + Math.floor(r() * 10), by - 20 + Math.floor(r() * 12), leaf[3]!);
};

const shelf: Painter = (p, x, y, w, h, look) => {
  const c = shade(WOOD, -0.3);
  box(p, x, y, w, h + 4, c);
  const rows = Math.max(2, Math.floor((h + 4) / 10));
  const rowH = Math.floor((h + 2) / rows);
  const r = rng(x * 17 + y * 5 + w);
  const colours = ['#c9423b', '#3f6fc9', '#f0c23b', '#3f9a55', '#8a54c9', '#e8873b', '#f4efe4'];
  for (let i = 0; i < rows; i++) {
    const ry = y + 1 + i * rowH;
    p.rect(x + 1, ry + rowH - 1, w - 2, 1, shade(c, 0.3));
    for (let bx = x + 2; bx < x + w - 3;) {
      const bw = 2 + Math.floor(r() * 3);
      const bh = rowH - 2 - Math.floor(r() * 3);
      if (r() > 0.15) {
        const col = look.night && r() > 0.5 ? '#6b6f8f' : colours[Math.floor(r() * colours.length)]!;
        p.rect(bx, ry + rowH - 1 - bh, bw, bh, col);
        p.rect(bx, ry + rowH - 1 - bh, 1, bh, shade(col, 0.25));
      }
      bx += bw + (r() > 0.8 ? 2 : 0);
    }
  }
};

const rug: Painter = (p, x, y, w, h, look) => {
  const base = look.night ? '#6b3f7a' : '#b4475a';
  const edge = shade(base, -0.3);
  p.rect(x + 2, y + 2, w - 4, h - 4, edge);
  p.rect(x + 4, y + 4, w - 8, h - 8, base);
  p.rect(x + 6, y + 6, w - 12, h - 12, shade(base, 0.15));
  const cx = x + w / 2;
  const cy = y + h / 2;
  const rad = Math.min(w, h) / 2 - 8;
  for (let yy = -rad; yy <= rad; yy++) {
    const span = rad - Math.abs(yy);
    p.rect(cx - span, cy + yy, span * 2 + 1, 1, (Math.abs(yy) + Math.floor(span)) % 4 < 2 ? '#f0c23b' : shade(base, 0.35));
  }
  for (let i = x + 3; i < x + w - 3; i += 3) {
    p.dot(i, y + 1, '#f4efe4');
    p.dot(i, y + h - 2, '#f4efe4');
  }
};

const telescope: Painter = (p, x, y, w, h) => {
  const brass = '#c99a3b';
  const cx = x + Math.floor(w / 2);
  const by = y + h;
  shadow(p, cx - 8, by - 1, 16);
  p.rect(cx - 1, by - 18, 2, 16, '#4b4f63');
  for (let i = 0; i < 8; i++) {
    p.dot(cx - 2 - i, by - 10 + i, '#4b4f63');
    p.dot(cx + 1 + i, by - 10 + i, '#4b4f63');
  }
  // the tube, angled up to the sky
  for (let i = 0; i < 22; i++) {
    const tx = cx - 10 + i;
    const ty = by - 18 - Math.floor(i * 0.9);
    p.rect(tx, ty - 2, 1, 6, OUTLINE);
    p.rect(tx, ty - 1, 1, 4, i > 16 ? '#e6e2d6' : brass);
    p.dot(tx, ty - 1, i > 16 ? '#ffffff' : '#f0c86a');
  }
  p.rect(cx - 3, by - 20, 6, 4, '#6b6f8f');
};

const desk: Painter = (p, x, y, w, h) => {
  shadow(p, x, y + h, w);
  box(p, x, y, w, h - 2, shade(WOOD, -0.15));
  p.rect(x + 1, y + 1, w - 2, 3, shade(WOOD, 0.15));
  p.rect(x + w - 14, y + 8, 12, h - 12, shade(WOOD, -0.3));
  p.rect(x + w - 9, y + 12, 3, 1, '#f0c23b');
  p.rect(x + 5, y - 3, 12, 7, '#f4efe4');
  p.rect(x + 7, y - 1, 8, 1, '#9a9aa6');
  p.rect(x + 7, y + 1, 6, 1, '#9a9aa6');
  p.rect(x + 20, y - 6, 6, 8, '#3f6fc9');
  p.rect(x + 21, y - 5, 1, 6, '#8fb0ff');
};

const crate: Painter = (p, x, y, w, h) => {
  const c = '#c08a4a';
  shadow(p, x, y + h, w);
  box(p, x + 1, y + 2, w - 2, h - 3, c);
  for (let yy = y + 6; yy < y + h - 2; yy += 5) p.rect(x + 2, yy, w - 4, 1, shade(c, -0.25));
  p.rect(x + 2, y + 3, w - 4, 2, shade(c, 0.25));
  for (let i = 0; i < Math.min(w, h) - 6; i++) {
    p.dot(x + 3 + i, y + 4 + Math.floor((i * (h - 8)) / (w - 6)), shade(c, -0.35));
  }
  p.rect(x + 1, y + 2, 2, h - 3, shade(c, -0.2));
  p.rect(x + w - 3, y + 2, 2, h - 3, shade(c, -0.2));
};

const lamp: Painter = (p, x, y, w, h) => {
  const cx = x + Math.floor(w / 2);
  const by = y + h;
  shadow(p, cx - 4, by - 1, 8);
  p.rect(cx - 3, by - 3, 6, 2, OUTLINE);
  p.rect(cx, by - 22, 1, 20, '#4b4f63');
  p.rect(cx - 5, by - 30, 11, 8, OUTLINE);
  p.rect(cx - 4, by - 29, 9, 6, '#ffd98a');
  p.rect(cx - 4, by - 29, 9, 1, '#fff3c9');
  p.rect(cx - 4, by - 24, 9, 1, '#e0a84a');
};

const sofa: Painter = (p, x, y, w, h, look) => {
  const c = look.night ? '#7b5ab3' : '#3f8f9a';
  shadow(p, x, y + h, w);
  box(p, x, y, w, h - 4, shade(c, -0.15));
  box(p, x + 4, y + h - 14, w - 8, 10, c);
  const cushions = Math.max(2, Math.round((w - 8) / 16));
  const cw = (w - 8) / cushions;
  for (let i = 1; i < cushions; i++) p.rect(x + 4 + Math.round(i * cw), y + h - 13, 1, 8, shade(c, -0.3));
  p.rect(x + 5, y + h - 13, w - 10, 1, shade(c, 0.3));
  box(p, x, y + h - 16, 6, 12, shade(c, -0.1));
  box(p, x + w - 6, y + h - 16, 6, 12, shade(c, -0.1));
  p.rect(x + 2, y + 2, w - 4, 1, shade(c, 0.2));
  p.rect(x + 10, y + 4, 8, 6, '#f0c23b');
};

export const painters: Record<string, Painter> = {
  window: windowPane,
  counter,
  freezer,
  table,
  chair,
  plant,
  shelf,
  rug,
  telescope,
  desk,
  crate,
  lamp,
  sofa,
};

/** Unknown kinds still show up: a labelled-looking box. */
export const fallbackPainter: Painter = (p, x, y, w, h) => {
  shadow(p, x, y + h, w);
  box(p, x + 1, y + 1, w - 2, h - 2, '#9a8a7a');
  p.rect(x + 3, y + 3, w - 6, 2, '#b8a898');
};
