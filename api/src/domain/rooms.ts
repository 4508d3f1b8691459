/**
 * Room layouts. The API serves them; the web stage draws them (tiles, furniture, spots).
 * Coordinates are in tiles (16 px each on screen); (0, 0) is the top-left corner and the
 * top two rows are wall.
 */

/** A piece of furniture the stage draws with its own pixel-art painter. */
export interface Furniture {
  kind: FurnitureKind;
  x: number;
  y: number;
  w: number;
  h: number;
}

export type FurnitureKind =
  'counter' | 'freezer' | 'table' | 'chair' | 'plant' | 'shelf' | 'window' | 'rug' | 'telescope' | 'desk' | 'crate' | 'lamp' | 'sofa';

/** A named place characters stand at or walk to. */
export interface Spot {
  name: string;
  x: number;
  y: number;
}

/**
 * Something in a room a character can act on: `use` it where it stands (the telescope) and/or,
 * when portable, pick it up, carry it and give it to someone. It lies at its spot unless someone
 * holds it; a new conversation puts every object back.
 */
export interface RoomObject {
  /** Stable id the tools and events name (lower case, no spaces). */
  id: string;
  /** What the model and viewers read ("the star charts"). */
  name: string;
  /** The spot it lies or stands at. */
  spot: string;
  /** Tile it is drawn on (beside its spot, on furniture or the floor). */
  x: number;
  y: number;
  usable: boolean;
  portable: boolean;
  /** One emoji shown with an action on it. */
  emoji: string;
  /** The verb phrase of `use`, e.g. "looks through the telescope". */
  useText: string;
}

export interface Room {
  id: string;
  name: string;
  width: number;
  height: number;
  /** Floor and wall colours (#rrggbb) the tile painter shades. */
  floor: string;
  wall: string;
  furniture: Furniture[];
  spots: Spot[];
  objects: RoomObject[];
}

const f = (kind: FurnitureKind, x: number, y: number, w = 1, h = 1): Furniture => ({ kind, x, y, w, h });
const s = (name: string, x: number, y: number): Spot => ({ name, x, y });
const o = (
  id: string,
  name: string,
  spot: string,
  [x, y]: [number, number],
  kind: { use?: string; portable?: boolean },
  emoji: string,
): RoomObject => ({
  id,
  name,
  spot,
  x,
  y,
  usable: kind.use !== undefined,
  portable: kind.portable === true,
  emoji,
  useText: kind.use ?? '',
});

export const rooms: readonly Room[] = [
  {
    id: 'ice-cream-shop',
    name: 'Ice-cream shop',
    width: 20,
    height: 12,
    floor: '#f3d9e6',
    wall: '#8fd3e8',
    furniture: [
      f('window', 2, 0, 4, 2),
      f('window', 14, 0, 4, 2),
      f('counter', 2, 3, 8, 1),
      f('freezer', 10, 3, 3, 1),
      f('table', 14, 7, 2, 2),
      f('chair', 13, 7),
      f('chair', 16, 8),
      f('plant', 18, 3),
      f('plant', 1, 10),
      f('rug', 6, 7, 5, 3),
    ],
    spots: [s('counter', 6, 5), s('freezer', 11, 5), s('table', 14, 9), s('window', 16, 3), s('door', 9, 10)],
    objects: [
      o('scoop', 'the ice-cream scoop', 'counter', [5, 3], { use: 'scoops a cone', portable: true }, '🍦'),
      o('till', 'the till', 'counter', [8, 3], { use: 'rings up the till' }, '🪙'),
      o('sprinkles', 'the jar of sprinkles', 'freezer', [11, 3], { use: 'shakes the sprinkles', portable: true }, '🫙'),
      o('menu', 'the menu card', 'table', [15, 7], { portable: true }, '📜'),
    ],
  },
  {
    id: 'observatory',
    name: 'Observatory dome',
    width: 20,
    height: 12,
    floor: '#3b3f58',
    wall: '#1d2037',
    furniture: [
      f('window', 7, 0, 6, 2),
      f('telescope', 9, 3, 2, 3),
      f('desk', 2, 4, 3, 2),
      f('lamp', 5, 4),
      f('shelf', 15, 2, 3, 2),
      f('sofa', 14, 8, 4, 2),
      f('crate', 2, 9, 2, 2),
      f('rug', 7, 7, 6, 3),
    ],
    spots: [s('telescope', 11, 6), s('desk', 3, 7), s('bookshelf', 16, 5), s('sofa', 15, 10), s('hatch', 9, 10)],
    objects: [
      o('telescope', 'the telescope', 'telescope', [10, 5], { use: 'looks through the telescope' }, '🔭'),
      o('star-charts', 'the star charts', 'desk', [3, 4], { use: 'unrolls the star charts', portable: true }, '🗺️'),
      o('mug', 'the cocoa mug', 'desk', [4, 5], { use: 'sips from the mug', portable: true }, '☕'),
      o('logbook', 'the logbook', 'bookshelf', [16, 3], { use: 'writes in the logbook', portable: true }, '📓'),
    ],
  },
  {
    id: 'lost-luggage',
    name: 'Lost-luggage office',
    width: 20,
    height: 12,
    floor: '#c8b48a',
    wall: '#6d7f6a',
    furniture: [
      f('window', 3, 0, 3, 2),
      f('counter', 6, 4, 8, 1),
      f('shelf', 1, 2, 4, 2),
      f('shelf', 15, 2, 4, 2),
      f('crate', 16, 8, 2, 2),
      f('crate', 1, 8, 2, 1),
      f('lamp', 13, 3),
      f('chair', 4, 9),
      f('plant', 18, 10),
    ],
    spots: [s('counter', 9, 6), s('back shelves', 10, 3), s('crates', 15, 9), s('bench', 5, 9), s('door', 10, 10)],
    objects: [
      o('bell', 'the service bell', 'counter', [7, 4], { use: 'rings the service bell' }, '🛎️'),
      o('suitcase', 'the blue suitcase', 'crates', [16, 8], { use: 'opens the suitcase', portable: true }, '🧳'),
      o('umbrella', 'the lost umbrella', 'back shelves', [2, 2], { use: 'opens the umbrella', portable: true }, '☂️'),
      o('ledger', 'the claims ledger', 'counter', [12, 4], { use: 'checks the ledger', portable: true }, '📒'),
    ],
  },
  {
    id: 'rooftop-garden',
    name: 'Rooftop garden',
    width: 20,
    height: 12,
    floor: '#7fae6b',
    wall: '#9db8cf',
    furniture: [
      f('plant', 1, 2),
      f('plant', 3, 2),
      f('plant', 16, 2),
      f('plant', 18, 2),
      f('table', 8, 5, 4, 2),
      f('chair', 7, 5),
      f('chair', 12, 6),
      f('crate', 2, 8, 2, 2),
      f('lamp', 17, 8),
      f('sofa', 13, 9, 4, 2),
      f('rug', 7, 8, 5, 2),
    ],
    spots: [s('table', 10, 7), s('tomato beds', 2, 4), s('water tank', 17, 4), s('bench', 14, 8), s('stairs', 9, 10)],
    objects: [
      o('watering-can', 'the watering can', 'water tank', [17, 3], { use: 'waters the plants', portable: true }, '🚿'),
      o('tomato', 'a ripe tomato', 'tomato beds', [2, 3], { portable: true }, '🍅'),
      o('shears', 'the garden shears', 'table', [9, 5], { use: 'trims a stem', portable: true }, '✂️'),
      o('teapot', 'the teapot', 'table', [10, 5], { use: 'pours the tea' }, '🫖'),
    ],
  },
];

/** Look up a room; unknown ids fall back to the first room so a scene always renders. */
export function roomById(id: string): Room {
  return rooms.find((r) => r.id === id) ?? rooms[0]!;
}

/** Which way to look from one spot to another (horizontal wins ties, as sprites read better sideways). */
export function facingToward(from: Spot | undefined, to: Spot | undefined): 'up' | 'down' | 'left' | 'right' {
  if (!from || !to) return 'down';
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  if (dx === 0 && dy === 0) return 'down';
  if (Math.abs(dx) >= Math.abs(dy)) return dx < 0 ? 'left' : 'right';
  return dy < 0 ? 'up' : 'down';
}
