import { makeCanvas, pen, type Pen } from './canvas';
import { COLOUR_WORDS, hash, mix, shade } from './palette';

/** One sprite frame, in art pixels. */
export const FRAME_W = 16;
export const FRAME_H = 26;
export const DIRECTIONS = ['down', 'left', 'right', 'up'] as const;
export const POSES = ['idle0', 'idle1', 'walk0', 'walk1'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export type Pose = (typeof POSES)[number];

const OUTLINE = '#1d1626';
const SKIN = ['#f6d3b3', '#eab892', '#d39a6f', '#a9714b', '#7a4e34'];
const HAIR = ['#3a2a22', '#6b3f24', '#a8552f', '#e0b45a', '#2a2630', '#8a5a36'];

/** What a character wears, read from its colour and its appearance text. */
export interface Look {
  shirt: string;
  pants: string;
  skin: string;
  hair: string;
  hat: string | null;
  visor: boolean;
  glasses: boolean;
  goggles: boolean;
  moustache: boolean;
  scarf: string | null;
  apron: string | null;
  coat: string | null;
  belt: boolean;
}

/** Decide a look: colours from the character colour, extras from words in the appearance. */
export function lookFor(name: string, colour: string, appearance: string): Look {
  const text = appearance.toLowerCase();
  const h = hash(name);
  const colourBefore = (item: string): string | null => {
    const m = new RegExp(`(\\w+)[\\s-]+(?:\\w+[\\s-]+)?${item}`).exec(text);
    return m ? (COLOUR_WORDS[m[1]!] ?? null) : null;
  };
  const has = (...words: string[]) => words.some((w) => new RegExp(`\\b${w}`).test(text));
  const grey = has('grey hair', 'gray hair', 'silver', 'white hair');
  const labCoat = has('lab coat');
  const coatWord = has('coat', 'cloak', 'raincoat', 'peacoat', 'cardigan');
  const coat = labCoat ? '#f4f4f0' : coatWord ? (colourBefore('(?:raincoat|peacoat|coat|cloak|cardigan)') ?? shade(colour, -0.15)) : null;
  return {
    shirt: colour,
    pants: has('overalls') ? '#3f5f9a' : mix(shade(colour, -0.55), '#2b3a67', 0.5),
    skin: SKIN[h % SKIN.length]!,
    hair: grey ? '#c8ccd6' : HAIR[(h >>> 3) % HAIR.length]!,
    hat: has('hat') ? (colourBefore('hat') ?? '#e8c96a') : null,
    visor: has('visor'),
    glasses: has('glasses', 'spectacles', 'monocle'),
    goggles: has('goggles'),
    moustache: has('moustache', 'mustache', 'beard'),
    scarf: has('scarf') ? (colourBefore('scarf') ?? shade(colour, 0.3)) : null,
    apron: has('apron') ? (colourBefore('apron') ?? '#f4f1ea') : null,
    coat,
    belt: has('belt', 'tool belt', 'garter'),
  };
}

interface Frame {
  dir: Direction;
  pose: Pose;
}

/** Paint one frame (facing left is painted; right is its mirror). */
function paintFrame(p: Pen, look: Look, { dir, pose }: Frame): void {
  const walk = pose === 'walk0' ? 0 : pose === 'walk1' ? 1 : -1;
  const bob = pose === 'idle1' ? 1 : walk >= 0 ? -1 : 0;
  const top = 2 + bob;
  const side = dir === 'left' || dir === 'right';
  const skinShade = shade(look.skin, -0.15);
  const shirtShade = shade(look.shirt, -0.25);
  const shoes = '#3a2a22';

  // legs and shoes (not bobbing)
  if (!side) {
    const lift = (leg: 0 | 1) => (walk === leg ? 1 : 0);
    for (const [leg, x] of [
      [0, 5],
      [1, 8],
    ] as const) {
      const l = lift(leg);
      p.rect(x, 19, 3, 4 - l, look.pants);
      p.rect(x, 23 - l, 3, 1, shoes);
      p.rect(x + (leg ? 2 : 0), 19, 1, 3 - l, shade(look.pants, -0.2));
    }
  } else if (walk < 0) {
    p.rect(6, 19, 4, 4, look.pants);
    p.rect(6, 19, 1, 4, shade(look.pants, -0.2));
    p.rect(5, 23, 5, 1, shoes);
  } else {
    const front = walk === 0 ? 3 : 5;
    const back = walk === 0 ? 9 : 7;
    p.rect(back, 19, 3, 4, shade(look.pants, -0.25));
    p.rect(back, 23, 3, 1, shoes);
    p.rect(front, 19, 3, 4, look.pants);
    p.rect(front - 1, 23, 4, 1, shoes);
  }

  // body (with a coat it reaches over the hips)
  const bodyX = side ? 5 : 4;
  const bodyW = side ? 6 : 8;
  const bodyBottom = look.coat ? 20 : 18;
  const bodyColour = look.coat ?? look.shirt;
  p.rect(bodyX, top + 9, bodyW, bodyBottom - (top + 9) + 1, bodyColour);
  p.rect(bodyX + bodyW - 1, top + 10, 1, bodyBottom - top - 10, shade(bodyColour, -0.2));
  if (look.coat && !side && dir === 'down') p.rect(7, top + 9, 2, bodyBottom - top - 12, look.shirt);
  if (look.coat && dir === 'down') p.rect(8, top + 12, 1, bodyBottom - top - 12, shade(bodyColour, -0.3));
  if (look.apron && dir !== 'up') {
    const ax = side ? 4 : 5;
    p.rect(ax, top + 11, side ? 3 : 6, 8, look.apron);
    p.rect(ax, top + 11, side ? 3 : 6, 1, shade(look.apron, -0.15));
    if (!side) p.rect(6, top + 15, 4, 1, shade(look.apron, -0.2));
  }
  if (look.belt) p.rect(bodyX, top + 15, bodyW, 1, '#6b4a2a');

  // arms
  if (!side) {
    const swingL = walk === 0 ? -1 : walk === 1 ? 1 : 0;
    for (const [x, s] of [
      [3, swingL],
      [12, -swingL],
    ] as const) {
      p.rect(x, top + 10 + s, 1, 5, look.coat ? shade(bodyColour, -0.1) : shirtShade);
      p.rect(x, top + 15 + s, 1, 1, look.skin);
    }
  } else {
    const ax = walk === 0 ? 5 : walk === 1 ? 8 : 7;
    p.rect(ax, top + 10, 2, 5, shade(bodyColour, -0.15));
    p.rect(ax, top + 15, 2, 1, look.skin);
  }

  // neck and scarf
  p.rect(7, top + 8, 2, 1, skinShade);
  if (look.scarf) {
    p.rect(bodyX, top + 8, bodyW, 2, look.scarf);
    if (dir !== 'up') p.rect(side ? 5 : 9, top + 10, 2, 3, shade(look.scarf, -0.15));
  }

  // head
  if (dir === 'up') {
    p.rect(4, top, 8, 8, look.hair);
    p.rect(5, top + 7, 6, 1, shade(look.hair, -0.2));
  } else if (!side) {
    p.rect(4, top + 1, 8, 7, look.skin);
    p.rect(4, top - 1 + 1, 8, 2, look.hair);
    p.rect(5, top - 1, 6, 1, look.hair);
    p.rect(4, top + 2, 1, 3, look.hair);
    p.rect(11, top + 2, 1, 3, look.hair);
    p.rect(6, top + 2, 2, 1, look.hair);
    p.rect(5, top + 4, 1, 2, OUTLINE);
    p.rect(10, top + 4, 1, 2, OUTLINE);
    p.dot(5, top + 4, '#ffffff');
    p.dot(10, top + 4, '#ffffff');
    p.dot(4, top + 6, mix(look.skin, '#ff6b8a', 0.45));
    p.dot(11, top + 6, mix(look.skin, '#ff6b8a', 0.45));
    p.rect(7, top + 6, 2, 1, shade(look.skin, -0.3));
    if (look.moustache) p.rect(6, top + 5, 4, 1, look.hair === '#c8ccd6' ? '#9a9aa6' : shade(look.hair, -0.1));
    if (look.glasses) {
      p.rect(4, top + 3, 3, 1, OUTLINE);
      p.rect(9, top + 3, 3, 1, OUTLINE);
      p.rect(7, top + 4, 2, 1, OUTLINE);
    }
  } else {
    p.rect(5, top + 1, 6, 7, look.skin);
    p.dot(4, top + 4, look.skin);
    p.rect(6, top - 1 + 1, 6, 2, look.hair);
    p.rect(7, top - 1, 5, 1, look.hair);
    p.rect(9, top + 2, 3, 5, look.hair);
    p.rect(5, top + 1, 2, 1, look.hair);
    p.rect(6, top + 3, 1, 2, OUTLINE);
    p.dot(6, top + 6, mix(look.skin, '#ff6b8a', 0.45));
    p.dot(5, top + 6, shade(look.skin, -0.3));
    if (look.moustache) p.rect(4, top + 5, 3, 1, look.hair === '#c8ccd6' ? '#9a9aa6' : shade(look.hair, -0.1));
    if (look.glasses) {
      p.rect(5, top + 3, 3, 1, OUTLINE);
      p.rect(8, top + 3, 1, 1, OUTLINE);
    }
  }
  if (look.goggles) p.rect(side ? 5 : 4, top + 1, side ? 6 : 8, 1, '#7fd0e0');
  if (look.visor && dir !== 'up') p.rect(side ? 2 : 3, top + 1, side ? 7 : 10, 1, '#3f9a55');
  if (look.hat) {
    p.rect(2, top, 12, 1, look.hat);
    p.rect(4, top - 2, 8, 2, look.hat);
    p.rect(4, top - 1, 8, 1, shade(look.hat, -0.25));
    if (dir !== 'up') p.dot(side ? 5 : 10, top - 2, '#ffffff');
  }
}

/** Draw a 1 px dark outline around everything opaque: sprites read on any floor. */
function outline(canvas: HTMLCanvasElement): void {
  const ctx = canvas.getContext('2d')!;
  const { width, height } = canvas;
  const img = ctx.getImageData(0, 0, width, height);
  const a = (x: number, y: number) => (x < 0 || y < 0 || x >= width || y >= height ? 0 : img.data[(y * width + x) * 4 + 3]!);
  const edge: [number, number][] = [];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) if (a(x, y) === 0 && (a(x - 1, y) || a(x + 1, y) || a(x, y - 1) || a(x, y + 1))) edge.push([x, y]);
  ctx.fillStyle = OUTLINE;
  for (const [x, y] of edge) ctx.fillRect(x, y, 1, 1);
}

/**
 * A sprite sheet for one character: rows down, left, right, up; columns idle0, idle1,
 * walk0, walk1. Returns the canvas and each frame's rectangle by name ("left-walk1").
 */
export function paintCharacterSheet(look: Look): { canvas: HTMLCanvasElement; frames: Record<string, { x: number; y: number }> } {
  const sheet = makeCanvas(FRAME_W * POSES.length, FRAME_H * DIRECTIONS.length);
  const ctx = sheet.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  const frames: Record<string, { x: number; y: number }> = {};
  DIRECTIONS.forEach((dir, row) => {
    POSES.forEach((pose, col) => {
      const frame = makeCanvas(FRAME_W, FRAME_H);
      paintFrame(pen(frame), look, { dir: dir === 'right' ? 'left' : dir, pose });
      outline(frame);
      const x = col * FRAME_W;
      const y = row * FRAME_H;
      if (dir === 'right') {
        ctx.save();
        ctx.translate(x + FRAME_W, y);
        ctx.scale(-1, 1);
        ctx.drawImage(frame, 0, 0);
        ctx.restore();
      } else {
        ctx.drawImage(frame, x, y);
      }
      frames[`${dir}-${pose}`] = { x, y };
    });
  });
  return { canvas: sheet, frames };
}
