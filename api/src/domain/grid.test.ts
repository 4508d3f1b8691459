import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPath, isFree, planWalk, standTiles, walkableGrid, type Tile } from './grid.js';
import { rooms } from './rooms.js';

const adjacent = (a: Tile, b: Tile) => Math.abs(a.x - b.x) + Math.abs(a.y - b.y) === 1;

describe('the walkable grid', () => {
  for (const room of rooms) {
    it(`${room.id}: every spot is on a free tile and reachable from every other`, () => {
      const grid = walkableGrid(room);
      for (const spot of room.spots) expect(isFree(grid, spot), `${spot.name} (${spot.x}, ${spot.y})`).toBe(true);
      for (const a of room.spots) for (const b of room.spots) expect(findPath(grid, a, b), `${a.name} → ${b.name}`).not.toBeNull();
    });
  }

  it('blocks the wall rows and furniture but not rugs', () => {
    const room = {
      width: 6,
      height: 5,
      furniture: [
        { kind: 'table', x: 2, y: 2, w: 2, h: 1 },
        { kind: 'rug', x: 0, y: 3, w: 6, h: 2 },
      ],
      spots: [],
    };
    const grid = walkableGrid(room);
    expect(isFree(grid, { x: 0, y: 1 })).toBe(false);
    expect(isFree(grid, { x: 2, y: 2 })).toBe(false);
    expect(isFree(grid, { x: 1, y: 2 })).toBe(true);
    expect(isFree(grid, { x: 3, y: 4 })).toBe(true);
  });
});

describe('findPath (A*)', () => {
  const room = rooms.find((r) => r.id === 'rooftop-garden')!;
  const grid = walkableGrid(room);

  it('walks around the table instead of through it', () => {
    const path = findPath(grid, { x: 7, y: 4 }, { x: 12, y: 4 })!;
    expect(path[0]).toEqual({ x: 7, y: 4 });
    expect(path.at(-1)).toEqual({ x: 12, y: 4 });
    expect(path).toHaveLength(6); // straight along row 4, above the table
    const under = findPath(grid, { x: 9, y: 4 }, { x: 9, y: 7 })!;
    for (const t of under) expect(isFree(grid, t)).toBe(true);
    expect(under.length - 1).toBeGreaterThan(3); // has to go round the 2-row table
  });

  it('is shortest, contiguous, on free tiles and the same every time (property)', () => {
    const free: Tile[] = [];
    for (let y = 0; y < grid.height; y++) for (let x = 0; x < grid.width; x++) if (isFree(grid, { x, y })) free.push({ x, y });
    fc.assert(
      fc.property(fc.constantFrom(...free), fc.constantFrom(...free), (a, b) => {
        const path = findPath(grid, a, b)!;
        expect(path).not.toBeNull();
        for (let i = 1; i < path.length; i++) expect(adjacent(path[i - 1]!, path[i]!)).toBe(true);
        for (const t of path) expect(isFree(grid, t)).toBe(true);
        expect(path.length - 1).toBeGreaterThanOrEqual(Math.abs(a.x - b.x) + Math.abs(a.y - b.y));
        expect(findPath(grid, a, b)).toEqual(path);
        // Shortest: breadth-first distance agrees.
        expect(path.length - 1).toBe(bfs(grid, a, b));
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('says null when the goal is walled in', () => {
    const box = {
      width: 5,
      height: 6,
      furniture: [
        { kind: 'crate', x: 1, y: 3, w: 3, h: 1 },
        { kind: 'crate', x: 1, y: 5, w: 3, h: 1 },
        { kind: 'crate', x: 1, y: 4, w: 1, h: 1 },
        { kind: 'crate', x: 3, y: 4, w: 1, h: 1 },
      ],
      spots: [],
    };
    expect(findPath(walkableGrid(box), { x: 0, y: 2 }, { x: 2, y: 4 })).toBeNull();
  });
});

describe('standTiles and planWalk', () => {
  const room = rooms.find((r) => r.id === 'ice-cream-shop')!;

  it('never puts two characters on one tile, even when they share a spot', () => {
    const tiles = standTiles(room, [
      { id: 'a', spot: 'counter' },
      { id: 'b', spot: 'counter' },
      { id: 'c', spot: 'counter' },
      { id: 'd', spot: 'nowhere' },
    ]);
    const keys = [...tiles.values()].map((t) => `${t.x},${t.y}`);
    expect(new Set(keys).size).toBe(4);
    expect(tiles.get('a')).toEqual({ x: 6, y: 5 });
    const grid = walkableGrid(room);
    for (const t of tiles.values()) expect(isFree(grid, t)).toBe(true);
  });

  it('plans a walk from the old tile to the new one, around the others, timed per tile', () => {
    const before = [
      { id: 'a', spot: 'counter' },
      { id: 'b', spot: 'table' },
    ];
    const after = [
      { id: 'a', spot: 'table' },
      { id: 'b', spot: 'table' },
    ];
    const walk = planWalk(room, before, after, 'a', 1_000)!;
    expect(walk.path[0]).toEqual({ x: 6, y: 5 });
    // The scene's order decides who gets a shared spot's own tile; b steps to a neighbour
    // and a's path does not cross b's new tile.
    const tiles = standTiles(room, after);
    expect(walk.path.at(-1)).toEqual(tiles.get('a'));
    expect(tiles.get('b')).not.toEqual(tiles.get('a'));
    const b = tiles.get('b')!;
    expect(walk.path.some((t) => t.x === b.x && t.y === b.y)).toBe(false);
    expect(walk.durationMs).toBe((walk.path.length - 1) * 380);
    expect(walk.startedAt).toBe(1_000);
    expect(planWalk(room, before, before, 'a', 0)).toBeNull();
  });
});

function bfs(grid: ReturnType<typeof walkableGrid>, a: Tile, b: Tile): number {
  const seen = new Map<string, number>([[`${a.x},${a.y}`, 0]]);
  const queue = [a];
  for (let i = 0; i < queue.length; i++) {
    const t = queue[i]!;
    const d = seen.get(`${t.x},${t.y}`)!;
    if (t.x === b.x && t.y === b.y) return d;
    for (const [dx, dy] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ] as const) {
      const n = { x: t.x + dx, y: t.y + dy };
      if (!isFree(grid, n) || seen.has(`${n.x},${n.y}`)) continue;
      seen.set(`${n.x},${n.y}`, d + 1);
      queue.push(n);
    }
  }
  return -1;
}
