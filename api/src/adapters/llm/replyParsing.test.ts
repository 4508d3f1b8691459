import { describe, expect, it } from 'vitest';
import { createConversation } from '../../../test/support/conversation.js';
import { turnReplySchema } from '../../domain/reply.js';
import { extractJson, fallbackReply, parseReply } from './replyParsing.js';
import { backoffMs, classifyFailure, retryAfterMs } from './retry.js';

const good = {
  content: 'Hi.',
  thoughts: 'hm',
  recipient: 'JUNIPER',
  mood: 'calm',
  moodEmoji: '😌',
  reaction: '👍',
  rating: 6,
  endConversation: false,
  moveTo: 'Bar',
};

describe('parseReply', () => {
  const context = createConversation().context();

  it('finds JSON bare, fenced or among chatter', () => {
    expect(extractJson('{"a":1}')).toEqual({ a: 1 });
    expect(extractJson('```json\n{"a":2}\n```')).toEqual({ a: 2 });
    expect(extractJson('Here you go: {"a":3} hope it helps')).toEqual({ a: 3 });
    expect(() => extractJson('no json')).toThrow();
  });

  it('normalizes the recipient and the spot, and forgives obvious slips', () => {
    const parsed = parseReply(JSON.stringify({ ...good, rating: '7.4', thoughts: undefined, moveTo: 'null' }), context);
    expect(parsed).toEqual({ ok: true, reply: { ...good, recipient: 'Juniper', rating: 7, thoughts: '', moveTo: null } });
    const unknown = parseReply(JSON.stringify({ ...good, recipient: 'Marlo', moveTo: 'the moon' }), context);
    expect(unknown.ok && unknown.reply).toMatchObject({ recipient: 'everyone', moveTo: null });
  });

  it('names what is wrong', () => {
    const parsed = parseReply(JSON.stringify({ ...good, content: '', rating: 'high' }), context);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/content: .*rating: /u);
  });

  it('has a valid fallback even for odd speaker state', () => {
    const odd = { ...context, speaker: { ...context.speaker, mood: '', moodEmoji: 'x\ny' } };
    const reply = fallbackReply(odd);
    expect(turnReplySchema.parse(reply)).toEqual(reply);
    expect(reply).toMatchObject({ mood: 'calm', moodEmoji: '🙂', endConversation: false, moveTo: null });
  });
});

describe('retry rules', () => {
  it('classifies failures', () => {
    expect(classifyFailure({ status: 429 })).toBe('rate-limited');
    expect(classifyFailure({ status: 503 })).toBe('retryable');
    expect(classifyFailure(new TypeError('fetch failed'))).toBe('retryable');
    expect(classifyFailure({ status: 401 })).toBe('fatal');
  });

  it('reads Retry-After in its three forms', () => {
    expect(retryAfterMs({ headers: new Headers({ 'retry-after-ms': '250' }) })).toBe(250);
    expect(retryAfterMs({ headers: { 'retry-after': '2' } })).toBe(2_000);
    expect(retryAfterMs({ headers: new Headers({ 'retry-after': new Date(10_000).toUTCString() }) }, 4_000)).toBe(6_000);
    expect(retryAfterMs({ retryAfterMs: 900 })).toBe(900);
    expect(retryAfterMs({ status: 429 })).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 100, 1_000, () => 0))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 100, 1_000, () => 1))).toEqual([100, 200, 400, 800]);
    expect(backoffMs(10, 100, 1_000, () => 1)).toBe(1_000);
  });
});
