import { makeCanvas, pen, type Pen } from './canvas';
import { hash, shade } from './palette';

/**
 * Room objects (the telescope's eyepiece, a mug, star charts, a suitcase …) as small pixel-art
 * sprites drawn by code, like the furniture: 10 × 10 art pixels, outlined, on a transparent
 * canvas. The same sprite lies on its tile and rides in a character's hands.
 */

export const OBJECT_PX = 10;
const INK = '#2a2135';

type ObjectPainter = (p: Pen) => void;

function outlined(p: Pen, x: number, y: number, w: number, h: number, fill: string): void {
  p.rect(x, y, w, h, INK);
  p.rect(x + 1, y + 1, w - 2, h - 2, fill);
}

const mug: ObjectPainter = (p) => {
  outlined(p, 2, 3, 5, 6, '#e8e0d0');
  p.rect(3, 4, 3, 1, '#7a4a2a');
  p.rect(7, 4, 2, 1, INK);
  p.rect(8, 5, 1, 2, INK);
  p.rect(7, 7, 2, 1, INK);
  p.dot(4, 1, '#ffffff');
  p.dot(5, 2, '#ffffff');
};

const scroll: (paper: string, ink: string) => ObjectPainter = (paper, ink) => (p) => {
  outlined(p, 1, 3, 8, 5, paper);
  p.rect(1, 2, 2, 7, INK);
  p.rect(7, 2, 2, 7, INK);
  p.dot(4, 5, ink);
  p.dot(5, 4, ink);
  p.dot(6, 6, ink);
};

const book: (cover: string) => ObjectPainter = (cover) => (p) => {
  outlined(p, 2, 2, 6, 7, cover);
  p.rect(3, 3, 1, 5, shade(cover, -0.3));
  p.rect(5, 4, 2, 1, '#f4efe4');
};

const suitcase: ObjectPainter = (p) => {
  outlined(p, 1, 4, 8, 5, '#3f6fb0');
  p.rect(4, 2, 2, 1, INK);
  p.rect(3, 3, 1, 1, INK);
  p.rect(6, 3, 1, 1, INK);
  p.rect(2, 6, 6, 1, '#c9a44c');
};

const umbrella: ObjectPainter = (p) => {
  p.rect(2, 2, 6, 1, INK);
  p.rect(1, 3, 8, 2, '#d0486a');
  p.rect(1, 5, 8, 1, INK);
  p.rect(5, 6, 1, 3, INK);
  p.rect(4, 8, 1, 1, INK);
};

const bell: ObjectPainter = (p) => {
  p.rect(4, 2, 2, 1, INK);
  outlined(p, 2, 3, 6, 4, '#e3b341');
  p.rect(1, 7, 8, 2, INK);
  p.dot(3, 4, '#fff3c4');
};

const till: ObjectPainter = (p) => {
  outlined(p, 1, 4, 8, 5, '#8a8fa3');
  outlined(p, 2, 1, 6, 4, '#4a5064');
  p.rect(3, 2, 4, 1, '#8fe3a0');
  p.dot(3, 6, INK);
  p.dot(5, 6, INK);
  p.dot(7, 6, INK);
};

const scoop: ObjectPainter = (p) => {
  outlined(p, 1, 1, 5, 4, '#c9ced8');
  p.rect(2, 2, 3, 2, '#f3b6c8');
  p.rect(5, 5, 1, 1, INK);
  p.rect(6, 6, 1, 1, INK);
  p.rect(7, 7, 2, 2, '#5a3a2a');
};

const jar: ObjectPainter = (p) => {
  p.rect(3, 1, 4, 2, '#d0486a');
  outlined(p, 2, 3, 6, 6, '#f4efe4');
  p.dot(3, 5, '#e86a92');
  p.dot(5, 6, '#6ac0e8');
  p.dot(6, 4, '#f2d15c');
  p.dot(4, 7, '#8fd07a');
};

const tomato: ObjectPainter = (p) => {
  outlined(p, 2, 3, 6, 6, '#e0412f');
  p.rect(4, 2, 2, 2, '#3f8f3a');
  p.dot(3, 5, '#ff9a8a');
};

const wateringCan: ObjectPainter = (p) => {
  outlined(p, 2, 4, 5, 5, '#5aa4c8');
  p.rect(7, 4, 1, 1, INK);
  p.rect(8, 3, 1, 1, INK);
  p.rect(9, 2, 1, 2, '#5aa4c8');
  p.rect(3, 2, 3, 1, INK);
};

const shears: ObjectPainter = (p) => {
  p.rect(1, 1, 1, 1, '#c9ced8');
  p.rect(2, 2, 1, 1, '#c9ced8');
  p.rect(3, 3, 1, 1, '#c9ced8');
  p.rect(8, 1, 1, 1, '#c9ced8');
  p.rect(7, 2, 1, 1, '#c9ced8');
  p.rect(6, 3, 1, 1, '#c9ced8');
  p.rect(4, 4, 2, 1, INK);
  outlined(p, 1, 6, 3, 3, '#d0486a');
  outlined(p, 6, 6, 3, 3, '#d0486a');
};

const teapot: ObjectPainter = (p) => {
  outlined(p, 2, 3, 6, 5, '#8fd0c0');
  p.rect(4, 2, 2, 1, INK);
  p.rect(8, 4, 1, 1, INK);
  p.rect(9, 3, 1, 1, INK);
  p.rect(1, 4, 1, 2, INK);
  p.rect(2, 8, 6, 1, INK);
};

const eyepiece: ObjectPainter = (p) => {
  outlined(p, 3, 2, 4, 6, '#c9a44c');
  p.rect(4, 3, 2, 1, '#1d2037');
  p.dot(4, 3, '#9fd8ff');
};

const PAINTERS: Record<string, ObjectPainter> = {
  mug,
  'star-charts': scroll('#e9ddb8', '#3b5fa8'),
  menu: scroll('#fff5e1', '#d0486a'),
  logbook: book('#7a4a2a'),
  ledger: book('#3f8f3a'),
  suitcase,
  umbrella,
  bell,
  till,
  scoop,
  sprinkles: jar,
  tomato,
  'watering-can': wateringCan,
  shears,
  teapot,
  telescope: eyepiece,
};

/** A small generic parcel for an object without a painter of its own, coloured from its id. */
function parcel(id: string): ObjectPainter {
  const colour = `#${(hash(id) & 0xffffff).toString(16).padStart(6, '0')}`;
  return (p) => {
    outlined(p, 2, 3, 6, 6, colour);
    p.rect(2, 5, 6, 1, shade(colour, -0.35));
  };
}

/** The sprite of one object, OBJECT_PX square. */
export function paintObject(id: string): HTMLCanvasElement {
  const canvas = makeCanvas(OBJECT_PX, OBJECT_PX);
  (PAINTERS[id] ?? parcel(id))(pen(canvas));
  return canvas;
}
