import { describe, expect, it } from 'vitest';
import { applyActions, checkAction, findObject, MAX_ACTIONS_PER_TURN, type ActionCall, type StageState } from './actions.js';
import { roomById, rooms } from './rooms.js';

const observatory = roomById('observatory');

function stage(overrides: Partial<Record<'juno' | 'ben' | 'ada', { spot?: string; holding?: string | null }>> = {}): StageState {
  const base = [
    { id: 'juno', name: 'Juno', spot: 'desk' },
    { id: 'ben', name: 'Ben', spot: 'telescope' },
    { id: 'ada', name: 'Ada', spot: 'sofa' },
  ] as const;
  return {
    room: observatory,
    speakerId: 'juno',
    characters: base.map((c) => ({ ...c, facing: 'down' as const, holding: null, ...overrides[c.id] })),
  };
}

function refused(state: StageState, call: ActionCall): string {
  const check = checkAction(state, call);
  if (check.ok) throw new Error(`expected a refusal, got ${check.action.text}`);
  return check.reason;
}

function accepted(state: StageState, call: ActionCall) {
  const check = checkAction(state, call);
  if (!check.ok) throw new Error(`expected acceptance, got: ${check.reason}`);
  return check;
}

const juno = (s: StageState) => s.characters.find((c) => c.id === 'juno')!;
const ben = (s: StageState) => s.characters.find((c) => c.id === 'ben')!;

describe('room objects', () => {
  it('every built-in room has objects on real spots, with unique ids, inside the room', () => {
    for (const room of rooms) {
      expect(room.objects.length).toBeGreaterThanOrEqual(3);
      expect(new Set(room.objects.map((o) => o.id)).size).toBe(room.objects.length);
      for (const o of room.objects) {
        expect(room.spots.map((s) => s.name)).toContain(o.spot);
        expect(o.usable || o.portable).toBe(true);
        expect(o.x >= 0 && o.x < room.width && o.y >= 2 && o.y < room.height).toBe(true);
        if (o.usable) expect(o.useText).not.toBe('');
      }
    }
  });

  it('finds objects by id or name, leniently', () => {
    expect(findObject(observatory, 'Telescope')?.id).toBe('telescope');
    expect(findObject(observatory, 'the star charts')?.id).toBe('star-charts');
    expect(findObject(observatory, 'star_charts')?.id).toBe('star-charts');
    expect(findObject(observatory, 'scoop')).toBeUndefined();
  });
});

describe('walk_to', () => {
  it('moves the speaker to a listed spot', () => {
    const check = accepted(stage(), { tool: 'walk_to', spot: 'Sofa' });
    expect(check.action).toMatchObject({ tool: 'walk_to', spot: 'sofa', text: 'Juno walks to the sofa' });
    expect(juno(check.state).spot).toBe('sofa');
  });
  it('refuses an unknown spot (naming the real ones) and the spot it already stands at', () => {
    expect(refused(stage(), { tool: 'walk_to', spot: 'kitchen' })).toMatch(/no spot "kitchen".*telescope, desk/u);
    expect(refused(stage(), { tool: 'walk_to', spot: 'desk' })).toMatch(/already stands at the desk/u);
  });
});

describe('look_at', () => {
  it('turns the speaker toward someone present', () => {
    const check = accepted(stage(), { tool: 'look_at', character: 'ben' });
    expect(check.action).toMatchObject({ tool: 'look_at', targetId: 'ben', text: 'Juno looks at Ben' });
    // desk (3, 7) → telescope (11, 6): to the right.
    expect(juno(check.state).facing).toBe('right');
  });
  it('refuses someone absent and the speaker itself', () => {
    expect(refused(stage(), { tool: 'look_at', character: 'Zed' })).toMatch(/Nobody called "Zed".*Ben, Ada/u);
    expect(refused(stage(), { tool: 'look_at', character: 'Juno' })).toMatch(/cannot look at themself/u);
  });
});

describe('use', () => {
  it('uses a usable object at the speaker’s spot, or one it holds', () => {
    const here = accepted(stage(), { tool: 'use', object: 'star charts' });
    expect(here.action).toMatchObject({ tool: 'use', objectId: 'star-charts', text: 'Juno unrolls the star charts', emoji: '🗺️' });
    const held = accepted(stage({ juno: { spot: 'sofa', holding: 'mug' } }), { tool: 'use', object: 'mug' });
    expect(held.action.text).toBe('Juno sips from the mug');
  });
  it('refuses unknown, unusable, far away and held-by-another objects', () => {
    expect(refused(stage(), { tool: 'use', object: 'scoop' })).toMatch(/no "scoop" in this room/u);
    expect(refused(stage(), { tool: 'use', object: 'telescope' })).toMatch(/at the telescope; walk_to it first/u);
    expect(refused(stage({ ben: { holding: 'mug' } }), { tool: 'use', object: 'mug' })).toBe('Ben holds the cocoa mug.');
    const garden = { ...stage(), room: roomById('rooftop-garden') };
    garden.characters = garden.characters.map((c) => (c.id === 'juno' ? { ...c, spot: 'tomato beds' } : c));
    expect(refused(garden, { tool: 'use', object: 'tomato' })).toMatch(/cannot be used/u);
  });
});

describe('pick_up', () => {
  it('puts a portable object at the speaker’s spot in its hands', () => {
    const check = accepted(stage(), { tool: 'pick_up', object: 'star-charts' });
    expect(check.action).toMatchObject({ tool: 'pick_up', objectId: 'star-charts', text: 'Juno picks up the star charts' });
    expect(juno(check.state).holding).toBe('star-charts');
  });
  it('refuses fixed, far, held and full-handed pick-ups', () => {
    expect(refused(stage({ juno: { spot: 'telescope' } }), { tool: 'pick_up', object: 'telescope' })).toMatch(/cannot be carried/u);
    expect(refused(stage(), { tool: 'pick_up', object: 'logbook' })).toMatch(/at the bookshelf; walk_to it first/u);
    expect(refused(stage({ ben: { holding: 'mug' } }), { tool: 'pick_up', object: 'mug' })).toBe('Ben holds the cocoa mug.');
    expect(refused(stage({ juno: { holding: 'mug' } }), { tool: 'pick_up', object: 'mug' })).toMatch(/already holds/u);
    expect(refused(stage({ juno: { holding: 'logbook' } }), { tool: 'pick_up', object: 'mug' })).toMatch(/hands are full \(the logbook\)/u);
  });
});

describe('give', () => {
  it('hands what the speaker holds to someone with free hands', () => {
    const check = accepted(stage({ juno: { holding: 'mug' } }), { tool: 'give', object: 'mug', to: 'Ben' });
    expect(check.action).toMatchObject({ tool: 'give', objectId: 'mug', targetId: 'ben', text: 'Juno gives the cocoa mug to Ben' });
    expect(juno(check.state).holding).toBeNull();
    expect(ben(check.state).holding).toBe('mug');
  });
  it('refuses giving what it does not hold, to nobody, to itself, or to full hands', () => {
    expect(refused(stage(), { tool: 'give', object: 'mug', to: 'Ben' })).toMatch(/does not hold the cocoa mug/u);
    expect(refused(stage({ ben: { holding: 'mug' } }), { tool: 'give', object: 'mug', to: 'Ada' })).toMatch(/does not hold/u);
    const holding = stage({ juno: { holding: 'mug' }, ben: { holding: 'logbook' } });
    expect(refused(holding, { tool: 'give', object: 'mug', to: 'Zed' })).toMatch(/Nobody called "Zed"/u);
    expect(refused(holding, { tool: 'give', object: 'mug', to: 'Juno' })).toMatch(/to themself/u);
    expect(refused(holding, { tool: 'give', object: 'mug', to: 'Ben' })).toMatch(/Ben's hands are full \(the logbook\)/u);
    expect(refused(holding, { tool: 'give', object: 'spoon', to: 'Ada' })).toMatch(/no "spoon"/u);
  });
});

describe('applyActions', () => {
  it('applies calls in order on the state so far, caps accepted actions per turn, and leaves refused ones out', () => {
    const calls: ActionCall[] = [
      { tool: 'pick_up', object: 'logbook' }, // refused: not at the bookshelf yet
      { tool: 'walk_to', spot: 'bookshelf' },
      { tool: 'pick_up', object: 'logbook' }, // now it is here
      { tool: 'look_at', character: 'Ben' }, // over the cap
    ];
    const before = stage();
    const out = applyActions(before, calls);
    expect(out.actions.map((a) => a.tool)).toEqual(['walk_to', 'pick_up']);
    expect(out.actions).toHaveLength(MAX_ACTIONS_PER_TURN);
    expect(out.results.map((r) => r.ok)).toEqual([false, true, true, false]);
    expect(out.results[3]).toEqual({ ok: false, reason: 'At most 2 actions per turn; now write the reply.' });
    expect(juno(out.state)).toMatchObject({ spot: 'bookshelf', holding: 'logbook', facing: 'down' });
    // The input state is never changed.
    expect(juno(before)).toMatchObject({ spot: 'desk', holding: null });
  });

  it('a refused call changes nothing', () => {
    const before = stage({ ben: { holding: 'mug' } });
    const out = applyActions(before, [{ tool: 'give', object: 'mug', to: 'Ada' }]);
    expect(out.actions).toEqual([]);
    expect(out.state).toEqual(before);
  });
});
