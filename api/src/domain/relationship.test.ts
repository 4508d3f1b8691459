import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conversationTone, nextRelationship, reactionSign, signalsFrom, type ConversationSignals } from './relationship.js';

const state = fc.record({ affinity: fc.double({ min: -1, max: 1, noNaN: true }), familiarity: fc.double({ min: 0, max: 1, noNaN: true }) });
const signals = fc.record({
  exchanged: fc.nat(50),
  ratings: fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 20 }),
  positiveReactions: fc.nat(10),
  negativeReactions: fc.nat(10),
  feeling: fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: null }),
});
const friendly = fc.record({
  exchanged: fc.integer({ min: 1, max: 30 }),
  ratings: fc.array(fc.integer({ min: 8, max: 10 }), { minLength: 1, maxLength: 10 }),
  positiveReactions: fc.nat(5),
  negativeReactions: fc.constant(0),
  feeling: fc.option(fc.double({ min: 0.3, max: 1, noNaN: true }), { nil: null }),
});
const run = { seed: 11, numRuns: 400 };

describe('nextRelationship', () => {
  it('keeps affinity in -1..1 and familiarity in 0..1, whatever came before', () => {
    fc.assert(
      fc.property(fc.option(state, { nil: null }), signals, (before, s) => {
        const after = nextRelationship(before, s);
        expect(after.affinity).toBeGreaterThanOrEqual(-1);
        expect(after.affinity).toBeLessThanOrEqual(1);
        expect(after.familiarity).toBeGreaterThanOrEqual(0);
        expect(after.familiarity).toBeLessThanOrEqual(1);
        // Familiarity never falls: they have spoken once more.
        expect(after.familiarity).toBeGreaterThanOrEqual(before?.familiarity ?? 0);
      }),
      run,
    );
  });

  it('raises affinity after a friendly conversation (unless it is already as high as the tone)', () => {
    fc.assert(
      fc.property(state, friendly, (before, s) => {
        const after = nextRelationship(before, s);
        const tone = conversationTone(s);
        expect(tone).toBeGreaterThan(0);
        if (before.affinity < tone) expect(after.affinity).toBeGreaterThan(before.affinity);
        else expect(after.affinity).toBeGreaterThanOrEqual(tone);
      }),
      run,
    );
  });

  it('lowers affinity after a hostile one', () => {
    const hostile: ConversationSignals = { exchanged: 6, ratings: [2, 1, 3], positiveReactions: 0, negativeReactions: 3, feeling: -0.8 };
    const after = nextRelationship({ affinity: 0.4, familiarity: 0.5 }, hostile);
    expect(after.affinity).toBeLessThan(0.4);
    expect(after.familiarity).toBeGreaterThan(0.5);
  });

  it('moves more when the two spoke to each other than when they barely did', () => {
    const s = (exchanged: number): ConversationSignals => ({
      exchanged,
      ratings: [9],
      positiveReactions: 0,
      negativeReactions: 0,
      feeling: null,
    });
    const quiet = nextRelationship(null, s(0));
    const talkative = nextRelationship(null, s(10));
    expect(talkative.affinity).toBeGreaterThan(quiet.affinity);
    expect(talkative.familiarity).toBeGreaterThan(quiet.familiarity);
  });

  it('converges: ten warm conversations in a row end up clearly positive and familiar', () => {
    let st = null as ReturnType<typeof nextRelationship> | null;
    for (let i = 0; i < 10; i++)
      st = nextRelationship(st, { exchanged: 6, ratings: [8, 9], positiveReactions: 2, negativeReactions: 0, feeling: 0.6 });
    expect(st!.affinity).toBeGreaterThan(0.6);
    expect(st!.familiarity).toBeGreaterThan(0.8);
  });
});

describe('signalsFrom', () => {
  it('counts the lines between the two, the ratings the character gave and its reactions to the other', () => {
    const lines = [
      { speaker: 'Ada', recipient: 'Bram', reaction: '', rating: 6 },
      { speaker: 'Bram', recipient: 'Ada', reaction: '👍', rating: 8 },
      { speaker: 'Ada', recipient: null, reaction: '🙄', rating: 4 },
      { speaker: 'Cleo', recipient: 'Ada', reaction: '😊', rating: 7 },
      { speaker: 'Ada', recipient: 'Cleo', reaction: '😊', rating: 5 },
    ];
    expect(signalsFrom(lines, 'Ada', 'Bram', 0.2)).toEqual({
      exchanged: 2,
      ratings: [6, 4, 5],
      positiveReactions: 0,
      negativeReactions: 1,
      feeling: 0.2,
    });
    expect(signalsFrom(lines, 'Ada', 'Cleo', null)).toMatchObject({ exchanged: 2, positiveReactions: 1, negativeReactions: 0 });
  });

  it('reads reaction emoji as liking, disliking or neither', () => {
    expect(reactionSign('👍')).toBe(1);
    expect(reactionSign('🙄')).toBe(-1);
    expect(reactionSign('🤔')).toBe(0);
  });
});
