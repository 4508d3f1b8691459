import { facingToward, type Room, type RoomObject } from './rooms.js';
import type { Facing } from './types.js';

/**
 * What characters do in the room besides talking: walk to a spot, look at someone, use an
 * object, pick one up, give what they hold to someone. The model asks through tool calls;
 * this module decides, against the room and the scene's current state, whether each call
 * may happen, and what the state is afterwards. Pure: the adapter checks the model's calls
 * with it and the turn replays the accepted ones with it, so both always agree.
 */

/** The tools, by the names the model calls them. */
export const ACTION_TOOLS = ['walk_to', 'look_at', 'use', 'pick_up', 'give'] as const;
export type ActionTool = (typeof ACTION_TOOLS)[number];

/** At most this many actions are accepted per turn; further calls are refused. */
export const MAX_ACTIONS_PER_TURN = 2;

/** One tool call as the model made it (arguments already shaped, not yet checked). */
export type ActionCall =
  | { tool: 'walk_to'; spot: string }
  | { tool: 'look_at'; character: string }
  | { tool: 'use'; object: string }
  | { tool: 'pick_up'; object: string }
  | { tool: 'give'; object: string; to: string };

/** A character as the action rules see it. */
export interface StageCharacter {
  id: string;
  name: string;
  spot: string;
  facing: Facing;
  /** Id of the object it holds, or null. */
  holding: string | null;
}

/** The room and everyone in it, with the speaker who acts. */
export interface StageState {
  room: Pick<Room, 'spots' | 'objects'>;
  characters: StageCharacter[];
  speakerId: string;
}

/** An accepted action, as the scene event carries it. */
export interface Action {
  tool: ActionTool;
  characterId: string;
  /** The object used, picked up or given; null for walk_to / look_at. */
  objectId: string | null;
  /** The character looked at or given to; null otherwise. */
  targetId: string | null;
  /** The spot walked to; null otherwise. */
  spot: string | null;
  /** A short line for people: "Juno picks up the star charts". */
  text: string;
  /** One emoji for the stage's label. */
  emoji: string;
}

export type ActionCheck = { ok: true; action: Action; state: StageState } | { ok: false; reason: string };

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/^(the|a|an)\s+/u, '')
    .replace(/[\s_-]+/gu, ' ')
    .trim();

/** An object by its id or name, leniently ("Telescope", "the telescope", "star_charts"). */
export function findObject(room: Pick<Room, 'objects'>, ref: string): RoomObject | undefined {
  const want = norm(ref);
  return room.objects.find((o) => norm(o.id) === want || norm(o.name) === want);
}

function findCharacter(state: StageState, ref: string): StageCharacter | undefined {
  const want = norm(ref);
  return state.characters.find((c) => norm(c.name) === want || c.id === ref);
}

/** Who holds an object, if anyone. */
export function holderOf(state: StageState, objectId: string): StageCharacter | undefined {
  return state.characters.find((c) => c.holding === objectId);
}

const refuse = (reason: string): ActionCheck => ({ ok: false, reason });

function withCharacter(state: StageState, changed: StageCharacter): StageState {
  return { ...state, characters: state.characters.map((c) => (c.id === changed.id ? changed : c)) };
}

/**
 * Check one call against the room and the state; when it may happen, the action and the state
 * after it. A refusal's reason is written for the model, naming what it can do instead.
 */
export function checkAction(state: StageState, call: ActionCall, acceptedSoFar = 0): ActionCheck {
  const me = state.characters.find((c) => c.id === state.speakerId);
  if (!me) return refuse('The speaker is not in the room.');
  if (acceptedSoFar >= MAX_ACTIONS_PER_TURN) return refuse(`At most ${MAX_ACTIONS_PER_TURN} actions per turn; now write the reply.`);
  const act = (a: Omit<Action, 'characterId'>, after: StageCharacter, extra?: StageCharacter): ActionCheck => {
    let next = withCharacter(state, after);
    if (extra) next = withCharacter(next, extra);
    return { ok: true, action: { characterId: me.id, ...a }, state: next };
  };
  const spotOf = (name: string) => state.room.spots.find((s) => s.name === name);
  const objectsHere = () => state.room.objects.map((o) => o.id).join(', ') || 'none';

  switch (call.tool) {
    case 'walk_to': {
      const spot = state.room.spots.find((s) => norm(s.name) === norm(call.spot));
      if (!spot) return refuse(`There is no spot "${call.spot}". Spots: ${state.room.spots.map((s) => s.name).join(', ')}.`);
      if (spot.name === me.spot) return refuse(`${me.name} already stands at the ${spot.name}.`);
      const text = `${me.name} walks to the ${spot.name}`;
      return act({ tool: 'walk_to', objectId: null, targetId: null, spot: spot.name, text, emoji: '🚶' }, { ...me, spot: spot.name });
    }
    case 'look_at': {
      const who = findCharacter(state, call.character);
      if (!who) return refuse(`Nobody called "${call.character}" is here. Here: ${names(state, me)}.`);
      if (who.id === me.id) return refuse(`${me.name} cannot look at themself; pick one of: ${names(state, me)}.`);
      const facing = facingToward(spotOf(me.spot), spotOf(who.spot));
      const text = `${me.name} looks at ${who.name}`;
      return act({ tool: 'look_at', objectId: null, targetId: who.id, spot: null, text, emoji: '👀' }, { ...me, facing });
    }
    case 'use': {
      const object = findObject(state.room, call.object);
      if (!object) return refuse(`There is no "${call.object}" in this room. Objects: ${objectsHere()}.`);
      if (!object.usable) return refuse(`${cap(object.name)} cannot be used; it can only be picked up.`);
      const holder = holderOf(state, object.id);
      if (holder && holder.id !== me.id) return refuse(`${holder.name} holds ${object.name}.`);
      if (!holder && me.spot !== object.spot) return refuse(`${cap(object.name)} is at the ${object.spot}; walk_to it first.`);
      const facing = holder ? me.facing : facingToward(spotOf(me.spot), object);
      const text = `${me.name} ${object.useText}`;
      return act({ tool: 'use', objectId: object.id, targetId: null, spot: null, text, emoji: object.emoji }, { ...me, facing });
    }
    case 'pick_up': {
      const object = findObject(state.room, call.object);
      if (!object) return refuse(`There is no "${call.object}" in this room. Objects: ${objectsHere()}.`);
      if (!object.portable) return refuse(`${cap(object.name)} cannot be carried.`);
      const holder = holderOf(state, object.id);
      if (holder?.id === me.id) return refuse(`${me.name} already holds ${object.name}.`);
      if (holder) return refuse(`${holder.name} holds ${object.name}.`);
      if (me.holding) return refuse(`${me.name}'s hands are full (${nameOf(state, me.holding)}); give it to someone first.`);
      if (me.spot !== object.spot) return refuse(`${cap(object.name)} is at the ${object.spot}; walk_to it first.`);
      const text = `${me.name} picks up ${object.name}`;
      return act(
        { tool: 'pick_up', objectId: object.id, targetId: null, spot: null, text, emoji: object.emoji },
        { ...me, holding: object.id },
      );
    }
    case 'give': {
      const object = findObject(state.room, call.object);
      if (!object) return refuse(`There is no "${call.object}" in this room. Objects: ${objectsHere()}.`);
      if (me.holding !== object.id) return refuse(`${me.name} does not hold ${object.name}; pick_up it first.`);
      const to = findCharacter(state, call.to);
      if (!to) return refuse(`Nobody called "${call.to}" is here. Here: ${names(state, me)}.`);
      if (to.id === me.id) return refuse(`${me.name} cannot give something to themself; pick one of: ${names(state, me)}.`);
      if (to.holding) return refuse(`${to.name}'s hands are full (${nameOf(state, to.holding)}).`);
      const facing = facingToward(spotOf(me.spot), spotOf(to.spot));
      const text = `${me.name} gives ${object.name} to ${to.name}`;
      return act(
        { tool: 'give', objectId: object.id, targetId: to.id, spot: null, text, emoji: object.emoji },
        { ...me, holding: null, facing },
        { ...to, holding: object.id },
      );
    }
  }
}

/** Apply calls in order: the accepted actions, the refusals' reasons, and the state after the accepted ones. */
export function applyActions(
  state: StageState,
  calls: readonly ActionCall[],
): { state: StageState; actions: Action[]; results: ({ ok: true; text: string } | { ok: false; reason: string })[] } {
  const actions: Action[] = [];
  const results: ({ ok: true; text: string } | { ok: false; reason: string })[] = [];
  let current = state;
  for (const call of calls) {
    const check = checkAction(current, call, actions.length);
    if (check.ok) {
      actions.push(check.action);
      current = check.state;
      results.push({ ok: true, text: check.action.text });
    } else {
      results.push({ ok: false, reason: check.reason });
    }
  }
  return { state: current, actions, results };
}

/** The call that an accepted action answered, to check it again (the turn replays the model's actions on the rows it commits). */
export function actionCall(action: Action): ActionCall {
  switch (action.tool) {
    case 'walk_to':
      return { tool: 'walk_to', spot: action.spot ?? '' };
    case 'look_at':
      return { tool: 'look_at', character: action.targetId ?? '' };
    case 'use':
      return { tool: 'use', object: action.objectId ?? '' };
    case 'pick_up':
      return { tool: 'pick_up', object: action.objectId ?? '' };
    case 'give':
      return { tool: 'give', object: action.objectId ?? '', to: action.targetId ?? '' };
  }
}

function names(state: StageState, me: StageCharacter): string {
  return (
    state.characters
      .filter((c) => c.id !== me.id)
      .map((c) => c.name)
      .join(', ') || 'nobody'
  );
}

function nameOf(state: StageState, objectId: string): string {
  return state.room.objects.find((o) => o.id === objectId)?.name ?? objectId;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
