import { seededRng } from '../../domain/random.js';

/** `{to}` and `{spot}` filled in, and the first letter capitalised. */
export function fill(template: string, slots: { to: string; spot?: string }): string {
  const text = template.replaceAll('{to}', slots.to).replaceAll('{spot}', slots.spot ?? '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
const patterns = new Map<string, RegExp>();
/** Whether a sentence is this template, whatever its slots were filled with. */
export function isTemplate(sentence: string, template: string): boolean {
  let re = patterns.get(template);
  if (!re) {
    // Authored templates are a few thousand; generic ones filled per unknown character add more.
    if (patterns.size >= 8192) patterns.clear();
    re = new RegExp(`^${escape(template).replace(/\\\{(?:to|spot|me|role|interest)\\\}/gu, '.+?')}$`, 'iu');
    patterns.set(template, re);
  }
  return re.test(sentence);
}

function permutation(key: string, n: number): number[] {
  const rng = seededRng(key);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j] ?? j, order[i] ?? i];
  }
  return order;
}

/**
 * Picks material without repeating it. Each pool is shuffled once per conversation and
 * speaker (the key), and turn t takes the item at slot ⌊t/2⌋: a character never speaks two
 * turns in a row, so its turns within 2n turns land on n different slots and never on the
 * same item of an n-item pool. As a second guard, an item already said in the recent lines
 * (the prompt shows the last 12) is skipped for the next one.
 */
export class Chooser {
  constructor(
    private readonly key: string,
    private readonly slot: number,
    private readonly said: readonly string[],
  ) {}

  /** Whether this template was said in the recent lines. */
  wasSaid(template: string): boolean {
    return this.said.some((s) => isTemplate(s, template));
  }

  /**
   * The pool's item for this turn (the first not yet said), or null for an empty pool. When
   * every item was said, the turn's own item again, or null when `fresh` (a line can do without).
   */
  take<T>(category: string, pool: readonly T[], text: (item: T) => string, fresh = false): T | null {
    if (pool.length === 0) return null;
    const order = permutation(`${this.key}|${category}`, pool.length);
    let first: T | null = null;
    for (let k = 0; k < pool.length; k++) {
      const item = pool[order[(this.slot + k) % pool.length] ?? 0];
      if (item === undefined) continue;
      first ??= item;
      if (!this.wasSaid(text(item))) return item;
    }
    return fresh ? null : first;
  }
}
