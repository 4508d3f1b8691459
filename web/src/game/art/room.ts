import type { StageRoom } from '../../lib/bridge/events';
import { makeCanvas, pen } from './canvas';
import { fallbackPainter, painters, type RoomLook } from './furniture';
import { luminance, rng, shade } from './palette';

/** Tile size in art pixels. */
export const TILE = 16;
/** Rows of wall at the top of every room. */
export const WALL_ROWS = 2;

export type RoomSpec = Omit<StageRoom, 'spots'>;

/** Which furniture is painted flat on the floor (under everything else). */
const FLAT = new Set(['rug']);

/**
 * Paint a whole room (floor, walls, furniture) into one canvas, one art pixel per pixel.
 * The stage shows it as a single scaled image: cheap to draw every frame.
 */
export function paintRoom(room: RoomSpec): HTMLCanvasElement {
  const w = room.width * TILE;
  const h = room.height * TILE;
  const canvas = makeCanvas(w, h);
  const p = pen(canvas);
  const look: RoomLook = { floor: room.floor, wall: room.wall, night: luminance(room.wall) < 0.25 };
  paintFloor(p, room, look);
  paintWall(p, room, look);
  const flat = room.furniture.filter((f) => FLAT.has(f.kind));
  const rest = room.furniture.filter((f) => !FLAT.has(f.kind)).sort((a, b) => a.y + a.h - (b.y + b.h));
  for (const f of [...flat, ...rest]) {
    const painter = painters[f.kind] ?? fallbackPainter;
    painter(p, f.x * TILE, f.y * TILE, f.w * TILE, f.h * TILE, look);
  }
  return canvas;
}

function paintFloor(p: ReturnType<typeof pen>, room: RoomSpec, look: RoomLook): void {
  const r = rng(room.width * 131 + room.height + room.floor.length);
  const base = room.floor;
  const grassy = isGreen(base);
  for (let ty = WALL_ROWS; ty < room.height; ty++) {
    for (let tx = 0; tx < room.width; tx++) {
      const x = tx * TILE;
      const y = ty * TILE;
      const checker = (tx + ty) % 2 === 0;
      const tile = grassy ? shade(base, checker ? 0.02 : -0.03) : shade(base, checker ? 0.04 : -0.04);
      p.rect(x, y, TILE, TILE, tile);
      if (grassy) {
        for (let i = 0; i < 6; i++) {
          const gx = x + Math.floor(r() * 15);
          const gy = y + Math.floor(r() * 14);
          p.rect(gx, gy, 1, 2, shade(base, -0.18));
          p.dot(gx, gy, shade(base, 0.15));
        }
        if (r() > 0.9) p.dot(x + Math.floor(r() * 15), y + Math.floor(r() * 15), r() > 0.5 ? '#f7e27a' : '#ffffff');
      } else {
        // planks/tiles: a lit top edge, a dark seam, a few speckles
        p.rect(x, y, TILE, 1, shade(tile, 0.08));
        p.rect(x, y + TILE - 1, TILE, 1, shade(tile, -0.12));
        p.rect(x + TILE - 1, y, 1, TILE, shade(tile, -0.08));
        for (let i = 0; i < 3; i++) p.dot(x + 1 + Math.floor(r() * 14), y + 1 + Math.floor(r() * 14), shade(tile, r() > 0.5 ? 0.1 : -0.1));
      }
    }
  }
  // soft shadow the wall casts on the floor
  p.ctx.globalAlpha = look.night ? 0.35 : 0.18;
  p.rect(0, WALL_ROWS * TILE, room.width * TILE, 3, '#000000');
  p.ctx.globalAlpha = 1;
}

function paintWall(p: ReturnType<typeof pen>, room: RoomSpec, look: RoomLook): void {
  const w = room.width * TILE;
  const h = WALL_ROWS * TILE;
  const wall = room.wall;
  p.rect(0, 0, w, h, wall);
  // wallpaper stripes, a picture rail, a skirting board
  if (look.night) {
    // panelled dome wall: wide boards with a thin seam
    for (let x = 0; x < w; x += 24) p.rect(x, 4, 1, h - 10, shade(wall, -0.25));
  } else {
    for (let x = 0; x < w; x += 8) p.rect(x, 4, 3, h - 10, shade(wall, 0.08));
  }
  p.rect(0, 0, w, 3, shade(wall, -0.35));
  p.rect(0, 3, w, 1, shade(wall, 0.25));
  p.rect(0, h - 6, w, 5, shade(wall, -0.3));
  p.rect(0, h - 6, w, 1, shade(wall, 0.1));
  p.rect(0, h - 1, w, 1, shade(wall, -0.5));
  if (look.night) {
    const r = rng(7);
    for (let i = 0; i < w / 10; i++) p.dot(Math.floor(r() * w), 5 + Math.floor(r() * (h - 14)), shade(wall, 0.25));
  }
}

function isGreen(hex: string): boolean {
  const n = parseInt(hex.slice(1), 16);
  const r = (n >> 16) & 255;
  const g = (n >> 8) & 255;
  const b = n & 255;
  return g > r + 20 && g > b + 20;
}
