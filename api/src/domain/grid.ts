/**
 * The walkable grid of a room, where characters stand, and how they walk (A*).
 *
 * Pure and free of imports on purpose: the API decides walks with it and the web stage
 * imports the very same file to place characters, so every viewer and the server agree
 * tile for tile. Coordinates are tiles; (0, 0) is the top-left corner.
 */

export interface Tile {
  x: number;
  y: number;
}

/** The parts of a room the grid needs (structurally a `Room`). */
export interface GridRoom {
  width: number;
  height: number;
  furniture: readonly { kind: string; x: number; y: number; w: number; h: number }[];
  spots: readonly { name: string; x: number; y: number }[];
}

/** A walk as events carry it: the tiles from start to end, and its timing. */
export interface Walk {
  path: Tile[];
  startedAt: number;
  durationMs: number;
}

/** Rows of wall at the top of every room. */
export const WALL_ROWS = 2;
/** Furniture one can stand on or that hangs on the wall. */
const WALK_OVER = new Set(['rug', 'window']);
/** How long one tile of walking takes (the stage walks at this speed too). */
export const WALK_MS_PER_TILE = 380;

export type Grid = { width: number; height: number; free: boolean[] };

const key = (t: Tile) => `${t.x},${t.y}`;

/** Which tiles a character may stand on: floor below the wall, not under furniture. */
export function walkableGrid(room: GridRoom): Grid {
  const free = new Array<boolean>(room.width * room.height).fill(true);
  for (let y = 0; y < Math.min(WALL_ROWS, room.height); y++) for (let x = 0; x < room.width; x++) free[y * room.width + x] = false;
  for (const f of room.furniture) {
    if (WALK_OVER.has(f.kind)) continue;
    for (let y = f.y; y < f.y + f.h; y++) {
      for (let x = f.x; x < f.x + f.w; x++) if (x >= 0 && y >= 0 && x < room.width && y < room.height) free[y * room.width + x] = false;
    }
  }
  return { width: room.width, height: room.height, free };
}

export function isFree(grid: Grid, t: Tile): boolean {
  return t.x >= 0 && t.y >= 0 && t.x < grid.width && t.y < grid.height && grid.free[t.y * grid.width + t.x] === true;
}

const STEPS: Tile[] = [
  { x: 1, y: 0 },
  { x: -1, y: 0 },
  { x: 0, y: 1 },
  { x: 0, y: -1 },
];

/** The free tile nearest to `t` (breadth-first, fixed neighbour order) not in `taken`. */
export function nearestFree(grid: Grid, t: Tile, taken: ReadonlySet<string> = new Set()): Tile | null {
  const start = { x: Math.min(Math.max(0, t.x), grid.width - 1), y: Math.min(Math.max(0, t.y), grid.height - 1) };
  const seen = new Set([key(start)]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!;
    if (isFree(grid, at) && !taken.has(key(at))) return at;
    for (const s of STEPS) {
      const next = { x: at.x + s.x, y: at.y + s.y };
      if (next.x < 0 || next.y < 0 || next.x >= grid.width || next.y >= grid.height || seen.has(key(next))) continue;
      seen.add(key(next));
      queue.push(next);
    }
  }
  return null;
}

/**
 * The tile each character stands on: its spot's tile, or the nearest free one when that
 * is taken, in the order given (the scene's character order), so no two share a tile.
 */
export function standTiles(
  room: GridRoom,
  characters: readonly { id: string; spot: string }[],
  grid = walkableGrid(room),
): Map<string, Tile> {
  const taken = new Set<string>();
  const out = new Map<string, Tile>();
  const centre = { x: Math.floor(room.width / 2), y: Math.floor(room.height / 2) };
  characters.forEach((c, i) => {
    const spot = room.spots.find((s) => s.name === c.spot) ?? room.spots[i % Math.max(1, room.spots.length)] ?? centre;
    const tile = nearestFree(grid, spot, taken) ?? spot;
    taken.add(key(tile));
    out.set(c.id, tile);
  });
  return out;
}

/**
 * Shortest 4-way path from `from` to `to` over free tiles not in `blocked` (A*, Manhattan
 * distance; ties broken by a fixed order so every caller gets the same path). Includes
 * both ends. A straight line when the start itself is not free (a character pushed off
 * furniture walks out of it); null when `to` cannot be reached.
 */
export function findPath(grid: Grid, from: Tile, to: Tile, blocked: ReadonlySet<string> = new Set()): Tile[] | null {
  if (from.x === to.x && from.y === to.y) return [{ ...from }];
  const passable = (t: Tile) => isFree(grid, t) && (!blocked.has(key(t)) || (t.x === to.x && t.y === to.y));
  if (!passable(to)) return null;
  const h = (t: Tile) => Math.abs(t.x - to.x) + Math.abs(t.y - to.y);
  const g = new Map<string, number>([[key(from), 0]]);
  const parent = new Map<string, Tile>();
  // A small binary heap keyed by (f, h, insertion order): deterministic and fast enough.
  const open: { t: Tile; f: number; h: number; n: number }[] = [];
  let counter = 0;
  const less = (a: (typeof open)[0], b: (typeof open)[0]) => a.f - b.f || a.h - b.h || a.n - b.n;
  const push = (item: (typeof open)[0]) => {
    open.push(item);
    let i = open.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(open[p]!, open[i]!) <= 0) break;
      [open[p], open[i]] = [open[i]!, open[p]!];
      i = p;
    }
  };
  const pop = () => {
    const top = open[0]!;
    const last = open.pop()!;
    if (open.length) {
      open[0] = last;
      let i = 0;
      for (;;) {
        const l = i * 2 + 1;
        const r = l + 1;
        let m = i;
        if (l < open.length && less(open[l]!, open[m]!) < 0) m = l;
        if (r < open.length && less(open[r]!, open[m]!) < 0) m = r;
        if (m === i) break;
        [open[m], open[i]] = [open[i]!, open[m]!];
        i = m;
      }
    }
    return top;
  };
  push({ t: from, f: h(from), h: h(from), n: counter++ });
  const closed = new Set<string>();
  while (open.length) {
    const { t } = pop();
    const k = key(t);
    if (closed.has(k)) continue;
    closed.add(k);
    if (t.x === to.x && t.y === to.y) {
      const path = [t];
      let at = t;
      while (parent.has(key(at))) {
        at = parent.get(key(at))!;
        path.push(at);
      }
      return path.reverse();
    }
    for (const s of STEPS) {
      const next = { x: t.x + s.x, y: t.y + s.y };
      if (!passable(next) || closed.has(key(next))) continue;
      const cost = g.get(k)! + 1;
      if (cost >= (g.get(key(next)) ?? Number.POSITIVE_INFINITY)) continue;
      g.set(key(next), cost);
      parent.set(key(next), t);
      push({ t: next, f: cost + h(next), h: h(next), n: counter++ });
    }
  }
  return null;
}

/**
 * The walk of one character from where it stands now to its new spot, around furniture
 * and the others (standing where they will stand after the move). Null when it stays on
 * its tile; a direct two-point walk if no path exists (never leaves a character stuck).
 */
export function planWalk(
  room: GridRoom,
  before: readonly { id: string; spot: string }[],
  after: readonly { id: string; spot: string }[],
  who: string,
  startedAt: number,
): Walk | null {
  const grid = walkableGrid(room);
  const from = standTiles(room, before, grid).get(who);
  const tiles = standTiles(room, after, grid);
  const to = tiles.get(who);
  if (!from || !to || (from.x === to.x && from.y === to.y)) return null;
  const others = new Set([...tiles].filter(([id]) => id !== who).map(([, t]) => key(t)));
  const path = findPath(grid, from, to, others) ?? findPath(grid, from, to) ?? [from, to];
  return { path, startedAt, durationMs: (path.length - 1) * WALK_MS_PER_TILE };
}
