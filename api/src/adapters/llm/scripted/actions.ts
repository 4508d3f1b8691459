import { pick, seededRng } from '../../../domain/random.js';
import type { ScriptPrompt } from './promptReader.js';

/** A tool call the scripted model makes: the tool's name and its arguments. */
export interface ScriptedToolCall {
  name: 'walk_to' | 'look_at' | 'use' | 'pick_up' | 'give';
  args: Record<string, string>;
}

/** Chance per turn that a scripted character acts before it speaks. */
export const DEFAULT_ACT_CHANCE = 0.4;

/**
 * What the offline model does in the room this turn, decided from the prompt alone and
 * seeded by it (same prompt and seed, same calls): now and then give what it holds to
 * someone, use or pick up something where it stands, walk over to an object and take or use
 * it, or look at someone. Its calls go through the same checks as a real model's; one may be
 * refused (the recipient's hands are full), and the reply then reads the refusal.
 */
export function decideScriptedActions(p: ScriptPrompt, seed: string, chance = DEFAULT_ACT_CHANCE): ScriptedToolCall[] {
  const rng = seededRng(`${seed}|${p.seed}|${p.speaker}|act`);
  if (rng() >= chance) return [];
  const others = p.others.map((o) => o.name);
  const roll = rng();
  if (p.holding && others.length > 0 && roll < 0.45) {
    const held = p.objects.find((o) => o.id === p.holding);
    if (held?.usable && rng() < 0.35) return [{ name: 'use', args: { object: held.id } }];
    return [{ name: 'give', args: { object: p.holding, to: pick(rng, others) } }];
  }
  const free = p.objects.filter((o) => o.heldBy === null && o.spot !== '');
  const here = free.filter((o) => o.spot === p.spot);
  const takeOrUse = (o: (typeof free)[number]): ScriptedToolCall =>
    o.portable && !p.holding && (!o.usable || rng() < 0.6)
      ? { name: 'pick_up', args: { object: o.id } }
      : { name: 'use', args: { object: o.id } };
  const usableFrom = (list: typeof free) => list.filter((o) => o.usable || (o.portable && !p.holding));
  if (roll < 0.7 && usableFrom(here).length > 0) return [takeOrUse(pick(rng, usableFrom(here)))];
  if (roll < 0.85 && usableFrom(free).length > 0) {
    const target = pick(rng, usableFrom(free));
    return target.spot === p.spot ? [takeOrUse(target)] : [{ name: 'walk_to', args: { spot: target.spot } }, takeOrUse(target)];
  }
  return others.length > 0 ? [{ name: 'look_at', args: { character: pick(rng, others) } }] : [];
}
