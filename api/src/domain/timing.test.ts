import { describe, expect, it } from 'vitest';
import { conversationShouldEnd, endRequestValid } from './ending.js';
import { jobId, nextStep, type ScheduleInput } from './schedule.js';
import { cooldownMs, speakingMs, turnPauseMs } from './timing.js';
import type { Timing } from './types.js';

const timing: Timing = {
  timeScale: 1,
  speakingBaseMs: 5000,
  speakingPerCharMs: 50,
  turnPauseMs: 5000,
  endRequestTtlMs: 180_000,
  cooldownMs: 600_000,
};

describe('timing', () => {
  it('speaks 5 s + 50 ms per character, scaled by pace and time scale', () => {
    expect(speakingMs('x'.repeat(40), timing, 1)).toBe(7000);
    expect(speakingMs('x'.repeat(40), timing, 2)).toBe(3500);
    expect(speakingMs('x'.repeat(40), { ...timing, timeScale: 0.001 }, 1)).toBe(7);
    expect(speakingMs('🍦🍦', timing, 1)).toBe(5100);
  });
  it('pauses and cools down by config', () => {
    expect(turnPauseMs(timing, 1)).toBe(5000);
    expect(cooldownMs(timing, 0.5)).toBe(1_200_000);
  });
});

describe('ending', () => {
  const now = 1_000_000;
  it('an end request stays valid for 180 s', () => {
    expect(endRequestValid({ endRequestedAt: now - 180_000 }, now, timing, 1)).toBe(true);
    expect(endRequestValid({ endRequestedAt: now - 180_001 }, now, timing, 1)).toBe(false);
    expect(endRequestValid({ endRequestedAt: null }, now, timing, 1)).toBe(false);
  });
  it('ends only when every character holds a valid request', () => {
    const valid = { endRequestedAt: now - 1000 };
    const stale = { endRequestedAt: now - 200_000 };
    expect(conversationShouldEnd([valid, valid, valid], now, timing, 1)).toBe(true);
    expect(conversationShouldEnd([valid, valid, { endRequestedAt: null }], now, timing, 1)).toBe(false);
    expect(conversationShouldEnd([valid, stale], now, timing, 1)).toBe(false);
    expect(conversationShouldEnd([], now, timing, 1)).toBe(false);
  });
});

describe('nextStep', () => {
  const base: ScheduleInput = {
    status: 'RUNNING',
    nextTurn: 4,
    nextTurnAt: 5000,
    endedAt: null,
    pace: 1,
    characters: [
      { action: 'IDLE', actionStartedAt: 0, actionDurationMs: 0 },
      { action: 'IDLE', actionStartedAt: 0, actionDurationMs: 0 },
    ],
  };
  it('waits for nothing while paused (zero model calls)', () => {
    expect(nextStep({ ...base, status: 'PAUSED' }, timing)).toBeNull();
  });
  it('runs the next turn at nextTurnAt', () => {
    expect(nextStep(base, timing)).toEqual({ kind: 'turn', turn: 4, at: 5000 });
  });
  it('ends the speech of the previous turn first', () => {
    const speaking = { ...base, characters: [{ action: 'SPEAKING' as const, actionStartedAt: 100, actionDurationMs: 7000 }] };
    expect(nextStep(speaking, timing)).toEqual({ kind: 'speech-end', turn: 3, at: 7100 });
  });
  it('starts the next conversation after the cooldown', () => {
    expect(nextStep({ ...base, status: 'ENDED', endedAt: 10_000 }, timing)).toEqual({
      kind: 'next-scene',
      turn: 4,
      at: 610_000,
    });
  });
  it('job ids are deterministic and free of colons', () => {
    const id = jobId('turn', 'a1b2', 3, 7);
    expect(id).toBe('turn-a1b2-3-7');
    expect(id).not.toContain(':');
  });
});
