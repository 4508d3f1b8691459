import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overlaps, placeLabels, type LabelRequest } from './placement';

const anyOverlap = (boxes: { x: number; y: number; w: number; h: number }[]) => {
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i]!, boxes[j]!)) return [i, j];
  return null;
};

describe('placeLabels', () => {
  it('puts a name under the feet and a bubble over the head when there is room', () => {
    const [name, bubble] = placeLabels(
      [
        { id: 'a', kind: 'name', anchor: { x: 200, y: 150 }, w: 60, h: 16 },
        { id: 'a', kind: 'bubble', anchor: { x: 200, y: 100 }, w: 120, h: 50 },
      ],
      { w: 400, h: 240 },
    );
    expect(name).toMatchObject({ x: 170, y: 152 });
    expect(bubble!.x).toBe(140);
    expect(bubble!.y + bubble!.h).toBeLessThanOrEqual(100);
  });

  it('separates two characters on neighbouring tiles (the "Ros:Dr. Hale" case)', () => {
    const placed = placeLabels(
      [
        { id: 'ros', kind: 'name', anchor: { x: 150, y: 150 }, w: 40, h: 16 },
        { id: 'hale', kind: 'name', anchor: { x: 165, y: 150 }, w: 70, h: 16 },
      ],
      { w: 400, h: 240 },
    );
    expect(anyOverlap(placed)).toBeNull();
  });

  it('keeps bubbles off names and each other on a crowded phone stage', () => {
    // Five characters on one row of a 378 x 227 stage, two speaking and one thinking.
    const xs = [40, 110, 180, 250, 320];
    const requests: LabelRequest[] = xs.flatMap((x, i) => [{ id: `c${i}`, kind: 'name' as const, anchor: { x, y: 170 }, w: 58, h: 18 }]);
    requests.push({ id: 'c1', kind: 'bubble', anchor: { x: 110, y: 130 }, w: 200, h: 70, priority: 2 });
    requests.push({ id: 'c3', kind: 'thought', anchor: { x: 250, y: 130 }, w: 32, h: 28, priority: 1 });
    const placed = placeLabels(requests, { w: 378, h: 227 });
    expect(anyOverlap(placed)).toBeNull();
    for (const p of placed) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.x + p.w).toBeLessThanOrEqual(378);
      expect(p.y + p.h).toBeLessThanOrEqual(227);
    }
  });

  it('never overlaps when the labels are small against the stage (property)', () => {
    const request = fc.record({
      x: fc.integer({ min: 20, max: 940 }),
      y: fc.integer({ min: 120, max: 540 }),
      name: fc.integer({ min: 30, max: 110 }),
    });
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 5 }), (people, speaker) => {
        const requests: LabelRequest[] = people.map((p, i) => ({
          id: `c${i}`,
          kind: 'name',
          anchor: { x: p.x, y: p.y },
          w: p.name,
          h: 18,
        }));
        const s = people[speaker % people.length]!;
        requests.push({ id: 'speech', kind: 'bubble', anchor: { x: s.x, y: s.y - 60 }, w: 260, h: 80, priority: 1 });
        const placed = placeLabels(requests, { w: 960, h: 576 });
        expect(anyOverlap(placed)).toBeNull();
      }),
      { seed: 10, numRuns: 300 },
    );
  });

  it('finds the one free place on a crowded small stage by scanning (360 px phone)', () => {
    // A 348 x 209 stage where only a 210 x 110 hole is free, away from every candidate.
    const obstacles = [
      { x: 0, y: 0, w: 348, h: 60 },
      { x: 0, y: 170, w: 348, h: 39 },
      { x: 0, y: 60, w: 138, h: 110 },
    ];
    const [bubble] = placeLabels([{ id: 'a', kind: 'bubble', anchor: { x: 60, y: 105 }, w: 205, h: 108 }], { w: 348, h: 209 }, obstacles);
    expect(anyOverlap([bubble!, ...obstacles])).toBeNull();
    expect(bubble!.x).toBeGreaterThanOrEqual(138);
    expect(bubble!.y).toBeGreaterThanOrEqual(60);
  });

  it('hides the names a bubble must cover when a tiny stage has no free place for it', () => {
    // 320 x 192 (a 360 px phone at 1x): names on two rows, a 256 x 91 bubble.
    const requests: LabelRequest[] = [
      { id: 'a', kind: 'name', anchor: { x: 40, y: 80 }, w: 40, h: 17 },
      { id: 'b', kind: 'name', anchor: { x: 280, y: 80 }, w: 80, h: 17 },
      { id: 'c', kind: 'name', anchor: { x: 110, y: 118 }, w: 60, h: 17 },
      { id: 'd', kind: 'name', anchor: { x: 220, y: 125 }, w: 40, h: 17 },
      { id: 'c', kind: 'bubble', anchor: { x: 110, y: 95 }, w: 256, h: 91, priority: 2 },
    ];
    const placed = placeLabels(requests, { w: 320, h: 192 });
    const shown = placed.filter((p) => !p.hidden);
    expect(anyOverlap(shown)).toBeNull();
    expect(shown.some((p) => p.kind === 'bubble')).toBe(true);
    // Only names ever make way, and not all of them.
    expect(placed.filter((p) => p.hidden).every((p) => p.kind === 'name')).toBe(true);
    expect(placed.filter((p) => p.hidden).length).toBeLessThan(4);
  });

  it('returns one box per request in request order, even when nothing fits', () => {
    const requests: LabelRequest[] = Array.from({ length: 4 }, (_, i) => ({
      id: `b${i}`,
      kind: 'bubble',
      anchor: { x: 50, y: 50 },
      w: 90,
      h: 90,
    }));
    const placed = placeLabels(requests, { w: 100, h: 100 });
    expect(placed.map((p) => p.id)).toEqual(['b0', 'b1', 'b2', 'b3']);
  });
});
