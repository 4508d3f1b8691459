import { SystemMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { readScriptPrompt } from './promptReader.js';

const prompt = (body: string) => [new SystemMessage(['### Speaker', 'Name: Juno', body].join('\n'))];

describe('readScriptPrompt: memories and relationships', () => {
  it('reads both sections in the documented format', () => {
    const p = readScriptPrompt(
      prompt(
        [
          '### Memories',
          '- [about Bram] Bram told me the dome motor jams when it is cold.',
          '- [about Bram, Captain Ines] We argued about closing early and nobody agreed.',
          '### Relationships',
          '- Bram | affinity 0.40 | familiarity 0.65 | A careful man who worries too much.',
          '- Captain Ines | affinity -0.25 | familiarity 0.00 | Loud.',
        ].join('\n'),
      ),
    );
    expect(p.memories).toEqual([
      { about: ['Bram'], text: 'Bram told me the dome motor jams when it is cold.' },
      { about: ['Bram', 'Captain Ines'], text: 'We argued about closing early and nobody agreed.' },
    ]);
    expect(p.relationships).toEqual([
      { name: 'Bram', affinity: 0.4, familiarity: 0.65, view: 'A careful man who worries too much.' },
      { name: 'Captain Ines', affinity: -0.25, familiarity: 0, view: 'Loud.' },
    ]);
  });

  it('reads (none), missing sections and malformed items as empty', () => {
    expect(readScriptPrompt(prompt('### Memories\n(none)\n### Relationships\n(none)'))).toMatchObject({ memories: [], relationships: [] });
    expect(readScriptPrompt(prompt(''))).toMatchObject({ memories: [], relationships: [] });
    const p = readScriptPrompt(prompt('### Relationships\n- Bram | affinity high | familiarity 0.5 | x\n- Bram affinity 0.4'));
    expect(p.relationships).toEqual([]);
  });
});
