import type { TurnReply } from '../../src/domain/reply.js';
import { foldSummary, SUMMARY_MAX_CHARS } from '../../src/domain/summary.js';
import type { PromptLine } from '../../src/domain/types.js';
import type { TurnContext } from '../../src/ports/llm.js';

/** A character as a test conversation needs it. */
export interface SimCharacter {
  name: string;
  persona: string;
  appearance: string;
  mood: string;
  moodEmoji: string;
}

/** A scene as a test conversation needs it. */
export interface SimScene {
  name: string;
  description: string;
  roomName: string;
  spots: string[];
}

/** A small cast for tests. */
export const CAST: SimCharacter[] = [
  {
    name: 'Marlo',
    persona: 'A retired lighthouse keeper who collects sea glass, tells tall tales about storms and distrusts seagulls.',
    appearance: 'Grey beard, yellow raincoat, a pipe he never lights.',
    mood: 'cheerful',
    moodEmoji: '😊',
  },
  {
    name: 'Juniper',
    persona: 'A young botanist obsessed with mushrooms, moss and rare ferns; speaks quickly and asks many questions.',
    appearance: 'Green overalls, magnifying glass on a cord, muddy boots.',
    mood: 'curious',
    moodEmoji: '🤔',
  },
  {
    name: 'Captain Ostrava',
    persona: 'A pompous airship captain who brags about navigation, brass instruments and her rivalry with the harbour master.',
    appearance: 'Long blue coat, goggles, a brass telescope.',
    mood: 'proud',
    moodEmoji: '😎',
  },
];

/** A small scene for tests. */
export const SCENE: SimScene = {
  name: 'The Harbour Tavern',
  description: 'A creaky tavern by the docks on a stormy evening; rain rattles the windows.',
  roomName: 'tavern',
  spots: ['fireplace', 'bar', 'window', 'door'],
};

/** Settings for `createConversation`. */
export interface ConversationOptions {
  cast?: SimCharacter[];
  scene?: SimScene;
  /** Lines kept verbatim in the prompt; older ones are folded into the summary. */
  recentWindow?: number;
  summaryMaxChars?: number;
  /** Scene id + epoch part of each turn's seed. */
  seedPrefix?: string;
}

/** A conversation driven the way the turn loop drives one: who speaks, what the model sees. */
export interface Conversation {
  /** The turn about to be played (starts at 1). */
  readonly turn: number;
  readonly lines: readonly PromptLine[];
  /** The context for the next speaker. */
  context(narration?: string[]): TurnContext;
  /** Post the next speaker's reply and move on. */
  apply(reply: TurnReply): void;
}

/**
 * Test double of the turn loop's bookkeeping: the addressed character answers, else the
 * next one round the table (never the same speaker twice in a row); lines beyond the recent
 * window are folded into the running summary with `foldSummary`.
 */
export function createConversation(options: ConversationOptions = {}): Conversation {
  const cast = options.cast ?? CAST;
  const scene = options.scene ?? SCENE;
  const window = options.recentWindow ?? 12;
  const summaryMax = options.summaryMaxChars ?? SUMMARY_MAX_CHARS;
  const moods = new Map(cast.map((c) => [c.name, { mood: c.mood, moodEmoji: c.moodEmoji }]));
  const lines: PromptLine[] = [];
  let recent: PromptLine[] = [];
  let summary = '';
  let turn = 1;

  const speakerIndex = (): number => {
    const last = lines.at(-1);
    if (!last) return 0;
    const addressed = cast.findIndex((c) => c.name === last.recipient);
    if (addressed >= 0 && cast[addressed]?.name !== last.speaker) return addressed;
    const previous = cast.findIndex((c) => c.name === last.speaker);
    return (previous + 1) % cast.length;
  };

  return {
    get turn() {
      return turn;
    },
    lines,
    context(narration: string[] = []): TurnContext {
      const speaker = cast[speakerIndex()] ?? cast[0];
      if (!speaker) throw new Error('empty cast');
      const state = moods.get(speaker.name) ?? speaker;
      return {
        scene,
        speaker: { ...speaker, ...state, model: null, temperature: null },
        others: cast
          .filter((c) => c !== speaker)
          .map((c) => ({ name: c.name, persona: c.persona, mood: moods.get(c.name)?.mood ?? c.mood })),
        summary,
        recent: [...recent],
        narration,
        turn,
        seed: `${options.seedPrefix ?? 'scene-1:0'}:${turn}`,
      };
    },
    apply(reply: TurnReply): void {
      const speaker = cast[speakerIndex()] ?? cast[0];
      if (!speaker) throw new Error('empty cast');
      const line: PromptLine = {
        turn,
        speaker: speaker.name,
        recipient: reply.recipient === 'everyone' ? null : reply.recipient,
        content: reply.content,
      };
      moods.set(speaker.name, { mood: reply.mood, moodEmoji: reply.moodEmoji });
      lines.push(line);
      recent.push(line);
      if (recent.length > window) {
        const overflow = recent.slice(0, recent.length - window);
        recent = recent.slice(-window);
        summary = foldSummary(summary, overflow, summaryMax);
      }
      turn += 1;
    },
  };
}
