import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAST, SCENE, type SimCharacter } from '../../../../test/support/conversation.js';
import { allowedWords, builtIn, OPTIONS, play, words } from '../../../../test/support/scriptedPlay.js';
import { builtInScenes } from '../../../domain/content.js';
import { turnReplySchema } from '../../../domain/reply.js';
import { fill, isTemplate } from './choice.js';
import { hear, sentences } from './hearing.js';
import type { ScriptPrompt } from './promptReader.js';
import { speakerVoice } from './voice.js';
import { writeScriptedReply, type WriterPrompt } from './writer.js';
import { VOICES } from './voices/index.js';
import type { Voice } from './voices/voice.js';

const SCENES = builtInScenes.length;
/** Whether a sentence is one of these templates (slots filled with anything). */
const oneOf = (sentence: string | undefined, templates: readonly string[]): boolean => templates.some((t) => isTemplate(sentence ?? '', t));
const voiceOf = (p: ScriptPrompt): Voice => speakerVoice(p).voice;
const prevLine = (p: ScriptPrompt) => (p.recent.at(-1)?.speaker === p.speaker ? undefined : p.recent.at(-1));
const seedPrefix = fc.tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.nat(50)).map(([id, epoch]) => `${id}-${epoch}`);
/** A mixed cast: built-in characters of one scene plus unknown ones. */
const mixedCast = (scene: number, unknown: number): SimCharacter[] => [...builtIn(scene).cast.slice(0, 2), ...CAST.slice(0, unknown)];

describe('scripted writer: authored voices', () => {
  it('has a voice for every built-in character, with enough material for a 24-turn conversation', () => {
    for (const scene of builtInScenes) {
      for (const c of scene.characters) {
        const voice = VOICES[c.name];
        expect(voice, c.name).toBeDefined();
        if (!voice) continue;
        expect(voice.beats.length, c.name).toBeGreaterThanOrEqual(12);
        expect(voice.beats.filter((b) => typeof b !== 'string').length, c.name).toBeGreaterThanOrEqual(3);
        // Every question another character of the scene asks has an answer of this one's own.
        for (const other of scene.characters.filter((o) => o !== c)) {
          for (const b of VOICES[other.name]?.beats ?? []) {
            if (typeof b !== 'string')
              expect(voice.answers[b.tag]?.length ?? 0, `${c.name} answers ${other.name}'s ${b.tag}`).toBeGreaterThan(0);
          }
        }
      }
    }
  });

  it('writes every greeting, goodbye, question and answer as one sentence, so it is recognised and answered', () => {
    for (const [name, voice] of Object.entries(VOICES)) {
      const whole = [
        ...voice.greetings,
        ...voice.warmGreetings,
        ...voice.coolGreetings,
        ...voice.introductions,
        ...voice.greetBack,
        ...voice.farewells,
        ...voice.farewellBack,
        ...voice.beats.map((b) => (typeof b === 'string' ? b : b.ask)),
        ...Object.values(voice.answers).flat(),
      ];
      for (const text of whole) {
        expect(sentences(text), `${name}: ${text}`).toHaveLength(1);
        expect(text, name).toMatch(/^(?:\p{Lu}|\{to\})/u);
        expect(text, name).toMatch(/[.!?]$/u);
      }
      for (const b of voice.beats)
        if (typeof b !== 'string') expect(hear(fill(b.ask, { to: 'Bo' })), b.ask).toEqual({ kind: 'question', tag: b.tag });
      for (const g of [...voice.greetings, ...voice.coolGreetings, ...voice.warmGreetings])
        expect(hear(fill(g, { to: 'Bo' })).kind, g).toBe('greeting');
      for (const f of voice.farewells) expect(hear(f).kind, f).toBe('farewell');
    }
  });
});

describe('scripted writer: rules', () => {
  it('never repeats a line within a conversation (built-in scenes, 24 turns; any seed)', () => {
    fc.assert(
      fc.property(fc.nat(SCENES - 1), seedPrefix, fc.string({ maxLength: 8 }), (scene, prefix, seed) => {
        const { cast, scene: room } = builtIn(scene);
        const lines = play(cast, room, 24, { seedPrefix: prefix, options: { ...OPTIONS, seed }, narrationAt: [5, 17] }).map(
          (t) => t.reply.content,
        );
        expect(new Set(lines).size).toBe(lines.length);
      }),
      { seed: 11, numRuns: 120 },
    );
  });

  it('never repeats a sentence within a 14-turn conversation, and no line repeats with unknown or mixed casts', () => {
    fc.assert(
      fc.property(fc.nat(SCENES - 1), fc.integer({ min: 0, max: 3 }), seedPrefix, (scene, unknown, prefix) => {
        const built = builtIn(scene);
        const cast = unknown === 0 ? built.cast : unknown === 3 ? CAST : mixedCast(scene, unknown);
        const played = play(cast, unknown === 0 ? built.scene : SCENE, 14, { seedPrefix: prefix });
        const lines = played.map((t) => t.reply.content);
        expect(new Set(lines).size).toBe(lines.length);
        if (unknown === 0) {
          // Short shared-shape sentences aside (“Hello, Bram.” vs “Hello, Juno.”), no sentence comes back.
          const said = lines.flatMap(sentences);
          expect(said.length - new Set(said).size).toBe(0);
        }
      }),
      { seed: 12, numRuns: 120 },
    );
  });

  it('answers a question with an answer: its own answer to an authored question, one for any question otherwise', () => {
    let answered = 0;
    for (let scene = 0; scene < SCENES; scene++) {
      for (const prefix of ['q1-0', 'q2-3', 'q3-7']) {
        const { cast, scene: room } = builtIn(scene);
        for (const { prompt, reply } of play(cast, room, 16, { seedPrefix: prefix })) {
          const prev = prevLine(prompt);
          const heard = hear(prev?.content);
          if (!prev || heard.kind !== 'question' || (prev.recipient !== prompt.speaker && prev.recipient !== 'everyone')) continue;
          const voice = voiceOf(prompt);
          // Someone who has said goodbye only takes leave (see variety.test.ts).
          const before = prompt.recent.filter((l) => l.speaker === prompt.speaker).flatMap((l) => sentences(l.content));
          if (before.some((s) => oneOf(s, voice.farewells))) continue;
          const first = sentences(reply.content)[0];
          const own = heard.tag ? (voice.answers[heard.tag] ?? []) : [];
          expect(oneOf(first, own.length > 0 ? own : voice.anyAnswer), `${prompt.speaker} answering "${prev.content}"`).toBe(true);
          expect(reply.recipient).not.toBe('everyone');
          answered++;
        }
      }
    }
    expect(answered).toBeGreaterThan(20);
    // A question from someone else's model: an answer that fits any question.
    const { cast, scene } = builtIn(0);
    const p = play(cast, scene, 1, {
      edit: (q) => {
        q.recent = [{ speaker: 'Dr. Hale', recipient: 'Rosa', content: 'The quokka ate my zeppelin. Do you like thunderstorms?' }];
      },
    })[0]!;
    expect(oneOf(sentences(p.reply.content)[0], voiceOf(p.prompt).anyAnswer)).toBe(true);
  });

  it('greets a greeting, reacts to narration and says goodbye to a goodbye', () => {
    let reactions = 0;
    let goodbyes = 0;
    for (let scene = 0; scene < SCENES; scene++) {
      const { cast, scene: room } = builtIn(scene);
      for (const prefix of ['g1-0', 'g2-1', 'g3-2']) {
        const played = play(cast, room, 16, { seedPrefix: `${prefix}-${scene}`, narrationAt: [6] });
        const [first, second] = played;
        expect(oneOf(sentences(first!.reply.content)[0], voiceOf(first!.prompt).greetings)).toBe(true);
        expect(hear(first!.reply.content).kind).toBe('greeting');
        expect(oneOf(sentences(second!.reply.content)[0], voiceOf(second!.prompt).greetBack)).toBe(true);
        const narrated = played.find((t) => t.prompt.narration.length > 0)!;
        const heard = hear(prevLine(narrated.prompt)?.content);
        if (heard.kind !== 'question') {
          expect(oneOf(sentences(narrated.reply.content)[0], voiceOf(narrated.prompt).narration)).toBe(true);
          reactions++;
        }
        for (const { prompt, reply } of played) {
          const prev = prevLine(prompt);
          if (hear(prev?.content).kind !== 'farewell' || prompt.narration.length > 0) continue;
          expect(oneOf(sentences(reply.content)[0], voiceOf(prompt).farewellBack), `${prompt.speaker}: ${reply.content}`).toBe(true);
          goodbyes++;
        }
      }
    }
    expect(reactions).toBeGreaterThanOrEqual(8);
    expect(goodbyes).toBeGreaterThanOrEqual(4);
  });

  it('drifts moods one step at a time round the character’s own moods, and asks its questions of someone present', () => {
    let questions = 0;
    for (let scene = 0; scene < SCENES; scene++) {
      for (const prefix of ['m1-0', 'm2-4']) {
        const { cast, scene: room } = builtIn(scene);
        for (const { prompt, reply } of play(cast, room, 20, { seedPrefix: prefix })) {
          const ring = voiceOf(prompt).moods.map(([m]) => m);
          const from = ring.indexOf(prompt.mood);
          const to = ring.indexOf(reply.mood);
          expect(from, prompt.mood).toBeGreaterThanOrEqual(0);
          expect(Math.abs(to - from), `${prompt.speaker}: ${prompt.mood} → ${reply.mood}`).toBeLessThanOrEqual(1);
          if (!reply.content.endsWith('?')) continue;
          questions++;
          expect(prompt.others.map((o) => o.name)).toContain(reply.recipient);
          expect(sentences(reply.content).at(-1)).toContain(reply.recipient);
        }
      }
    }
    // Fewer than before the goodbyes became final: a character that said goodbye asks nothing more.
    expect(questions).toBeGreaterThan(15);
  });

  it('never lifts a word from another line, a narrator line or a persona into what it says (property)', () => {
    const odd = 'Zanzibar quokka flibbertigibbet';
    fc.assert(
      fc.property(fc.nat(SCENES - 1), fc.integer({ min: 0, max: 3 }), seedPrefix, (scene, unknown, prefix) => {
        const built = builtIn(scene);
        const cast = unknown === 0 ? built.cast : mixedCast(scene, unknown);
        const played = play(cast, built.scene, 16, {
          seedPrefix: prefix,
          narrationAt: [4, 9],
          // Someone else's model said odd words, and they sit in the recent lines of every turn.
          edit: (p) => {
            p.recent = p.recent.map((l, i) => (i === 0 ? { ...l, content: `${l.content} ${odd}?` } : l));
          },
        });
        for (const { prompt, reply } of played) {
          const allowed = allowedWords(prompt);
          const foreign = words(reply.content).filter((w) => !allowed.has(w));
          expect(foreign, `${prompt.speaker}: ${reply.content}`).toEqual([]);
        }
      }),
      { seed: 13, numRuns: 80 },
    );
  });
});

describe('scripted writer: memories and relationships', () => {
  const observatory = builtIn(1);
  const memories = [
    { about: ['Bram'], text: 'Bram told me the dome motor jams when it is cold.' },
    { about: ['everyone'], text: 'We argued about closing early and nobody agreed.' },
  ];
  const juno = (p: WriterPrompt) => p.speaker === 'Juno';

  it('recalls its own memory of someone present early on, in the second person', () => {
    const played = play(observatory.cast, observatory.scene, 8, {
      edit: (p) => {
        if (juno(p)) p.memories = memories;
      },
    });
    const recalled = played.filter(
      (t) => t.prompt.speaker === 'Juno' && t.reply.content.includes('last time you told me the dome motor jams'),
    );
    expect(recalled).toHaveLength(1);
    expect(recalled[0]!.reply.content).toMatch(/^Bram, last time you told me the dome motor jams when it is cold\. \S/u);
    expect(recalled[0]!.reply.recipient).toBe('Bram');
  });

  it('does not say aloud a memory that quotes someone, nor one about people who are not here', () => {
    const quoted = { about: ['Bram'], text: 'Bram said, "Mind the wet floor." and I laughed.' };
    const absent = { about: ['Odile'], text: 'Odile told me her suitcase must not be opened.' };
    const played = play(observatory.cast, observatory.scene, 8, {
      edit: (p) => {
        if (juno(p)) p.memories = [quoted, absent, memories[0]!];
      },
    });
    const lines = played.filter((t) => t.prompt.speaker === 'Juno').map((t) => t.reply.content);
    expect(lines.some((l) => l.includes('wet floor') || l.includes('suitcase'))).toBe(false);
    expect(lines.filter((l) => l.startsWith('Bram, last time you told me the dome motor jams'))).toHaveLength(1);
  });

  it('recalls a memory about everyone with a frame when nobody it names is present', () => {
    const played = play(observatory.cast, observatory.scene, 8, {
      edit: (p) => {
        if (juno(p)) p.memories = [memories[1]!, { about: ['Odile'], text: 'Odile would not say what was in her suitcase.' }];
      },
    });
    const lines = played.filter((t) => t.prompt.speaker === 'Juno').map((t) => t.reply.content);
    expect(lines.filter((l) => l.startsWith('We argued about closing early and nobody agreed. '))).toHaveLength(1);
    expect(lines.some((l) => l.includes('suitcase'))).toBe(false);
  });

  it('greets warmly, coolly or as a stranger by the relationship', () => {
    const firstLine = (affinity: number, familiarity: number): string =>
      play(builtIn(0).cast, builtIn(0).scene, 1, {
        edit: (p) => {
          p.relationships = [{ name: 'Dr. Hale', affinity, familiarity, view: 'Always in a hurry, kind underneath.' }];
        },
      })[0]!.reply.content;
    const rosa = VOICES.Rosa!;
    expect(oneOf(sentences(firstLine(0.8, 0.9))[0], rosa.warmGreetings)).toBe(true);
    expect(oneOf(sentences(firstLine(-0.6, 0.9))[0], rosa.coolGreetings)).toBe(true);
    expect(oneOf(sentences(firstLine(0, 0))[0], rosa.introductions)).toBe(true);
    expect(oneOf(sentences(firstLine(0.1, 0.5))[0], rosa.greetings)).toBe(true);
  });

  it('acknowledges its own action of this turn in its voice', () => {
    const { cast, scene } = builtIn(1);
    const acts = new Map<number, boolean>();
    const actors = new Set<string>();
    const played = play(cast, scene, 12, {
      edit: (p) => {
        // On later turns that follow a plain remark (an answer or a greeting back would come first).
        const spoken = p.recent.some((l) => l.speaker === p.speaker);
        // Once per speaker: right after acknowledging one action a character lets the next pass.
        if (acts.size >= 4 || !spoken || p.narration.length > 0 || hear(prevLine(p)?.content).kind !== 'statement') return;
        if (actors.has(p.speaker)) return;
        actors.add(p.speaker);
        const ok = acts.size % 2 === 0;
        acts.set(p.turn, ok);
        p.acted = [{ tool: 'use', ok, text: ok ? `${p.speaker} uses the telescope` : `${p.speaker} cannot pick up the zeppelin` }];
      },
    });
    expect(acts.size).toBeGreaterThanOrEqual(2);
    for (const [turn, ok] of acts) {
      const { prompt, reply } = played.find((t) => t.prompt.turn === turn)!;
      const voice = voiceOf(prompt);
      expect(oneOf(sentences(reply.content)[0], ok ? voice.acted : voice.actFailed), reply.content).toBe(true);
    }
  });
});

describe('scripted writer: unknown characters', () => {
  const persona = fc.oneof(
    fc.constant(''),
    fc.constant('Una pescadora que canta boleros y sueña con ballenas.'),
    fc.constant('🦊🦊🦊 '.repeat(40)),
    fc
      .tuple(
        fc.constantFrom('A', 'An', 'Zed is a', 'The'),
        fc.constantFrom('old', 'eager', 'tired', 'retired', 'Icelandic'),
        fc.constantFrom('baker', 'pilot', 'lighthouse keeper', 'astronomer', 'owl'),
        fc.constantFrom(' who loves', ' obsessed with', ', fond of', ' that collects', ' and'),
        fc.constantFrom('sea glass', 'to dance', 'the moon, stars and jam', 'being right', 'old maps; talks fast', ''),
      )
      .map((parts) => parts.join(' ')),
  );

  it('speaks in whole, grammatical sentences built from the generic voice and whole persona phrases', () => {
    fc.assert(
      fc.property(fc.array(persona, { minLength: 2, maxLength: 4 }), seedPrefix, (personas, prefix) => {
        const cast = personas.map((p, i) => ({
          name: ['Ada', 'Bo', 'Cyra', 'Dov'][i]!,
          persona: p,
          appearance: '',
          mood: 'calm',
          moodEmoji: '😌',
        }));
        for (const { reply } of play(cast, SCENE, 14, { seedPrefix: prefix, narrationAt: [7] })) {
          expect(turnReplySchema.safeParse(reply).success).toBe(true);
          expect(reply.content).not.toMatch(/[{}]/u);
          expect(reply.content).not.toMatch(/\b(\p{L}+) \1\b/iu);
          expect(reply.content).not.toMatch(/ {2}| [,.;?!]/u);
          for (const sentence of sentences(reply.content)) {
            expect(sentence, reply.content).toMatch(/^[\p{Lu}]/u);
            expect(sentence, reply.content).toMatch(/[.!?]$/u);
          }
        }
      }),
      { seed: 14, numRuns: 60 },
    );
  });

  it('gives a proposed character who shares a built-in name the generic voice, not the built-in one', () => {
    const impostor = { name: 'Rosa', persona: 'A retired pilot who loves old maps.', appearance: '', mood: 'calm', moodEmoji: '😌' };
    const [first] = play([impostor, CAST[1]!], SCENE, 1);
    expect(speakerVoice(first!.prompt).authored).toBe(false);
    const rosa = VOICES.Rosa!;
    expect(oneOf(sentences(first!.reply.content)[0], rosa.greetings)).toBe(false);
  });

  it('is deterministic for the prompt and options', () => {
    const [first] = play(CAST, SCENE, 1);
    expect(writeScriptedReply(first!.prompt, OPTIONS)).toEqual(first!.reply);
  });
});
