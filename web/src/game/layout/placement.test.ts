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
    const requests: LabelRequest[] = xs.flatMap((x, i) => [
      { id: `c${i}`, kind: 'name' as const, anchor: { x, y: 170 }, w: 58, h: 18 },
    ]);
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
        const requests: LabelRequest[] = people.map((p, i) => ({ id: `c${i}`, kind: 'name', anchor: { x: p.x, y: p.y }, w: p.name, h: 18 }));
        const s = people[speaker % people.length]!;
        requests.push({ id: 'speech', kind: 'bubble', anchor: { x: s.x, y: s.y - 60 }, w: 260, h: 80, priority: 1 });
        const placed = placeLabels(requests, { w: 960, h: 576 });
        expect(anyOverlap(placed)).toBeNull();
      }),
      { seed: 10, numRuns: 300 },
    );
  });

  it('returns one box per request in request order, even when nothing fits', () => {
    const requests: LabelRequest[] = Array.from({ length: 4 }, (_, i) => ({ id: `b${i}`, kind: 'bubble', anchor: { x: 50, y: 50 }, w: 90, h: 90 }));
    const placed = placeLabels(requests, { w: 100, h: 100 });
    expect(placed.map((p) => p.id)).toEqual(['b0', 'b1', 'b2', 'b3']);
  });
});
