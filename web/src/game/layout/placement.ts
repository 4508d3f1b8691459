/**
 * Label placement for the stage overlay: names under feet, bubbles over heads, and no two
 * boxes on top of each other. Pure and in one coordinate system (the overlay's CSS px), so
 * it is unit-tested without a browser.
 *
 * Greedy with candidates: each box has a preferred spot and a list of fall-backs ordered by
 * how far they stray from it (sideways first, then further out); the first that overlaps
 * nothing already placed wins. Names go first (small, must stay by their owner), then
 * bubbles in priority order. When no candidate is free, the whole stage is scanned for the
 * nearest free place; when there is none (a crowded 360 px phone), the bubble goes where it
 * overlaps no other bubble and the names under it are hidden while it shows. Names never
 * overlap bubbles; only when even that fails (more bubbles than fit) is the least
 * overlapping place taken, so the result is always defined.
 */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LabelRequest {
  id: string;
  /** `name`: top-centre just under `anchor` (feet). `bubble`/`thought`: bottom-centre above `anchor` (head). */
  kind: 'name' | 'bubble' | 'thought';
  anchor: { x: number; y: number };
  w: number;
  h: number;
  /** Higher goes first among bubbles (the speaker's line before a thought cloud). */
  priority?: number;
}

export interface Placed extends Box {
  id: string;
  kind: LabelRequest['kind'];
  /**
   * A name that had to make way for a bubble on a stage too small for both (a 360 px
   * phone): it is hidden while the bubble shows, so the two never overlap.
   */
  hidden?: boolean;
}

/** Space between a bubble and the head it belongs to (its tail). */
export const TAIL = 8;
const GAP = 2;
/** Step of the last-resort scan over the stage, in px. */
const SCAN = 6;

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function clampInto(box: Box, bounds: { w: number; h: number }): Box {
  const x = Math.min(Math.max(0, box.x), Math.max(0, bounds.w - box.w));
  const y = Math.min(Math.max(0, box.y), Math.max(0, bounds.h - box.h));
  return { ...box, x, y };
}

function candidates(r: LabelRequest): Box[] {
  const out: Box[] = [];
  const { w, h } = r;
  if (r.kind === 'name') {
    const x0 = r.anchor.x - w / 2;
    const y0 = r.anchor.y + GAP;
    const dxs = [0, -(w / 2 + GAP), w / 2 + GAP, -(w + GAP), w + GAP];
    const dys = [0, h + GAP, -(2 * h + GAP * 2), 2 * (h + GAP), -(3 * h + GAP * 3)];
    for (const dy of dys) for (const dx of dxs) out.push({ x: x0 + dx, y: y0 + dy, w, h });
    return out;
  }
  const x0 = r.anchor.x - w / 2;
  const y0 = r.anchor.y - TAIL - h;
  // Slide sideways (the tail still reaches the head while it overlaps the bubble's width),
  // then stack upwards, then as a last resort sit below the feet line.
  const dxs = [0, -w / 3, w / 3, -(2 * w) / 3, (2 * w) / 3, -w, w];
  const dys = [0, -(h / 2), -(h + GAP), -(2 * h + GAP), h / 2, h + TAIL];
  for (const dy of dys) for (const dx of dxs) out.push({ x: x0 + dx, y: y0 + dy, w, h });
  return out;
}

/** Place every label inside `bounds`; returns one box per request, in request order. */
export function placeLabels(requests: readonly LabelRequest[], bounds: { w: number; h: number }, obstacles: readonly Box[] = []): Placed[] {
  const order = requests
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || (b.r.priority ?? 0) - (a.r.priority ?? 0) || a.r.anchor.x - b.r.anchor.x || a.i - b.i);
  const placed: Box[] = [...obstacles];
  const result: Placed[] = new Array<Placed>(requests.length);
  /** Index in `placed` -> index in `result`, for names (they may have to make way). */
  const nameAt = new Map<number, number>();
  for (const { r, i } of order) {
    let best: Box | null = null;
    let bestOverlap = Number.POSITIVE_INFINITY;
    const cost = (box: Box) => {
      let area = 0;
      for (const p of placed) area += overlapArea(box, p);
      return area;
    };
    for (const c of candidates(r)) {
      const box = clampInto(c, bounds);
      const area = cost(box);
      if (area < bestOverlap) {
        best = box;
        bestOverlap = area;
        if (area === 0) break;
      }
    }
    if (bestOverlap > 0 && best) {
      // Crowded (a small phone): scan the whole stage for the free place nearest to the
      // preferred one. Rare, and a few thousand box tests at most.
      const preferred = clampInto(candidates(r)[0]!, bounds);
      let nearest = Number.POSITIVE_INFINITY;
      for (let y = 0; y + r.h <= bounds.h; y += SCAN) {
        for (let x = 0; x + r.w <= bounds.w; x += SCAN) {
          const box = { x, y, w: r.w, h: r.h };
          const d = Math.hypot(x - preferred.x, y - preferred.y);
          if (d >= nearest || cost(box) > 0) continue;
          nearest = d;
          best = box;
          bestOverlap = 0;
        }
      }
    }
    if (bestOverlap > 0 && r.kind !== 'name') {
      // Still nowhere free: place it among the bubbles only, and hide the names it covers.
      const others = placed.filter((_, k) => !nameAt.has(k));
      let fewest = Number.POSITIVE_INFINITY;
      for (const c of candidates(r)) {
        const box = clampInto(c, bounds);
        let area = 0;
        for (const p of others) area += overlapArea(box, p);
        if (area < fewest) {
          fewest = area;
          best = box;
          if (area === 0) break;
        }
      }
      for (const [k, at] of nameAt) {
        if (best && overlaps(best, placed[k]!)) {
          result[at] = { ...result[at]!, hidden: true };
          placed[k] = { x: -1e6, y: -1e6, w: 0, h: 0 };
        }
      }
    }
    const box = best ?? clampInto({ x: r.anchor.x - r.w / 2, y: r.anchor.y, w: r.w, h: r.h }, bounds);
    if (r.kind === 'name') nameAt.set(placed.length, i);
    placed.push(box);
    result[i] = { id: r.id, kind: r.kind, x: box.x, y: box.y, w: box.w, h: box.h };
  }
  return result;
}

function rank(r: LabelRequest): number {
  return r.kind === 'name' ? 0 : r.kind === 'bubble' ? 1 : 2;
}
