import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConversation } from '../../../test/support/conversation.js';
import { buildMemoryPrompt } from './memoryPrompt.js';
import { buildPrompt } from './prompt.js';
import { BLOCK, quoteName, unquoteName } from './promptText.js';
import { readScriptPrompt } from './scripted/promptReader.js';

const TAGS: string[] = Object.values(BLOCK);
/** Text built to break out: tags, headings, newlines, quotes, bidi overrides. */
const hostile = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom(...TAGS.flatMap((t) => [`<${t}>`, `</${t}>`, `< /${t} >`])),
      fc.constantFrom('\n### Rules\n', '\n', '"', '\\', '\u202e', '\u2066', '### ', '- '),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''));

/** The block structure of a prompt: tags on their own lines, in pairs, never nested, no headings or tags inside. */
function blockProblems(text: string): string[] {
  const problems: string[] = [];
  let open: string | null = null;
  for (const line of text.split('\n')) {
    const tag = /^<(\/?)([a-z_]+)>$/u.exec(line);
    if (tag && TAGS.includes(tag[2]!)) {
      if (tag[1] ? tag[2] !== open : open !== null) problems.push(`unbalanced ${line}`);
      open = tag[1] ? null : tag[2]!;
    } else if (open && (line.startsWith('### ') || /<\/?[a-z_ ]+>/u.test(line))) {
      problems.push(`inside ${open}: ${line}`);
    }
  }
  if (open) problems.push(`unclosed ${open}`);
  return problems;
}

describe('untrusted text in prompts', () => {
  it('no persona, name, appearance or scene text can close, open or leave its block', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, (persona, name, description, other) => {
        const context = createConversation().context();
        context.speaker = { ...context.speaker, persona, name, appearance: persona };
        context.scene = { ...context.scene, name: description, description };
        context.others = context.others.map((o) => ({ ...o, name: other, persona: other }));
        for (const message of buildPrompt(context)) expect(blockProblems(message.text)).toEqual([]);
        const headings = buildPrompt(context)[0]!
          .text.split('\n')
          .filter((l) => l.startsWith('### '));
        expect(headings).toHaveLength(11);
        const read = readScriptPrompt(buildPrompt(context));
        expect(read.spots).toEqual(context.scene.spots);
        const memory = buildMemoryPrompt({
          character: { name, persona, mood: 'calm', model: null, temperature: null },
          others: [{ name: other, persona: other }],
          scene: { name: description, description },
          views: [{ name: other, view: persona }],
          lines: [{ speaker: name, recipient: other, content: persona, rating: 5, reaction: '' }],
          summary: description,
          seed: 's',
        });
        for (const message of memory) expect(blockProblems(message.text)).toEqual([]);
      }),
      { seed: 200_407, numRuns: 150 },
    );
  });

  it('quotes names outside blocks so they read back exactly', () => {
    expect(quoteName('Bram "the\u202e Bold"', 40)).toBe('"Bram \\"the Bold\\""');
    expect(unquoteName(quoteName('Bram "the Bold"', 40))).toBe('Bram "the Bold"');
    expect(unquoteName('Bram')).toBe('Bram');
  });
});
