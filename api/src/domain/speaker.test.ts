import { describe, expect, it } from 'vitest';
import { seededRng } from './random.js';
import { chooseSpeaker, resolveRecipient } from './speaker.js';
import type { CharacterView } from './types.js';

const character = (id: string, talkativeness = 1): CharacterView => ({
  id,
  name: id.toUpperCase(),
  talkativeness,
  action: 'IDLE',
  mood: 'calm',
  moodEmoji: '🙂',
  endRequestedAt: null,
});

describe('chooseSpeaker', () => {
  const three = [character('a'), character('b'), character('c')];

  it('opens with the start character, else the first', () => {
    expect(chooseSpeaker(three, null, 'b', seededRng('x')).id).toBe('b');
    expect(chooseSpeaker(three, null, null, seededRng('x')).id).toBe('a');
    expect(chooseSpeaker(three, null, 'gone', seededRng('x')).id).toBe('a');
  });

  it('lets the addressed character answer', () => {
    expect(chooseSpeaker(three, { speakerId: 'a', recipientId: 'c' }, 'a', seededRng('x')).id).toBe('c');
  });

  it('never picks the last speaker twice in a row, even when they addressed themselves', () => {
    for (let i = 0; i < 200; i++) {
      const rng = seededRng(`r${i}`);
      expect(chooseSpeaker(three, { speakerId: 'b', recipientId: null }, 'a', rng).id).not.toBe('b');
      expect(chooseSpeaker(three, { speakerId: 'b', recipientId: 'b' }, 'a', rng).id).not.toBe('b');
    }
  });

  it('lets those who have not asked to end speak first, unless someone who has is addressed or nobody else is left', () => {
    const leaving = { ...character('c'), endRequestedAt: 1000 };
    const group = [character('a'), character('b'), leaving];
    for (let i = 0; i < 100; i++) {
      expect(chooseSpeaker(group, { speakerId: 'a', recipientId: null }, 'a', seededRng(`e${i}`)).id).toBe('b');
    }
    expect(chooseSpeaker(group, { speakerId: 'a', recipientId: 'c' }, 'a', seededRng('e')).id).toBe('c');
    const allLeaving = [character('a'), { ...character('b'), endRequestedAt: 1 }, leaving];
    const picked = new Set(
      Array.from({ length: 50 }, (_, i) => chooseSpeaker(allLeaving, { speakerId: 'a', recipientId: null }, 'a', seededRng(`f${i}`)).id),
    );
    expect(picked).toEqual(new Set(['b', 'c']));
  });

  it('with two characters, alternates', () => {
    const two = [character('a'), character('b')];
    expect(chooseSpeaker(two, { speakerId: 'a', recipientId: null }, 'a', seededRng('q')).id).toBe('b');
    expect(chooseSpeaker(two, { speakerId: 'b', recipientId: null }, 'a', seededRng('q')).id).toBe('a');
  });

  it('weights the open pick by talkativeness among 3+ characters', () => {
    const cast = [character('quiet', 0.2), character('chatty', 1.8), character('last', 1)];
    const counts = { quiet: 0, chatty: 0, last: 0 };
    const rng = seededRng('weights');
    for (let i = 0; i < 4000; i++) counts[chooseSpeaker(cast, { speakerId: 'last', recipientId: null }, null, rng).id as 'quiet']++;
    expect(counts.last).toBe(0);
    expect(counts.chatty / counts.quiet).toBeGreaterThan(6);
    expect(counts.chatty / counts.quiet).toBeLessThan(12);
  });

  it('is deterministic for a seed', () => {
    const cast = [character('a'), character('b'), character('c'), character('d')];
    const pick = (seed: string) => chooseSpeaker(cast, { speakerId: 'a', recipientId: null }, null, seededRng(seed)).id;
    expect(pick('same')).toBe(pick('same'));
  });

  it('refuses a conversation of one', () => {
    expect(() => chooseSpeaker([character('a')], null, null, seededRng('x'))).toThrow(/two characters/);
  });
});

describe('resolveRecipient', () => {
  const cast = [
    { id: '1', name: 'Dr. Hale' },
    { id: '2', name: 'Rosa' },
    { id: '3', name: 'Captain Ines' },
  ];
  it('matches full names, first names, @names; everyone and unknowns are null', () => {
    expect(resolveRecipient(cast, '2', 'dr. hale')).toBe('1');
    expect(resolveRecipient(cast, '1', '@Rosa')).toBe('2');
    expect(resolveRecipient(cast, '1', 'Captain')).toBe('3');
    expect(resolveRecipient(cast, '1', 'everyone')).toBeNull();
    expect(resolveRecipient(cast, '1', 'Nobody')).toBeNull();
    expect(resolveRecipient(cast, '2', 'Rosa')).toBeNull();
  });
});
