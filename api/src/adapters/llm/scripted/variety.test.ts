import { describe, expect, it } from 'vitest';
import { createConversation } from '../../../../test/support/conversation.js';
import { builtIn, OPTIONS } from '../../../../test/support/scriptedPlay.js';
import { builtInScenes } from '../../../domain/content.js';
import { turnReplySchema, type TurnReply } from '../../../domain/reply.js';
import { buildPrompt } from '../prompt.js';
import { isTemplate } from './choice.js';
import { sentences } from './hearing.js';
import { LINGER } from './links.js';
import { readScriptPrompt } from './promptReader.js';
import { writeScriptedReply } from './writer.js';
import { VOICES } from './voices/index.js';

const CONVERSATIONS = 30;
const MAX_TURNS = 30;
/**
 * Share of distinct lines over 30 conversations of a scene, played here with a fixed speaker
 * order (round the table, the addressed one first) and no memories or relationships, which
 * repeats more than the turn loop does; `npm run sample:dialogue -- <seed> 30` reports the
 * loop's own ratio.
 */
const MIN_DISTINCT = 0.85;

interface Line {
  speaker: string;
  reply: TurnReply;
}

/**
 * One conversation as the turn loop plays it: until every character holds an end request
 * (requests do not expire here), at most MAX_TURNS turns; epochs follow each other like resets.
 */
function conversation(scene: number, epoch: number): Line[] {
  const { cast, scene: room } = builtIn(scene);
  const talk = createConversation({ cast, scene: room, seedPrefix: `scene-${scene}-${epoch}` });
  const ending = new Set<string>();
  const lines: Line[] = [];
  while (lines.length < MAX_TURNS && ending.size < cast.length) {
    const prompt = readScriptPrompt(buildPrompt(talk.context()));
    const reply = turnReplySchema.parse(writeScriptedReply(prompt, OPTIONS));
    if (reply.endConversation) ending.add(prompt.speaker);
    lines.push({ speaker: prompt.speaker, reply });
    talk.apply(reply);
  }
  return lines;
}

const played = builtInScenes.map((_, scene) => Array.from({ length: CONVERSATIONS }, (_, e) => conversation(scene, e + 1)));
const scenes = builtInScenes.map((s, i) => [s.name, i] as const);
const oneOf = (sentence: string, templates: readonly string[]): boolean => templates.some((t) => isTemplate(sentence, t));

describe(`scripted writer: ${CONVERSATIONS} conversations of each built-in scene`, () => {
  it.each(scenes)('%s: lines do not come back word for word from one conversation to the next', (_, scene) => {
    const lines = (played[scene] ?? []).flat().map((l) => l.reply.content);
    expect(new Set(lines).size / lines.length).toBeGreaterThanOrEqual(MIN_DISTINCT);
  });

  it.each(scenes)('%s: nobody thinks the same thought twice in a conversation', (_, scene) => {
    for (const talk of played[scene] ?? []) {
      for (const name of new Set(talk.map((l) => l.speaker))) {
        const thoughts = talk.filter((l) => l.speaker === name).map((l) => l.reply.thoughts);
        expect(new Set(thoughts).size, `${name}: ${thoughts.join(' | ')}`).toBe(thoughts.length);
      }
    }
  });

  it.each(scenes)('%s: greetings only in a character’s first line, and after its goodbye only leave-taking', (_, scene) => {
    let goodbyes = 0;
    for (const talk of played[scene] ?? []) {
      const gone = new Set<string>();
      const spoken = new Set<string>();
      for (const { speaker, reply } of talk) {
        const voice = VOICES[speaker];
        if (!voice) throw new Error(`no voice for ${speaker}`);
        const said = sentences(reply.content);
        const greets = [...voice.greetings, ...voice.warmGreetings, ...voice.coolGreetings, ...voice.introductions, ...voice.greetBack];
        if (spoken.has(speaker))
          expect(
            said.some((s) => oneOf(s, greets)),
            `${speaker}: ${reply.content}`,
          ).toBe(false);
        if (gone.has(speaker)) {
          // Only a goodbye back and that it is going: no beat, no question, no second goodbye.
          expect(
            said.every((s) => oneOf(s, [...voice.farewellBack, ...LINGER])),
            `${speaker}: ${reply.content}`,
          ).toBe(true);
          expect(reply.endConversation).toBe(true);
        }
        if (said.some((s) => oneOf(s, voice.farewells))) {
          gone.add(speaker);
          goodbyes++;
        }
        spoken.add(speaker);
      }
    }
    expect(goodbyes).toBeGreaterThan(CONVERSATIONS);
  });
});
