import { describe, expect, it } from 'vitest';
import { CAST, createConversation, SCENE, type SimCharacter, type SimScene } from '../../../../test/support/conversation.js';
import { turnReplySchema, type TurnReply } from '../../../domain/reply.js';
import type { TurnContext } from '../../../ports/llm.js';
import { buildPrompt, clipLine, PROMPT_LIMITS } from '../prompt.js';
import { ScriptedChatModel } from './ScriptedChatModel.js';
import { readScriptPrompt } from './promptReader.js';
import { allowedWords, words } from '../../../../test/support/scriptedPlay.js';

async function reply(model: ScriptedChatModel, context: TurnContext): Promise<TurnReply> {
  const message = await model.invoke(buildPrompt(context));
  return turnReplySchema.parse(JSON.parse(message.text));
}

/** Play `turns` turns with the scripted model alone; returns every context and reply. */
async function play(model: ScriptedChatModel, turns: number, cast?: SimCharacter[], scene?: SimScene, seedPrefix?: string) {
  const conversation = createConversation({ cast, scene, seedPrefix });
  const played: { context: TurnContext; reply: TurnReply }[] = [];
  for (let i = 0; i < turns; i++) {
    const context = conversation.context(i % 9 === 4 ? ['A barrel rolls across the floor and a parrot escapes'] : []);
    const r = await reply(model, context);
    played.push({ context, reply: r });
    conversation.apply(r);
  }
  return played;
}

describe('ScriptedChatModel', () => {
  it('is deterministic for a seed and varies with it', async () => {
    const contexts = (await play(new ScriptedChatModel({ seed: 'a' }), 20)).map((p) => p.context);
    const again = new ScriptedChatModel({ seed: 'a' });
    const other = new ScriptedChatModel({ seed: 'b' });
    let differing = 0;
    for (const context of contexts) {
      const first = await reply(new ScriptedChatModel({ seed: 'a' }), context);
      expect(await reply(again, context)).toEqual(first);
      if ((await reply(other, context)).content !== first.content) differing++;
    }
    console.log(`scripted: ${differing}/20 lines differ between seeds "a" and "b"`);
    expect(differing).toBeGreaterThanOrEqual(17);
  });

  it('always writes valid replies with known recipients and listed spots, over 500 varied turns', async () => {
    const odd: SimCharacter[] = [
      { name: 'Ünal', persona: '', appearance: '', mood: 'weird-mood-that-is-way-too-long', moodEmoji: '' },
      { name: 'Zed', persona: '🦊🦊🦊 '.repeat(300), appearance: 'x'.repeat(5_000), mood: 'calm', moodEmoji: '😌' },
      {
        name: 'Rosa María',
        persona: 'Una pescadora que canta boleros y sueña con ballenas.',
        appearance: 'Sombrero',
        mood: 'wistful',
        moodEmoji: '🥲',
      },
    ];
    const setups: [SimCharacter[], SimScene][] = [
      [CAST, SCENE],
      [CAST.slice(0, 2), { ...SCENE, spots: [] }],
      [odd, { name: '', description: '', roomName: 'void', spots: ['a very long spot name that goes on and on and on', 'nook'] }],
      [[...CAST, ...odd], { ...SCENE, spots: ['stage'] }],
      [[odd[2], CAST[1]].flatMap((c) => (c ? [c] : [])), SCENE],
    ];
    let turns = 0;
    let moves = 0;
    for (const [index, [cast, scene]] of setups.entries()) {
      for (const seed of ['s1', 's2']) {
        for (const { context, reply: r } of await play(new ScriptedChatModel({ seed }), 50, cast, scene, `scene-${index}:0`)) {
          turns++;
          // Raw output names things as the prompt shows them (clipped); the Llm adapter maps them back.
          expect([...context.others.map((o) => clipLine(o.name, PROMPT_LIMITS.name)), 'everyone']).toContain(r.recipient);
          if (r.moveTo != null) expect(context.scene.spots.map((s) => clipLine(s, PROMPT_LIMITS.spot))).toContain(r.moveTo);
          moves += r.moveTo != null ? 1 : 0;
          expect(r.content.length).toBeGreaterThan(5);
        }
      }
    }
    expect(turns).toBe(500);
    expect(moves).toBeGreaterThan(20);
  });

  it('does not repeat itself over a 40-turn conversation', async () => {
    const played = await play(new ScriptedChatModel(), 40);
    const distinct = new Set(played.map((p) => p.reply.content)).size;
    console.log(`scripted: ${distinct}/40 distinct lines`);
    expect(distinct / 40).toBeGreaterThanOrEqual(0.8);
    expect(new Set(played.map((p) => p.reply.mood)).size).toBeGreaterThan(2);
    expect(played.some((p) => p.reply.moveTo != null)).toBe(true);
  });

  it('greets first, then speaks only from its own material, names and spots (never the last line’s words)', async () => {
    const played = await play(new ScriptedChatModel(), 12);
    const first = played[0];
    expect(first?.reply.content).toContain(first?.reply.recipient);
    let foreignSeen = 0;
    for (const { context, reply: r } of played.slice(1)) {
      const allowed = allowedWords(readScriptPrompt(buildPrompt(context)));
      expect(words(r.content).filter((w) => !allowed.has(w))).toEqual([]);
      // The last line always holds words this speaker may not use: the check is not vacuous.
      if (words(context.recent.at(-1)?.content ?? '').some((w) => !allowed.has(w))) foreignSeen++;
    }
    expect(foreignSeen).toBeGreaterThan(5);
  });

  it('ends conversations on its own, within the configured turns', async () => {
    const played = await play(new ScriptedChatModel(), 24);
    for (const { context, reply: r } of played) {
      if (context.turn < 8) expect(r.endConversation).toBe(false);
      if (context.turn >= 14) expect(r.endConversation).toBe(true);
    }
    const quick = await play(new ScriptedChatModel({ endAfter: { min: 3, max: 3 } }), 4);
    expect(quick.map((p) => p.reply.endConversation)).toEqual([false, false, true, true]);
  });

  it('reports estimated token usage', async () => {
    const model = new ScriptedChatModel();
    const messages = buildPrompt(createConversation().context());
    const message = await model.invoke(messages);
    const promptTokens = messages.reduce((n, m) => n + Math.ceil(m.text.length / 4), 0);
    expect(promptTokens).toBeGreaterThan(300);
    expect(message.usage_metadata?.input_tokens).toBe(promptTokens);
    expect(message.usage_metadata?.output_tokens).toBe(Math.ceil(message.text.length / 4));
    const result = await model.generate([messages]);
    expect(result.llmOutput?.tokenUsage).toMatchObject({ completionTokens: Math.ceil(message.text.length / 4) });
    expect(model._llmType()).toBe('scripted');
  });
});
