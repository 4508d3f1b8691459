import { seededRng } from '../../../domain/random.js';

/** `{to}` and `{spot}` filled in, and the first letter capitalised. */
export function fill(template: string, slots: { to: string; spot?: string }): string {
  const text = template.replaceAll('{to}', slots.to).replaceAll('{spot}', slots.spot ?? '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
const patterns = new Map<string, RegExp>();
/**
 * Whether a sentence is this template, whatever its slots were filled with. A statement
 * template also matches with a name added before its full stop ("…, Bram."; see `addressed`).
 */
export function isTemplate(sentence: string, template: string): boolean {
  let re = patterns.get(template);
  if (!re) {
    // Authored templates are a few thousand; generic ones filled per unknown character add more.
    if (patterns.size >= 8192) patterns.clear();
    const body = escape(template).replace(/\\\{(?:to|spot|me|role|interest)\\\}/gu, '.+?');
    re = new RegExp(`^${body.replace(/\\\.$/u, '(?:, [^,]+?)?\\.')}$`, 'iu');
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
 * A statement addressed by name: "Clouds are only water, Bram." The name goes before the
 * final full stop of a sentence that has no name slot and does not end in a quotation;
 * anything else (a question, "everyone") is left as it is.
 */
export function addressed(template: string, to: string): string {
  if (to === 'everyone' || template.includes('{to}') || !/[\p{L}\d]\.$/u.test(template)) return template;
  return `${template.slice(0, -1)}, ${to}.`;
}

/**
 * Picks material without repeating it. Each pool is shuffled once per speaker of a scene (the
 * key) and a line takes the item at its slot: ⌊t/2⌋ for turn t, plus a stride per conversation
 * (`slotOf`). A character never speaks two turns in a row, so its turns within 2n turns land on
 * n different slots and never on the same item of an n-item pool; the next conversation starts
 * further along every pool, so it does not replay the last one. As a second guard, an item
 * already said in the recent lines (the prompt shows the last 12) is skipped for the next one.
 */
export class Chooser {
  constructor(
    private readonly key: string,
    private readonly slot: number,
    private readonly said: readonly string[],
  ) {}

  /**
   * Whether this line says its statement by name: alternates each time an n-item pool comes
   * round (`every` rounds at a time), so a pool's items come back addressed when they were not.
   */
  byName(n: number, every = 1): boolean {
    return Math.floor(this.slot / Math.max(1, n) / every) % 2 === 1;
  }

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

  /**
   * A lead and a body said together ("Oh, lovely." + a beat). The body takes slot g of its
   * pool as `take` does; the lead moves one item further each time the body pool comes round,
   * so a body comes back with another lead: n·m slots in a row give all n·m pairs, where two
   * separate takes would give only lcm(n, m).
   */
  pair<A, B>(
    leadCategory: string,
    leads: readonly A[],
    bodyCategory: string,
    bodies: readonly B[],
    text: (body: B) => string,
  ): [A | null, B | null] {
    if (bodies.length === 0) return [null, null];
    const leadOrder = permutation(`${this.key}|${leadCategory}`, leads.length);
    const bodyOrder = permutation(`${this.key}|${bodyCategory}`, bodies.length);
    const at = (g: number): [A | null, B | null] => [
      leads[leadOrder[((g % bodies.length) + Math.floor(g / bodies.length)) % Math.max(1, leads.length)] ?? 0] ?? null,
      bodies[bodyOrder[g % bodies.length] ?? 0] ?? null,
    ];
    // A fresh body with a fresh lead (shared leads may have been said by someone else), else a fresh body.
    const fresh = (g: number, leadToo: boolean): boolean => {
      const [lead, body] = at(g);
      if (body === null || this.wasSaid(text(body))) return false;
      return !leadToo || typeof lead !== 'string' || lead === '' || !this.wasSaid(lead);
    };
    for (const leadToo of [true, false]) {
      for (let k = 0; k < bodies.length; k++) if (fresh(this.slot + k, leadToo)) return at(this.slot + k);
    }
    return at(this.slot);
  }
}

/** Slots a conversation moves every pool on by: prime, so it is not a multiple of a pool's size. */
export const CONVERSATION_STRIDE = 19;

/** A line's slot: ⌊turn/2⌋ within the conversation, plus the stride for each conversation before it. */
export function slotOf(conversation: number, turn: number): number {
  return conversation * CONVERSATION_STRIDE + Math.floor(turn / 2);
}
